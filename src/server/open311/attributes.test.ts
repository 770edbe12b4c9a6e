import { describe, expect, it } from 'vitest';
import { attributesFor, checkAttributes, describeAttributes } from './attributes';

const defs = attributesFor([
  { code: 'M09006-01', nameZh: '流动占道经营', nameEn: 'Mobile hawking' },
  { code: 'M09006-02', nameZh: '固定摊点占道经营', nameEn: 'Fixed stall' },
]);
const sent = (o: Record<string, string[]>) => new Map(Object.entries(o));

describe('Open311 service attributes', () => {
  it('has one attribute of every GeoReport datatype, with unique orders', () => {
    expect(new Set(defs.map((d) => d.datatype))).toEqual(new Set(['string', 'number', 'datetime', 'text', 'singlevaluelist', 'multivaluelist']));
    expect(new Set(defs.map((d) => d.order)).size).toBe(defs.length);
  });

  it('accepts good values, normalised', () => {
    const r = checkAttributes(
      defs,
      sent({ condition: ['M09006-02'], hazards: ['noise', 'noise', 'recurring'], quantity: ['2.5'], observed_at: ['2026-11-16T08:00:00+08:00'], landmark: ['a\nb'], details: ['x\ny'], extra_thing: ['kept'] }),
    );
    expect(r.errors).toEqual([]);
    expect(r.values).toEqual({ condition: 'M09006-02', hazards: ['noise', 'recurring'], quantity: 2.5, observed_at: '2026-11-16T00:00:00.000Z', landmark: 'a b', details: 'x\ny' });
    expect(r.extra).toEqual({ extra_thing: ['kept'] });
    expect(describeAttributes(defs, r.values)).toEqual([
      '问题情形：固定摊点占道经营',
      '造成的影响：噪声扰民、反复出现',
      '数量或面积（个、处或平方米）：2.5',
      '发现时间：2026-11-16T00:00:00.000Z',
      '附近地标或门牌号：a b',
      '补充说明：x\ny',
    ]);
    expect(describeAttributes(defs, { condition: 'M09006-01' }, 'en')).toEqual(['Which best describes the problem: Mobile hawking']);
  });

  it('reports every bad value, and ignores the informational attribute', () => {
    const r = checkAttributes(
      defs,
      sent({ condition: ['M09006-01', 'M09006-02'], hazards: ['fire'], quantity: ['1e3'], observed_at: ['2026-13-45'], landmark: ['x'.repeat(101)], details: ['y'.repeat(1001)], notice: ['ignored'] }),
    );
    expect(r.errors.map((e) => e.split(':')[0])).toEqual([
      'attribute[condition]',
      'attribute[hazards]',
      'attribute[quantity]',
      'attribute[observed_at]',
      'attribute[landmark]',
      'attribute[details]',
    ]);
    expect(r.values).toEqual({});
    expect(checkAttributes(defs, sent({ quantity: ['-1'] })).errors).toHaveLength(1);
  });

  it('requires required attributes', () => {
    const strict = defs.map((d) => (d.code === 'condition' ? { ...d, required: true } : d));
    expect(checkAttributes(strict, sent({})).errors).toEqual(['attribute[condition]: required']);
  });
});
