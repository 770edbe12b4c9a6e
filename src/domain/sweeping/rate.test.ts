// The mechanised sweeping rate: the definition worked by hand on small cases, and its invariants over random data.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { meetsTarget, monthRange, monthsBetween, serviceDays, shiftMonth, sweepingReport, type SweepRecord, type SweepSegment } from './rate';

const seg = (id: string, streetCode: string, areaM2: number, inServiceFrom = '2026-01-01', inServiceUntil: string | null = null): SweepSegment => ({ id, streetCode, areaM2, inServiceFrom, inServiceUntil });
const rec = (segmentId: string, date: string, method: 'machine' | 'manual', areaM2: number): SweepRecord => ({ segmentId, date, method, areaM2 });

describe('sweepingReport', () => {
  it('sums machine-swept area over the days and divides by the area to sweep over the same days', () => {
    const segments = [seg('a', 'S1', 1000), seg('b', 'S1', 3000)];
    const records = [
      rec('a', '2026-03-01', 'machine', 1000),
      rec('b', '2026-03-01', 'machine', 3000),
      rec('a', '2026-03-02', 'manual', 1000),
      rec('b', '2026-03-02', 'machine', 1500),
      rec('b', '2026-03-02', 'manual', 1500),
    ];
    const r = sweepingReport(segments, records, { from: '2026-03-01', to: '2026-03-02' });
    // due: (1000 + 3000) × 2 days = 8000; machine: 1000 + 3000 + 1500 = 5500
    expect(r.total.dueM2).toBe(8000);
    expect(r.total.machineM2).toBe(5500);
    expect(r.total.manualM2).toBe(2500);
    expect(r.total.rate).toBeCloseTo(0.6875, 10);
    expect(r.total.dueDays).toBe(4);
    expect(r.total.machineDays).toBe(3);
    const a = r.bySegment.find((s) => s.segmentId === 'a')!;
    expect(a.rate).toBe(0.5);
    expect(a.gap).toBe(false);
  });

  it('is the area-weighted mean of the daily rates', () => {
    const segments = [seg('a', 'S1', 1000), seg('b', 'S1', 3000)];
    const records = [rec('a', '2026-03-01', 'machine', 1000), rec('b', '2026-03-02', 'machine', 3000), rec('a', '2026-03-02', 'machine', 500)];
    const day1 = sweepingReport(segments, records, { from: '2026-03-01', to: '2026-03-01' }).total.rate!;
    const day2 = sweepingReport(segments, records, { from: '2026-03-02', to: '2026-03-02' }).total.rate!;
    expect(day1).toBe(0.25);
    expect(day2).toBe(0.875);
    expect(sweepingReport(segments, records, { from: '2026-03-01', to: '2026-03-02' }).total.rate).toBeCloseTo((day1 + day2) / 2, 12);
  });

  it('caps a segment-day at its area: sweeping twice or reporting too much does not count twice', () => {
    const r = sweepingReport([seg('a', 'S1', 1000)], [rec('a', '2026-03-01', 'machine', 800), rec('a', '2026-03-01', 'machine', 800), rec('a', '2026-03-01', 'manual', 500)], { from: '2026-03-01', to: '2026-03-01' });
    expect(r.total.machineM2).toBe(1000);
    expect(r.total.manualM2).toBe(0); // machine sweeping already covered the day's area
    expect(r.total.rate).toBe(1);
  });

  it('counts a segment only on its days in service, and ignores records outside the period or of unknown segments', () => {
    const segments = [seg('a', 'S1', 1000, '2026-03-02'), seg('b', 'S2', 1000, '2026-01-01', '2026-03-01')];
    const records = [
      rec('a', '2026-03-01', 'machine', 1000), // before it was in service
      rec('a', '2026-03-02', 'machine', 1000),
      rec('b', '2026-03-02', 'machine', 1000), // after it left service
      rec('b', '2026-03-01', 'machine', 400),
      rec('x', '2026-03-02', 'machine', 1000),
      rec('a', '2026-04-01', 'machine', 1000),
    ];
    const r = sweepingReport(segments, records, { from: '2026-03-01', to: '2026-03-03' });
    expect(r.total.dueM2).toBe(1000 * 2 + 1000 * 1);
    expect(r.total.machineM2).toBe(1000 + 400);
    expect(r.byStreet.map((s) => [s.streetCode, s.rate])).toEqual([
      ['S1', 0.5],
      ['S2', 0.4],
    ]);
  });

  it('marks segments never machine-swept in the period as gaps, and has no rate when nothing is due', () => {
    const r = sweepingReport([seg('a', 'S1', 1000), seg('b', 'S1', 500)], [rec('a', '2026-03-01', 'machine', 10), rec('b', '2026-03-01', 'manual', 500)], { from: '2026-03-01', to: '2026-03-31' });
    expect(r.bySegment.map((s) => [s.segmentId, s.gap])).toEqual([
      ['a', false],
      ['b', true],
    ]);
    const none = sweepingReport([seg('a', 'S1', 1000, '2027-01-01')], [], { from: '2026-03-01', to: '2026-03-31' });
    expect(none.total.rate).toBeNull();
    expect(none.bySegment).toEqual([]);
    expect(() => sweepingReport([], [], { from: '2026-03-02', to: '2026-03-01' })).toThrow(RangeError);
  });

  it('holds its invariants on random data: 0 ≤ rate ≤ 1, streets add up to the total, machine + manual ≤ due', () => {
    const day = fc.integer({ min: 1, max: 28 }).map((d) => `2026-02-${String(d).padStart(2, '0')}`);
    const arb = fc.record({
      segments: fc.uniqueArray(fc.record({ id: fc.constantFrom('a', 'b', 'c', 'd', 'e'), streetCode: fc.constantFrom('S1', 'S2'), areaM2: fc.integer({ min: 0, max: 5000 }), inServiceFrom: day, inServiceUntil: fc.option(day, { nil: null }) }), { selector: (s) => s.id }),
      records: fc.array(fc.record({ segmentId: fc.constantFrom('a', 'b', 'c', 'd', 'e', 'z'), date: day, method: fc.constantFrom('machine' as const, 'manual' as const), areaM2: fc.integer({ min: 0, max: 8000 }) }), { maxLength: 60 }),
    });
    fc.assert(
      fc.property(arb, ({ segments, records }) => {
        const r = sweepingReport(segments, records, { from: '2026-02-01', to: '2026-02-28' });
        const sum = (k: 'dueM2' | 'machineM2' | 'manualM2') => r.byStreet.reduce((s, x) => s + x[k], 0);
        expect(sum('dueM2')).toBeCloseTo(r.total.dueM2, 6);
        expect(sum('machineM2')).toBeCloseTo(r.total.machineM2, 6);
        expect(r.total.machineM2 + r.total.manualM2).toBeLessThanOrEqual(r.total.dueM2 + 1e-6);
        if (r.total.rate !== null) {
          expect(r.total.rate).toBeGreaterThanOrEqual(0);
          expect(r.total.rate).toBeLessThanOrEqual(1 + 1e-12);
        }
        for (const s of r.bySegment) expect(s.gap).toBe(s.machineM2 === 0 && s.machineDays === 0);
      }),
      { seed: 7, numRuns: 300 },
    );
  });
});

