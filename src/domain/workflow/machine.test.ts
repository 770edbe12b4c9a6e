// Unit and property tests of the case state machine.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { WorkingCalendar } from '../calendar';
import { ACTION_NAMES, ACTION_RULES, type ActionName } from './actions';
import {
  applyAction,
  availableActions,
  DEFAULT_STEP_LIMITS,
  initialSnapshot,
  WorkflowError,
  type Actor,
  type CaseSnapshot,
  type WorkflowContext,
} from './machine';
import { CASE_STATES, TERMINAL_STATES, type Role } from './states';

const cal = WorkingCalendar.default();
const MON_0900 = new Date('2026-11-16T01:00:00Z'); // Monday 09:00 in Shanghai
const DEPT = '00000000-0000-4000-8000-00000000000d';
const OTHER_DEPT = '00000000-0000-4000-8000-00000000000e';
const INSPECTOR = '00000000-0000-4000-8000-00000000000a';
const PHOTO = '00000000-0000-4000-8000-0000000000f0';

const actors: Record<string, Actor> = {
  operator: { id: 'op', roles: ['operator'], departmentId: null },
  chief: { id: 'ch', roles: ['chief'], departmentId: null },
  dispatcher: { id: 'di', roles: ['dispatcher'], departmentId: null },
  inspector: { id: INSPECTOR, roles: ['inspector'], departmentId: null },
  department: { id: 'de', roles: ['department'], departmentId: DEPT },
  otherDepartment: { id: 'de2', roles: ['department'], departmentId: OTHER_DEPT },
  leader: { id: 'le', roles: ['leader'], departmentId: null },
};

function ctx(actor: Actor, now = MON_0900): WorkflowContext {
  return { now, actor, calendar: cal, stepLimits: DEFAULT_STEP_LIMITS, warnShare: 0.8, handleLimit: { amount: 4, unit: 'working_hours' } };
}

/** A valid input for every action, so that random walks exercise the rules rather than validation. */
const INPUT: Record<ActionName, Record<string, unknown>> = {
  sendVerify: { inspectorId: INSPECTOR },
  verify: { result: 'true' },
  register: {},
  reject: { reason: 'dup' },
  file: { filingCondition: 'M09006-01' },
  requestCancel: { reason: 'dup' },
  approveCancel: {},
  rejectCancel: { reason: 'no' },
  dispatch: { departmentId: DEPT },
  accept: {},
  requestReturn: { reason: 'not ours' },
  redispatch: { departmentId: OTHER_DEPT },
  rejectReturn: { reason: 'yours' },
  requestExtension: { reason: 'more time', extra: { amount: 1, unit: 'working_days' } },
  approveExtension: {},
  denyExtension: { reason: 'no' },
  requestSuspension: { reason: 'seasonal' },
  approveSuspension: {},
  denySuspension: { reason: 'no' },
  resume: {},
  handle: { photoIds: [PHOTO] },
  sendCheck: { inspectorId: INSPECTOR },
  check: { result: 'fixed' },
  close: {},
  approveSelfFix: {},
  urge: { note: 'hurry' },
  comment: { note: 'note' },
};

const fresh = (selfFix = false): CaseSnapshot =>
  initialSnapshot({ classCode: '09006', selfFix }, { now: MON_0900, calendar: cal, stepLimits: DEFAULT_STEP_LIMITS, warnShare: 0.8 });

function run(steps: [ActionName, keyof typeof actors][], start = fresh()) {
  let c = start;
  let now = MON_0900;
  for (const [a, who] of steps) {
    now = new Date(now.getTime() + 10 * 60_000);
    c = applyAction(c, a, INPUT[a] as never, ctx(actors[who], now)).next;
  }
  return c;
}

