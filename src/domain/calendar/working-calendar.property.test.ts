// Property tests (fast-check) for deadlines, working time and traffic lights, on the default and random calendars.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { WorkingCalendar, type LimitUnit } from './working-calendar';
import { lightAt, remainingMinutes } from './traffic-light';
import { shanghaiDay } from './shanghai-time';
import type { CalendarData } from './calendar-data';

const MIN = 60_000;
const FROM = Date.parse('2025-12-01T00:00:00+08:00');
const TO = Date.parse('2027-01-31T00:00:00+08:00');
const WORKING_UNITS: LimitUnit[] = ['working_minutes', 'working_hours', 'working_days'];
const ALL_UNITS: LimitUnit[] = [...WORKING_UNITS, 'clock_minutes', 'clock_hours', 'natural_days'];

/** Instants around 2026, half on whole minutes (where boundaries bite) and half to the millisecond. */
const instant = fc.oneof(
  fc.integer({ min: FROM / MIN, max: TO / MIN }).map((m) => new Date(m * MIN)),
  fc.integer({ min: FROM, max: TO }).map((ms) => new Date(ms)),
);
const unit = fc.constantFrom(...ALL_UNITS);
const workingUnit = fc.constantFrom(...WORKING_UNITS);
/** Amounts sized so every unit spans from minutes to a few weeks. */
const amountFor = (u: LimitUnit) =>
  u.endsWith('minutes') ? fc.integer({ min: 0, max: 5000 }) : u.endsWith('hours') ? fc.integer({ min: 0, max: 80 }) : fc.integer({ min: 0, max: 25 });

const hhmm = (m: number): string => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
const day = (ms: number): string => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10);

/** Random valid calendars: 1–3 disjoint windows anywhere in the day, random holidays and weekend make-up days. */
const calendarData: fc.Arbitrary<CalendarData> = fc
  .record({
    cuts: fc.uniqueArray(fc.integer({ min: 0, max: 1440 }), { minLength: 2, maxLength: 6 }),
    holidays: fc.uniqueArray(fc.integer({ min: 0, max: 420 }), { maxLength: 60 }),
    workdays: fc.uniqueArray(fc.integer({ min: 0, max: 420 }), { maxLength: 20 }),
  })
  .map(({ cuts, holidays, workdays }) => {
    const sorted = [...cuts].sort((a, b) => a - b);
    const windows = [];
    for (let i = 0; i + 1 < sorted.length; i += 2) windows.push({ start: hhmm(sorted[i]), end: hhmm(sorted[i + 1]) });
    const holidayDays = holidays.map((d) => day(FROM + d * 86_400_000));
    const weekendDays = workdays
      .map((d) => FROM + d * 86_400_000)
      .filter((ms) => [0, 6].includes(new Date(ms + 8 * 3_600_000).getUTCDay()))
      .map(day)
      .filter((d) => !holidayDays.includes(d));
    return { windows, holidays: holidayDays, workdays: weekendDays };
  });
const calendar = fc.oneof(fc.constant(WorkingCalendar.default()), calendarData.map((d) => new WorkingCalendar(d)));

const limit = (units: fc.Arbitrary<LimitUnit>) => units.chain((u) => amountFor(u).map((amount) => ({ amount, unit: u })));

