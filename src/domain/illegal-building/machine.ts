// The illegal building register's state machine (违法建设): found → filed → notice served → deadline passed →
// demolished / confiscated / retained with a penalty, with partial demolitions recorded on the way. Pure: dates are passed in.

export const BUILDING_STATES = [
  'found', // 发现: on the register, not yet filed
  'filed', // 立案: an enforcement case is open
  'notice_served', // 已送达: the order to demolish or rectify by a deadline (限期拆除/改正通知书) has been served
  'deadline_passed', // 期满未改正: the deadline passed without rectification; enforcement follows
  'demolished', // 已拆除 (terminal)
  'confiscated', // 没收 (terminal)
  'retained', // 罚款保留: kept after a fine, where the law allows (terminal)
  'dismissed', // 撤销: found not to be illegal (permits exist) or a duplicate entry (terminal)
] as const;
export type BuildingState = (typeof BUILDING_STATES)[number];

export const TERMINAL_BUILDING_STATES: readonly BuildingState[] = ['demolished', 'confiscated', 'retained', 'dismissed'];
/** States in which the structure still stands as an unresolved illegal building. */
export const STANDING_STATES: readonly BuildingState[] = ['found', 'filed', 'notice_served', 'deadline_passed'];

export type BuildingAction = 'file' | 'dismiss' | 'serveNotice' | 'expire' | 'demolish' | 'confiscate' | 'retain';

/** The inputs of each action. Dates are Shanghai calendar days 'YYYY-MM-DD': when it happened, not when it was typed. */
export interface BuildingActionInputs {
  file: { on: string; caseNo?: string };
  dismiss: { on: string; reason: string };
  serveNotice: { on: string; noticeNo: string; deadline: string };
  expire: { on: string };
  /**
   * A demolition, whole or partial. `complete` ends it as demolished (the rest was removed without measuring, or the
   * area was overstated); otherwise the state stays (partial demolition) until the whole recorded area is down.
   */
  demolish: { on: string; areaM2: number; method: 'self' | 'forced'; complete: boolean };
  confiscate: { on: string; decisionNo: string };
  retain: { on: string; decisionNo: string; fineYuan: number };
}

export interface BuildingRule {
  from: readonly BuildingState[];
  /** The state after the action; null: decided by the input (demolish: complete or partial). */
  to: BuildingState | null;
  labelZh: string;
  labelEn: string;
}

/** Who may go where: the table to read. */
export const BUILDING_RULES: Record<BuildingAction, BuildingRule> = {
  file: { from: ['found'], to: 'filed', labelZh: '立案', labelEn: 'File' },
  dismiss: { from: ['found', 'filed'], to: 'dismissed', labelZh: '撤销', labelEn: 'Dismiss' },
  serveNotice: { from: ['filed'], to: 'notice_served', labelZh: '送达限期整改通知', labelEn: 'Serve notice' },
  expire: { from: ['notice_served'], to: 'deadline_passed', labelZh: '登记期满未整改', labelEn: 'Record deadline passed' },
  // Demolition may come at any point after filing: 即查即拆 for new building, the owner's own demolition within the
  // deadline, or forced demolition after it.
  demolish: { from: ['filed', 'notice_served', 'deadline_passed'], to: null, labelZh: '拆除', labelEn: 'Demolish' },
  confiscate: { from: ['notice_served', 'deadline_passed'], to: 'confiscated', labelZh: '没收', labelEn: 'Confiscate' },
  retain: { from: ['notice_served', 'deadline_passed'], to: 'retained', labelZh: '罚款保留', labelEn: 'Retain with penalty' },
};

export const BUILDING_ACTIONS = Object.keys(BUILDING_RULES) as BuildingAction[];

/** What the machine reads and writes of a register entry. */
export interface BuildingSnapshot {
  state: BuildingState;
  areaM2: number;
  demolishedM2: number;
  foundOn: string;
  /** The rectification deadline of the served notice. */
  deadline: string | null;
  /** Day of the latest recorded step (the found date at first): steps cannot be dated before it. */
  lastOn: string;
  /** Day the entry reached a terminal state. */
  closedOn: string | null;
}

export type BuildingErrorCode =
  | 'BUILDING_TRANSITION_NOT_ALLOWED'
  | 'BUILDING_DATE_INVALID'
  | 'DEADLINE_NOT_PASSED'
  | 'DEMOLISHED_AREA_EXCEEDS';

export class BuildingError extends Error {
  constructor(
    readonly code: BuildingErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'BuildingError';
  }
}

