// The kinds of notification: who they are for, which channels they use by default, and their words in zh-CN and en.
// Other modules add a row here for a kind of their own and call `notify(...)` (src/server/notify/notify.service.ts).

export const CHANNELS = ['inApp', 'sms', 'email', 'webhook'] as const;
export type Channel = (typeof CHANNELS)[number];
/** Channels that leave the platform: delivered through the durable outbox. */
export type OutboundChannel = Exclude<Channel, 'inApp'>;
export const OUTBOUND_CHANNELS: readonly OutboundChannel[] = ['sms', 'email', 'webhook'];

export interface KindDef {
  labelZh: string;
  labelEn: string;
  /** staff: users of the console; citizen: a phone number without an account. */
  audience: 'staff' | 'citizen';
  /** Channels used when the recipient has not chosen. */
  defaults: readonly Channel[];
  /** Alerts: a banner and a sound in the console, and they break through quiet hours. */
  urgent?: boolean;
  /** Template of the title and the body; {name} takes a parameter, a {zh,en} parameter takes the language's text. */
  zh: { title: string; body: string };
  en: { title: string; body: string };
}

export const NOTIFICATION_KINDS = {
  caseDispatched: {
    labelZh: '案件派遣到本部门', labelEn: 'Case dispatched to my department', audience: 'staff', defaults: ['inApp', 'sms'],
    zh: { title: '新派遣案件 {number}', body: '{class}，{place}。请在 {deadline} 前处置完毕。{note}' },
    en: { title: 'New case dispatched: {number}', body: '{class}, {place}. Handle it by {deadline}. {note}' },
  },
  taskAssigned: {
    labelZh: '派给我的核实/核查任务', labelEn: 'A verify/check task for me', audience: 'staff', defaults: ['inApp', 'sms'],
    zh: { title: '{task}任务 {number}', body: '{class}，{place}。请在 {deadline} 前到现场{task}。' },
    en: { title: '{task} task: {number}', body: '{class}, {place}. {task} on site by {deadline}.' },
  },
  approvalWaiting: {
    labelZh: '待我审批的申请', labelEn: 'An approval waiting for me', audience: 'staff', defaults: ['inApp'],
    zh: { title: '待审批：{request} {number}', body: '{requester}申请{request}：{note}' },
    en: { title: 'To approve: {request}, {number}', body: '{requester} asks for {request}: {note}' },
  },
  requestDecided: {
    labelZh: '我的申请已批准/驳回', labelEn: 'My request approved or refused', audience: 'staff', defaults: ['inApp'],
    zh: { title: '{request}申请{decision}：{number}', body: '{note}' },
    en: { title: '{request} request {decision}: {number}', body: '{note}' },
  },
  caseUrged: {
    labelZh: '领导督办', labelEn: 'A leader urges a case (督办)', audience: 'staff', defaults: ['inApp', 'sms'],
    zh: { title: '督办：{number}', body: '{actor}督办：{note}' },
    en: { title: 'Urged: {number}', body: '{actor} urges: {note}' },
  },
  caseReopened: {
    labelZh: '本部门案件被市民复诉', labelEn: 'A case of mine reopened by a citizen', audience: 'staff', defaults: ['inApp'],
    zh: { title: '市民复诉：{number}', body: '市民反映问题未解决，已生成新案件 {newNumber}：{note}' },
    en: { title: 'Reopened by a citizen: {number}', body: 'The citizen says it is not fixed; new case {newNumber}: {note}' },
  },
  deadlineReminder: {
    labelZh: '时限预警（黄灯）', labelEn: 'Deadline warning (yellow light)', audience: 'staff', defaults: ['inApp'],
    zh: { title: '即将超时：{number}', body: '{step}环节将于 {deadline} 到期，请尽快办理。' },
    en: { title: 'Deadline near: {number}', body: 'The {step} step is due at {deadline}; please act soon.' },
  },
  deadlineEscalated: {
    labelZh: '超时升级（红灯）', labelEn: 'Overdue escalation (red light)', audience: 'staff', defaults: ['inApp', 'sms'],
    zh: { title: '超时升级（{level}级）：{number}', body: '{holder}的{step}环节已于 {deadline} 超时，已升级到{targets}。' },
    en: { title: 'Overdue, escalated (level {level}): {number}', body: 'The {step} step at {holder} was due at {deadline}; escalated to {targets}.' },
  },
  emergencyReported: {
    labelZh: '突发事件警报', labelEn: 'Emergency alert', audience: 'staff', defaults: ['inApp', 'sms'], urgent: true,
    zh: { title: '突发事件：{class}（{number}）', body: '{place}。{description}' },
    en: { title: 'Emergency: {class} ({number})', body: '{place}. {description}' },
  },
  citizenCaseUpdate: {
    labelZh: '市民：所报问题的进展', labelEn: 'Citizen: progress of my report', audience: 'citizen', defaults: ['sms'],
    zh: { title: '案件进展', body: '【绿园区数字城管】您反映的问题（{number}）{status}。详情：{link}' },
    en: { title: 'Case progress', body: '[Lvyuan City Management] Your report {number} {status}. Details: {link}' },
  },
  citizenLocalAlert: {
    labelZh: '市民：周边问题提醒', labelEn: 'Citizen: local alert', audience: 'citizen', defaults: ['sms'],
    zh: { title: '周边问题提醒', body: '【绿园区数字城管】{area}{event}：{class}（{number}）。查看：{link} 退订或管理：{manage}' },
    en: { title: 'Local alert', body: '[Lvyuan City Management] {area}: {event}: {class} ({number}). View: {link} Manage or stop: {manage}' },
  },
  planTaskUrged: {
    labelZh: '计划任务督办', labelEn: 'A plan task urged (督办)', audience: 'staff', defaults: ['inApp', 'sms'],
    zh: { title: '督办：计划任务 {code}', body: '{actor}督办“{task}”（{status}）：{note}' },
    en: { title: 'Urged: plan task {code}', body: '{actor} urges "{task}" ({status}): {note}' },
  },
} as const satisfies Record<string, KindDef>;

export type NotificationKind = keyof typeof NOTIFICATION_KINDS;
export const NOTIFICATION_KIND_KEYS = Object.keys(NOTIFICATION_KINDS) as NotificationKind[];
export const STAFF_KINDS = NOTIFICATION_KIND_KEYS.filter((k) => NOTIFICATION_KINDS[k].audience === 'staff');

export type Lang = 'zh' | 'en';
/** A parameter: plain text, or a text in each language. */
export type Param = string | number | { zh: string; en: string } | null | undefined;
export type Params = Record<string, Param>;

function fill(template: string, params: Params, lang: Lang): string {
  return template
    .replace(/\{(\w+)\}/g, (_, k: string) => {
      const v = params[k];
      if (v === null || v === undefined) return '';
      return typeof v === 'object' ? v[lang] : String(v);
    })
    .replace(/\s+([。.，,])/g, '$1')
    .replace(/[。.]\s*$/, (m) => m.trim())
    .trim();
}

/** The title and body of a notification in a language. */
export function render(kind: NotificationKind, params: Params, lang: Lang): { title: string; body: string } {
  const def: KindDef = NOTIFICATION_KINDS[kind];
  const t = def[lang];
  return { title: fill(t.title, params, lang), body: fill(t.body, params, lang) };
}