describe('WorkingCalendar properties', () => {
  it('addLimit is monotonic in the start', () => {
    fc.assert(
      fc.property(calendar, instant, instant, limit(unit), (cal, a, b, l) => {
        const [s1, s2] = a <= b ? [a, b] : [b, a];
        expect(cal.addLimit(s1, l).getTime()).toBeLessThanOrEqual(cal.addLimit(s2, l).getTime());
      }),
    );
  });

  it('addLimit is monotonic in the amount', () => {
    fc.assert(
      fc.property(calendar, instant, unit, fc.nat(3000), fc.nat(3000), (cal, s, u, x, y) => {
        const [lo, hi] = x <= y ? [x, y] : [y, x];
        expect(cal.addLimit(s, { amount: lo, unit: u }).getTime()).toBeLessThanOrEqual(
          cal.addLimit(s, { amount: hi, unit: u }).getTime(),
        );
      }),
    );
  });

  it('exactly n working minutes lie between a start and its n-working-minute deadline', () => {
    fc.assert(
      fc.property(calendar, instant, fc.nat(20_000), (cal, s, n) => {
        expect(cal.workingMinutesBetween(s, cal.addLimit(s, { amount: n, unit: 'working_minutes' }))).toBe(n);
      }),
    );
  });

  it('the elapsed time up to any deadline equals the limit length, in the limit’s own minutes', () => {
    fc.assert(
      fc.property(calendar, instant, limit(unit), (cal, s, l) => {
        expect(cal.elapsed(s, cal.addLimit(s, l), l.unit)).toBe(cal.limitMinutes(l));
      }),
    );
  });

  it('the deadline is the earliest such instant: the millisecond before it is working time', () => {
    fc.assert(
      fc.property(calendar, instant, limit(workingUnit).filter((l) => l.amount > 0), (cal, s, l) => {
        const d = cal.addLimit(s, l);
        expect(cal.isWorkingTime(new Date(d.getTime() - 1))).toBe(true);
        expect(cal.elapsed(s, new Date(d.getTime() - 1), l.unit)).toBeLessThan(cal.limitMinutes(l));
      }),
    );
  });

  it('a working deadline never falls on a holiday or other day off', () => {
    const cal = WorkingCalendar.default();
    fc.assert(
      fc.property(instant, limit(workingUnit), (s, l) => {
        const d = cal.addLimit(s, l);
        expect(cal.isWorkday(shanghaiDay(d))).toBe(true);
        expect(cal.data.holidays).not.toContain(shanghaiDay(d));
      }),
    );
  });

  it('working limits compose: (s + a) + b = s + (a + b) for positive a, b', () => {
    fc.assert(
      fc.property(calendar, instant, fc.integer({ min: 1, max: 5000 }), fc.integer({ min: 1, max: 5000 }), (cal, s, a, b) => {
        const m = (amount: number) => ({ amount, unit: 'working_minutes' as const });
        expect(cal.addLimit(cal.addLimit(s, m(a)), m(b)).getTime()).toBe(cal.addLimit(s, m(a + b)).getTime());
      }),
    );
  });

  it('working time is additive over adjacent intervals and never exceeds clock time', () => {
    fc.assert(
      fc.property(calendar, instant, instant, instant, (cal, x, y, z) => {
        const [a, b, c] = [x, y, z].sort((p, q) => p.getTime() - q.getTime());
        const ab = cal.workingMinutesBetween(a, b);
        const bc = cal.workingMinutesBetween(b, c);
        expect(cal.workingMinutesBetween(a, c)).toBeCloseTo(ab + bc, 9);
        expect(ab).toBeLessThanOrEqual((b.getTime() - a.getTime()) / MIN);
        expect(cal.workingMinutesBetween(b, a)).toBe(0);
      }),
    );
  });

  it('clock limits are plain clock time', () => {
    fc.assert(
      fc.property(instant, fc.nat(100_000), (s, n) => {
        const cal = WorkingCalendar.default();
        expect(cal.addLimit(s, { amount: n, unit: 'clock_minutes' }).getTime() - s.getTime()).toBe(n * MIN);
        expect(cal.addLimit(s, { amount: n, unit: 'natural_days' }).getTime() - s.getTime()).toBe(n * 86_400_000);
      }),
    );
  });
});

describe('traffic light properties', () => {
  const step = fc
    .tuple(calendar, instant, limit(unit))
    .map(([cal, startedAt, l]) => ({ cal, step: { startedAt, deadline: cal.addLimit(startedAt, l), unit: l.unit } }));

  /** Any instant, or one within a few minutes of the deadline, where the boundary cases live. */
  const stepAndNow = step.chain((x) =>
    fc
      .oneof(instant, fc.oneof(fc.constantFrom(-1, 0, 1), fc.integer({ min: -5 * MIN, max: 5 * MIN })).map((d) => new Date(x.step.deadline.getTime() + d)))
      .map((now) => ({ ...x, now })),
  );

  it('is red if and only if now is after the deadline', () => {
    fc.assert(
      fc.property(stepAndNow, ({ cal, step: s, now }) => {
        expect(lightAt(cal, s, now) === 'red').toBe(now.getTime() > s.deadline.getTime());
      }),
    );
  });

  it('never goes back: green → yellow → red as time moves on', () => {
    const rank = { green: 0, yellow: 1, red: 2 };
    fc.assert(
      fc.property(step, instant, instant, fc.double({ min: 0, max: 1, noNaN: true }), ({ cal, step: s }, x, y, w) => {
        const [t1, t2] = x <= y ? [x, y] : [y, x];
        expect(rank[lightAt(cal, s, t1, w)]).toBeLessThanOrEqual(rank[lightAt(cal, s, t2, w)]);
      }),
    );
  });

  it('remaining minutes agree with the light: positive is never red, negative is always red', () => {
    fc.assert(
      fc.property(stepAndNow, ({ cal, step: s, now }) => {
        const r = remainingMinutes(cal, s, now);
        const light = lightAt(cal, s, now);
        if (r > 0) expect(light).not.toBe('red');
        if (r < 0) expect(light).toBe('red');
        expect(Object.is(r, -0)).toBe(false);
      }),
    );
  });
});
