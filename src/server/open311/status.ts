// Open311 statuses of our case states: the spec's open/closed, and the extended statuses FixMyStreet-style clients use.
import type { CaseState } from '../../domain/workflow';
import { isOpen } from '../../domain/workflow';

export type Open311Status = 'open' | 'closed';

/** The mySociety/FixMyStreet extended statuses (upper case on POST servicerequestupdates, lower case elsewhere). */
export const EXTENDED_STATUSES = [
  'OPEN',
  'INVESTIGATING',
  'ACTION_SCHEDULED',
  'IN_PROGRESS',
  'INTERNAL_REFERRAL',
  'FIXED',
  'DUPLICATE',
  'NOT_COUNCILS_RESPONSIBILITY',
  'NO_FURTHER_ACTION',
  'CLOSED',
  'REOPEN',
  'FOR_TRIAGE',
] as const;
export type ExtendedStatus = (typeof EXTENDED_STATUSES)[number];

export function open311Status(state: CaseState): Open311Status {
  return isOpen(state) ? 'open' : 'closed';
}

/** What a state change says, enough to choose the extended status. */
export interface StatusFacts {
  state: CaseState;
  /** The action that led to the state (for invalid: verify or reject). */
  action?: string | null;
  /** The event payload or case facts: duplicateOf, closeType. */
  duplicate?: boolean;
  closeType?: string | null;
}

/**
 * The extended status of a case state (the table is in this folder's README):
 * reported → OPEN; verifying, verified → INVESTIGATING; filed, dispatched, suspended → ACTION_SCHEDULED;
 * handling, handled, checking → IN_PROGRESS; returned → INTERNAL_REFERRAL; checked → FIXED;
 * closed → FIXED (normal/overdue close) or CLOSED (erroneous/special); cancelled → CLOSED;
 * invalid → DUPLICATE (duplicate), NO_FURTHER_ACTION (found untrue on site) or NOT_COUNCILS_RESPONSIBILITY (rejected at intake).
 */
export function extendedStatus(f: StatusFacts): ExtendedStatus {
  switch (f.state) {
    case 'reported':
      return 'OPEN';
    case 'verifying':
    case 'verified':
      return 'INVESTIGATING';
    case 'filed':
    case 'dispatched':
    case 'suspended':
      return 'ACTION_SCHEDULED';
    case 'handling':
    case 'handled':
    case 'checking':
      return 'IN_PROGRESS';
    case 'returned':
      return 'INTERNAL_REFERRAL';
    case 'checked':
      return 'FIXED';
    case 'closed':
      return f.closeType === 'erroneous' || f.closeType === 'special' ? 'CLOSED' : 'FIXED';
    case 'cancelled':
      return 'CLOSED';
    case 'invalid':
      if (f.duplicate) return 'DUPLICATE';
      return f.action === 'verify' ? 'NO_FURTHER_ACTION' : 'NOT_COUNCILS_RESPONSIBILITY';
  }
}

/** Citizen-facing words for each state (status_notes and update descriptions). */
export const PUBLIC_STATE_TEXT: Record<CaseState, { zh: string; en: string }> = {
  reported: { zh: '已收到，等待受理', en: 'Received; waiting for intake' },
  verifying: { zh: '监督员正在现场核实', en: 'An inspector is checking on site' },
  verified: { zh: '已核实，等待立案', en: 'Confirmed; waiting to be filed' },
  invalid: { zh: '不予立案', en: 'Not taken up' },
  filed: { zh: '已立案，等待派遣', en: 'Filed; waiting to be dispatched' },
  cancelled: { zh: '已作废', en: 'Cancelled' },
  dispatched: { zh: '已派遣至处置单位', en: 'Sent to the responsible department' },
  handling: { zh: '处置单位正在处理', en: 'The department is working on it' },
  returned: { zh: '正在重新确定处置单位', en: 'Being passed to the right department' },
  suspended: { zh: '已列入长期处置计划', en: 'Scheduled as long-term work' },
  handled: { zh: '处置单位已反馈处理完毕，等待核查', en: 'Reported fixed; waiting for a check' },
  checking: { zh: '监督员正在现场核查', en: 'An inspector is checking the work on site' },
  checked: { zh: '经核查已处理完毕', en: 'Checked and fixed' },
  closed: { zh: '已结案', en: 'Closed' },
};
