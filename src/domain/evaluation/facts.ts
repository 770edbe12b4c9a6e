// From one case's event log to the facts the evaluation counts: one case-level record, and one record per timed step
// (task). Pure: the only time used is what the events recorded; "now" enters later, when counting.
import type { CaseSource, CaseState } from '../workflow';
import type { TaskStep } from './indicators';
import { RATE_ACTION, RatingSchema, type Satisfaction } from './rating';

/** One row of the case event log, as stored (see case_events). */
export interface EvalEvent {
  seq: number;
  action: string;
  fromState: CaseState | null;
  toState: CaseState;
  role: string;
  actorId: string | null;
  at: Date;
  /** Deadline of the step this event ended, as in force at the time (after extensions); null if no step ended. */
  stepDeadline: Date | null;
  /** The department holding the case after the event. */
  departmentId: string | null;
  payload: Record<string, unknown>;
}

/** What the evaluation needs of the case itself besides its log. */
export interface EvalCase {
  id: string;
  source: CaseSource;
  selfFix: boolean;
  urgent: boolean;
  kind: string;
  classCode: string;
  gridCode: string | null;
  communityCode: string | null;
  streetCode: string | null;
  /** The inspector who reported it (set for inspectors' own reports). */
  reporterId: string | null;
  /** Current state and current step deadline: the deadline of a step still running is not in the log yet. */
  state: CaseState;
  stepDeadline: Date | null;
}

export interface CaseFacts {
  caseId: string;
  source: CaseSource;
  selfFix: boolean;
  kind: string;
  classCode: string;
  gridCode: string | null;
  communityCode: string | null;
  streetCode: string | null;
  reportedAt: Date;
  reporterId: string | null;
  /** Filed, or approved as a self-fix: the report was a real problem (有效上报). */
  valid: boolean;
  filedAt: Date | null;
  /** Cancelled (作废) after it was filed. */
  cancelled: boolean;
  /** The department holding the case last (the one judged on its handling). */
  departmentId: string | null;
  /** The handling deadline in force now (moved by extensions, renewed by re-dispatch, rework and resume). */
  handleDeadline: Date | null;
  /** The latest report of the work done (处置反馈), and whether it met the deadline in force then. */
  handledAt: Date | null;
  handledInTime: boolean;
  closedAt: Date | null;
  /** Suspended (挂账) now, or closed while suspended: out of the handling metrics. */
  suspended: boolean;
  /** Every return to the same department after a failed check (返工), and those at the last department. */
  reworks: number;
  reworksAtDepartment: number;
  /** Hotline response: the first dispatch, the deadline to react by, and the department's first reaction. */
  firstDispatchAt: Date | null;
  respondDeadline: Date | null;
  respondedAt: Date | null;
  /** The latest citizen rating, if any. */
  satisfaction: Satisfaction | null;
  ratedAt: Date | null;
  /** Overdue escalations (超时升级) on the case: its `escalate` events. */
  escalations: number;
}

/** One run of a timed step: from entering the step's state to leaving it (or still running). */
export interface TaskFacts {
  caseId: string;
  /** Seq of the event that started the step: unique within the case. */
  ord: number;
  step: TaskStep;
  /** The inspector the task was sent to (verify, check), else whoever completed the step; null if nobody did yet. */
  personId: string | null;
  startedAt: Date;
  deadline: Date | null;
  endedAt: Date | null;
  /** Ended by completing it (not withdrawn by someone else, e.g. an operator registering a report under verification). */
  done: boolean;
  inTime: boolean;
  /**
   * When the step fell due and counts: when done, or at its deadline if that came first (also for steps still
   * running: counted once that instant is past). Null for steps withdrawn before their deadline: never due.
   */
  settledAt: Date | null;
  /** file: the case was cancelled afterwards (not accurately filed); dispatch: the department returned it and it was re-dispatched. */
  flag: boolean;
}

export interface DeriveOptions {
  /** The deadline for a department to react to a dispatch (the accept step limit): feeds the hotline response rate. */
  respondDeadline?: (dispatchedAt: Date, urgent: boolean) => Date;
}

/** The timed state each evaluated step runs in. */
const STEP_OF: Partial<Record<CaseState, TaskStep>> = {
  reported: 'intake',
  verifying: 'verify',
  verified: 'file',
  filed: 'dispatch',
  handled: 'sendCheck',
  checking: 'check',
  checked: 'close',
};

/** The actions that complete each step; any other way out withdraws it. */
const COMPLETES: Record<TaskStep, readonly string[]> = {
  intake: ['sendVerify', 'register', 'reject', 'approveSelfFix'],
  verify: ['verify'],
  file: ['file'],
  dispatch: ['dispatch'],
  sendCheck: ['sendCheck'],
  check: ['check'],
  close: ['close'],
};

/** Steps answered by the inspector a task was sent to: the task is theirs even when it is missed. */
const ASSIGNED: readonly TaskStep[] = ['verify', 'check'];

const REACTIONS = ['accept', 'requestReturn'];
const DEADLINE_SETTERS = ['dispatch', 'redispatch', 'check', 'resume', 'approveExtension'];

function isoDate(v: unknown): Date | null {
  if (typeof v !== 'string') return null;
  const d = new Date(v);
  return Number.isFinite(d.getTime()) ? d : null;
}

