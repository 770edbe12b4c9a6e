// Petition (信访) states, intake channels, 诉访分离 routes, topics and the roles of the petition workflow.
// The workflow follows the 信访工作条例 as commonly applied: decide on acceptance within 15 days, handle within 60,
// extend once by at most 30 with notice, written reply, satisfaction, review requested within 30 days.

export const PETITION_STATES = [
  'registered', // 已登记: waiting for the decision on acceptance (受理告知 within the acceptance limit)
  'accepted', // 已受理: waiting to be assigned to the responsible body (the handling clock runs from acceptance)
  'handling', // 办理中: with the responsible body (承办单位)
  'replied', // 已答复: written reply issued; the petitioner may rate it and ask for a review
  'reviewing', // 复查中: a review was requested; the review body decides
  'reviewed', // 已复查: review decision issued (terminal)
  'closed', // 已办结 (terminal)
  'not_accepted', // 不予受理 (terminal)
  'routed_out', // 诉访分离: belongs to courts, arbitration or administrative review; guidance given (terminal)
] as const;
export type PetitionState = (typeof PETITION_STATES)[number];

export const PETITION_TERMINAL_STATES: readonly PetitionState[] = ['reviewed', 'closed', 'not_accepted', 'routed_out'];

export function isPetitionOpen(state: PetitionState): boolean {
  return !PETITION_TERMINAL_STATES.includes(state);
}

/** Every channel the Lvyuan plans name. */
export const PETITION_CHANNELS = [
  'online', // 网上信访 (the public portal)
  'letter', // 来信
  'visit', // 来访
  'phone', // 公开电话
  'reception_day', // 领导接待日 (局长/区长接待日)
  'community_workday', // 社区工作日
] as const;
export type PetitionChannel = (typeof PETITION_CHANNELS)[number];

/**
 * 诉访分离: where an item belongs. 'petition' is handled here; the others are routed out to the legal channel with a
 * guidance reply and recorded as such.
 */
export const PETITION_ROUTES = ['petition', 'litigation', 'arbitration', 'administrative_review'] as const;
export type PetitionRoute = (typeof PETITION_ROUTES)[number];
export type RouteOut = Exclude<PetitionRoute, 'petition'>;
export const ROUTES_OUT: readonly RouteOut[] = ['litigation', 'arbitration', 'administrative_review'];

/** What the item is about (for the register and statistics). */
export const PETITION_TOPICS = [
  'city_appearance', // 市容环境
  'illegal_building', // 违法建设
  'street_order', // 占道经营 / 街面秩序
  'noise_pollution', // 噪声 / 油烟 / 污染扰民
  'property_management', // 物业管理
  'municipal_facilities', // 市政设施
  'housing_relocation', // 征收拆迁安置
  'labour_social_security', // 劳动和社会保障
  'law_enforcement_conduct', // 执法行为
  'other', // 其他
] as const;
export type PetitionTopic = (typeof PETITION_TOPICS)[number];

/** The role of petition staff (信访工作人员); the others come from the case workflow's role list. */
export const PETITION_STAFF_ROLE = 'petition' as const;

/** The step whose limit runs in a state (null: no staff clock runs). */
export type PetitionStep = 'accept' | 'handle' | 'review';

export const PETITION_STEP_OF_STATE: Record<PetitionState, PetitionStep | null> = {
  registered: 'accept',
  accepted: 'handle', // the handling period runs from acceptance, through assignment
  handling: 'handle',
  replied: null, // the petitioner's review window runs, not a staff clock
  reviewing: 'review',
  reviewed: null,
  closed: null,
  not_accepted: null,
  routed_out: null,
};

export const SATISFACTION = ['satisfied', 'basic', 'unsatisfied'] as const; // 满意 / 基本满意 / 不满意
export type PetitionSatisfaction = (typeof SATISFACTION)[number];

export const REVIEW_DECISIONS = ['upheld', 'changed'] as const; // 维持 / 变更
export type ReviewDecision = (typeof REVIEW_DECISIONS)[number];
