// Unit and property tests for unit grid and community codes.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { GridCodeError, type CodeErrorReason } from './code-error';
import { buildGridCode, isGridCode, normaliseGridCode, parseCommunityCode, parseGridCode } from './grid-code';

function reasonOf(f: () => unknown): CodeErrorReason {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(GridCodeError);
    return (e as GridCodeError).reason;
  }
  throw new Error('expected a GridCodeError');
}

describe('parseGridCode', () => {
  it('splits a 15-digit code into its segments', () => {
    expect(parseGridCode('220106001001007')).toEqual({
      district: '220106',
      street: '001',
      community: '001',
      serial: '007',
      code: '220106001001007',
      streetCode: '220106001',
      communityCode: '220106001001',
      legacy: false,
    });
  });
  it('accepts a 14-digit legacy code and normalises the serial to 3 digits', () => {
    const p = parseGridCode('22010600100107');
    expect(p.code).toBe('220106001001007');
    expect(p.serial).toBe('007');
    expect(p.legacy).toBe(true);
  });
  it('ignores surrounding whitespace', () => {
    expect(parseGridCode(' 220106001001007\n').code).toBe('220106001001007');
  });
  it('gives a reason for each kind of bad input', () => {
    expect(reasonOf(() => parseGridCode(220106001001007 as unknown as string))).toBe('not_a_string');
    expect(reasonOf(() => parseGridCode('2201060010010O7'))).toBe('not_digits');
    expect(reasonOf(() => parseGridCode('22010600100100'.slice(0, 13)))).toBe('bad_length');
    expect(reasonOf(() => parseGridCode('2201060010010071'))).toBe('bad_length');
    expect(reasonOf(() => parseGridCode(''))).toBe('bad_length');
    expect(reasonOf(() => parseGridCode('000000001001007'))).toBe('bad_district');
    expect(reasonOf(() => parseGridCode('990106001001007'))).toBe('bad_district');
    expect(reasonOf(() => parseGridCode('220000001001007'))).toBe('bad_district');
    expect(reasonOf(() => parseGridCode('220106000001007'))).toBe('zero_street');
    expect(reasonOf(() => parseGridCode('220106001000007'))).toBe('zero_community');
    expect(reasonOf(() => parseGridCode('220106001001000'))).toBe('zero_serial');
    expect(reasonOf(() => parseGridCode('22010600100100'))).toBe('zero_serial');
  });
  it('names the grid code the caller passed in the error', () => {
    expect(() => parseGridCode('220106000001007')).toThrow(
      'Invalid grid code "220106000001007": the street segment cannot be 000',
    );
    try {
      parseGridCode('220106000001007');
    } catch (e) {
      expect((e as GridCodeError).kind).toBe('grid');
      expect((e as GridCodeError).input).toBe('220106000001007');
    }
  });
});

describe('isGridCode, normaliseGridCode, buildGridCode, parseCommunityCode', () => {
  it('isGridCode accepts both forms and rejects junk without throwing', () => {
    expect(isGridCode('220106001001007')).toBe(true);
    expect(isGridCode('22010600100107')).toBe(true);
    expect(isGridCode('22010600100')).toBe(false);
    expect(isGridCode(null)).toBe(false);
    expect(isGridCode(42)).toBe(false);
  });
  it('normaliseGridCode returns the canonical 15 digits', () => {
    expect(normaliseGridCode('22010600100112')).toBe('220106001001012');
    expect(normaliseGridCode('220106001001012')).toBe('220106001001012');
  });
  it('buildGridCode pads the serial', () => {
    expect(buildGridCode('220106001001', 7)).toBe('220106001001007');
    expect(buildGridCode('220106014002', 999)).toBe('220106014002999');
  });
  it('buildGridCode rejects bad serials and communities', () => {
    for (const bad of [0, -1, 1000, 1.5, Number.NaN]) expect(reasonOf(() => buildGridCode('220106001001', bad))).toBe('bad_serial');
    expect(reasonOf(() => buildGridCode('22010600100', 1))).toBe('bad_length');
    expect(reasonOf(() => buildGridCode('220106001000', 1))).toBe('zero_community');
  });
  it('parseCommunityCode splits a 12-digit community code', () => {
    expect(parseCommunityCode('220106001001')).toEqual({
      district: '220106',
      street: '001',
      community: '001',
      streetCode: '220106001',
      communityCode: '220106001001',
    });
  });
});

// Arbitraries for valid codes: a real province prefix, non-zero street/community/serial.
const seg = (width: number, max = 10 ** width - 1) =>
  fc.integer({ min: 1, max }).map((n) => String(n).padStart(width, '0'));
const district = fc
  .tuple(fc.constantFrom('11', '22', '31', '44', '65', '82'), fc.integer({ min: 1, max: 9999 }))
  .map(([p, n]) => p + String(n).padStart(4, '0'));
const community12 = fc.tuple(district, seg(3), seg(3)).map((parts) => parts.join(''));

describe('grid code properties', () => {
  it('build → parse round-trips every community and serial', () => {
    fc.assert(
      fc.property(community12, fc.integer({ min: 1, max: 999 }), (c, serial) => {
        const code = buildGridCode(c, serial);
        const p = parseGridCode(code);
        expect(p.code).toBe(code);
        expect(p.communityCode).toBe(c);
        expect(p.streetCode).toBe(c.slice(0, 9));
        expect(Number(p.serial)).toBe(serial);
        expect(p.district + p.street + p.community + p.serial).toBe(code);
      }),
    );
  });
  it('legacy normalisation is idempotent and agrees with the 15-digit form', () => {
    fc.assert(
      fc.property(community12, fc.integer({ min: 1, max: 99 }), (c, serial) => {
        const legacy = c + String(serial).padStart(2, '0');
        const once = normaliseGridCode(legacy);
        expect(once).toHaveLength(15);
        expect(normaliseGridCode(once)).toBe(once);
        expect(once).toBe(buildGridCode(c, serial));
      }),
    );
  });
  it('any string is either a grid code that normalises to 15 digits or rejected with a GridCodeError', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.stringMatching(/^\d{13,16}$/)), (s) => {
        if (isGridCode(s)) expect(normaliseGridCode(s)).toMatch(/^\d{15}$/);
        else expect(() => parseGridCode(s)).toThrow(GridCodeError);
      }),
    );
  });
});
