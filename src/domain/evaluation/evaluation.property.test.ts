// Property tests (fast-check) on random case histories played through the real workflow machine.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { shanghaiInstant } from '../calendar';
import { availableActions, type ActionName, type CaseSource } from '../workflow';
import { DEFAULT_EVALUATION_CONFIG } from './config';
import { caseContributions, countBy, countBySplit, isDueToClose, isLiveCase, type CountQuery } from './counts';
import { deriveAll, type CaseLog } from './evaluate';
import { COUNT_KEYS, INDICATOR_KEYS, SCOPE_KINDS, addCounts, emptyCounts, indicatorValue, type Counts } from './indicators';
import { ACTORS, TEST_CALENDAR, newCase, type LogActor } from './log-factory';

const START = shanghaiInstant('2026-11-02', '08:00').getTime();
const PEOPLE: LogActor[] = Object.values(ACTORS);
const SOURCES: CaseSource[] = ['inspector', 'citizen', 'hotline', 'video_ai'];
const STREETS = [
  { gridCode: '220106001001001', communityCode: '220106001001', streetCode: '220106001' },
  { gridCode: '220106002001001', communityCode: '220106002001', streetCode: '220106002' },
];

function inputFor(action: ActionName, pick: number): Record<string, unknown> {
  const inspector = pick % 2 ? ACTORS.inspector : ACTORS.inspector2;
  switch (action) {
    case 'sendVerify':
    case 'sendCheck':
      return { inspectorId: inspector.id };
    case 'verify':
      return { result: pick % 4 === 0 ? 'false' : 'true' };
    case 'check':
      return { result: pick % 3 === 0 ? 'not_fixed' : 'fixed' };
    case 'file':
      return { filingCondition: 'x' };
    case 'dispatch':
      return { departmentId: pick % 2 ? 'dept-a' : 'dept-b' };
    case 'requestExtension':
      return { reason: 'r', extra: { amount: 1 + (pick % 3), unit: 'working_hours' } };
    case 'handle':
      return { photoIds: ['00000000-0000-4000-8000-000000000001'] };
    case 'urge':
    case 'comment':
    case 'reject':
    case 'requestCancel':
    case 'rejectCancel':
    case 'requestReturn':
    case 'rejectReturn':
    case 'denyExtension':
    case 'requestSuspension':
    case 'denySuspension':
      return { reason: 'r', note: 'n' };
    default:
      return {};
  }
}

const FORWARD: ActionName[] = [
  'sendVerify', 'verify', 'register', 'file', 'dispatch', 'accept', 'handle', 'sendCheck', 'check', 'close', 'approveSelfFix',
  'approveSuspension', 'approveExtension', 'approveCancel', 'redispatch', // decisions on a pending request
];

/** One random case: where and how it starts, then a list of (choice, wait) moves. */
const caseSpec = fc.record({
  startMinutes: fc.integer({ min: 0, max: 20 * 24 * 60 }),
  source: fc.constantFrom(...SOURCES),
  selfFix: fc.boolean(),
  street: fc.constantFrom(0, 1),
  detourEvery: fc.integer({ min: 2, max: 6 }),
  suspend: fc.constantFrom(false, false, true),
  moves: fc.array(fc.record({ pick: fc.nat(), wait: fc.oneof(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 3000 })) }), { maxLength: 24 }),
});

