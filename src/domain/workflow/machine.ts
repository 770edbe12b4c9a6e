// The case state machine: a pure function from (case, action, input, context) to the next case and its event.
import type { Limit, LimitUnit } from '../calendar';
import { WorkingCalendar } from '../calendar';
import { ACTION_RULES, type ActionInput, type ActionName, type PendingKind } from './actions';
import { STEP_OF_STATE, type CaseState, type CloseType, type Role, type Step } from './states';

export interface PendingRequest {
  kind: PendingKind;
  by: string;
  at: string; // ISO
  reason: string;
  extra?: Limit;
}

/** The part of a case the workflow reads and writes. */
export interface CaseSnapshot {
  state: CaseState;
  selfFix: boolean;
  classCode: string;
  filingCondition: string | null;
  departmentId: string | null;
  coDepartmentIds: string[];
  assigneeId: string | null;
  pending: PendingRequest | null;
  handleLimit: Limit | null;
  handleStartedAt: Date | null;
  handleDeadline: Date | null;
  handledAt: Date | null;
  stepStartedAt: Date | null;
  stepDeadline: Date | null;
  stepWarnAt: Date | null;
  stepUnit: LimitUnit | null;
  reworkCount: number;
  returnCount: number;
  extensionCount: number;
  closeType: CloseType | null;
  closedAt: Date | null;
}

export interface Actor {
  id: string;
  roles: readonly Role[];
  departmentId: string | null;
}

export type StepLimits = Record<Exclude<Step, 'handle'>, Limit>;

export const DEFAULT_STEP_LIMITS: StepLimits = {
  verify: { amount: 30, unit: 'working_minutes' },
  file: { amount: 10, unit: 'working_minutes' },
  dispatch: { amount: 10, unit: 'working_minutes' },
  accept: { amount: 30, unit: 'working_minutes' },
  check: { amount: 30, unit: 'working_minutes' },
  close: { amount: 30, unit: 'working_minutes' },
  approve: { amount: 60, unit: 'working_minutes' },
};

/** Urgent cases run every step on the clock (DOMAIN.md §5: "urgent hours"). */
export const URGENT_STEP_LIMITS: StepLimits = {
  verify: { amount: 15, unit: 'clock_minutes' },
  file: { amount: 5, unit: 'clock_minutes' },
  dispatch: { amount: 5, unit: 'clock_minutes' },
  accept: { amount: 15, unit: 'clock_minutes' },
  check: { amount: 30, unit: 'clock_minutes' },
  close: { amount: 30, unit: 'clock_minutes' },
  approve: { amount: 30, unit: 'clock_minutes' },
};

export interface WorkflowContext {
  now: Date;
  actor: Actor;
  calendar: WorkingCalendar;
  stepLimits: StepLimits;
  /** Share of a limit after which the light turns yellow (default 0.8). */
  warnShare?: number;
  /** The handling limit for the case's class and filing condition, resolved by the caller (权责清单). */
  handleLimit?: Limit | null;
  /** Where that limit came from (e.g. a special campaign's tighter limit), recorded in the filing event. */
  handleLimitBasis?: Record<string, unknown> | null;
}

/**
 * The instant a step's light turns yellow: when the used share of its limit reaches `share`,
 * measured in the limit's own kind of time (working minutes for working limits, clock time otherwise).
 */
export function warnAt(cal: WorkingCalendar, start: Date, deadline: Date, unit: LimitUnit, share: number): Date {
  const working = unit.startsWith('working_');
  const total = working ? cal.workingMinutesBetween(start, deadline) : (deadline.getTime() - start.getTime()) / 60_000;
  return cal.addLimit(start, { amount: Math.max(0, total * share), unit: working ? 'working_minutes' : 'clock_minutes' });
}

export interface TransitionEvent {
  action: ActionName;
  fromState: CaseState;
  toState: CaseState;
  role: Role;
  note: string | null;
  photoIds: string[];
  payload: Record<string, unknown>;
}

export interface TransitionResult {
  next: CaseSnapshot;
  event: TransitionEvent;
}

export type WorkflowErrorCode =
  | 'TRANSITION_NOT_ALLOWED'
  | 'ROLE_NOT_ALLOWED'
  | 'NOT_ASSIGNEE'
  | 'NOT_CASE_DEPARTMENT'
  | 'PENDING_REQUEST_EXISTS'
  | 'NO_PENDING_REQUEST'
  | 'NOT_SELF_FIX'
  | 'HANDLE_LIMIT_REQUIRED'
  | 'SAME_DEPARTMENT';

