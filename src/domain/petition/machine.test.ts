// Unit and property tests of the petition state machine.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { WorkingCalendar } from '../calendar';
import { shanghaiInstant } from '../calendar/shanghai-time';
import { PETITION_ACTION_NAMES, PETITION_ACTION_RULES, type PetitionActionName } from './actions';
import { DEFAULT_PETITION_LIMITS, lastDayOf } from './limits';
import {
  applyPetitionAction,
  availablePetitionActions,
  isPetitionTerminal,
  PetitionWorkflowError,
  registerPetition,
  type PetitionActor,
  type PetitionContext,
  type PetitionSnapshot,
} from './machine';
import { PETITION_STATES } from './states';

const cal = WorkingCalendar.default();
const limits = DEFAULT_PETITION_LIMITS;
const DEPT = '00000000-0000-4000-8000-00000000000d';
const OTHER = '00000000-0000-4000-8000-00000000000e';
const CASE = '00000000-0000-4000-8000-0000000000c1';

const actors: Record<string, PetitionActor> = {
  staff: { id: 'st', roles: ['petition'], departmentId: null },
  body: { id: 'bo', roles: ['department'], departmentId: DEPT },
  otherBody: { id: 'ob', roles: ['department'], departmentId: OTHER },
  citizen: { id: 'ci', roles: ['citizen'], departmentId: null },
  leader: { id: 'le', roles: ['leader'], departmentId: null },
  operator: { id: 'op', roles: ['operator'], departmentId: null },
};

const ctx = (actor: PetitionActor, now: Date): PetitionContext => ({ now, actor, calendar: cal, limits });

/** A valid input for every action, so that random walks exercise the rules rather than validation. */
const INPUT: Record<PetitionActionName, Record<string, unknown>> = {
  accept: {},
  reject: { reason: '不属于本机关职权范围' },
  routeOut: { route: 'litigation', guidance: '请依法向人民法院提起诉讼解决。' },
  assign: { departmentId: DEPT },
  returnToOffice: { reason: '不属于本单位职责' },
  extend: { days: 30, reason: '情况复杂，需协调多个部门' },
  reply: { text: '经调查核实，已责令商户整改并加强巡查。' },
  rate: { satisfaction: 'satisfied' },
  requestReview: { reason: '对答复不满意' },
  decideReview: { decision: 'upheld', opinion: '经复查，原答复意见正确，予以维持。' },
  close: {},
  linkCase: { caseId: CASE, caseNumber: '220106-2026-000001' },
  comment: { note: '已电话联系信访人' },
};

const RECEIVED = shanghaiInstant('2026-09-18', '10:30'); // a Friday before 国庆节
const fresh = () => registerPetition(RECEIVED, { now: RECEIVED, calendar: cal, limits });
const day = (n: number, from = RECEIVED) => new Date(from.getTime() + n * 86_400_000);

function run(steps: [PetitionActionName, keyof typeof actors, number][], start = fresh()): PetitionSnapshot {
  let p = start;
  for (const [a, who, atDay] of steps) p = applyPetitionAction(p, a, INPUT[a] as never, ctx(actors[who], day(atDay))).next;
  return p;
}

function refusalCode(f: () => unknown): string | null {
  try {
    f();
    return null;
  } catch (e) {
    if (e instanceof PetitionWorkflowError) return e.code;
    throw e;
  }
}

describe('registration', () => {
  it('starts the acceptance clock at receipt: 15 days, rolled past 国庆节', () => {
    const p = fresh();
    expect(p.state).toBe('registered');
    expect(p.step).toBe('accept');
    expect(p.stepStartedAt).toEqual(RECEIVED);
    expect(lastDayOf(p.stepDeadline!)).toBe('2026-10-08');
    expect(p.stepWarnAt!.getTime()).toBeLessThan(p.stepDeadline!.getTime());
  });

  it('refuses an item received in the future', () => {
    expect(refusalCode(() => registerPetition(day(1), { now: RECEIVED, calendar: cal, limits }))).toBe('RECEIVED_IN_FUTURE');
  });
});