/** Plays a random case through the machine: each move waits, then takes one of the actions anybody may take now. */
function play(spec: { startMinutes: number; source: CaseSource; selfFix: boolean; street: number; detourEvery: number; suspend: boolean; moves: { pick: number; wait: number }[] }, i: number): CaseLog {
  const b = newCase({
    id: `case-${i}`,
    at: new Date(START + spec.startMinutes * 60_000),
    source: spec.source,
    selfFix: spec.source === 'inspector' && spec.selfFix,
    ...STREETS[spec.street],
  });
  let suspend = spec.suspend;
  for (const m of spec.moves) {
    b.wait(m.wait);
    if (suspend && b.snapshot.state === 'handling' && !b.snapshot.pending) {
      // Some cases get suspended (挂账) the first time they are in handling; a later move may resume them.
      b.act('requestSuspension', { reason: 'r' }, b.snapshot.departmentId === 'dept-a' ? ACTORS.deptA : ACTORS.deptB).act('approveSuspension', {}, ACTORS.dispatcher);
      suspend = false;
      continue;
    }
    const options: [ActionName, LogActor][] = [];
    for (const who of PEOPLE) {
      for (const a of availableActions(b.snapshot, { id: who.id, roles: who.roles, departmentId: who.departmentId ?? null })) options.push([a, who]);
    }
    if (options.length === 0) break;
    // Mostly move the case on; one move in `detourEvery` may take any action (returns, extensions, suspensions, cancellations …).
    const forward = options.filter(([a]) => FORWARD.includes(a));
    const detours = options.filter(([a]) => a !== 'comment' && a !== 'urge');
    const pool = m.pick % spec.detourEvery === 0 || forward.length === 0 ? (detours.length ? detours : options) : forward;
    const [action, who] = pool[Math.floor(m.pick / spec.detourEvery) % pool.length];
    let input = inputFor(action, m.pick);
    if (action === 'redispatch') input = { departmentId: b.snapshot.departmentId === 'dept-a' ? 'dept-b' : 'dept-a' };
    b.act(action, input as never, who);
  }
  return b.log();
}

const histories = fc.array(caseSpec, { minLength: 1, maxLength: 8 }).map((specs) => specs.map((s, i) => play(s, i)));
/** A period somewhere in the simulated month, and an evaluation instant after every event. */
const window = fc.record({ from: fc.integer({ min: 0, max: 30 * 24 }), hours: fc.integer({ min: 1, max: 40 * 24 }), later: fc.integer({ min: 0, max: 30 * 24 }) });

function queryOf(logs: CaseLog[], w: { from: number; hours: number; later: number }): CountQuery {
  const last = Math.max(...logs.flatMap((l) => l.events.map((e) => e.at.getTime())));
  const from = new Date(START + w.from * 3_600_000);
  const c = DEFAULT_EVALUATION_CONFIG;
  return {
    from,
    to: new Date(from.getTime() + w.hours * 3_600_000),
    now: new Date(last + w.later * 3_600_000),
    publicSources: c.publicSources,
    hotlineSources: c.hotlineSources,
    satisfiedLevels: c.satisfiedLevels,
  };
}

const opts = { respondDeadline: (at: Date) => TEST_CALENDAR.addLimit(at, { amount: 30, unit: 'working_minutes' as const }) };
const all = (logs: CaseLog[], q: CountQuery) => {
  const { facts, tasks } = deriveAll(logs, opts);
  return countBy('all', facts, tasks, q).get('all') ?? emptyCounts();
};

