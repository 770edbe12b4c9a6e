import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  DEPARTMENT_KINDS,
  GB47678_5_CLASSES,
  MAJOR_CLASSES,
  classKey,
  findClass,
  findFilingCondition,
  findMajor,
  searchClasses,
} from './index';

const components = GB47678_5_CLASSES.filter((c) => c.kind === 'component');
const matters = GB47678_5_CLASSES.filter((c) => c.kind === 'matter');

describe('GB/T 47678.5-2026 default catalogue', () => {
  it('has 153 components and 250 matters', () => {
    expect(components).toHaveLength(153);
    expect(matters).toHaveLength(250);
    expect(GB47678_5_CLASSES).toHaveLength(403);
  });

  it('has unique (kind, code) keys and well-formed codes', () => {
    const keys = GB47678_5_CLASSES.map((c) => classKey(c.kind, c.code));
    expect(new Set(keys).size).toBe(keys.length);
    for (const c of GB47678_5_CLASSES) {
      expect(c.code).toMatch(/^\d{5}$/);
      expect(c.majorCode).toBe(c.code.slice(0, 2));
      const major = findMajor(c.kind, c.majorCode);
      expect(major?.nameZh).toBe(c.majorNameZh);
      expect(major?.nameEn).toBe(c.majorNameEn);
    }
    expect(new Set(components.map((c) => c.majorCode))).toEqual(new Set(['01', '02', '03', '04', '05']));
    expect(new Set(matters.map((c) => c.majorCode))).toEqual(
      new Set(['01', '02', '03', '04', '05', '06', '07', '08', '09', '10']),
    );
    expect(MAJOR_CLASSES).toHaveLength(15);
  });

  it('keeps codes in order within each kind', () => {
    for (const list of [components, matters]) {
      const codes = list.map((c) => c.code);
      expect(codes).toEqual([...codes].sort());
    }
  });

  it('mirrors every component with a matter "component X abnormal" of the same code', () => {
    for (const c of components) {
      const m = findClass('matter', c.code);
      expect(m, c.code).toBeDefined();
      expect(m!.nameZh.startsWith(c.nameZh) || m!.nameZh.replace('异常', '') === c.nameZh, c.code).toBe(true);
      expect(m!.departmentKind).toBe(c.departmentKind);
      expect(m!.filingConditions.map((f) => f.limit)).toEqual(c.filingConditions.map((f) => f.limit));
    }
  });

  it.each([
    ['06029', '露天烧烤'],
    ['09006', '占道经营'],
    ['07001', '非法小广告'],
    ['07003', '违规户外广告'],
    ['09004', '废品收购乱象'],
    ['06001', '私搭乱建'],
    ['08016', '无证建设'],
  ])('has campaign target matter %s %s', (code, nameZh) => {
    const c = findClass('matter', code);
    expect(c?.nameZh).toBe(nameZh);
    expect(findClass('component', code)).toBeUndefined();
  });

  it('gives illegal building, exposed garbage, manhole covers and lamps the DOMAIN.md limits', () => {
    for (const code of ['06001', '08016']) {
      const c = findClass('matter', code)!;
      expect(c.departmentKind).toBe('enforcement');
      expect(c.locality).toBe(true);
      expect(c.privatePoint).toBe(true);
      expect(c.filingConditions.map((f) => f.limit)).toEqual([
        { amount: 4, unit: 'working_hours' },
        { amount: 20, unit: 'working_days' },
      ]);
    }
    expect(findClass('matter', '06010')!.filingConditions[0].limit).toEqual({ amount: 4, unit: 'working_hours' });
    const missing = findFilingCondition('component', '01001', '01001-01')!;
    expect(missing.nameZh).toBe('井盖缺失');
    expect(missing.limit).toEqual({ amount: 6, unit: 'clock_hours' });
    expect(missing.firstResponse).toEqual({ amount: 30, unit: 'clock_minutes' });
    expect(findClass('component', '01001')!.urgent).toBe(true);
    expect(findClass('component', '01037')!.filingConditions[0]).toMatchObject({
      nameZh: '灯不亮',
      limit: { amount: 3, unit: 'working_days' },
    });
    expect(findClass('matter', '09006')).toMatchObject({ departmentKind: 'enforcement', locality: true });
  });

  it('has names, a known department and 1–3 sound filing conditions for every class', () => {
    for (const c of GB47678_5_CLASSES) {
      expect(c.nameZh.trim(), classKey(c.kind, c.code)).not.toBe('');
      expect(c.nameEn.trim(), classKey(c.kind, c.code)).not.toBe('');
      expect(c.majorNameEn.trim()).not.toBe('');
      expect(DEPARTMENT_KINDS[c.departmentKind]).toBeDefined();
      expect(c.filingConditions.length).toBeGreaterThanOrEqual(1);
      expect(c.filingConditions.length).toBeLessThanOrEqual(3);
      c.filingConditions.forEach((f, i) => {
        expect(f.code).toBe(`${c.code}-${String(i + 1).padStart(2, '0')}`);
        expect(Number.isInteger(f.limit.amount) && f.limit.amount > 0).toBe(true);
        for (const s of [f.nameZh, f.nameEn, f.closeConditionZh, f.closeConditionEn]) expect(s.trim()).not.toBe('');
        if (f.firstResponse) expect(f.firstResponse.amount).toBeGreaterThan(0);
      });
    }
  });

  it('names every department kind', () => {
    expect(Object.keys(DEPARTMENT_KINDS)).toHaveLength(17);
    expect(DEPARTMENT_KINDS.enforcement.nameZh).toBe('城管执法局');
  });
});

