// Case states, roles and sources of the digital city-management lifecycle (DOMAIN.md §5).

export const CASE_STATES = [
  'reported', // 上报: information collected, not yet verified
  'verifying', // 核实中: a verify task is with an inspector
  'verified', // 已核实: true and waiting to be filed
  'invalid', // 不予立案: not true, duplicate or out of scope (terminal)
  'filed', // 已立案: waiting for dispatch
  'cancelled', // 已作废: cancelled with approval (terminal)
  'dispatched', // 已派遣: with the department, not yet accepted
  'handling', // 处置中: the department works on it
  'returned', // 已回退: the department says "not ours", waiting for the dispatcher
  'suspended', // 已挂账: long-term or seasonal, out of the metrics until reviewed
  'handled', // 已处置: the department reports it fixed, waiting for a check task
  'checking', // 核查中: a check task is with an inspector
  'checked', // 已核查: the inspector saw it fixed, waiting for the shift chief to close
  'closed', // 已结案 (terminal)
] as const;
export type CaseState = (typeof CASE_STATES)[number];

export const TERMINAL_STATES: readonly CaseState[] = ['invalid', 'cancelled', 'closed'];

export const ROLES = [
  'inspector', // 监督员
  'operator', // 受理员
  'chief', // 值班长
  'dispatcher', // 派遣员
  'department', // 专业部门 / 街道 handler
  'leader', // 领导
  'admin', // 系统管理员
  'citizen', // 公众
  'system', // the platform itself (timers, integrations)
  'petition', // 信访工作人员: petition staff, the only role that sees petitioners' identity (src/domain/petition)
] as const;
export type Role = (typeof ROLES)[number];

export const SOURCES = [
  'inspector', // 监督员上报
  'citizen', // 公众举报 (app/web/mini-program)
  'hotline', // 12345 / 12319 热线
  'video_ai', // 视频智能识别
  'superior', // 上级交办
  'leader', // 领导批示
  'media', // 媒体曝光
  'petition', // 信访
  'walk_in', // 来访
  'inspection', // 检查发现: a failed item of a hazard inspection (隐患排查 / 双随机抽查), raised when the result is reviewed
] as const;
export type CaseSource = (typeof SOURCES)[number];

export const CLOSE_TYPES = ['normal', 'overdue', 'erroneous', 'special'] as const;
export type CloseType = (typeof CLOSE_TYPES)[number];

export const URGENCIES = ['normal', 'urgent'] as const;
export type Urgency = (typeof URGENCIES)[number];

/** The step whose time limit runs while a case is in a state (null: no clock runs). */
export type Step = 'verify' | 'file' | 'dispatch' | 'accept' | 'handle' | 'check' | 'close' | 'approve';

export const STEP_OF_STATE: Record<CaseState, Step | null> = {
  reported: 'verify', // the operator should get it verified (or register it) quickly
  verifying: 'verify',
  verified: 'file',
  invalid: null,
  filed: 'dispatch',
  cancelled: null,
  dispatched: 'handle', // the handling clock starts at dispatch
  handling: 'handle',
  returned: 'approve',
  suspended: null,
  handled: 'check',
  checking: 'check',
  checked: 'close',
  closed: null,
};

/** Public, plain-word status used for citizens and Open311 ("open"/"closed"). */
export function isOpen(state: CaseState): boolean {
  return !TERMINAL_STATES.includes(state);
}