function settle(done: boolean, endedAt: Date | null, deadline: Date | null): { inTime: boolean; settledAt: Date | null } {
  if (done) {
    const late = deadline !== null && endedAt!.getTime() > deadline.getTime();
    return { inTime: !late, settledAt: late ? deadline : endedAt };
  }
  if (deadline === null) return { inTime: false, settledAt: null };
  // Withdrawn: missed only if the deadline had passed by then. Still running: due once the deadline passes.
  if (endedAt !== null && endedAt.getTime() <= deadline.getTime()) return { inTime: false, settledAt: null };
  return { inTime: false, settledAt: deadline };
}

/** Derives the facts of one case from its full event log (any order; sorted by seq here). */
export function deriveFacts(c: EvalCase, log: readonly EvalEvent[], opts: DeriveOptions = {}): { facts: CaseFacts; tasks: TaskFacts[] } {
  const events = [...log].sort((a, b) => a.seq - b.seq);
  if (events.length === 0) throw new RangeError(`case ${c.id} has no events`);
  const tasks: TaskFacts[] = [];
  let open: { step: TaskStep; ord: number; startedAt: Date; assignee: string | null } | null = null;

  const f: CaseFacts = {
    caseId: c.id,
    source: c.source,
    selfFix: c.selfFix,
    kind: c.kind,
    classCode: c.classCode,
    gridCode: c.gridCode,
    communityCode: c.communityCode,
    streetCode: c.streetCode,
    reportedAt: events[0].at,
    reporterId: c.reporterId,
    valid: false,
    filedAt: null,
    cancelled: false,
    departmentId: null,
    handleDeadline: null,
    handledAt: null,
    handledInTime: false,
    closedAt: null,
    suspended: false,
    reworks: 0,
    reworksAtDepartment: 0,
    firstDispatchAt: null,
    respondDeadline: null,
    respondedAt: null,
    satisfaction: null,
    ratedAt: null,
    escalations: 0,
  };
  let redispatched = false;
  const reworkDepartments: (string | null)[] = [];

  for (const e of events) {
    const changes = e.fromState !== e.toState;
    // Close the step that this event ends.
    if (open && changes) {
      const done = COMPLETES[open.step].includes(e.action);
      const deadline = e.stepDeadline;
      const personId = ASSIGNED.includes(open.step) ? open.assignee : done ? e.actorId : null;
      tasks.push({ caseId: c.id, ord: open.ord, step: open.step, personId, startedAt: open.startedAt, deadline, endedAt: e.at, done, flag: false, ...settle(done, e.at, deadline) });
      open = null;
    }
    if (changes) {
      const step = STEP_OF[e.toState];
      if (step) {
        const assignee = typeof e.payload.inspectorId === 'string' ? e.payload.inspectorId : null;
        open = { step, ord: e.seq, startedAt: e.at, assignee };
      }
    }

    switch (e.action) {
      case 'file':
        f.filedAt = e.at;
        break;
      case 'approveCancel':
        if (e.fromState === 'filed') f.cancelled = true;
        break;
      case 'dispatch':
        f.firstDispatchAt ??= e.at;
        break;
      case 'redispatch':
        redispatched = true;
        break;
      case 'handle':
        f.handledAt = e.at;
        f.handledInTime = e.stepDeadline === null || e.at.getTime() <= e.stepDeadline.getTime();
        break;
      case 'check':
        if (e.payload.rework === true || e.payload.result === 'not_fixed') reworkDepartments.push(e.departmentId);
        break;
      case 'approveSuspension':
        f.suspended = true;
        break;
      case 'resume':
        f.suspended = false;
        break;
      case 'close':
      case 'approveSelfFix':
        f.closedAt = e.at;
        break;
      case 'escalate':
        f.escalations++;
        break;
      case RATE_ACTION: {
        const r = RatingSchema.safeParse(e.payload);
        if (r.success) {
          f.satisfaction = r.data.satisfaction;
          f.ratedAt = e.at;
        }
        break;
      }
    }
    if (DEADLINE_SETTERS.includes(e.action)) f.handleDeadline = isoDate(e.payload.handleDeadline) ?? f.handleDeadline;
    if (f.firstDispatchAt && !f.respondedAt && REACTIONS.includes(e.action)) f.respondedAt = e.at;
    if (changes) f.departmentId = e.departmentId;
  }

  // A step still running: its deadline is the case's current one.
  if (open && STEP_OF[c.state] === open.step) {
    const deadline = c.stepDeadline;
    tasks.push({ caseId: c.id, ord: open.ord, step: open.step, personId: ASSIGNED.includes(open.step) ? open.assignee : null, startedAt: open.startedAt, deadline, endedAt: null, done: false, flag: false, ...settle(false, null, deadline) });
  }
  for (const t of tasks) {
    if (t.step === 'file') t.flag = f.cancelled;
    if (t.step === 'dispatch') t.flag = redispatched;
  }

  f.valid = f.filedAt !== null || (c.selfFix && f.closedAt !== null);
  f.reworks = reworkDepartments.length;
  f.reworksAtDepartment = reworkDepartments.filter((d) => d === f.departmentId).length;
  if (f.firstDispatchAt && opts.respondDeadline) f.respondDeadline = opts.respondDeadline(f.firstDispatchAt, c.urgent);
  return { facts: f, tasks };
}
