// Display names of petition states, channels, 诉访分离 routes, topics, ratings and review decisions (zh-CN and English).
import type { Bilingual } from '../workflow/labels';
import type { PetitionChannel, PetitionRoute, PetitionSatisfaction, PetitionState, PetitionStep, PetitionTopic, ReviewDecision } from './states';

export const PETITION_STATE_LABELS: Record<PetitionState, Bilingual> = {
  registered: { zh: '待受理', en: 'Registered' },
  accepted: { zh: '待交办', en: 'Accepted' },
  handling: { zh: '办理中', en: 'Handling' },
  replied: { zh: '已答复', en: 'Replied' },
  reviewing: { zh: '复查中', en: 'Under review' },
  reviewed: { zh: '已复查', en: 'Reviewed' },
  closed: { zh: '已办结', en: 'Closed' },
  not_accepted: { zh: '不予受理', en: 'Not accepted' },
  routed_out: { zh: '诉访分离', en: 'Routed to legal channel' },
};

/** What the petitioner reads on the follow page. */
export const PETITION_PUBLIC_STATE_TEXT: Record<PetitionState, Bilingual> = {
  registered: { zh: '已登记，正在审查是否受理', en: 'Registered; acceptance under consideration' },
  accepted: { zh: '已受理，正在交办', en: 'Accepted; being assigned' },
  handling: { zh: '承办单位办理中', en: 'Being handled by the responsible body' },
  replied: { zh: '已书面答复', en: 'Written reply issued' },
  reviewing: { zh: '复查中', en: 'Under review' },
  reviewed: { zh: '已出具复查意见', en: 'Review decision issued' },
  closed: { zh: '已办结', en: 'Closed' },
  not_accepted: { zh: '不予受理（已告知）', en: 'Not accepted (notice given)' },
  routed_out: { zh: '请通过法定途径解决（已告知）', en: 'To be settled through a legal channel (guidance given)' },
};

export const PETITION_CHANNEL_LABELS: Record<PetitionChannel, Bilingual> = {
  online: { zh: '网上信访', en: 'Online' },
  letter: { zh: '来信', en: 'Letter' },
  visit: { zh: '来访', en: 'Visit' },
  phone: { zh: '公开电话', en: 'Public telephone' },
  reception_day: { zh: '领导接待日', en: 'Leader reception day' },
  community_workday: { zh: '社区工作日', en: 'Community workday' },
};

export const PETITION_ROUTE_LABELS: Record<PetitionRoute, Bilingual> = {
  petition: { zh: '按信访事项办理', en: 'Handle as a petition' },
  litigation: { zh: '诉讼（人民法院）', en: 'Litigation (court)' },
  arbitration: { zh: '仲裁', en: 'Arbitration' },
  administrative_review: { zh: '行政复议', en: 'Administrative review' },
};

export const PETITION_TOPIC_LABELS: Record<PetitionTopic, Bilingual> = {
  city_appearance: { zh: '市容环境', en: 'City appearance' },
  illegal_building: { zh: '违法建设', en: 'Illegal building' },
  street_order: { zh: '占道经营与街面秩序', en: 'Street trading and order' },
  noise_pollution: { zh: '噪声油烟扰民', en: 'Noise and fumes' },
  property_management: { zh: '物业管理', en: 'Property management' },
  municipal_facilities: { zh: '市政设施', en: 'Municipal facilities' },
  housing_relocation: { zh: '征收拆迁安置', en: 'Expropriation and relocation' },
  labour_social_security: { zh: '劳动和社会保障', en: 'Labour and social security' },
  law_enforcement_conduct: { zh: '执法行为', en: 'Conduct of enforcement' },
  other: { zh: '其他', en: 'Other' },
};

export const PETITION_SATISFACTION_LABELS: Record<PetitionSatisfaction, Bilingual> = {
  satisfied: { zh: '满意', en: 'Satisfied' },
  basic: { zh: '基本满意', en: 'Fairly satisfied' },
  unsatisfied: { zh: '不满意', en: 'Not satisfied' },
};

export const REVIEW_DECISION_LABELS: Record<ReviewDecision, Bilingual> = {
  upheld: { zh: '维持原答复', en: 'Reply upheld' },
  changed: { zh: '变更原答复', en: 'Reply changed' },
};

export const PETITION_STEP_LABELS: Record<PetitionStep, Bilingual> = {
  accept: { zh: '受理告知期限', en: 'Decide on acceptance' },
  handle: { zh: '办理期限', en: 'Handling period' },
  review: { zh: '复查期限', en: 'Review period' },
};

/** Labels of timeline events that are not actions (registration). */
export const PETITION_EVENT_LABELS: Record<string, Bilingual> = {
  register: { zh: '登记', en: 'Registered' },
};
