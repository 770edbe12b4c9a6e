// Property tests (fast-check) of the escalation timing on the working calendar, with time passed in.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { WorkingCalendar, type LimitUnit } from '../calendar';
import { warnAt } from '../workflow/machine';
import { chainFor, DEFAULT_ESCALATION, dueStages, schedule, stageDueAt, OFFSET_UNITS, type ChainRule, type Stage, type StepClock } from './chain';

const MIN = 60_000;
const FROM = Date.parse('2025-12-01T00:00:00+08:00');
const TO = Date.parse('2027-01-31T00:00:00+08:00');
const cal = WorkingCalendar.default();
const UNITS: LimitUnit[] = ['working_minutes', 'working_hours', 'working_days', 'clock_minutes', 'clock_hours', 'natural_days'];

const instant = fc.integer({ min: FROM / MIN, max: TO / MIN }).map((m) => new Date(m * MIN));
const amountFor = (u: string) => (u.endsWith('minutes') ? fc.integer({ min: 1, max: 3000 }) : u.endsWith('hours') ? fc.integer({ min: 1, max: 60 }) : u === 'percent_of_limit' ? fc.integer({ min: 0, max: 300 }) : fc.integer({ min: 1, max: 20 }));

/** A step clock as the workflow makes it: a limit from a start, the yellow light at a share of it. */
const clock: fc.Arbitrary<StepClock> = fc
  .record({ start: instant, unit: fc.constantFrom(...UNITS), share: fc.double({ min: 0.1, max: 0.99, noNaN: true }) })
  .chain(({ start, unit, share }) =>
    amountFor(unit).map((amount) => {
      const deadline = cal.addLimit(start, { amount, unit });
      return { startedAt: start, deadline, unit, warnAt: warnAt(cal, start, deadline, unit, share) };
    }),
  );

const stage: fc.Arbitrary<Stage> = fc
  .record({ action: fc.constantFrom('remind' as const, 'escalate' as const), anchor: fc.constantFrom('warn' as const, 'deadline' as const), unit: fc.constantFrom(...OFFSET_UNITS) })
  .chain(({ action, anchor, unit }) => fc.oneof(fc.constant(0), amountFor(unit)).map((amount) => ({ action, anchor, after: { amount, unit }, targets: ['holder' as const] })));

describe('escalation timing', () => {
  it('a stage never falls due before its anchor, and an offset of zero is the anchor itself', () => {
    fc.assert(
      fc.property(clock, stage, (c, s) => {
        const due = stageDueAt(cal, c, s);
        const anchor = s.anchor === 'warn' ? c.warnAt : c.deadline;
        expect(due.getTime()).toBeGreaterThanOrEqual(anchor.getTime());
        if (s.after.amount === 0) expect(due.getTime()).toBe(anchor.getTime());
      }),
    );
  });

  it('the default chain reminds at the yellow light (before the deadline) and escalates at the red light and after it', () => {
    fc.assert(
      fc.property(clock, (c) => {
        const [remind, red, later] = schedule(cal, c, chainFor(DEFAULT_ESCALATION, 'handle', 'matter', '09006'));
        expect(remind.dueAt.getTime()).toBe(c.warnAt.getTime());
        expect(remind.dueAt.getTime()).toBeLessThanOrEqual(c.deadline.getTime());
        expect(red.dueAt.getTime()).toBe(c.deadline.getTime());
        expect(later.dueAt.getTime()).toBeGreaterThan(c.deadline.getTime());
        expect([remind.level, red.level, later.level]).toEqual([0, 1, 2]);
      }),
    );
  });

  it('a later offset never falls due earlier (monotonic in the amount)', () => {
    fc.assert(
      fc.property(clock, stage, fc.integer({ min: 0, max: 500 }), (c, s, extra) => {
        const more: Stage = { ...s, after: { ...s.after, amount: s.after.amount + extra } };
        expect(stageDueAt(cal, c, more).getTime()).toBeGreaterThanOrEqual(stageDueAt(cal, c, s).getTime());
      }),
    );
  });

  it('working offsets land in working time; a percentage of a working limit is counted in working minutes', () => {
    fc.assert(
      fc.property(clock, fc.integer({ min: 1, max: 200 }), (c, pct) => {
        const s: Stage = { action: 'escalate', anchor: 'deadline', after: { amount: pct, unit: 'percent_of_limit' }, targets: ['leader'] };
        const due = stageDueAt(cal, c, s);
        if (c.unit.startsWith('working_')) {
          const limitMinutes = cal.workingMinutesBetween(c.startedAt, c.deadline);
          expect(cal.workingMinutesBetween(c.deadline, due)).toBeCloseTo((limitMinutes * pct) / 100, 3);
        } else {
          expect((due.getTime() - c.deadline.getTime()) / MIN).toBeCloseTo(((c.deadline.getTime() - c.startedAt.getTime()) / MIN) * (pct / 100), 3);
        }
      }),
    );
  });

  it('the stages due at an instant are exactly those whose time has come, and more become due as time passes', () => {
    const rule: fc.Arbitrary<ChainRule> = fc.array(stage, { minLength: 1, maxLength: 5 }).map((stages) => ({ step: '*', kind: null, classCode: null, stages }));
    fc.assert(
      fc.property(clock, rule, instant, fc.integer({ min: 0, max: 100_000 }), (c, r, now, later) => {
        const all = schedule(cal, c, r);
        const due = dueStages(all, now);
        for (const s of all) expect(due.includes(s)).toBe(s.dueAt.getTime() <= now.getTime());
        const dueLater = dueStages(all, new Date(now.getTime() + later * MIN));
        expect(due.every((s) => dueLater.includes(s))).toBe(true);
        // Escalation levels count the escalate stages in chain order.
        expect(all.filter((s) => s.stage.action === 'escalate').map((s) => s.level)).toEqual(all.filter((s) => s.stage.action === 'escalate').map((_, i) => i + 1));
      }),
    );
  });
});

describe('chainFor', () => {
  const stages: Stage[] = [{ action: 'remind', anchor: 'warn', after: { amount: 0, unit: 'working_minutes' }, targets: ['holder'] }];
  const config = {
    departments: {},
    rules: [
      { step: '*' as const, kind: null, classCode: null, stages },
      { step: 'handle' as const, kind: null, classCode: null, stages: [...stages, ...stages] },
      { step: 'handle' as const, kind: 'component' as const, classCode: null, stages: [] },
      { step: 'handle' as const, kind: 'matter' as const, classCode: '09006', stages: [...stages, ...stages, ...stages] },
    ],
  };
  it('takes the most specific rule: step and class, then kind, then step, then every step', () => {
    expect(chainFor(config, 'handle', 'matter', '09006')!.stages).toHaveLength(3);
    expect(chainFor(config, 'handle', 'component', '01001')!.stages).toHaveLength(0);
    expect(chainFor(config, 'handle', 'matter', '06002')!.stages).toHaveLength(2);
    expect(chainFor(config, 'verify', 'matter', '09006')!.stages).toHaveLength(1);
    expect(chainFor({ departments: {}, rules: [] }, 'verify', 'matter', '09006')).toBeNull();
  });
});
