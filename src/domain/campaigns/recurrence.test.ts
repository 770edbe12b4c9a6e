// Recurrence: the same spot (same class, within N metres) reported again within M days after a close.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { distanceMeters } from '../geo';
import { findRecurrences, recurrenceSummary, type RecurrenceRule, type SpotCase } from './recurrence';

const RULE: RecurrenceRule = { radiusM: 50, withinDays: 30 };
const T0 = Date.UTC(2026, 5, 1, 12);
const day = (n: number) => new Date(T0 + n * 86_400_000);
// ~0.000449° of latitude is 50 m.
const north = (m: number) => (m / 6_371_008.8) * (180 / Math.PI);

const spot = (over: Partial<SpotCase> & Pick<SpotCase, 'id'>): SpotCase => ({
  kind: 'matter',
  classCode: '06029',
  lng: 125.25,
  lat: 43.88,
  reportedAt: day(0),
  closedAt: null,
  valid: true,
  ...over,
});

describe('recurrence', () => {
  const closed = spot({ id: 'c1', closedAt: day(2) });

  it('a report of the same class 30 m away 10 days after the close is a recurrence', () => {
    const r = findRecurrences([closed, spot({ id: 'r1', lat: 43.88 + north(30), reportedAt: day(12) })], RULE);
    expect(r).toHaveLength(1);
    expect(r[0]).toMatchObject({ closedId: 'c1', repeatId: 'r1' });
    expect(r[0].distanceM).toBeCloseTo(30, 0);
    expect(r[0].daysAfter).toBeCloseTo(10, 6);
  });

  it('the window is (close, close + M days]: before the close or after M days it is not', () => {
    const before = spot({ id: 'before', reportedAt: day(1) });
    const atClose = spot({ id: 'at', reportedAt: day(2) });
    const last = spot({ id: 'last', reportedAt: day(32) });
    const late = spot({ id: 'late', reportedAt: new Date(day(32).getTime() + 1) });
    expect(findRecurrences([closed, before, atClose, last, late], RULE).map((r) => r.repeatId)).toEqual(['last']);
  });

  it('further than N metres, another class or another kind is not a recurrence', () => {
    const far = spot({ id: 'far', lat: 43.88 + north(51), reportedAt: day(5) });
    const near = spot({ id: 'near', lat: 43.88 + north(49), reportedAt: day(5) });
    const otherClass = spot({ id: 'ads', classCode: '07001', reportedAt: day(5) });
    const otherKind = spot({ id: 'comp', kind: 'component', reportedAt: day(5) });
    expect(findRecurrences([closed, far, near, otherClass, otherKind], RULE).map((r) => r.repeatId)).toEqual(['near']);
  });

  it('void reports do not count, and a void close is no close', () => {
    const untrue = spot({ id: 'untrue', reportedAt: day(5), valid: false });
    const voidClose = spot({ id: 'vc', closedAt: day(2), valid: false });
    expect(findRecurrences([closed, untrue], RULE)).toEqual([]);
    expect(findRecurrences([voidClose, spot({ id: 'x', reportedAt: day(5) })], RULE)).toEqual([]);
  });

  it('the rate is closed cases that came back ÷ closed cases', () => {
    const cases = [
      closed,
      spot({ id: 'c2', lng: 125.3, closedAt: day(3) }),
      spot({ id: 'c3', lng: 125.35, closedAt: day(3) }),
      spot({ id: 'c4', lng: 125.4, closedAt: day(3) }),
      spot({ id: 'open', lng: 125.45 }),
      spot({ id: 'r1', reportedAt: day(6) }),
      spot({ id: 'r2', reportedAt: day(9) }), // the same spot back twice: one recurring case
    ];
    const s = recurrenceSummary(cases, RULE);
    expect(s).toMatchObject({ closed: 4, recurred: 1, rate: 0.25 });
    expect(s.pairs.map((p) => p.repeatId)).toEqual(['r1', 'r2']);
    expect(recurrenceSummary([spot({ id: 'open' })], RULE).rate).toBeNull();
  });

  it('property: the same pairs as checking every pair by hand', () => {
    const arbCase = fc.record({
      id: fc.uuid(),
      kind: fc.constantFrom('matter' as const, 'component' as const),
      classCode: fc.constantFrom('06029', '09006'),
      lng: fc.double({ min: 125.25, max: 125.2512, noNaN: true }),
      lat: fc.double({ min: 43.88, max: 43.8808, noNaN: true }),
      reportedAt: fc.integer({ min: 0, max: 80 * 24 }).map((h) => new Date(T0 + h * 3_600_000)),
      closeAfterH: fc.option(fc.integer({ min: 1, max: 20 * 24 }), { nil: null }),
      valid: fc.boolean(),
    });
    const rule = fc.record({ radiusM: fc.integer({ min: 5, max: 120 }), withinDays: fc.integer({ min: 1, max: 40 }) });
    fc.assert(
      fc.property(fc.uniqueArray(arbCase, { selector: (c) => c.id, maxLength: 30 }), rule, (raw, r) => {
        const cases: SpotCase[] = raw.map(({ closeAfterH, ...c }) => ({ ...c, closedAt: closeAfterH === null ? null : new Date(c.reportedAt.getTime() + closeAfterH * 3_600_000) }));
        const naive: string[] = [];
        for (const c of cases) {
          if (!c.valid || !c.closedAt) continue;
          for (const x of cases) {
            const dt = x.reportedAt.getTime() - c.closedAt.getTime();
            if (x.id === c.id || !x.valid || x.kind !== c.kind || x.classCode !== c.classCode) continue;
            if (dt > 0 && dt <= r.withinDays * 86_400_000 && distanceMeters([c.lng, c.lat], [x.lng, x.lat]) <= r.radiusM) naive.push(`${c.id}>${x.id}`);
          }
        }
        const found = findRecurrences(cases, r).map((p) => `${p.closedId}>${p.repeatId}`);
        expect(found.sort()).toEqual(naive.sort());
      }),
    );
  });
});