describe('periods and the target', () => {
  it('a month counts its days up to today only', () => {
    expect(monthRange('2026-02', '2026-06-10')).toEqual({ from: '2026-02-01', to: '2026-02-28' });
    expect(monthRange('2026-06', '2026-06-10')).toEqual({ from: '2026-06-01', to: '2026-06-10' });
    expect(monthRange('2026-12', '2027-01-05')).toEqual({ from: '2026-12-01', to: '2026-12-31' });
    expect(monthRange('2026-07', '2026-06-10')).toBeNull();
    expect(() => monthRange('2026-13x', '2026-06-10')).toThrow(RangeError);
    expect(monthsBetween('2025-11', '2026-02')).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
    expect(shiftMonth('2026-02', -11)).toBe('2025-03');
    expect(shiftMonth('2026-12', 1)).toBe('2027-01');
    expect(shiftMonth('0379-04', -11)).toBe('0378-05'); // a month stays YYYY-MM whatever the year (found by fuzzing)
  });

  it('service days intersect the period', () => {
    expect(serviceDays({ inServiceFrom: '2026-03-10', inServiceUntil: null }, { from: '2026-03-01', to: '2026-03-31' })).not.toBeNull();
    expect(serviceDays({ inServiceFrom: '2026-04-01', inServiceUntil: null }, { from: '2026-03-01', to: '2026-03-31' })).toBeNull();
  });

  it('85 % exactly meets an 85 % target; below does not; no rate is neither', () => {
    const r = sweepingReport([seg('a', 'S1', 100)], [rec('a', '2026-03-01', 'machine', 85)], { from: '2026-03-01', to: '2026-03-01' });
    expect(meetsTarget(r.total.rate, 0.85)).toBe(true);
    expect(meetsTarget(0.8499, 0.85)).toBe(false);
    expect(meetsTarget(null, 0.85)).toBeNull();
  });
});
