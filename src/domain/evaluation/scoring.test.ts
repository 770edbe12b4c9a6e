// Unit tests of composites, grades, rankings, the configuration and the periods.
import { describe, expect, it } from 'vitest';
import { shanghaiInstant } from '../calendar';
import { DEFAULT_EVALUATION_CONFIG, EvaluationConfigSchema, resolveConfig } from './config';
import { emptyCounts, indicatorValue, type Counts } from './indicators';
import { periodOf, previousPeriod } from './period';
import { compositeScore, gradeOf, rankOf, scoreRanking } from './scoring';

const counts = (c: Partial<Counts>): Counts => ({ ...emptyCounts(), ...c });
const grades = DEFAULT_EVALUATION_CONFIG.grades;

describe('composite scores (DOMAIN.md §6 default weights)', () => {
  it('inspector = 40 % 有效上报率 + 20 % (100 − 漏报率) + 20 % 按时核实率 + 20 % 按时核查率', () => {
    const c = counts({ reports: 10, validReports: 9, filed: 20, publicFiled: 5, toVerify: 4, verifyOnTime: 3, toCheck: 5, checkOnTime: 5 });
    // 0.4×90 + 0.2×75 + 0.2×75 + 0.2×100 = 86
    expect(compositeScore(DEFAULT_EVALUATION_CONFIG.composites.inspector!, c, null)).toBe(86);
  });

  it('shift chief = 25 % 按时立案率 + 40 % 准确立案率 + 35 % 按时结案率', () => {
    const c = counts({ filings: 8, filingsOnTime: 6, filingsAccurate: 8, toClose: 4, closeOnTime: 2 });
    expect(compositeScore(DEFAULT_EVALUATION_CONFIG.composites.chief!, c, null)).toBe(76.25); // 18.75 + 40 + 17.5
  });

  it('department = 30 % 结案率 + 30 % 按期处置率 + 30 % (100 − 返工率) + 10 % volume, volume relative to the busiest', () => {
    const rows = scoreRanking(
      'department',
      [
        { id: 'busy', counts: counts({ dueToClose: 100, closed: 90, handledOnTime: 80, reworks: 10 }) },
        { id: 'quiet', counts: counts({ dueToClose: 50, closed: 50, handledOnTime: 50, reworks: 0 }) },
        { id: 'idle', counts: counts({}) },
      ],
      DEFAULT_EVALUATION_CONFIG,
    );
    expect(rows.map((r) => [r.id, r.volumeScore, r.composite, r.grade])).toEqual([
      ['busy', 100, 88, 'B'], // 27 + 24 + 27 + 10
      ['quiet', 50, 95, 'A'], // 30 + 30 + 30 + 5
      ['idle', 0, null, null], // a volume score alone is no evaluation
    ]);
    expect(rows[0].indicators.map((i) => i.key)).toEqual(['closeRate', 'closeOnTimeRate', 'handleOnTimeRate', 'reworkRate', 'respondRate', 'resolveRate', 'satisfactionRate']);
    expect(rankOf(rows)).toEqual([2, 1, null]);
  });

  it('leaves out indicators with nothing to count and rescales the rest; null when nothing is known', () => {
    const inspector = DEFAULT_EVALUATION_CONFIG.composites.inspector!;
    expect(compositeScore(inspector, counts({ reports: 4, validReports: 3 }), null)).toBe(75);
    expect(compositeScore(inspector, counts({}), null)).toBeNull();
  });

  it('grades A ≥ 90, B ≥ 75, C ≥ 60, D ≥ 40, E below', () => {
    expect([100, 90, 89.99, 75, 74.99, 60, 59.99, 40, 39.99, 0].map((s) => gradeOf(s, grades))).toEqual(['A', 'A', 'B', 'B', 'C', 'C', 'D', 'D', 'E', 'E']);
  });

  it('ranks ties equally and leaves rows without a composite unranked', () => {
    expect(rankOf([{ composite: 80 }, { composite: null }, { composite: 90 }, { composite: 80 }])).toEqual([2, null, 1, 2]);
  });

  it('caps the rework rate at 100 % though each return counts', () => {
    expect(indicatorValue('reworkRate', counts({ dueToClose: 2, reworks: 3 }))).toMatchObject({ numerator: 3, denominator: 2, rate: 1, percent: 100 });
  });
});

