// The actions of the case state machine: who may take each, from which states, and the input each needs.
// The zod schemas here are the single source of the action input types (server, web app and OpenAPI share them).
import { z } from 'zod';
import type { CaseState, Role } from './states';

const note = z.string().trim().max(2000).optional();
const reason = z.string().trim().min(1).max(2000);
const photoIds = z.array(z.string().uuid()).max(12).optional();
const limit = z.object({
  amount: z.number().positive().max(10_000),
  unit: z.enum(['working_minutes', 'working_hours', 'working_days', 'clock_minutes', 'clock_hours', 'natural_days']),
});

export const ActionInputSchemas = {
  /** 受理员 sends a verify task (核实) to an inspector. */
  sendVerify: z.object({ inspectorId: z.string().uuid(), note }),
  /** 监督员 answers the verify task on site. */
  verify: z.object({ result: z.enum(['true', 'false', 'duplicate']), duplicateOf: z.string().optional(), note, photoIds }),
  /** 受理员 registers a report directly (e.g. an inspector's own report with photos). */
  register: z.object({ note }),
  /** 受理员 rejects a report at intake (not a city-management problem, duplicate, not true). */
  reject: z.object({ reason, duplicateOf: z.string().optional() }),
  /** 值班长 files the case (立案) under a class and filing condition. */
  file: z.object({
    classCode: z.string().regex(/^\d{5}$/).optional(),
    filingCondition: z.string().min(1).max(40),
    note,
  }),
  /** 受理员/派遣员 asks for a cancellation (作废); the shift chief approves or rejects it. */
  requestCancel: z.object({ reason }),
  approveCancel: z.object({ note }),
  rejectCancel: z.object({ reason }),
  /** 派遣员 dispatches to the responsible department (prefilled from the responsibility list). */
  dispatch: z.object({
    departmentId: z.string().uuid(),
    coDepartmentIds: z.array(z.string().uuid()).max(10).optional(),
    note,
  }),
  /** 专业部门 accepts (签收) the task. */
  accept: z.object({ note }),
  /** 专业部门: "not ours" (申请回退). */
  requestReturn: z.object({ reason }),
  /** 派遣员 approves a return by sending the case to another department. */
  redispatch: z.object({ departmentId: z.string().uuid(), note }),
  /** 派遣员 refuses a return: the case goes back to the same department. */
  rejectReturn: z.object({ reason }),
  /** 专业部门 asks for more time (申请延期). */
  requestExtension: z.object({ reason, extra: limit }),
  approveExtension: z.object({ note }),
  denyExtension: z.object({ reason }),
  /** 专业部门 asks to suspend (挂账) a long-term or seasonal case. */
  requestSuspension: z.object({ reason }),
  approveSuspension: z.object({ note }),
  denySuspension: z.object({ reason }),
  /** 派遣员 reviews a suspended case and puts it back to work. */
  resume: z.object({ note }),
  /** 专业部门 reports the work done, with at least one after photo. */
  handle: z.object({ note, photoIds: z.array(z.string().uuid()).min(1).max(12) }),
  /** 受理员 sends a check task (核查) to an inspector. */
  sendCheck: z.object({ inspectorId: z.string().uuid(), note }),
  /** 监督员 checks on site: fixed → ready to close; not fixed → rework (返工) at the same department. */
  check: z.object({ result: z.enum(['fixed', 'not_fixed']), note, photoIds }),
  /** 值班长 closes (结案). The close type defaults to normal/overdue from the handling times. */
  close: z.object({ closeType: z.enum(['normal', 'overdue', 'erroneous', 'special']).optional(), note }),
  /** 受理员 reviews an inspector's self-fix (自处理) report and closes it. */
  approveSelfFix: z.object({ note }),
  /** 领导 urges (督办) a case; no state change. */
  urge: z.object({ note: reason }),
  /** Any staff member adds a note to the timeline; no state change. */
  comment: z.object({ note: reason, photoIds }),
} as const;

export type ActionName = keyof typeof ActionInputSchemas;
export const ACTION_NAMES = Object.keys(ActionInputSchemas) as ActionName[];
export type ActionInput<A extends ActionName> = z.infer<(typeof ActionInputSchemas)[A]>;

export type PendingKind = 'cancel' | 'extension' | 'suspension';

export interface ActionRule {
  /** Roles allowed to take the action (any one of the actor's roles suffices). */
  roles: readonly Role[];
  /** States the action may start from. */
  from: readonly CaseState[];
  /** Whether the action needs (or must not have) a pending request of a kind. */
  pending?: { kind: PendingKind; present: boolean };
  /** Only the inspector the task was sent to may answer it. */
  assigneeOnly?: boolean;
  /** Only the department that holds the case may act. */
  departmentOnly?: boolean;
  /** Only for self-fix (自处理) reports. */
  selfFixOnly?: boolean;
  labelZh: string;
  labelEn: string;
}

