import { describe, expect, it } from 'vitest';
import { asFormFields, attributeFields, field, fieldList, parseForm } from './form';

describe('Open311 form fields', () => {
  it('keeps repeated keys and reads attribute[code] and attribute[code][]', () => {
    const f = parseForm(
      'api_key=k&service_code=M09006&description=two+words%0Aline&media_url=https%3A%2F%2Fa%2F1&media_url=https%3A%2F%2Fa%2F2' +
        '&attribute%5Bcondition%5D=M09006-01&attribute%5Bhazards%5D%5B%5D=noise&attribute%5Bhazards%5D%5B%5D=recurring&attribute[single][]=x&attribute%5Bempty%5D=',
    );
    expect(field(f, 'description')).toBe('two words\nline');
    expect(fieldList(f, 'media_url')).toEqual(['https://a/1', 'https://a/2']);
    expect(field(f, 'media_url')).toBe('https://a/1');
    expect(Object.fromEntries(attributeFields(f))).toEqual({ condition: ['M09006-01'], hazards: ['noise', 'recurring'], single: ['x'] });
  });

  it('treats empty values as absent, as the spec says of optional arguments', () => {
    const f = parseForm('jurisdiction_id=&lat=%20');
    expect(field(f, 'jurisdiction_id')).toBeUndefined();
    expect(field(f, 'lat')).toBeUndefined();
    expect(field(f, 'missing')).toBeUndefined();
  });

  it('reads query objects and JSON bodies alike', () => {
    expect(asFormFields({ a: 1, b: ['x', 'y'], c: null, d: { e: 1 } })).toEqual({ a: '1', b: ['x', 'y'], d: '{"e":1}' });
    expect(asFormFields(undefined)).toEqual({});
    expect(asFormFields({ lat: 43.88, attribute: { condition: 'M09006-01', hazards: ['noise'] } })).toEqual({
      lat: '43.88',
      'attribute[condition]': 'M09006-01',
      'attribute[hazards][]': ['noise'],
    });
  });
});