export class WorkflowError extends Error {
  constructor(
    readonly code: WorkflowErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'WorkflowError';
  }
}

/** What an operator may do with a self-fix (自处理) report awaiting review. */
const SELF_FIX_REVIEW: readonly ActionName[] = ['approveSelfFix', 'register', 'reject', 'comment', 'urge'];

/** The role under which the actor may take the action, or null. */
export function roleFor(action: ActionName, roles: readonly Role[]): Role | null {
  const allowed = ACTION_RULES[action].roles;
  return roles.find((r) => allowed.includes(r)) ?? null;
}

/** Every check of `applyAction` except input validation; returns the error it would raise, if any. */
export function refusal(c: CaseSnapshot, action: ActionName, actor: Actor): WorkflowError | null {
  const rule = ACTION_RULES[action];
  if (!rule.from.includes(c.state)) {
    return new WorkflowError('TRANSITION_NOT_ALLOWED', `"${action}" is not allowed in state "${c.state}"`);
  }
  if (!roleFor(action, actor.roles)) {
    return new WorkflowError('ROLE_NOT_ALLOWED', `"${action}" needs one of the roles ${rule.roles.join(', ')}`);
  }
  if (rule.pending) {
    const has = c.pending?.kind === rule.pending.kind;
    if (rule.pending.present && !has) {
      return new WorkflowError('NO_PENDING_REQUEST', `"${action}" needs a pending ${rule.pending.kind} request`);
    }
    if (!rule.pending.present && c.pending) {
      return new WorkflowError('PENDING_REQUEST_EXISTS', `a ${c.pending.kind} request is waiting for a decision`);
    }
  }
  if (rule.assigneeOnly && c.assigneeId !== actor.id) {
    return new WorkflowError('NOT_ASSIGNEE', 'only the inspector who got the task may answer it');
  }
  if (rule.departmentOnly && (!actor.departmentId || c.departmentId !== actor.departmentId)) {
    return new WorkflowError('NOT_CASE_DEPARTMENT', 'only the department holding the case may do this');
  }
  if (rule.selfFixOnly && !c.selfFix) {
    return new WorkflowError('NOT_SELF_FIX', 'the case is not a self-fix report');
  }
  if (c.selfFix && c.state === 'reported' && !SELF_FIX_REVIEW.includes(action)) {
    return new WorkflowError('TRANSITION_NOT_ALLOWED', 'a self-fix report is approved, registered as an ordinary case or rejected');
  }
  return null;
}

/** The actions the actor may take on the case now (for the UI's action buttons). */
export function availableActions(c: CaseSnapshot, actor: Actor): ActionName[] {
  return (Object.keys(ACTION_RULES) as ActionName[]).filter((a) => refusal(c, a, actor) === null);
}

type StepFields = Pick<CaseSnapshot, 'stepStartedAt' | 'stepDeadline' | 'stepWarnAt' | 'stepUnit'>;

function stepFields(ctx: Pick<WorkflowContext, 'calendar' | 'warnShare'>, start: Date, deadline: Date, unit: LimitUnit): StepFields {
  return { stepStartedAt: start, stepDeadline: deadline, stepUnit: unit, stepWarnAt: warnAt(ctx.calendar, start, deadline, unit, ctx.warnShare ?? 0.8) };
}

function startStep(c: CaseSnapshot, state: CaseState, ctx: WorkflowContext): StepFields {
  const step = STEP_OF_STATE[state];
  if (step === null) return { stepStartedAt: null, stepDeadline: null, stepWarnAt: null, stepUnit: null };
  if (step === 'handle') {
    // The handling clock is the case's handling deadline, which survives accept and moves with extensions.
    return stepFields(ctx, c.handleStartedAt!, c.handleDeadline!, c.handleLimit!.unit);
  }
  const limit = ctx.stepLimits[step];
  return stepFields(ctx, ctx.now, ctx.calendar.addLimit(ctx.now, limit), limit.unit);
}

/** Starts a fresh handling period at a department (dispatch, re-dispatch, rework, resume). */
function startHandling(c: CaseSnapshot, ctx: WorkflowContext): Pick<CaseSnapshot, 'handleStartedAt' | 'handleDeadline'> {
  const limit = c.handleLimit;
  if (!limit) throw new WorkflowError('HANDLE_LIMIT_REQUIRED', 'the case has no handling limit; file it first');
  return { handleStartedAt: ctx.now, handleDeadline: ctx.calendar.addLimit(ctx.now, limit) };
}

