// The rule table of case events → notifications: which event tells whom about what. Pure: the server resolves the
// recipients (department members, people on duty) and fills the case's words in.
import type { Role } from '../workflow';
import type { NotificationKind, Params } from './kinds';

/** Where the people on duty sit (值班): the two centres, the leaders, or a department. */
export type DutyUnit = 'supervision' | 'command' | 'leader';
export const DUTY_UNITS: readonly DutyUnit[] = ['supervision', 'command', 'leader'];

/** Who a notice is for, before the server looks the people up. */
export type Recipient =
  | { user: string }
  | { department: string }
  | { role: Role }
  | { duty: DutyUnit }
  | { departmentHead: string }
  | { leaderInCharge: string | null };

export interface RuleEvent {
  action: string;
  fromState: string | null;
  toState: string;
  actorId: string | null;
  note: string | null;
  payload: Record<string, unknown>;
  /** The department holding the case after the event. */
  departmentId: string | null;
}

export interface RuleCase {
  state: string;
  urgency: string;
  departmentId: string | null;
  assigneeId: string | null;
}

/** Earlier events of the case (any order): where requests and their requesters are found. */
export type PriorLog = readonly { seq: number; action: string; actorId: string | null }[];

export interface Notice {
  kind: NotificationKind;
  recipients: Recipient[];
  params: Params;
}

const REQUEST: Record<string, { zh: string; en: string }> = {
  extension: { zh: '延期', en: 'extension' },
  suspension: { zh: '挂账', en: 'suspension' },
  return: { zh: '回退', en: 'return' },
  cancel: { zh: '作废', en: 'cancellation' },
};
const APPROVED = { zh: '已批准', en: 'approved' };
const REFUSED = { zh: '被驳回', en: 'refused' };
const TASK = { verify: { zh: '核实', en: 'Verify' }, check: { zh: '核查', en: 'Check' } };

/** Which request each decision answers, and whether it grants it. */
const DECISIONS: Record<string, { request: string; asked: string; approved: boolean }> = {
  approveExtension: { request: 'extension', asked: 'requestExtension', approved: true },
  denyExtension: { request: 'extension', asked: 'requestExtension', approved: false },
  approveSuspension: { request: 'suspension', asked: 'requestSuspension', approved: true },
  denySuspension: { request: 'suspension', asked: 'requestSuspension', approved: false },
  approveCancel: { request: 'cancel', asked: 'requestCancel', approved: true },
  rejectCancel: { request: 'cancel', asked: 'requestCancel', approved: false },
};

const REQUESTS: Record<string, { request: string; approver: Role }> = {
  requestExtension: { request: 'extension', approver: 'dispatcher' },
  requestSuspension: { request: 'suspension', approver: 'dispatcher' },
  requestReturn: { request: 'return', approver: 'dispatcher' },
  requestCancel: { request: 'cancel', approver: 'chief' },
};

/** Who holds a case in a state (the queue it waits in), for notices about cases no department holds yet. */
export function holderRole(state: string): Role | null {
  switch (state) {
    case 'reported':
    case 'handled':
      return 'operator';
    case 'verified':
    case 'checked':
      return 'chief';
    case 'filed':
    case 'returned':
    case 'suspended':
      return 'dispatcher';
    default:
      return null;
  }
}

function requester(log: PriorLog, asked: string): string | null {
  const last = [...log].filter((e) => e.action === asked).sort((a, b) => b.seq - a.seq)[0];
  return last?.actorId ?? null;
}

/** The notices one case event gives rise to (the actor is left out later: nobody is told what they did). */
export function noticesFor(e: RuleEvent, c: RuleCase, log: PriorLog): Notice[] {
  const p = e.payload;
  const str = (v: unknown) => (typeof v === 'string' ? v : null);
  const out: Notice[] = [];
  const decision = DECISIONS[e.action];
  const request = REQUESTS[e.action];
  switch (e.action) {
    case 'report':
      if (p.urgency === 'urgent' || c.urgency === 'urgent') {
        out.push({ kind: 'emergencyReported', recipients: [{ duty: 'command' }, { duty: 'leader' }, { duty: 'supervision' }], params: {} });
      }
      break;
    case 'dispatch':
    case 'redispatch': {
      const dept = str(p.departmentId) ?? e.departmentId;
      if (dept) out.push({ kind: 'caseDispatched', recipients: [{ department: dept }], params: {} });
      if (e.action === 'redispatch' && str(p.fromDepartmentId)) {
        out.push({ kind: 'requestDecided', recipients: [{ department: str(p.fromDepartmentId)! }], params: { request: REQUEST.return, decision: APPROVED } });
      }
      break;
    }
    case 'check':
      if (p.rework === true && e.departmentId) {
        out.push({ kind: 'caseDispatched', recipients: [{ department: e.departmentId }], params: { note: { zh: '（核查未通过，返工）', en: '(Check failed: rework.)' } } });
      }
      break;
    case 'rejectReturn':
      if (e.departmentId) out.push({ kind: 'requestDecided', recipients: [{ department: e.departmentId }], params: { request: REQUEST.return, decision: REFUSED } });
      break;
    case 'sendVerify':
    case 'sendCheck': {
      const inspector = str(p.inspectorId);
      if (inspector) out.push({ kind: 'taskAssigned', recipients: [{ user: inspector }], params: { task: e.action === 'sendVerify' ? TASK.verify : TASK.check } });
      break;
    }
    case 'urge': {
      const recipients: Recipient[] = [];
      if (c.departmentId) recipients.push({ department: c.departmentId });
      if (c.assigneeId) recipients.push({ user: c.assigneeId });
      const holder = holderRole(c.state);
      if (!recipients.length && holder) recipients.push({ role: holder });
      if (recipients.length) out.push({ kind: 'caseUrged', recipients, params: {} });
      break;
    }
    case 'reopen': {
      const dept = e.departmentId ?? c.departmentId;
      if (dept) out.push({ kind: 'caseReopened', recipients: [{ department: dept }], params: { newNumber: str(p.number) } });
      break;
    }
    default:
      if (request) {
        out.push({ kind: 'approvalWaiting', recipients: [{ role: request.approver }], params: { request: REQUEST[request.request] } });
      } else if (decision) {
        const who = requester(log, decision.asked);
        if (who) out.push({ kind: 'requestDecided', recipients: [{ user: who }], params: { request: REQUEST[decision.request], decision: decision.approved ? APPROVED : REFUSED } });
      }
  }
  return out;
}

/** What a citizen who reported the case hears by text message: that it is resolved, or not taken up. */
export function citizenUpdateFor(e: RuleEvent): { status: { zh: string; en: string } } | null {
  if (e.action === 'close' || e.action === 'approveSelfFix') return { status: { zh: '已办结，欢迎评价', en: 'is resolved; please rate the result' } };
  if (e.toState === 'invalid' && e.fromState !== 'invalid') return { status: { zh: '经核实不予立案', en: 'was not taken up after checking' } };
  return null;
}

/** What a local-alert subscriber hears about: new cases (filed) and closures. */
export function localAlertEventOf(e: RuleEvent): 'new' | 'closed' | null {
  if (e.action === 'file') return 'new';
  if (e.action === 'close' || e.action === 'approveSelfFix') return 'closed';
  return null;
}