describe('the whole path', () => {
  it('register → accept → assign → extend → reply → rate → close', () => {
    let p = run([['accept', 'staff', 3]]);
    expect(p.state).toBe('accepted');
    expect(p.route).toBe('petition');
    expect(p.step).toBe('handle');
    // Accepted Monday 09-21 10:30: 60 days → Friday 11-20.
    expect(lastDayOf(p.handleDeadline!)).toBe('2026-11-20');
    p = run([['assign', 'staff', 4]], p);
    expect(p).toMatchObject({ state: 'handling', departmentId: DEPT });
    p = run([['extend', 'body', 40]], p);
    expect(p.extensionDays).toBe(30);
    expect(p.handleDays).toBe(90);
    // 90 days from 09-21 → Sunday 12-20 → Monday 12-21.
    expect(lastDayOf(p.handleDeadline!)).toBe('2026-12-21');
    expect(p.stepDeadline).toEqual(p.handleDeadline);
    p = run([['reply', 'body', 70]], p);
    expect(p.state).toBe('replied');
    expect(p.step).toBeNull();
    expect(p.reviewUntil!.getTime()).toBeGreaterThan(p.repliedAt!.getTime() + 30 * 86_400_000 - 1);
    p = run([['rate', 'citizen', 71]], p);
    expect(p.satisfaction).toBe('satisfied');
    p = run([['close', 'staff', 72]], p);
    expect(p).toMatchObject({ state: 'closed', step: null });
    expect(p.closedAt).toEqual(day(72));
  });

  it('review: requested within 30 days of the reply, decided within 30 days', () => {
    const replied = run([
      ['accept', 'staff', 1],
      ['assign', 'staff', 1],
      ['reply', 'body', 20],
    ]);
    const reviewing = run([['requestReview', 'citizen', 45]], replied);
    expect(reviewing.state).toBe('reviewing');
    expect(reviewing.step).toBe('review');
    expect(reviewing.stepDeadline).toEqual(reviewing.reviewDeadline);
    const done = run([['decideReview', 'staff', 60]], reviewing);
    expect(done).toMatchObject({ state: 'reviewed', reviewDecision: 'upheld' });
    // Too late: the window (30 days after the reply, rolled to a workday) has passed.
    expect(refusalCode(() => run([['requestReview', 'citizen', 20 + 35]], replied))).toBe('REVIEW_WINDOW_CLOSED');
  });

  it('诉访分离: routing out ends the item with the guidance as its note', () => {
    const { next, event } = applyPetitionAction(fresh(), 'routeOut', INPUT.routeOut as never, ctx(actors.staff, RECEIVED));
    expect(next).toMatchObject({ state: 'routed_out', route: 'litigation', step: null });
    expect(next.closedAt).toEqual(RECEIVED);
    expect(event.note).toContain('人民法院');
    expect(availablePetitionActions(next, { now: RECEIVED, actor: actors.staff })).toEqual(['comment']);
  });

  it('return to the office stops nothing: the handling period runs from acceptance', () => {
    const handling = run([
      ['accept', 'staff', 1],
      ['assign', 'staff', 2],
    ]);
    const back = run([['returnToOffice', 'body', 5]], handling);
    expect(back).toMatchObject({ state: 'accepted', departmentId: null });
    expect(back.handleDeadline).toEqual(handling.handleDeadline);
  });
});

describe('refusals', () => {
  const handling = () =>
    run([
      ['accept', 'staff', 1],
      ['assign', 'staff', 2],
    ]);

  it('extends once only, by at most the configured days, and before the period ends', () => {
    const once = run([['extend', 'staff', 10]], handling());
    expect(refusalCode(() => run([['extend', 'staff', 11]], once))).toBe('EXTENSION_ALREADY_USED');
    expect(refusalCode(() => applyPetitionAction(handling(), 'extend', { days: 31, reason: '需要更多时间' }, ctx(actors.staff, day(10))))).toBe('EXTENSION_TOO_LONG');
    expect(refusalCode(() => run([['extend', 'staff', 75]], handling()))).toBe('EXTENSION_TOO_LATE');
  });

  it('only the assigned body acts as a department; others are refused', () => {
    const p = handling();
    expect(refusalCode(() => run([['reply', 'otherBody', 5]], p))).toBe('NOT_PETITION_BODY');
    expect(refusalCode(() => run([['reply', 'operator', 5]], p))).toBe('ROLE_NOT_ALLOWED');
    expect(refusalCode(() => run([['accept', 'staff', 5]], p))).toBe('PETITION_TRANSITION_NOT_ALLOWED');
  });

  it('closes only after a content rating or once the review window has passed', () => {
    const replied = run([['reply', 'body', 20]], handling());
    expect(refusalCode(() => run([['close', 'staff', 21]], replied))).toBe('PETITION_NOT_CLOSABLE');
    const content = run([['rate', 'citizen', 21]], replied);
    expect(content.satisfaction).toBe('satisfied');
    expect(run([['close', 'staff', 22]], content).state).toBe('closed');
    const notSatisfied = applyPetitionAction(replied, 'rate', { satisfaction: 'unsatisfied' }, ctx(actors.citizen, day(21))).next;
    expect(refusalCode(() => run([['close', 'staff', 22]], notSatisfied))).toBe('PETITION_NOT_CLOSABLE');
    expect(run([['close', 'staff', 20 + 40]], notSatisfied).state).toBe('closed');
    expect(refusalCode(() => run([['rate', 'citizen', 23]], content))).toBe('PETITION_ALREADY_RATED');
  });

  it('links a case once, before the reply', () => {
    const linked = run([['linkCase', 'staff', 1]]);
    expect(linked.caseId).toBe(CASE);
    expect(linked.state).toBe('registered');
    expect(refusalCode(() => run([['linkCase', 'staff', 2]], linked))).toBe('PETITION_ALREADY_LINKED');
  });
});

