// The petition state machine: a pure function from (item, action, input, context) to the next item and its event.
// Time limits are natural days on the working calendar (periodEnd); every step's deadline and warning instant are
// derived from the item itself (stepOf), so they can never disagree with it.
import type { WorkingCalendar } from '../calendar';
import type { Role } from '../workflow/states';
import { PETITION_ACTION_RULES, type PetitionActionInput, type PetitionActionName } from './actions';
import { periodEnd, periodWarnAt, type PetitionLimits } from './limits';
import {
  PETITION_STEP_OF_STATE,
  PETITION_TERMINAL_STATES,
  type PetitionRoute,
  type PetitionSatisfaction,
  type PetitionState,
  type PetitionStep,
  type ReviewDecision,
} from './states';

/** The part of a petition item the workflow reads and writes. */
export interface PetitionSnapshot {
  state: PetitionState;
  /** When the office received the item (a letter's arrival, the visit, the call); the acceptance clock starts here. */
  receivedAt: Date;
  /** The 诉访分离 decision: 'petition' once accepted, the legal channel when routed out, null while undecided. */
  route: PetitionRoute | null;
  departmentId: string | null;
  acceptedAt: Date | null;
  /** The handling period in days, including an extension. */
  handleDays: number | null;
  handleDeadline: Date | null;
  extensionDays: number;
  repliedAt: Date | null;
  /** The petitioner may ask for a review until then. */
  reviewUntil: Date | null;
  satisfaction: PetitionSatisfaction | null;
  reviewRequestedAt: Date | null;
  reviewDeadline: Date | null;
  reviewDecision: ReviewDecision | null;
  closedAt: Date | null;
  /** The city-management case made from the item, if any. */
  caseId: string | null;
  step: PetitionStep | null;
  stepStartedAt: Date | null;
  stepDeadline: Date | null;
  stepWarnAt: Date | null;
}

export interface PetitionActor {
  id: string;
  roles: readonly Role[];
  departmentId: string | null;
}

export interface PetitionContext {
  now: Date;
  actor: PetitionActor;
  calendar: WorkingCalendar;
  limits: PetitionLimits;
}

export type PetitionErrorCode =
  | 'PETITION_TRANSITION_NOT_ALLOWED'
  | 'ROLE_NOT_ALLOWED'
  | 'NOT_PETITION_BODY'
  | 'EXTENSION_ALREADY_USED'
  | 'EXTENSION_TOO_LONG'
  | 'EXTENSION_TOO_LATE'
  | 'PETITION_ALREADY_RATED'
  | 'REVIEW_WINDOW_CLOSED'
  | 'PETITION_NOT_CLOSABLE'
  | 'PETITION_ALREADY_LINKED'
  | 'RECEIVED_IN_FUTURE';

export class PetitionWorkflowError extends Error {
  constructor(
    readonly code: PetitionErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'PetitionWorkflowError';
  }
}

export interface PetitionEvent {
  action: PetitionActionName | 'register';
  fromState: PetitionState | null;
  toState: PetitionState;
  role: Role;
  note: string | null;
  payload: Record<string, unknown>;
}

export interface PetitionTransition {
  next: PetitionSnapshot;
  event: PetitionEvent;
}

/** Step fields of an item, derived from its state and dates. */
export function stepOf(
  p: Omit<PetitionSnapshot, 'step' | 'stepStartedAt' | 'stepDeadline' | 'stepWarnAt'>,
  ctx: Pick<PetitionContext, 'calendar' | 'limits'>,
): Pick<PetitionSnapshot, 'step' | 'stepStartedAt' | 'stepDeadline' | 'stepWarnAt'> {
  const step = PETITION_STEP_OF_STATE[p.state];
  let start: Date | null = null;
  let end: Date | null = null;
  if (step === 'accept') {
    start = p.receivedAt;
    end = periodEnd(ctx.calendar, p.receivedAt, ctx.limits.acceptDays, ctx.limits.rollOverDaysOff);
  } else if (step === 'handle') {
    start = p.acceptedAt;
    end = p.handleDeadline;
  } else if (step === 'review') {
    start = p.reviewRequestedAt;
    end = p.reviewDeadline;
  }
  if (!step || !start || !end) return { step: null, stepStartedAt: null, stepDeadline: null, stepWarnAt: null };
  return { step, stepStartedAt: start, stepDeadline: end, stepWarnAt: periodWarnAt(start, end, ctx.limits.warnShare) };
}