describe('case state machine', () => {
  it('walks the main path from report to close', () => {
    const c = run([
      ['sendVerify', 'operator'],
      ['verify', 'inspector'],
      ['file', 'chief'],
      ['dispatch', 'dispatcher'],
      ['accept', 'department'],
      ['handle', 'department'],
      ['sendCheck', 'operator'],
      ['check', 'inspector'],
      ['close', 'chief'],
    ]);
    expect(c.state).toBe('closed');
    expect(c.closeType).toBe('normal');
    expect(c.stepDeadline).toBeNull();
  });

  it('starts the verify clock at intake: 30 working minutes', () => {
    const c = fresh();
    expect(c.stepDeadline!.toISOString()).toBe('2026-11-16T01:30:00.000Z');
    expect(c.stepWarnAt!.toISOString()).toBe('2026-11-16T01:24:00.000Z');
  });

  it('refuses the wrong role with ROLE_NOT_ALLOWED and the wrong state with TRANSITION_NOT_ALLOWED', () => {
    expect(() => applyAction(fresh(), 'register', {} as never, ctx(actors.chief))).toThrow(
      expect.objectContaining({ code: 'ROLE_NOT_ALLOWED' }),
    );
    expect(() => applyAction(fresh(), 'dispatch', INPUT.dispatch as never, ctx(actors.dispatcher))).toThrow(
      expect.objectContaining({ code: 'TRANSITION_NOT_ALLOWED' }),
    );
  });

  it('lets only the assigned inspector answer and only the holding department act', () => {
    const verifying = run([['sendVerify', 'operator']]);
    const stranger: Actor = { id: 'someone-else', roles: ['inspector'], departmentId: null };
    expect(() => applyAction(verifying, 'verify', INPUT.verify as never, ctx(stranger))).toThrow(expect.objectContaining({ code: 'NOT_ASSIGNEE' }));
    const dispatched = run([['register', 'operator'], ['file', 'chief'], ['dispatch', 'dispatcher']]);
    expect(() => applyAction(dispatched, 'accept', {} as never, ctx(actors.otherDepartment))).toThrow(
      expect.objectContaining({ code: 'NOT_CASE_DEPARTMENT' }),
    );
  });

  it('sends a return to another department and refuses re-dispatch to the same one', () => {
    const returned = run([['register', 'operator'], ['file', 'chief'], ['dispatch', 'dispatcher'], ['requestReturn', 'department']]);
    expect(returned.state).toBe('returned');
    expect(() => applyAction(returned, 'redispatch', { departmentId: DEPT } as never, ctx(actors.dispatcher))).toThrow(
      expect.objectContaining({ code: 'SAME_DEPARTMENT' }),
    );
    const moved = applyAction(returned, 'redispatch', INPUT.redispatch as never, ctx(actors.dispatcher)).next;
    expect(moved).toMatchObject({ state: 'dispatched', departmentId: OTHER_DEPT, returnCount: 1 });
  });

  it('moves the handling deadline by an approved extension, on the working calendar', () => {
    const handling = run([['register', 'operator'], ['file', 'chief'], ['dispatch', 'dispatcher'], ['accept', 'department']]);
    const requested = applyAction(handling, 'requestExtension', INPUT.requestExtension as never, ctx(actors.department)).next;
    expect(requested.pending?.kind).toBe('extension');
    expect(() => applyAction(requested, 'handle', INPUT.handle as never, ctx(actors.department))).not.toThrow();
    const approved = applyAction(requested, 'approveExtension', {} as never, ctx(actors.dispatcher)).next;
    expect(approved.handleDeadline!.getTime()).toBe(cal.addLimit(handling.handleDeadline!, { amount: 1, unit: 'working_days' }).getTime());
    expect(approved.stepDeadline).toEqual(approved.handleDeadline);
    expect(approved.extensionCount).toBe(1);
    expect(approved.pending).toBeNull();
  });

  it('sends rework back to the same department with a fresh handling period', () => {
    const c = run([
      ['register', 'operator'], ['file', 'chief'], ['dispatch', 'dispatcher'], ['accept', 'department'], ['handle', 'department'],
      ['sendCheck', 'operator'],
    ]);
    const reworked = applyAction(c, 'check', { result: 'not_fixed' } as never, ctx(actors.inspector, new Date(MON_0900.getTime() + 3 * 3600_000))).next;
    expect(reworked).toMatchObject({ state: 'dispatched', departmentId: DEPT, reworkCount: 1, handledAt: null });
    expect(reworked.handleStartedAt!.getTime()).toBeGreaterThan(c.handleStartedAt!.getTime());
  });

  it('closes as overdue when the department handled after its deadline', () => {
    let c = run([['register', 'operator'], ['file', 'chief'], ['dispatch', 'dispatcher'], ['accept', 'department']]);
    const late = new Date(c.handleDeadline!.getTime() + 3600_000);
    c = applyAction(c, 'handle', INPUT.handle as never, ctx(actors.department, late)).next;
    c = run([['sendCheck', 'operator'], ['check', 'inspector'], ['close', 'chief']], c);
    expect(c.closeType).toBe('overdue');
  });

  it('keeps self-fix reports to review, registration or rejection', () => {
    const c = fresh(true);
    expect(availableActions(c, actors.operator).sort()).toEqual(['approveSelfFix', 'comment', 'register', 'reject']);
    const closed = applyAction(c, 'approveSelfFix', {} as never, ctx(actors.operator)).next;
    expect(closed).toMatchObject({ state: 'closed', closeType: 'normal' });
    expect(() => applyAction(fresh(false), 'approveSelfFix', {} as never, ctx(actors.operator))).toThrow(expect.objectContaining({ code: 'NOT_SELF_FIX' }));
  });

  it('closes a suspended case as special', () => {
    const c = run([
      ['register', 'operator'], ['file', 'chief'], ['dispatch', 'dispatcher'], ['accept', 'department'], ['requestSuspension', 'department'],
      ['approveSuspension', 'dispatcher'], ['close', 'chief'],
    ]);
    expect(c).toMatchObject({ state: 'closed', closeType: 'special' });
  });

  it('names at least one role and one state for every action', () => {
    for (const a of ACTION_NAMES) {
      expect(ACTION_RULES[a].roles.length).toBeGreaterThan(0);
      expect(ACTION_RULES[a].from.length).toBeGreaterThan(0);
    }
  });
});

