// Campaign arithmetic: counts, closure rate, the daily series and where each target stands.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { shanghaiDay, shanghaiInstant } from '../calendar';
import { addDays, closureRate, countCases, dailySeries, daysBetween, elapsedShare, targetReport, type ProgressCase } from './progress';

const at = (day: string, time = '10:00') => shanghaiInstant(day, time);
const c = (state: string, reported: string, closed?: string): ProgressCase => ({ state, reportedAt: at(reported), closedAt: closed ? at(closed, '16:00') : null });

describe('counts and closure rate', () => {
  const cases = [
    c('closed', '2026-06-01', '2026-06-02'),
    c('closed', '2026-06-01', '2026-06-03'),
    c('closed', '2026-06-02', '2026-06-02'),
    c('handling', '2026-06-02'),
    c('suspended', '2026-06-03'),
    c('invalid', '2026-06-03'),
    c('cancelled', '2026-06-03'),
  ];

  it('counts open (suspended included), closed and void cases', () => {
    expect(countCases(cases)).toEqual({ reported: 7, open: 2, closed: 3, suspended: 1, void: 2 });
  });

  it('closure rate = closed ÷ (closed + open − suspended)', () => {
    expect(closureRate(countCases(cases))).toBe(3 / 4);
    expect(closureRate(countCases([c('invalid', '2026-06-01')]))).toBeNull();
    expect(closureRate(countCases([c('suspended', '2026-06-01')]))).toBeNull();
  });

  it('property: the rate is a fraction, and the parts add up', () => {
    const states = ['reported', 'filed', 'handling', 'suspended', 'closed', 'invalid', 'cancelled'];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...states), { maxLength: 60 }), (ss) => {
        const n = countCases(ss.map((s) => c(s, '2026-06-01', s === 'closed' ? '2026-06-02' : undefined)));
        expect(n.open + n.closed + n.void).toBe(n.reported);
        const r = closureRate(n);
        if (r !== null) expect(r >= 0 && r <= 1).toBe(true);
      }),
    );
  });
});

describe('days and the daily series', () => {
  it('adds and counts calendar days across month ends and leap days', () => {
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(daysBetween('2026-06-01', '2026-07-01')).toBe(30);
    expect(elapsedShare('2026-06-01', '2026-06-10', '2026-05-20')).toBe(0);
    expect(elapsedShare('2026-06-01', '2026-06-10', '2026-06-05')).toBe(0.5);
    expect(elapsedShare('2026-06-01', '2026-06-10', '2026-07-01')).toBe(1);
  });

  it('counts reports and closes by Beijing day, up to today', () => {
    const cases = [
      c('closed', '2026-06-01', '2026-06-02'),
      { state: 'closed', reportedAt: shanghaiInstant('2026-06-01', '23:50'), closedAt: shanghaiInstant('2026-06-03', '00:10') },
      c('handling', '2026-06-03'),
    ];
    const s = dailySeries(cases, '2026-06-01', '2026-06-30', '2026-06-04', shanghaiDay);
    expect(s.map((p) => p.day)).toEqual(['2026-06-01', '2026-06-02', '2026-06-03', '2026-06-04']);
    expect(s.map((p) => p.reported)).toEqual([2, 0, 1, 0]);
    expect(s.map((p) => p.closed)).toEqual([0, 1, 1, 0]);
    expect(s[3]).toMatchObject({ reportedToDate: 3, closedToDate: 2 });
    expect(dailySeries(cases, '2026-07-01', '2026-07-31', '2026-06-04', shanghaiDay)).toEqual([]);
  });
});

describe('targets', () => {
  const period = { startDate: '2026-06-01', endDate: '2026-06-30' };
  const targets = { count: 100, closureRate: 0.9, recurrenceRate: 0.05 };

  it('halfway through with more than half done is on track; less is behind', () => {
    const today = '2026-06-15';
    expect(targetReport(targets, { closed: 60, closureRate: 0.95, recurrenceRate: 0.02 }, period, today)).toMatchObject({
      elapsed: 0.5,
      count: { target: 100, actual: 60, share: 0.6, status: 'on_track' },
      closureRate: { status: 'on_track' },
      recurrenceRate: { status: 'on_track' },
    });
    expect(targetReport(targets, { closed: 40, closureRate: 0.8, recurrenceRate: 0.1 }, period, today)).toMatchObject({
      count: { status: 'behind' },
      closureRate: { status: 'behind' },
      recurrenceRate: { status: 'behind' },
    });
  });

  it('after the end: met or missed; a count reached early is met at once', () => {
    expect(targetReport(targets, { closed: 100, closureRate: 0.5, recurrenceRate: null }, period, '2026-06-10').count.status).toBe('met');
    const after = targetReport(targets, { closed: 99, closureRate: 0.9, recurrenceRate: 0.06 }, period, '2026-07-01');
    expect([after.count.status, after.closureRate.status, after.recurrenceRate.status]).toEqual(['missed', 'met', 'missed']);
  });

  it('a target not set is "none"', () => {
    const r = targetReport({ count: null, closureRate: null, recurrenceRate: null }, { closed: 5, closureRate: 1, recurrenceRate: 0 }, period, '2026-06-15');
    expect([r.count.status, r.closureRate.status, r.recurrenceRate.status]).toEqual(['none', 'none', 'none']);
  });
});
