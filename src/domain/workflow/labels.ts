// Display names (zh-CN and English) of states, roles, sources, urgencies and close types: one table for the web app and exports.
import type { CaseSource, CaseState, CloseType, Role, Urgency } from './states';

export interface Bilingual {
  zh: string;
  en: string;
}

export const STATE_LABELS: Record<CaseState, Bilingual> = {
  reported: { zh: '待受理', en: 'Reported' },
  verifying: { zh: '核实中', en: 'Verifying' },
  verified: { zh: '已核实', en: 'Verified' },
  invalid: { zh: '不予立案', en: 'Invalid' },
  filed: { zh: '已立案', en: 'Filed' },
  cancelled: { zh: '已作废', en: 'Cancelled' },
  dispatched: { zh: '已派遣', en: 'Dispatched' },
  handling: { zh: '处置中', en: 'Handling' },
  returned: { zh: '已回退', en: 'Returned' },
  suspended: { zh: '已挂账', en: 'Suspended' },
  handled: { zh: '已处置', en: 'Handled' },
  checking: { zh: '核查中', en: 'Checking' },
  checked: { zh: '已核查', en: 'Checked' },
  closed: { zh: '已结案', en: 'Closed' },
};

export const ROLE_LABELS: Record<Role, Bilingual> = {
  inspector: { zh: '监督员', en: 'Inspector' },
  operator: { zh: '受理员', en: 'Intake operator' },
  chief: { zh: '值班长', en: 'Shift chief' },
  dispatcher: { zh: '派遣员', en: 'Dispatcher' },
  department: { zh: '专业部门', en: 'Department' },
  leader: { zh: '领导', en: 'Leader' },
  admin: { zh: '系统管理员', en: 'Administrator' },
  citizen: { zh: '公众', en: 'Citizen' },
  system: { zh: '系统', en: 'System' },
  petition: { zh: '信访工作人员', en: 'Petition staff' },
};

export const SOURCE_LABELS: Record<CaseSource, Bilingual> = {
  inspector: { zh: '监督员上报', en: 'Inspector report' },
  citizen: { zh: '公众举报', en: 'Citizen report' },
  hotline: { zh: '12345热线', en: 'Hotline 12345' },
  video_ai: { zh: '视频智能识别', en: 'Video AI' },
  superior: { zh: '上级交办', en: 'Superior assignment' },
  leader: { zh: '领导批示', en: 'Leader instruction' },
  media: { zh: '媒体曝光', en: 'Media' },
  petition: { zh: '信访', en: 'Petition' },
  walk_in: { zh: '来访', en: 'Walk-in' },
  inspection: { zh: '检查发现', en: 'Inspection finding' },
};

export const URGENCY_LABELS: Record<Urgency, Bilingual> = {
  normal: { zh: '一般', en: 'Normal' },
  urgent: { zh: '紧急', en: 'Urgent' },
};

export const CLOSE_TYPE_LABELS: Record<CloseType, Bilingual> = {
  normal: { zh: '正常结案', en: 'Normal' },
  overdue: { zh: '超时结案', en: 'Overdue' },
  erroneous: { zh: '差错结案', en: 'Erroneous' },
  special: { zh: '特殊结案', en: 'Special' },
};

export const KIND_LABELS: Record<'component' | 'matter', Bilingual> = {
  component: { zh: '部件', en: 'Component' },
  matter: { zh: '事件', en: 'Matter' },
};

export const LIGHT_LABELS: Record<'green' | 'yellow' | 'red', Bilingual> = {
  green: { zh: '正常', en: 'On time' },
  yellow: { zh: '将到期', en: 'Due soon' },
  red: { zh: '已超时', en: 'Overdue' },
};

export const LIMIT_UNIT_LABELS: Record<string, Bilingual> = {
  working_minutes: { zh: '工作分钟', en: 'working minutes' },
  working_hours: { zh: '工作小时', en: 'working hours' },
  working_days: { zh: '工作日', en: 'working days' },
  clock_minutes: { zh: '分钟', en: 'minutes' },
  clock_hours: { zh: '小时', en: 'hours' },
  natural_days: { zh: '自然日', en: 'calendar days' },
};