/**
 * Applies one action. Input must already be validated against `ActionInputSchemas[action]`.
 * Throws WorkflowError when the action is not allowed; never mutates its arguments.
 */
export function applyAction<A extends ActionName>(
  c: CaseSnapshot,
  action: A,
  input: ActionInput<A>,
  ctx: WorkflowContext,
): TransitionResult {
  const refused = refusal(c, action, ctx.actor);
  if (refused) throw refused;
  const role = roleFor(action, ctx.actor.roles)!;
  const i = input as Record<string, unknown>;
  const note = (typeof i.note === 'string' && i.note) || (typeof i.reason === 'string' && i.reason) || null;
  const photoIds = Array.isArray(i.photoIds) ? (i.photoIds as string[]) : [];
  const payload: Record<string, unknown> = {};
  let n: CaseSnapshot = { ...c };
  const nowIso = ctx.now.toISOString();

  switch (action) {
    case 'sendVerify': {
      const { inspectorId } = input as ActionInput<'sendVerify'>;
      n = { ...n, state: 'verifying', assigneeId: inspectorId };
      payload.inspectorId = inspectorId;
      break;
    }
    case 'verify': {
      const { result, duplicateOf } = input as ActionInput<'verify'>;
      n = { ...n, state: result === 'true' ? 'verified' : 'invalid', assigneeId: null };
      payload.result = result;
      if (duplicateOf) payload.duplicateOf = duplicateOf;
      break;
    }
    case 'register':
      n = { ...n, state: 'verified', assigneeId: null };
      break;
    case 'reject': {
      const { duplicateOf } = input as ActionInput<'reject'>;
      n = { ...n, state: 'invalid', assigneeId: null };
      if (duplicateOf) payload.duplicateOf = duplicateOf;
      break;
    }
    case 'file': {
      const { classCode, filingCondition } = input as ActionInput<'file'>;
      if (!ctx.handleLimit) throw new WorkflowError('HANDLE_LIMIT_REQUIRED', 'no handling limit for this class and filing condition');
      n = { ...n, state: 'filed', classCode: classCode ?? c.classCode, filingCondition, handleLimit: ctx.handleLimit };
      payload.classCode = n.classCode;
      payload.filingCondition = filingCondition;
      payload.handleLimit = ctx.handleLimit;
      if (ctx.handleLimitBasis) payload.handleLimitBasis = ctx.handleLimitBasis;
      break;
    }
    case 'requestCancel':
      n = { ...n, pending: { kind: 'cancel', by: ctx.actor.id, at: nowIso, reason: note ?? '' } };
      break;
    case 'approveCancel':
      n = { ...n, state: 'cancelled', pending: null, closedAt: ctx.now };
      break;
    case 'rejectCancel':
    case 'denyExtension':
    case 'denySuspension':
      payload.request = c.pending;
      n = { ...n, pending: null };
      break;
    case 'dispatch': {
      const { departmentId, coDepartmentIds } = input as ActionInput<'dispatch'>;
      n = { ...n, state: 'dispatched', departmentId, coDepartmentIds: coDepartmentIds ?? [] };
      n = { ...n, ...startHandling(n, ctx) };
      payload.departmentId = departmentId;
      payload.handleDeadline = n.handleDeadline!.toISOString();
      break;
    }
    case 'accept':
      n = { ...n, state: 'handling' };
      break;
    case 'requestReturn':
      n = { ...n, state: 'returned', pending: null };
      payload.departmentId = c.departmentId;
      break;
    case 'redispatch': {
      const { departmentId } = input as ActionInput<'redispatch'>;
      if (departmentId === c.departmentId) {
        throw new WorkflowError('SAME_DEPARTMENT', 're-dispatch must go to another department; refuse the return instead');
      }
      n = { ...n, state: 'dispatched', departmentId, coDepartmentIds: [], returnCount: c.returnCount + 1 };
      n = { ...n, ...startHandling(n, ctx) };
      payload.fromDepartmentId = c.departmentId;
      payload.departmentId = departmentId;
      payload.handleDeadline = n.handleDeadline!.toISOString();
      break;
    }
    case 'rejectReturn':
      n = { ...n, state: 'handling' };
      break;
    case 'requestExtension': {
      const { extra } = input as ActionInput<'requestExtension'>;
      n = { ...n, pending: { kind: 'extension', by: ctx.actor.id, at: nowIso, reason: note ?? '', extra } };
      payload.extra = extra;
      break;
    }
    case 'approveExtension': {
      const extra = c.pending!.extra!;
      const base = c.handleDeadline ?? ctx.now;
      const deadline = ctx.calendar.addLimit(base, extra);
      n = { ...n, pending: null, handleDeadline: deadline, extensionCount: c.extensionCount + 1 };
      payload.extra = extra;
      payload.previousDeadline = base.toISOString();
      payload.handleDeadline = deadline.toISOString();
      break;
    }
    case 'requestSuspension':
      n = { ...n, pending: { kind: 'suspension', by: ctx.actor.id, at: nowIso, reason: note ?? '' } };
      break;
    case 'approveSuspension':
      n = { ...n, state: 'suspended', pending: null };
      payload.request = c.pending;
      break;
    case 'resume':
      n = { ...n, state: 'handling', ...startHandling(c, ctx) };
      payload.handleDeadline = n.handleDeadline!.toISOString();
      break;
    case 'handle':
      n = { ...n, state: 'handled', handledAt: ctx.now };
      payload.inTime = c.handleDeadline ? ctx.now.getTime() <= c.handleDeadline.getTime() : true;
      break;
    case 'sendCheck': {
      const { inspectorId } = input as ActionInput<'sendCheck'>;
      n = { ...n, state: 'checking', assigneeId: inspectorId };
      payload.inspectorId = inspectorId;
      break;
    }
    case 'check': {
      const { result } = input as ActionInput<'check'>;
      payload.result = result;
      if (result === 'fixed') {
        n = { ...n, state: 'checked', assigneeId: null };
      } else {
        // Rework (返工): back to the same department with a fresh handling period.
        n = { ...n, state: 'dispatched', assigneeId: null, handledAt: null, reworkCount: c.reworkCount + 1 };
        n = { ...n, ...startHandling(n, ctx) };
        payload.rework = true;
        payload.departmentId = c.departmentId;
        payload.handleDeadline = n.handleDeadline!.toISOString();
      }
      break;
    }
    case 'close': {
      const { closeType } = input as ActionInput<'close'>;
      const computed: CloseType =
        c.state === 'suspended'
          ? 'special'
          : c.handledAt && c.handleDeadline && c.handledAt.getTime() > c.handleDeadline.getTime()
            ? 'overdue'
            : 'normal';
      n = { ...n, state: 'closed', closeType: closeType ?? computed, closedAt: ctx.now };
      payload.closeType = n.closeType;
      break;
    }
    case 'approveSelfFix':
      n = { ...n, state: 'closed', closeType: 'normal', closedAt: ctx.now, handledAt: c.handledAt ?? ctx.now };
      payload.closeType = 'normal';
      break;
    case 'urge':
    case 'comment':
      break;
    default: {
      const exhaustive: never = action as never;
      throw new Error(`unhandled action ${String(exhaustive)}`);
    }
  }

  if (n.state !== c.state || action === 'rejectReturn') {
    n = { ...n, ...startStep(n, n.state, ctx) };
  } else if (action === 'approveExtension') {
    n = { ...n, ...stepFields(ctx, n.handleStartedAt!, n.handleDeadline!, n.handleLimit!.unit) };
  }
  return { next: n, event: { action, fromState: c.state, toState: n.state, role, note, photoIds, payload } };
}

/** A new case's workflow fields at intake. */
export function initialSnapshot(
  input: { classCode: string; selfFix: boolean },
  ctx: Pick<WorkflowContext, 'now' | 'calendar' | 'stepLimits' | 'warnShare'>,
): CaseSnapshot {
  const limit = ctx.stepLimits.verify;
  return {
    ...stepFields(ctx, ctx.now, ctx.calendar.addLimit(ctx.now, limit), limit.unit),
    state: 'reported',
    selfFix: input.selfFix,
    classCode: input.classCode,
    filingCondition: null,
    departmentId: null,
    coDepartmentIds: [],
    assigneeId: null,
    pending: null,
    handleLimit: null,
    handleStartedAt: null,
    handleDeadline: null,
    handledAt: input.selfFix ? ctx.now : null,
    reworkCount: 0,
    returnCount: 0,
    extensionCount: 0,
    closeType: null,
    closedAt: null,
  };
}
