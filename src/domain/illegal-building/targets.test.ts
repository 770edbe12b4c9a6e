// The year's two targets: demolished m² of existing stock by month and street, and zero growth of new building.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { demolitionProgress, yearElapsed, zeroGrowth, type DemolitionRecord, type GrowthEntry, type YearTargets } from './targets';

const T: YearTargets = { year: 2026, demolishM2: 100_000, newDealWithinDays: 30 };
const rec = (on: string, areaM2: number, stock: 'existing' | 'new' = 'existing', streetCode: string | null = '220106001'): DemolitionRecord => ({ on, areaM2, stock, streetCode });

describe('demolition target (存量)', () => {
  const records = [
    rec('2026-01-15', 5_000),
    rec('2026-01-31', 3_000, 'existing', '220106002'),
    rec('2026-02-01', 4_000),
    rec('2026-02-10', 120, 'new'),
    rec('2025-12-31', 9_999), // last year: not this year's progress
    rec('2026-06-30', 40_000, 'existing', '220106002'),
  ];

  it('sums existing stock by month with a running total and the even-pace plan line', () => {
    const p = demolitionProgress(records, T, '2026-07-01');
    expect(p.doneM2).toBe(52_000);
    expect(p.newDoneM2).toBe(120);
    expect(p.byMonth).toHaveLength(12);
    expect(p.byMonth[0]).toMatchObject({ month: '2026-01', existingM2: 8_000, newM2: 0, cumulativeExistingM2: 8_000 });
    expect(p.byMonth[1]).toMatchObject({ month: '2026-02', existingM2: 4_000, newM2: 120, cumulativeExistingM2: 12_000 });
    expect(p.byMonth[5].cumulativeExistingM2).toBe(52_000);
    expect(p.byMonth[6].cumulativeExistingM2).toBe(52_000); // July, this month
    expect(p.byMonth[7].cumulativeExistingM2).toBeNull(); // months to come
    expect(p.byMonth[11].planM2).toBe(100_000);
    expect(p.byMonth[2].planM2).toBe(25_000);
  });

  it('by street, largest first, new and existing apart', () => {
    const p = demolitionProgress(records, T, '2026-07-01');
    expect(p.byStreet).toEqual([
      { streetCode: '220106002', existingM2: 43_000, newM2: 0, demolitions: 2 },
      { streetCode: '220106001', existingM2: 9_000, newM2: 120, demolitions: 3 },
    ]);
  });

  it('on track when the share done keeps up with the share of the year gone; met at the target; missed after the year', () => {
    expect(demolitionProgress(records, T, '2026-07-01').status).toBe('on_track'); // 52 % by 1 July (50 %)
    expect(demolitionProgress(records, T, '2026-08-01').status).toBe('behind'); // 52 % by 1 August (58 %)
    expect(demolitionProgress([...records, rec('2026-09-01', 48_000)], T, '2026-09-01').status).toBe('met');
    expect(demolitionProgress(records, T, '2027-01-02').status).toBe('missed');
    expect(demolitionProgress(records, { ...T, demolishM2: 50_000 }, '2027-01-02').status).toBe('met');
  });

  it('year share: leap years and the years either side', () => {
    expect(yearElapsed(2026, '2026-12-31')).toBe(1);
    expect(yearElapsed(2028, '2028-12-30')).toBeCloseTo(365 / 366, 10);
    expect(yearElapsed(2026, '2025-12-31')).toBe(0);
    expect(yearElapsed(2026, '2027-01-01')).toBe(1);
  });

  it('property: the running total ends at the done area, and months sum to it', () => {
    const arb = fc.array(
      fc.record({ month: fc.integer({ min: 1, max: 12 }), dayOfMonth: fc.integer({ min: 1, max: 28 }), area: fc.integer({ min: 1, max: 5000 }), stock: fc.constantFrom('existing' as const, 'new' as const) }),
      { maxLength: 40 },
    );
    fc.assert(
      fc.property(arb, (rs) => {
        const records = rs.map((r) => rec(`2026-${String(r.month).padStart(2, '0')}-${String(r.dayOfMonth).padStart(2, '0')}`, r.area, r.stock));
        const p = demolitionProgress(records, T, '2026-12-31');
        const monthSum = p.byMonth.reduce((s, m) => s + m.existingM2, 0);
        expect(Math.abs(monthSum - p.doneM2)).toBeLessThan(0.5);
        expect(p.byMonth[11].cumulativeExistingM2).toBeCloseTo(p.doneM2, 0);
        const streetSum = p.byStreet.reduce((s, x) => s + x.existingM2 + x.newM2, 0);
        expect(Math.abs(streetSum - p.doneM2 - p.newDoneM2)).toBeLessThan(0.5);
      }),
    );
  });
});

describe('zero growth (新增)', () => {
  const e = (id: string, foundOn: string, state: GrowthEntry['state'], closedOn: string | null = null, stock: GrowthEntry['stock'] = 'new'): GrowthEntry => ({ id, stock, state, foundOn, closedOn });

  it('counts new ones found this year, how fast they were dealt with, and those still standing', () => {
    const entries = [
      e('a', '2026-03-01', 'demolished', '2026-03-04'),
      e('b', '2026-04-01', 'demolished', '2026-04-11'),
      e('c', '2026-05-01', 'confiscated', '2026-06-20'), // 50 days: dealt with, but late
      e('d', '2026-11-01', 'notice_served'), // standing 19 days on 20 Nov
      e('x', '2025-12-20', 'filed'), // found last year
      e('y', '2026-06-01', 'dismissed', '2026-06-02'), // not illegal after all
      e('z', '2026-06-01', 'filed', null, 'existing'), // stock, not growth
    ];
    const z = zeroGrowth(entries, { year: 2026, demolishM2: 1, newDealWithinDays: 30 }, '2026-11-20');
    expect(z).toMatchObject({ found: 4, dealt: 3, dealtInTime: 2, averageDays: 21, medianDays: 10, maxDays: 50, status: 'on_track' });
    expect(z.standing).toEqual([{ id: 'd', foundOn: '2026-11-01', days: 19, overdue: false }]);
  });

  it('one standing longer than the target days puts it behind; none standing is met; after the year a standing one is missed', () => {
    const T30 = { year: 2026, demolishM2: 1, newDealWithinDays: 30 };
    expect(zeroGrowth([e('d', '2026-10-01', 'filed')], T30, '2026-11-20').status).toBe('behind');
    expect(zeroGrowth([e('a', '2026-03-01', 'demolished', '2026-03-04')], T30, '2026-11-20').status).toBe('met');
    expect(zeroGrowth([e('d', '2026-12-20', 'filed')], T30, '2027-01-05').status).toBe('missed');
    expect(zeroGrowth([], T30, '2026-11-20')).toMatchObject({ found: 0, status: 'met', averageDays: null });
  });
});