describe('properties', () => {
  const actorNames = Object.keys(actors);
  const stepArb = fc.record({
    action: fc.constantFrom(...PETITION_ACTION_NAMES),
    actor: fc.constantFrom(...actorNames),
    hours: fc.integer({ min: 0, max: 24 * 20 }),
  });

  it('random walks keep every invariant', () => {
    fc.assert(
      fc.property(fc.array(stepArb, { maxLength: 40 }), (steps) => {
        let p = fresh();
        let now = RECEIVED;
        let extensions = 0;
        const initialHandleDays = limits.handleDays;
        for (const s of steps) {
          now = new Date(now.getTime() + s.hours * 3_600_000);
          const c = ctx(actors[s.actor], now);
          const allowed = availablePetitionActions(p, c);
          let next: PetitionSnapshot;
          try {
            next = applyPetitionAction(p, s.action, INPUT[s.action] as never, c).next;
          } catch (e) {
            expect(e).toBeInstanceOf(PetitionWorkflowError);
            // Anything the buttons offer goes through with valid input.
            expect(allowed).not.toContain(s.action);
            continue;
          }
          expect(allowed).toContain(s.action);
          expect(PETITION_ACTION_RULES[s.action].from).toContain(p.state);
          if (next.extensionDays !== p.extensionDays) extensions += 1;
          p = next;

          expect(PETITION_STATES).toContain(p.state);
          expect(extensions).toBeLessThanOrEqual(1);
          expect(p.extensionDays).toBeLessThanOrEqual(limits.maxExtensionDays);
          if (p.handleDays !== null) expect(p.handleDays).toBe(initialHandleDays + p.extensionDays);
          // Terminal states are closed and run no clock; open ones are not closed.
          expect(isPetitionTerminal(p.state)).toBe(p.closedAt !== null);
          if (isPetitionTerminal(p.state)) expect(p.step).toBeNull();
          // A running step has a start before its warning, and its warning before its end.
          if (p.step) {
            expect(p.stepStartedAt!.getTime()).toBeLessThanOrEqual(p.stepWarnAt!.getTime());
            expect(p.stepWarnAt!.getTime()).toBeLessThanOrEqual(p.stepDeadline!.getTime());
          }
          if (p.state === 'handling') expect(p.departmentId).not.toBeNull();
          if (p.state === 'routed_out') expect(p.route).not.toBe('petition');
          if (p.acceptedAt) expect(p.route).toBe('petition');
        }
      }),
      { numRuns: 300 },
    );
  });

  it('the deadline after an extension is never earlier, and adds at most the extension plus a roll-over', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 300 }), fc.integer({ min: 1, max: 30 }), fc.integer({ min: 0, max: 50 }), (startDay, ext, atDay) => {
        const received = day(startDay, shanghaiInstant('2026-01-05', '09:00'));
        let p = registerPetition(received, { now: received, calendar: cal, limits });
        p = applyPetitionAction(p, 'accept', {}, ctx(actors.staff, received)).next;
        p = applyPetitionAction(p, 'assign', { departmentId: DEPT }, ctx(actors.staff, received)).next;
        const before = p.handleDeadline!;
        const ext2 = applyPetitionAction(p, 'extend', { days: ext, reason: '情况复杂' }, ctx(actors.body, day(atDay, received))).next;
        expect(ext2.handleDeadline!.getTime()).toBeGreaterThanOrEqual(before.getTime());
        expect(ext2.handleDeadline!.getTime()).toBeLessThanOrEqual(before.getTime() + (ext + 9) * 86_400_000);
        expect(cal.isWorkday(lastDayOf(ext2.handleDeadline!))).toBe(true);
      }),
    );
  });
});