export interface BuildingTransition {
  next: BuildingSnapshot;
  event: { action: BuildingAction; fromState: BuildingState; toState: BuildingState; on: string; areaM2: number | null; payload: Record<string, unknown> };
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The actions allowed from a state (for the UI's buttons). */
export function allowedBuildingActions(state: BuildingState): BuildingAction[] {
  return BUILDING_ACTIONS.filter((a) => BUILDING_RULES[a].from.includes(state));
}

/** Remaining standing area (m²) after demolitions so far. */
export function remainingArea(s: Pick<BuildingSnapshot, 'areaM2' | 'demolishedM2'>): number {
  return Math.max(0, round2(s.areaM2 - s.demolishedM2));
}

const round2 = (x: number) => Math.round(x * 100) / 100;

/**
 * Applies one step to a register entry. `today` is the current Shanghai day: steps cannot be dated in the future,
 * nor before the previous step. Throws BuildingError; never mutates its arguments.
 */
export function applyBuildingAction<A extends BuildingAction>(s: BuildingSnapshot, action: A, input: BuildingActionInputs[A], today: string): BuildingTransition {
  const rule = BUILDING_RULES[action];
  if (!rule.from.includes(s.state)) {
    throw new BuildingError('BUILDING_TRANSITION_NOT_ALLOWED', `"${action}" is not allowed in state "${s.state}"`);
  }
  const on = input.on;
  if (!DAY.test(on)) throw new BuildingError('BUILDING_DATE_INVALID', `not a day: ${on}`);
  if (on > today) throw new BuildingError('BUILDING_DATE_INVALID', `${on} is in the future`);
  if (on < s.lastOn) throw new BuildingError('BUILDING_DATE_INVALID', `${on} is before the previous step (${s.lastOn})`);

  let next: BuildingSnapshot = { ...s, lastOn: on };
  let areaM2: number | null = null;
  const payload: Record<string, unknown> = {};
  switch (action) {
    case 'file': {
      const i = input as BuildingActionInputs['file'];
      next.state = 'filed';
      if (i.caseNo) payload.caseNo = i.caseNo;
      break;
    }
    case 'dismiss':
      next.state = 'dismissed';
      payload.reason = (input as BuildingActionInputs['dismiss']).reason;
      break;
    case 'serveNotice': {
      const i = input as BuildingActionInputs['serveNotice'];
      if (!DAY.test(i.deadline) || i.deadline < on) throw new BuildingError('BUILDING_DATE_INVALID', `the deadline ${i.deadline} is before the notice (${on})`);
      next = { ...next, state: 'notice_served', deadline: i.deadline };
      payload.noticeNo = i.noticeNo;
      payload.deadline = i.deadline;
      break;
    }
    case 'expire':
      if (!s.deadline || on <= s.deadline) throw new BuildingError('DEADLINE_NOT_PASSED', `the deadline ${s.deadline ?? '—'} has not passed on ${on}`);
      next.state = 'deadline_passed';
      break;
    case 'demolish': {
      const i = input as BuildingActionInputs['demolish'];
      if (!(i.areaM2 > 0)) throw new BuildingError('DEMOLISHED_AREA_EXCEEDS', 'the demolished area must be positive');
      const total = round2(s.demolishedM2 + i.areaM2);
      // A few square metres of measuring difference are normal; more than 1 % over the recorded area is a mistake.
      if (total > s.areaM2 * 1.01 + 1e-9) {
        throw new BuildingError('DEMOLISHED_AREA_EXCEEDS', `${total} m² demolished in all exceeds the structure's ${s.areaM2} m²`);
      }
      areaM2 = i.areaM2;
      // Demolishing the whole recorded area completes it, whether or not the form said so.
      const complete = i.complete || total >= s.areaM2;
      next = { ...next, demolishedM2: total, state: complete ? 'demolished' : s.state };
      payload.method = i.method;
      payload.complete = complete;
      payload.totalM2 = total;
      break;
    }
    case 'confiscate':
      next.state = 'confiscated';
      payload.decisionNo = (input as BuildingActionInputs['confiscate']).decisionNo;
      break;
    case 'retain': {
      const i = input as BuildingActionInputs['retain'];
      next.state = 'retained';
      payload.decisionNo = i.decisionNo;
      payload.fineYuan = i.fineYuan;
      break;
    }
    default: {
      const never: never = action as never;
      throw new Error(`unhandled action ${String(never)}`);
    }
  }
  if (TERMINAL_BUILDING_STATES.includes(next.state) && !TERMINAL_BUILDING_STATES.includes(s.state)) next.closedOn = on;
  return { next, event: { action, fromState: s.state, toState: next.state, on, areaM2, payload } };
}

/** A new register entry. */
export function newBuilding(input: { areaM2: number; foundOn: string }): BuildingSnapshot {
  return { state: 'found', areaM2: input.areaM2, demolishedM2: 0, foundOn: input.foundOn, deadline: null, lastOn: input.foundOn, closedOn: null };
}