/** A new item at registration, waiting for the decision on acceptance. */
export function registerPetition(receivedAt: Date, ctx: Pick<PetitionContext, 'now' | 'calendar' | 'limits'>): PetitionSnapshot {
  // A few minutes of clock difference between a phone and the server is not "the future".
  if (receivedAt.getTime() > ctx.now.getTime() + 5 * 60_000) {
    throw new PetitionWorkflowError('RECEIVED_IN_FUTURE', 'the item cannot have been received after now');
  }
  const base = {
    state: 'registered' as const,
    receivedAt,
    route: null,
    departmentId: null,
    acceptedAt: null,
    handleDays: null,
    handleDeadline: null,
    extensionDays: 0,
    repliedAt: null,
    reviewUntil: null,
    satisfaction: null,
    reviewRequestedAt: null,
    reviewDeadline: null,
    reviewDecision: null,
    closedAt: null,
    caseId: null,
  };
  return { ...base, ...stepOf(base, ctx) };
}

/** The role under which the actor may take the action (the rule's order of preference), or null. */
export function petitionRoleFor(action: PetitionActionName, roles: readonly Role[]): Role | null {
  return PETITION_ACTION_RULES[action].roles.find((r) => roles.includes(r)) ?? null;
}

/** Every check of applyPetitionAction that does not depend on the input; the error it would raise, if any. */
export function petitionRefusal(p: PetitionSnapshot, action: PetitionActionName, ctx: Pick<PetitionContext, 'now' | 'actor'>): PetitionWorkflowError | null {
  const rule = PETITION_ACTION_RULES[action];
  if (!rule.from.includes(p.state)) {
    return new PetitionWorkflowError('PETITION_TRANSITION_NOT_ALLOWED', `"${action}" is not allowed in state "${p.state}"`);
  }
  const role = petitionRoleFor(action, ctx.actor.roles);
  if (!role) return new PetitionWorkflowError('ROLE_NOT_ALLOWED', `"${action}" needs one of the roles ${rule.roles.join(', ')}`);
  if (rule.bodyOnly && role === 'department' && (!ctx.actor.departmentId || ctx.actor.departmentId !== p.departmentId)) {
    return new PetitionWorkflowError('NOT_PETITION_BODY', 'only the body the item is assigned to may do this');
  }
  const now = ctx.now.getTime();
  switch (action) {
    case 'extend':
      if (p.extensionDays > 0) return new PetitionWorkflowError('EXTENSION_ALREADY_USED', 'the handling period was already extended once');
      if (p.handleDeadline && now >= p.handleDeadline.getTime()) return new PetitionWorkflowError('EXTENSION_TOO_LATE', 'an extension must be decided before the period ends');
      break;
    case 'rate':
      if (p.satisfaction) return new PetitionWorkflowError('PETITION_ALREADY_RATED', 'the reply has already been rated');
      break;
    case 'requestReview':
      if (!p.reviewUntil || now >= p.reviewUntil.getTime()) return new PetitionWorkflowError('REVIEW_WINDOW_CLOSED', 'the time to ask for a review has passed');
      break;
    case 'close': {
      const windowOver = !!p.reviewUntil && now >= p.reviewUntil.getTime();
      const content = p.satisfaction === 'satisfied' || p.satisfaction === 'basic';
      if (!windowOver && !content) return new PetitionWorkflowError('PETITION_NOT_CLOSABLE', 'close after a satisfied rating or once the review window has passed');
      break;
    }
    case 'linkCase':
      if (p.caseId) return new PetitionWorkflowError('PETITION_ALREADY_LINKED', 'a case was already made from this item');
      break;
    default:
      break;
  }
  return null;
}

/** The actions the actor may take on the item now (for the UI's buttons). */
export function availablePetitionActions(p: PetitionSnapshot, ctx: Pick<PetitionContext, 'now' | 'actor'>): PetitionActionName[] {
  return (Object.keys(PETITION_ACTION_RULES) as PetitionActionName[]).filter((a) => petitionRefusal(p, a, ctx) === null);
}

/**
 * Applies one action. Input must already be validated against `PetitionActionInputSchemas[action]`.
 * Throws PetitionWorkflowError when the action is not allowed; never mutates its arguments.
 */