describe('configuration', () => {
  it('merges a stored partial document over the defaults and validates it', () => {
    const c = resolveConfig({ grades: { A: 95, B: 80, C: 60, D: 40 }, composites: { department: { weights: { closeRate: 100 } } } });
    expect(c.grades.A).toBe(95);
    expect(c.composites.department).toEqual({ weights: { closeRate: 100 } });
    expect(c.composites.inspector).toEqual(DEFAULT_EVALUATION_CONFIG.composites.inspector);
    expect(resolveConfig(null)).toBe(DEFAULT_EVALUATION_CONFIG);
  });

  it('rejects unknown indicators, a volume weight without its count, and thresholds out of order', () => {
    const base = DEFAULT_EVALUATION_CONFIG;
    expect(EvaluationConfigSchema.safeParse({ ...base, composites: { street: { weights: { nope: 1 } } } }).success).toBe(false);
    expect(EvaluationConfigSchema.safeParse({ ...base, composites: { street: { weights: { volume: 10 } } } }).success).toBe(false);
    expect(EvaluationConfigSchema.safeParse({ ...base, grades: { A: 50, B: 75, C: 60, D: 40 } }).success).toBe(false);
    expect(EvaluationConfigSchema.safeParse(base).success).toBe(true);
  });
});

describe('periods (Asia/Shanghai)', () => {
  it('builds each kind of period around a day, with local-midnight bounds', () => {
    expect(periodOf('day', '2026-11-16')).toMatchObject({ from: shanghaiInstant('2026-11-16'), to: shanghaiInstant('2026-11-17'), label: '2026-11-16' });
    expect(periodOf('week', '2026-11-18')).toMatchObject({ firstDay: '2026-11-16', lastDay: '2026-11-22', label: '2026-W47' });
    expect(periodOf('week', '2026-11-22').firstDay).toBe('2026-11-16'); // Sunday belongs to the week that began on Monday
    expect(periodOf('month', '2026-02-10')).toMatchObject({ firstDay: '2026-02-01', lastDay: '2026-02-28', label: '2026-02' });
    expect(periodOf('quarter', '2026-11-16')).toMatchObject({ firstDay: '2026-10-01', lastDay: '2026-12-31', label: '2026-Q4' });
    expect(periodOf('year', '2026-11-16')).toMatchObject({ from: shanghaiInstant('2026-01-01'), to: shanghaiInstant('2027-01-01'), label: '2026' });
    expect(periodOf('custom', '2026-11-01', '2026-11-15')).toMatchObject({ to: shanghaiInstant('2026-11-16'), label: '2026-11-01~2026-11-15' });
    expect(shanghaiInstant('2026-11-16').toISOString()).toBe('2026-11-15T16:00:00.000Z');
  });

  it('labels ISO weeks across the new year', () => {
    expect(periodOf('week', '2027-01-01').label).toBe('2026-W53');
    expect(periodOf('week', '2026-01-01').label).toBe('2026-W01');
  });

  it('steps back to the previous period of the same kind and length', () => {
    expect(previousPeriod(periodOf('month', '2026-01-20')).label).toBe('2025-12');
    expect(previousPeriod(periodOf('quarter', '2026-02-01')).label).toBe('2025-Q4');
    expect(previousPeriod(periodOf('week', '2026-11-18')).firstDay).toBe('2026-11-09');
    expect(previousPeriod(periodOf('day', '2026-03-01')).label).toBe('2026-02-28');
    expect(previousPeriod(periodOf('custom', '2026-11-01', '2026-11-15')).label).toBe('2026-10-17~2026-10-31');
  });

  it('rejects impossible days and reversed custom ranges', () => {
    expect(() => periodOf('day', '2026-02-30')).toThrow(RangeError);
    expect(() => periodOf('custom', '2026-11-10', '2026-11-01')).toThrow(RangeError);
  });
});
