// The actions of the petition workflow: who may take each, from which states, and the input each needs.
// The zod schemas are the single source of the input types (server, web app and OpenAPI share them).
import { z } from 'zod';
import type { Role } from '../workflow/states';
import { PETITION_STATES, REVIEW_DECISIONS, ROUTES_OUT, SATISFACTION, type PetitionState } from './states';

const note = z.string().trim().max(2000).optional();
const reason = z.string().trim().min(2).max(2000);
/** Texts that go to the petitioner in writing: long enough to say something. */
const writing = z.string().trim().min(10).max(5000);

export const PetitionActionInputSchemas = {
  /** 受理: the item is a petition this office handles; the petitioner is told (受理告知书). */
  accept: z.object({ note }).strict(),
  /** 不予受理: not within the remit, already handled, …; the petitioner is told why and where to go. */
  reject: z.object({ reason, referTo: z.string().trim().max(200).optional() }).strict(),
  /** 诉访分离: the matter belongs to a court, arbitration or administrative review; guidance reply, recorded. */
  routeOut: z.object({ route: z.enum(ROUTES_OUT), basis: z.string().trim().max(500).optional(), guidance: writing }).strict(),
  /** 交办: to the responsible body (承办单位). */
  assign: z.object({ departmentId: z.string().uuid(), note }).strict(),
  /** 退回: the body says the matter is not theirs; back to the petition office to assign again. */
  returnToOffice: z.object({ reason }).strict(),
  /** 延期: once, at most the configured days, with the reason told to the petitioner. */
  extend: z.object({ days: z.number().int().min(1).max(365), reason }).strict(),
  /** 书面答复: the handling opinion, in writing. */
  reply: z.object({ text: writing }).strict(),
  /** 满意度评价: by the petitioner on the portal, or recorded by staff from a call-back. */
  rate: z.object({ satisfaction: z.enum(SATISFACTION), comment: z.string().trim().max(500).optional() }).strict(),
  /** 申请复查: the petitioner does not accept the reply (within the review window). */
  requestReview: z.object({ reason }).strict(),
  /** 复查意见: the review body upholds or changes the reply. */
  decideReview: z.object({ decision: z.enum(REVIEW_DECISIONS), opinion: writing }).strict(),
  /** 办结: after a satisfied rating, or once the review window has passed without a request. */
  close: z.object({ note }).strict(),
  /** 转为城管案件: the item is a city-management problem; a case was made from it (linked both ways). */
  linkCase: z.object({ caseId: z.string().uuid(), caseNumber: z.string().min(1).max(40) }).strict(),
  /** 备注: a note on the timeline. */
  comment: z.object({ note: reason }).strict(),
} as const;

export type PetitionActionName = keyof typeof PetitionActionInputSchemas;
export const PETITION_ACTION_NAMES = Object.keys(PetitionActionInputSchemas) as PetitionActionName[];
export type PetitionActionInput<A extends PetitionActionName> = z.infer<(typeof PetitionActionInputSchemas)[A]>;

export interface PetitionActionRule {
  /** Roles allowed, in order of preference when an actor holds several. */
  roles: readonly Role[];
  from: readonly PetitionState[];
  /** A department user may act only on items assigned to their department (petition staff always may). */
  bodyOnly?: boolean;
  labelZh: string;
  labelEn: string;
}

const ALL: readonly PetitionState[] = PETITION_STATES;
const BEFORE_REPLY: readonly PetitionState[] = ['registered', 'accepted', 'handling'];

/** The policy table of the petition workflow: read this to know who may do what, and when. */
export const PETITION_ACTION_RULES: Record<PetitionActionName, PetitionActionRule> = {
  accept: { roles: ['petition'], from: ['registered'], labelZh: '受理', labelEn: 'Accept' },
  reject: { roles: ['petition'], from: ['registered'], labelZh: '不予受理', labelEn: 'Do not accept' },
  routeOut: { roles: ['petition'], from: ['registered'], labelZh: '诉访分离（导入法定途径）', labelEn: 'Route to legal channel' },
  assign: { roles: ['petition'], from: ['accepted'], labelZh: '交办', labelEn: 'Assign' },
  returnToOffice: { roles: ['department'], from: ['handling'], bodyOnly: true, labelZh: '退回信访部门', labelEn: 'Return to petition office' },
  extend: { roles: ['petition', 'department'], from: ['handling'], bodyOnly: true, labelZh: '延期办理', labelEn: 'Extend' },
  reply: { roles: ['petition', 'department'], from: ['handling'], bodyOnly: true, labelZh: '书面答复', labelEn: 'Written reply' },
  rate: { roles: ['petition', 'citizen'], from: ['replied', 'reviewing', 'reviewed', 'closed'], labelZh: '满意度评价', labelEn: 'Satisfaction' },
  requestReview: { roles: ['petition', 'citizen'], from: ['replied'], labelZh: '申请复查', labelEn: 'Request review' },
  decideReview: { roles: ['petition'], from: ['reviewing'], labelZh: '复查意见', labelEn: 'Review decision' },
  close: { roles: ['petition'], from: ['replied'], labelZh: '办结', labelEn: 'Close' },
  linkCase: { roles: ['petition'], from: BEFORE_REPLY, labelZh: '转为城管案件', labelEn: 'Make a city-management case' },
  comment: { roles: ['petition', 'department', 'leader'], from: ALL, bodyOnly: true, labelZh: '备注', labelEn: 'Add note' },
};

/** Actions a person takes from the console's action buttons (linkCase has its own dialog, rate is mostly the petitioner's). */
export const CONSOLE_ACTIONS: readonly PetitionActionName[] = [
  'accept', 'routeOut', 'reject', 'assign', 'reply', 'extend', 'returnToOffice', 'requestReview', 'decideReview', 'rate', 'close', 'comment',
];