const OPEN_STATES: CaseState[] = [
  'reported', 'verifying', 'verified', 'filed', 'dispatched', 'handling', 'returned', 'suspended', 'handled', 'checking', 'checked',
];

/** The policy table of the workflow: read this to know who may do what, and when. */
export const ACTION_RULES: Record<ActionName, ActionRule> = {
  sendVerify: { roles: ['operator'], from: ['reported'], labelZh: '派发核实', labelEn: 'Send to verify' },
  verify: { roles: ['inspector'], from: ['verifying'], assigneeOnly: true, labelZh: '核实', labelEn: 'Verify' },
  register: { roles: ['operator'], from: ['reported', 'verifying'], labelZh: '直接受理', labelEn: 'Register' },
  reject: { roles: ['operator'], from: ['reported', 'verifying', 'verified'], labelZh: '不予受理', labelEn: 'Reject' },
  file: { roles: ['chief'], from: ['verified'], pending: { kind: 'cancel', present: false }, labelZh: '立案', labelEn: 'File' },
  requestCancel: {
    roles: ['operator', 'dispatcher'], from: ['verified', 'filed'], pending: { kind: 'cancel', present: false },
    labelZh: '申请作废', labelEn: 'Request cancellation',
  },
  approveCancel: { roles: ['chief'], from: ['verified', 'filed'], pending: { kind: 'cancel', present: true }, labelZh: '批准作废', labelEn: 'Approve cancellation' },
  rejectCancel: { roles: ['chief'], from: ['verified', 'filed'], pending: { kind: 'cancel', present: true }, labelZh: '驳回作废', labelEn: 'Reject cancellation' },
  dispatch: { roles: ['dispatcher'], from: ['filed'], pending: { kind: 'cancel', present: false }, labelZh: '派遣', labelEn: 'Dispatch' },
  accept: { roles: ['department'], from: ['dispatched'], departmentOnly: true, labelZh: '签收', labelEn: 'Accept' },
  requestReturn: { roles: ['department'], from: ['dispatched', 'handling'], departmentOnly: true, labelZh: '申请回退', labelEn: 'Request return' },
  redispatch: { roles: ['dispatcher'], from: ['returned'], labelZh: '改派', labelEn: 'Re-dispatch' },
  rejectReturn: { roles: ['dispatcher'], from: ['returned'], labelZh: '驳回回退', labelEn: 'Refuse return' },
  requestExtension: {
    roles: ['department'], from: ['handling'], departmentOnly: true, pending: { kind: 'extension', present: false },
    labelZh: '申请延期', labelEn: 'Request extension',
  },
  approveExtension: { roles: ['dispatcher'], from: ['handling'], pending: { kind: 'extension', present: true }, labelZh: '批准延期', labelEn: 'Approve extension' },
  denyExtension: { roles: ['dispatcher'], from: ['handling'], pending: { kind: 'extension', present: true }, labelZh: '驳回延期', labelEn: 'Deny extension' },
  requestSuspension: {
    roles: ['department'], from: ['handling'], departmentOnly: true, pending: { kind: 'suspension', present: false },
    labelZh: '申请挂账', labelEn: 'Request suspension',
  },
  approveSuspension: { roles: ['dispatcher'], from: ['handling'], pending: { kind: 'suspension', present: true }, labelZh: '批准挂账', labelEn: 'Approve suspension' },
  denySuspension: { roles: ['dispatcher'], from: ['handling'], pending: { kind: 'suspension', present: true }, labelZh: '驳回挂账', labelEn: 'Deny suspension' },
  resume: { roles: ['dispatcher'], from: ['suspended'], labelZh: '恢复处置', labelEn: 'Resume' },
  handle: { roles: ['department'], from: ['handling'], departmentOnly: true, labelZh: '处置反馈', labelEn: 'Report handled' },
  sendCheck: { roles: ['operator'], from: ['handled'], labelZh: '派发核查', labelEn: 'Send to check' },
  check: { roles: ['inspector'], from: ['checking'], assigneeOnly: true, labelZh: '核查', labelEn: 'Check' },
  close: { roles: ['chief'], from: ['checked', 'suspended'], labelZh: '结案', labelEn: 'Close' },
  approveSelfFix: { roles: ['operator'], from: ['reported'], selfFixOnly: true, labelZh: '自处理审核结案', labelEn: 'Approve self-fix' },
  urge: { roles: ['leader'], from: OPEN_STATES, labelZh: '督办', labelEn: 'Urge' },
  comment: {
    roles: ['operator', 'chief', 'dispatcher', 'department', 'leader', 'inspector'], from: OPEN_STATES,
    labelZh: '备注', labelEn: 'Add note',
  },
};