describe('evaluation invariants on random histories', () => {
  it('every rate is null or in [0, 1]; counts are whole and non-negative; parts never exceed their whole', () => {
    fc.assert(
      fc.property(histories, window, (logs, w) => {
        const c = all(logs, queryOf(logs, w));
        for (const k of COUNT_KEYS) expect(Number.isInteger(c[k]) && c[k] >= 0).toBe(true);
        for (const key of INDICATOR_KEYS) {
          const v = indicatorValue(key, c);
          expect(v.rate === null || (v.rate >= 0 && v.rate <= 1)).toBe(true);
          expect(v.rate === null).toBe(v.denominator === 0);
        }
        expect(c.closedOnTime).toBeLessThanOrEqual(c.closed);
        expect(c.closed).toBeLessThanOrEqual(c.dueToClose);
        expect(c.handledOnTime).toBeLessThanOrEqual(c.dueToClose);
        expect(c.dueToClose).toBeLessThanOrEqual(c.filed);
        expect(c.publicFiled).toBeLessThanOrEqual(c.filed);
        expect(c.validReports).toBeLessThanOrEqual(c.reports);
        expect(c.hotlineClosed).toBeLessThanOrEqual(c.hotlineDue);
      }),
      { numRuns: 100 },
    );
  });

  it('suspended cases are never due, closed or reworked in any period', () => {
    fc.assert(
      fc.property(histories, window, (logs, w) => {
        const q = queryOf(logs, w);
        for (const f of deriveAll(logs, opts).facts.filter((x) => x.suspended)) {
          expect(isDueToClose(f, q.now)).toBe(false);
          const c = caseContributions(f, q);
          expect([c.dueToClose, c.closed, c.closedOnTime, c.handledOnTime, c.reworks, c.hotlineDue].every((n) => !n)).toBe(true);
        }
      }),
      { numRuns: 100 },
    );
  });

  it('counts only grow as the evaluation instant moves on', () => {
    fc.assert(
      fc.property(histories, window, fc.integer({ min: 1, max: 60 * 24 * 20 }), (logs, w, minutes) => {
        const q = queryOf(logs, w);
        const before = all(logs, q);
        const after = all(logs, { ...q, now: new Date(q.now.getTime() + minutes * 60_000) });
        for (const k of COUNT_KEYS) expect(after[k]).toBeGreaterThanOrEqual(before[k]);
      }),
      { numRuns: 100 },
    );
  });

  it('adds up: two adjacent periods count what their union counts, and streets add up to the district', () => {
    fc.assert(
      fc.property(histories, window, fc.integer({ min: 0, max: 40 * 24 }), (logs, w, split) => {
        const q = queryOf(logs, w);
        const mid = new Date(Math.min(q.to.getTime(), q.from.getTime() + split * 3_600_000));
        const sum = addCounts(all(logs, { ...q, to: mid }), all(logs, { ...q, from: mid }));
        expect(sum).toEqual(all(logs, q));
        const { facts, tasks } = deriveAll(logs, opts);
        const streets = [...countBy('street', facts, tasks, q).values()].reduce<Counts>((a, b) => addCounts(a, b), emptyCounts());
        expect(streets).toEqual(all(logs, q));
      }),
      { numRuns: 100 },
    );
  });

  it('every step run ends at most once, and a step counts only once it is settled', () => {
    fc.assert(
      fc.property(histories, (logs) => {
        const { tasks } = deriveAll(logs, opts);
        const keys = tasks.map((t) => `${t.caseId}/${t.ord}`);
        expect(new Set(keys).size).toBe(keys.length);
        for (const t of tasks) {
          if (t.inTime) expect(t.done).toBe(true);
          if (t.settledAt && t.endedAt) expect(t.settledAt.getTime()).toBeLessThanOrEqual(t.endedAt.getTime());
        }
      }),
      { numRuns: 100 },
    );
  });

  it('a settled case counts the same at every evaluation instant (what lets a rollup keep it)', () => {
    fc.assert(
      fc.property(histories, window, fc.integer({ min: -60 * 24 * 20, max: 60 * 24 * 400 }), (logs, w, minutes) => {
        const q = queryOf(logs, w);
        for (const f of deriveAll(logs, opts).facts.filter((x) => !isLiveCase(x))) {
          expect(caseContributions(f, { ...q, now: new Date(q.now.getTime() + minutes * 60_000) })).toEqual(caseContributions(f, q));
        }
      }),
      { numRuns: 100 },
    );
  });

  it('settled facts counted ahead plus live facts counted now equal the direct count, for every scope and any instant', () => {
    const beat = (g: string | null) => (g === STREETS[0].gridCode ? ACTORS.inspector.id : g === STREETS[1].gridCode ? ACTORS.inspector2.id : null);
    fc.assert(
      fc.property(histories, window, fc.integer({ min: -60 * 24 * 10, max: 0 }), (logs, w, back) => {
        // Also an instant before the last events (a clock moved back), where some ended steps have not fallen due yet.
        const q0 = queryOf(logs, w);
        const q = { ...q0, now: new Date(q0.now.getTime() + back * 60_000) };
        const { facts, tasks } = deriveAll(logs, opts);
        for (const scope of SCOPE_KINDS) {
          expect(countBySplit(scope, facts, tasks, q, { beatInspectorOf: beat })).toEqual(countBy(scope, facts, tasks, q, { beatInspectorOf: beat }));
        }
      }),
      { numRuns: 60 },
    );
  });
});