describe('state machine properties', () => {
  const roleNames = Object.keys(actors) as (keyof typeof actors)[];
  const stepArb = fc.array(fc.tuple(fc.constantFrom(...ACTION_NAMES), fc.constantFrom(...roleNames), fc.integer({ min: 1, max: 600 })), {
    maxLength: 60,
  });

  it('either applies an action with an event from the current state, or refuses it without change', () => {
    fc.assert(
      fc.property(fc.boolean(), stepArb, (selfFix, steps) => {
        let c = fresh(selfFix);
        let now = MON_0900;
        for (const [action, who, minutes] of steps) {
          now = new Date(now.getTime() + minutes * 60_000);
          const allowed = availableActions(c, actors[who]).includes(action);
          try {
            const { next, event } = applyAction(c, action, INPUT[action] as never, ctx(actors[who], now));
            expect(allowed || action === 'redispatch').toBe(true);
            expect(event.fromState).toBe(c.state);
            expect(event.toState).toBe(next.state);
            expect(CASE_STATES).toContain(next.state);
            expect(ACTION_RULES[action].roles).toContain(event.role);
            // A running clock always has a deadline after its start.
            if (next.stepDeadline) expect(next.stepDeadline.getTime()).toBeGreaterThanOrEqual(next.stepStartedAt!.getTime());
            c = next;
          } catch (e) {
            expect(e).toBeInstanceOf(WorkflowError);
            expect(allowed && action !== 'redispatch').toBe(false);
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('never leaves a terminal state', () => {
    fc.assert(
      fc.property(stepArb, (steps) => {
        let c = fresh();
        let terminal: string | null = null;
        for (const [action, who] of steps) {
          try {
            c = applyAction(c, action, INPUT[action] as never, ctx(actors[who])).next;
          } catch {
            // refused
          }
          if (terminal) expect(c.state).toBe(terminal);
          if ((TERMINAL_STATES as readonly string[]).includes(c.state)) terminal = c.state;
        }
      }),
      { numRuns: 300 },
    );
  });

  it('offers every role only actions its role may take', () => {
    fc.assert(
      fc.property(stepArb, fc.constantFrom(...roleNames), (steps, who) => {
        let c = fresh();
        for (const [action, by] of steps) {
          try {
            c = applyAction(c, action, INPUT[action] as never, ctx(actors[by])).next;
          } catch {
            // refused
          }
        }
        for (const a of availableActions(c, actors[who])) {
          expect(ACTION_RULES[a].roles.some((r: Role) => actors[who].roles.includes(r))).toBe(true);
          expect(ACTION_RULES[a].from).toContain(c.state);
        }
      }),
      { numRuns: 200 },
    );
  });
});