export function applyPetitionAction<A extends PetitionActionName>(
  p: PetitionSnapshot,
  action: A,
  input: PetitionActionInput<A>,
  ctx: PetitionContext,
): PetitionTransition {
  const refused = petitionRefusal(p, action, ctx);
  if (refused) throw refused;
  const role = petitionRoleFor(action, ctx.actor.roles)!;
  const { now, limits, calendar } = ctx;
  const end = (start: Date, days: number) => periodEnd(calendar, start, days, limits.rollOverDaysOff);
  const payload: Record<string, unknown> = {};
  let note: string | null = null;
  let n: PetitionSnapshot = { ...p };

  switch (action) {
    case 'accept': {
      const i = input as PetitionActionInput<'accept'>;
      const deadline = end(now, limits.handleDays);
      n = { ...n, state: 'accepted', route: 'petition', acceptedAt: now, handleDays: limits.handleDays, handleDeadline: deadline };
      payload.inTime = !p.stepDeadline || now.getTime() <= p.stepDeadline.getTime();
      payload.handleDeadline = deadline.toISOString();
      note = i.note ?? null;
      break;
    }
    case 'reject': {
      const i = input as PetitionActionInput<'reject'>;
      n = { ...n, state: 'not_accepted', closedAt: now };
      payload.inTime = !p.stepDeadline || now.getTime() <= p.stepDeadline.getTime();
      if (i.referTo) payload.referTo = i.referTo;
      note = i.reason;
      break;
    }
    case 'routeOut': {
      const i = input as PetitionActionInput<'routeOut'>;
      n = { ...n, state: 'routed_out', route: i.route, closedAt: now };
      payload.route = i.route;
      if (i.basis) payload.basis = i.basis;
      payload.guidance = i.guidance;
      note = i.guidance;
      break;
    }
    case 'assign': {
      const i = input as PetitionActionInput<'assign'>;
      n = { ...n, state: 'handling', departmentId: i.departmentId };
      payload.departmentId = i.departmentId;
      note = i.note ?? null;
      break;
    }
    case 'returnToOffice': {
      const i = input as PetitionActionInput<'returnToOffice'>;
      n = { ...n, state: 'accepted', departmentId: null };
      payload.departmentId = p.departmentId;
      note = i.reason;
      break;
    }
    case 'extend': {
      const i = input as PetitionActionInput<'extend'>;
      if (i.days > limits.maxExtensionDays) {
        throw new PetitionWorkflowError('EXTENSION_TOO_LONG', `an extension is at most ${limits.maxExtensionDays} days`);
      }
      const days = (p.handleDays ?? limits.handleDays) + i.days;
      const deadline = end(p.acceptedAt ?? now, days);
      n = { ...n, extensionDays: i.days, handleDays: days, handleDeadline: deadline };
      payload.days = i.days;
      payload.previousDeadline = p.handleDeadline?.toISOString() ?? null;
      payload.handleDeadline = deadline.toISOString();
      note = i.reason;
      break;
    }
    case 'reply': {
      const i = input as PetitionActionInput<'reply'>;
      const until = end(now, limits.reviewRequestDays);
      n = { ...n, state: 'replied', repliedAt: now, reviewUntil: until };
      payload.inTime = !p.handleDeadline || now.getTime() <= p.handleDeadline.getTime();
      payload.departmentId = p.departmentId;
      payload.reviewUntil = until.toISOString();
      note = i.text;
      break;
    }
    case 'rate': {
      const i = input as PetitionActionInput<'rate'>;
      n = { ...n, satisfaction: i.satisfaction };
      payload.satisfaction = i.satisfaction;
      note = i.comment ?? null;
      break;
    }
    case 'requestReview': {
      const i = input as PetitionActionInput<'requestReview'>;
      const deadline = end(now, limits.reviewDecisionDays);
      n = { ...n, state: 'reviewing', reviewRequestedAt: now, reviewDeadline: deadline };
      payload.reviewDeadline = deadline.toISOString();
      note = i.reason;
      break;
    }
    case 'decideReview': {
      const i = input as PetitionActionInput<'decideReview'>;
      n = { ...n, state: 'reviewed', reviewDecision: i.decision, closedAt: now };
      payload.decision = i.decision;
      payload.inTime = !p.reviewDeadline || now.getTime() <= p.reviewDeadline.getTime();
      note = i.opinion;
      break;
    }
    case 'close': {
      const i = input as PetitionActionInput<'close'>;
      n = { ...n, state: 'closed', closedAt: now };
      note = i.note ?? null;
      break;
    }
    case 'linkCase': {
      const i = input as PetitionActionInput<'linkCase'>;
      n = { ...n, caseId: i.caseId };
      payload.caseId = i.caseId;
      payload.caseNumber = i.caseNumber;
      break;
    }
    case 'comment':
      note = (input as PetitionActionInput<'comment'>).note;
      break;
    default: {
      const exhaustive: never = action as never;
      throw new Error(`unhandled action ${String(exhaustive)}`);
    }
  }

  n = { ...n, ...stepOf(n, ctx) };
  return { next: n, event: { action, fromState: p.state, toState: n.state, role, note, payload } };
}

export function isPetitionTerminal(state: PetitionState): boolean {
  return PETITION_TERMINAL_STATES.includes(state);
}