describe('findClass / searchClasses', () => {
  it('finds by (kind, code)', () => {
    expect(findClass('component', '01001')?.nameZh).toBe('供水井盖');
    expect(findClass('matter', '01001')?.nameZh).toBe('供水井盖异常');
    expect(findClass('component', '06029')).toBeUndefined();
    expect(findClass('matter', '01016')).toBeUndefined();
  });

  it('searches Chinese substrings', () => {
    const hits = searchClasses('井盖');
    expect(hits.length).toBe(2 * 20); // 20 manhole-cover classes per kind
    expect(hits.every((c) => c.nameZh.includes('井盖'))).toBe(true);
    expect(hits[0]).toMatchObject({ kind: 'component', code: '01001' });
    expect(searchClasses('井盖', { kind: 'matter' }).every((c) => c.kind === 'matter')).toBe(true);
    // a filing condition name finds its classes, after name matches
    expect(searchClasses('灯不亮').map((c) => c.code)).toContain('01037');
  });

  it('searches codes, exact code first', () => {
    const hits = searchClasses('09006');
    expect(hits).toHaveLength(1);
    expect(hits[0]).toMatchObject({ kind: 'matter', code: '09006', nameZh: '占道经营' });
    const both = searchClasses('01001');
    expect(both.map((c) => classKey(c.kind, c.code))).toEqual(['component:01001', 'matter:01001']);
    const prefix = searchClasses('090');
    expect(prefix.length).toBe(21);
    expect(searchClasses('matter:06029')[0].nameZh).toBe('露天烧烤');
    expect(searchClasses('0100', { limit: 3 })).toHaveLength(3);
  });

  it('searches English words case-insensitively', () => {
    expect(searchClasses('barbecue').map((c) => c.code)).toEqual(['06029']);
    expect(searchClasses('Open-Air BARBECUE')[0].code).toBe('06029');
    expect(searchClasses('manhole cover', { kind: 'component' })).toHaveLength(20);
    expect(searchClasses('small ads')[0].code).toBe('07001');
    expect(searchClasses('  ')).toEqual([]);
    expect(searchClasses('zzzz')).toEqual([]);
  });
});

// The reference transcription lives outside the repo: <repo>/../shared/reference.
const tsvPath =
  process.env.WANGGE_GB47678_TSV ??
  fileURLToPath(new URL('../../../../shared/reference/gb47678_5_directory.tsv', import.meta.url));
const tsvPresent = existsSync(tsvPath);
if (!tsvPresent) console.warn(`catalogue.test: reference TSV not found at ${tsvPath}; skipping the code+name comparison`);

describe('reference TSV', () => {
  it.skipIf(!tsvPresent)('matches every code and name exactly', () => {
    const kinds: Record<string, 'component' | 'matter'> = { 管理部件: 'component', 管理事项: 'matter' };
    const rows = readFileSync(tsvPath, 'utf8')
      .split(/\r?\n/)
      .filter((l) => l && !l.startsWith('#'))
      .slice(1)
      .map((l) => l.split('\t'));
    const expected = rows.map(([kind, majorCode, majorName, code, name]) => ({
      key: classKey(kinds[kind], code),
      majorCode,
      majorName,
      name,
    }));
    const actual = GB47678_5_CLASSES.map((c) => ({
      key: classKey(c.kind, c.code),
      majorCode: c.majorCode,
      majorName: c.majorNameZh,
      name: c.nameZh,
    }));
    expect(actual).toEqual(expected);
  });
});
