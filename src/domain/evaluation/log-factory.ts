// Test factory: builds a case's event log by running the real workflow machine, the way the case service records it
// (step deadlines as in force, the department after each event). For unit and property tests of the evaluation.
import { CALENDAR_2026, WorkingCalendar, type Limit } from '../calendar';
import {
  DEFAULT_STEP_LIMITS,
  applyAction,
  initialSnapshot,
  type ActionInput,
  type ActionName,
  type CaseSnapshot,
  type CaseSource,
  type Role,
} from '../workflow';
import type { CaseLog } from './evaluate';
import type { EvalEvent } from './facts';

export const TEST_CALENDAR = new WorkingCalendar(CALENDAR_2026);
export const TWO_WORKING_HOURS: Limit = { amount: 2, unit: 'working_hours' };

export interface LogActor {
  id: string;
  roles: Role[];
  departmentId?: string | null;
}

export const ACTORS = {
  inspector: { id: 'inspector-1', roles: ['inspector'] },
  inspector2: { id: 'inspector-2', roles: ['inspector'] },
  operator: { id: 'operator-1', roles: ['operator'] },
  chief: { id: 'chief-1', roles: ['chief'] },
  dispatcher: { id: 'dispatcher-1', roles: ['dispatcher'] },
  deptA: { id: 'handler-a', roles: ['department'], departmentId: 'dept-a' },
  deptB: { id: 'handler-b', roles: ['department'], departmentId: 'dept-b' },
  citizen: { id: 'citizen-1', roles: ['citizen'] },
} satisfies Record<string, LogActor>;

export interface NewCase {
  id: string;
  at: Date;
  source?: CaseSource;
  selfFix?: boolean;
  reporter?: LogActor;
  gridCode?: string;
  communityCode?: string;
  streetCode?: string;
  kind?: string;
  classCode?: string;
}

export class CaseLogBuilder {
  private snap: CaseSnapshot;
  private readonly events: EvalEvent[] = [];
  now: Date;

  constructor(private readonly c: Required<Omit<NewCase, 'reporter'>> & { reporter: LogActor }) {
    this.now = c.at;
    this.snap = initialSnapshot({ classCode: c.classCode, selfFix: c.selfFix }, { now: c.at, calendar: TEST_CALENDAR, stepLimits: DEFAULT_STEP_LIMITS });
    this.events.push({
      seq: 1,
      action: c.selfFix ? 'reportSelfFix' : 'report',
      fromState: null,
      toState: 'reported',
      role: c.reporter.roles[0],
      actorId: c.reporter.id,
      at: c.at,
      stepDeadline: null,
      departmentId: null,
      payload: { source: c.source },
    });
  }

  /** Moves the clock on by clock minutes. */
  wait(minutes: number): this {
    this.now = new Date(this.now.getTime() + minutes * 60_000);
    return this;
  }

  /** Moves the clock to an instant. */
  until(at: Date): this {
    this.now = at;
    return this;
  }

  act<A extends ActionName>(action: A, input: ActionInput<A>, actor: LogActor, handleLimit: Limit = TWO_WORKING_HOURS): this {
    const { next, event } = applyAction(this.snap, action, input, {
      now: this.now,
      actor: { id: actor.id, roles: actor.roles, departmentId: actor.departmentId ?? null },
      calendar: TEST_CALENDAR,
      stepLimits: DEFAULT_STEP_LIMITS,
      handleLimit,
    });
    this.events.push({
      seq: this.events.length + 1,
      action,
      fromState: event.fromState,
      toState: event.toState,
      role: event.role,
      actorId: actor.id,
      at: this.now,
      stepDeadline: event.fromState !== event.toState ? this.snap.stepDeadline : null,
      departmentId: next.departmentId,
      payload: event.payload,
    });
    this.snap = next;
    return this;
  }

  /** Appends an event the machine does not know yet (e.g. a citizen's `rate`). */
  record(action: string, payload: Record<string, unknown>, actor: LogActor): this {
    this.events.push({
      seq: this.events.length + 1,
      action,
      fromState: this.snap.state,
      toState: this.snap.state,
      role: actor.roles[0],
      actorId: actor.id,
      at: this.now,
      stepDeadline: null,
      departmentId: this.snap.departmentId,
      payload,
    });
    return this;
  }

  get snapshot(): CaseSnapshot {
    return this.snap;
  }

  log(): CaseLog {
    return {
      case: {
        id: this.c.id,
        source: this.c.source,
        selfFix: this.c.selfFix,
        urgent: false,
        kind: this.c.kind,
        classCode: this.snap.classCode,
        gridCode: this.c.gridCode,
        communityCode: this.c.communityCode,
        streetCode: this.c.streetCode,
        reporterId: this.c.source === 'inspector' && this.c.reporter.roles.includes('inspector') ? this.c.reporter.id : null,
        state: this.snap.state,
        stepDeadline: this.snap.stepDeadline,
      },
      events: [...this.events],
    };
  }
}

export function newCase(c: NewCase): CaseLogBuilder {
  const source = c.source ?? 'inspector';
  return new CaseLogBuilder({
    id: c.id,
    at: c.at,
    source,
    selfFix: c.selfFix ?? false,
    reporter: c.reporter ?? (source === 'inspector' ? ACTORS.inspector : ACTORS.operator),
    gridCode: c.gridCode ?? '220106001001001',
    communityCode: c.communityCode ?? '220106001001',
    streetCode: c.streetCode ?? '220106001',
    kind: c.kind ?? 'matter',
    classCode: c.classCode ?? '09006',
  });
}

/** The usual path up to a state, every step done at once (in time), the department being dept-a. */
export function drive(b: CaseLogBuilder, to: 'filed' | 'dispatched' | 'handling' | 'handled' | 'checked' | 'closed'): CaseLogBuilder {
  const order = ['filed', 'dispatched', 'handling', 'handled', 'checked', 'closed'];
  const upto = order.indexOf(to);
  b.act('register', {}, ACTORS.operator).act('file', { filingCondition: 'M-test' }, ACTORS.chief);
  if (upto >= 1) b.act('dispatch', { departmentId: 'dept-a' }, ACTORS.dispatcher);
  if (upto >= 2) b.act('accept', {}, ACTORS.deptA);
  if (upto >= 3) b.act('handle', { photoIds: ['00000000-0000-4000-8000-000000000001'] }, ACTORS.deptA);
  if (upto >= 4) b.act('sendCheck', { inspectorId: ACTORS.inspector.id }, ACTORS.operator).act('check', { result: 'fixed' }, ACTORS.inspector);
  if (upto >= 5) b.act('close', {}, ACTORS.chief);
  return b;
}
