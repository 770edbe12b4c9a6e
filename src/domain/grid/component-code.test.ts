// Unit and property tests for class codes, component identifiers and matter codes.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { GridCodeError } from './code-error';
import {
  buildComponentId,
  buildMatterCode,
  isClassCode,
  isComponentId,
  isMatterCode,
  normaliseComponentId,
  parseClassCode,
  parseComponentId,
  parseMatterCode,
} from './component-code';

const reasonOf = (f: () => unknown): string => {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(GridCodeError);
    return (e as GridCodeError).reason;
  }
  throw new Error('expected a GridCodeError');
};

describe('class codes', () => {
  it('split into a 2-digit major and 3-digit minor', () => {
    expect(parseClassCode('09006')).toEqual({ major: '09', minor: '006', code: '09006' });
    expect(isClassCode('06029')).toBe(true);
  });
  it('reject zero segments and wrong lengths', () => {
    expect(reasonOf(() => parseClassCode('00006'))).toBe('zero_major');
    expect(reasonOf(() => parseClassCode('09000'))).toBe('zero_minor');
    expect(reasonOf(() => parseClassCode('9006'))).toBe('bad_length');
    expect(isClassCode('0900a')).toBe(false);
  });
});

describe('component identifiers', () => {
  it('parse the 17-digit form', () => {
    expect(parseComponentId('22010601001000123')).toEqual({
      district: '220106',
      major: '01',
      minor: '001',
      classCode: '01001',
      serial: '000123',
      code: '22010601001000123',
      legacy: false,
    });
  });
  it('accept the 16-digit legacy form, padding the minor to 3 digits', () => {
    const p = parseComponentId('2201060105000123');
    expect(p.minor).toBe('005');
    expect(p.classCode).toBe('01005');
    expect(p.code).toBe('22010601005000123');
    expect(p.legacy).toBe(true);
    expect(normaliseComponentId('2201060105000123')).toBe('22010601005000123');
  });
  it('reject bad parts with a reason, reported against the component code', () => {
    expect(reasonOf(() => parseComponentId('220106010010001234'))).toBe('bad_length');
    expect(reasonOf(() => parseComponentId('00010601001000123'))).toBe('bad_district');
    expect(reasonOf(() => parseComponentId('22010600001000123'))).toBe('zero_major');
    expect(reasonOf(() => parseComponentId('2201060100000123'))).toBe('zero_minor');
    expect(reasonOf(() => parseComponentId('22010601001000000'))).toBe('zero_serial');
    expect(() => parseComponentId('22010600001000123')).toThrow(/^Invalid component code "22010600001000123"/);
    expect(isComponentId('abc')).toBe(false);
  });
  it('build from district, class and serial', () => {
    expect(buildComponentId('220106', '02011', 42)).toBe('22010602011000042');
    expect(reasonOf(() => buildComponentId('220106', '02011', 0))).toBe('bad_serial');
    expect(reasonOf(() => buildComponentId('220106', '02011', 1_000_000))).toBe('bad_serial');
    expect(reasonOf(() => buildComponentId('2201', '02011', 1))).toBe('bad_length');
    expect(reasonOf(() => buildComponentId('220106', '2011', 1))).toBe('bad_length');
  });
});

describe('matter codes', () => {
  it('are 6 district + 5 class digits', () => {
    expect(parseMatterCode('22010609006')).toEqual({
      district: '220106',
      major: '09',
      minor: '006',
      classCode: '09006',
      code: '22010609006',
    });
    expect(buildMatterCode('220106', '06029')).toBe('22010606029');
    expect(isMatterCode('22010606029')).toBe(true);
  });
  it('reject bad input', () => {
    expect(reasonOf(() => parseMatterCode('2201060900'))).toBe('bad_length');
    expect(reasonOf(() => parseMatterCode('22010600006'))).toBe('zero_major');
    expect(reasonOf(() => parseMatterCode('99010609006'))).toBe('bad_district');
    expect(isMatterCode(22010609006)).toBe(false);
  });
});

const district = fc
  .tuple(fc.constantFrom('11', '22', '44', '82'), fc.integer({ min: 1, max: 9999 }))
  .map(([p, n]) => p + String(n).padStart(4, '0'));
const pad = (n: number, w: number) => String(n).padStart(w, '0');

describe('component and matter code properties', () => {
  it('component build → parse round-trips', () => {
    fc.assert(
      fc.property(district, fc.integer({ min: 1, max: 99 }), fc.integer({ min: 1, max: 999 }), fc.integer({ min: 1, max: 999_999 }), (d, major, minor, serial) => {
        const classCode = pad(major, 2) + pad(minor, 3);
        const id = buildComponentId(d, classCode, serial);
        const p = parseComponentId(id);
        expect(p.code).toBe(id);
        expect([p.district, p.classCode, Number(p.serial)]).toEqual([d, classCode, serial]);
      }),
    );
  });
  it('legacy component normalisation is idempotent and keeps the class and serial', () => {
    fc.assert(
      fc.property(district, fc.integer({ min: 1, max: 99 }), fc.integer({ min: 1, max: 99 }), fc.integer({ min: 1, max: 999_999 }), (d, major, minor, serial) => {
        const legacy = d + pad(major, 2) + pad(minor, 2) + pad(serial, 6);
        const once = normaliseComponentId(legacy);
        expect(once).toHaveLength(17);
        expect(normaliseComponentId(once)).toBe(once);
        expect(once).toBe(buildComponentId(d, pad(major, 2) + pad(minor, 3), serial));
      }),
    );
  });
  it('matter build → parse round-trips', () => {
    fc.assert(
      fc.property(district, fc.integer({ min: 1, max: 99 }), fc.integer({ min: 1, max: 999 }), (d, major, minor) => {
        const classCode = pad(major, 2) + pad(minor, 3);
        const p = parseMatterCode(buildMatterCode(d, classCode));
        expect([p.district, p.classCode]).toEqual([d, classCode]);
      }),
    );
  });
});
