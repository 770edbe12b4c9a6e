// The indicators of the comprehensive evaluation (综合评价, DOMAIN.md §6): the counts they are made of,
// what each rate divides, and which indicators each kind of scope (person, department, area) is judged on.

/** Who or what an evaluation is about. 'all' is the whole district. */
export const SCOPE_KINDS = ['all', 'inspector', 'operator', 'chief', 'dispatcher', 'department', 'street', 'community', 'grid', 'class'] as const;
export type ScopeKind = (typeof SCOPE_KINDS)[number];

export const PERSON_SCOPES: readonly ScopeKind[] = ['inspector', 'operator', 'chief', 'dispatcher'];
export const AREA_SCOPES: readonly ScopeKind[] = ['street', 'community', 'grid', 'class'];

/**
 * Counts over case-level facts. The "filed cohort" of a period is the cases filed (立案) in it;
 * the other counts are parts of that cohort, evaluated as of the evaluation instant.
 */
export const CASE_COUNT_KEYS = [
  'reports', // inspectors' reports made in the period (上报数)
  'validReports', // … of which filed, or approved as a self-fix (有效上报数)
  'filed', // cases filed in the period (立案数)
  'publicFiled', // … first reported by the public (公众举报立案数)
  'dueToClose', // … handled or past their handling limit; suspended and cancelled ones left out (应结案数)
  'closed', // … closed (结案数)
  'closedOnTime', // … closed, and handled within the limit in force (按期结案数)
  'handledOnTime', // … handled within the limit in force (按期处置数)
  'reworks', // returns to the same department (返工次数) of the due cases, each return counted
  'hotlineToRespond', // hotline cases filed in the period whose department had to respond (应响应数)
  'hotlineRespondedOnTime', // … responded (accepted or returned) within the accept limit (按时响应数)
  'hotlineDue', // hotline cases due to close (应办结数)
  'hotlineClosed', // … closed (办结数)
  'hotlineRated', // hotline cases filed in the period with a citizen rating (参评数)
  'hotlineSatisfied', // … rated satisfied (满意数)
  'escalations', // overdue escalations (超时升级次数) of the cases filed in the period, each counted
] as const;

/** Counts over timed steps. A step counts in the period in which it fell due: when done, or when its deadline passed first. */
export const TASK_COUNT_KEYS = [
  'toIntake', // reports to take in (应受理数): the operator sends a verify task, registers, rejects or approves a self-fix
  'intakeOnTime',
  'toVerify', // verify tasks due (应核实数)
  'verifyOnTime',
  'filings', // filings made (立案数, by the shift chief)
  'filingsOnTime',
  'filingsAccurate', // … not cancelled afterwards
  'toDispatch', // dispatches due (应派遣数)
  'dispatchOnTime',
  'dispatchAccurate', // … not returned by the department and re-dispatched
  'toSendCheck', // handled cases to send for a check (应派发核查数)
  'sendCheckOnTime',
  'toCheck', // check tasks due (应核查数)
  'checkOnTime',
  'toClose', // checked cases to close (应结案确认数, the shift chief's closing step)
  'closeOnTime',
] as const;

export type CaseCountKey = (typeof CASE_COUNT_KEYS)[number];
export type TaskCountKey = (typeof TASK_COUNT_KEYS)[number];
export type CountKey = CaseCountKey | TaskCountKey;
export const COUNT_KEYS: readonly CountKey[] = [...CASE_COUNT_KEYS, ...TASK_COUNT_KEYS];
export type Counts = Record<CountKey, number>;

export function emptyCounts(): Counts {
  return Object.fromEntries(COUNT_KEYS.map((k) => [k, 0])) as Counts;
}

export function addCounts(a: Counts, b: Counts): Counts {
  return Object.fromEntries(COUNT_KEYS.map((k) => [k, a[k] + b[k]])) as Counts;
}

export interface IndicatorDef {
  nameZh: string;
  nameEn: string;
  /** Whether a higher rate is better; composites use (100 − rate) for 'lower'. */
  better: 'higher' | 'lower';
  numerator: CountKey;
  denominator: CountKey;
}

/** Every indicator: rate = numerator ÷ denominator (null when nothing is counted), clamped to [0, 1]. */
export const INDICATORS = {
  validReportRate: { nameZh: '有效上报率', nameEn: 'Valid report rate', better: 'higher', numerator: 'validReports', denominator: 'reports' },
  verifyOnTimeRate: { nameZh: '按时核实率', nameEn: 'On-time verification rate', better: 'higher', numerator: 'verifyOnTime', denominator: 'toVerify' },
  checkOnTimeRate: { nameZh: '按时核查率', nameEn: 'On-time check rate', better: 'higher', numerator: 'checkOnTime', denominator: 'toCheck' },
  missedReportRate: { nameZh: '漏报率', nameEn: 'Missed report rate', better: 'lower', numerator: 'publicFiled', denominator: 'filed' },
  intakeOnTimeRate: { nameZh: '按时受理率', nameEn: 'On-time intake rate', better: 'higher', numerator: 'intakeOnTime', denominator: 'toIntake' },
  sendCheckOnTimeRate: { nameZh: '按时派发核查率', nameEn: 'On-time check dispatch rate', better: 'higher', numerator: 'sendCheckOnTime', denominator: 'toSendCheck' },
  fileOnTimeRate: { nameZh: '按时立案率', nameEn: 'On-time filing rate', better: 'higher', numerator: 'filingsOnTime', denominator: 'filings' },
  fileAccuracyRate: { nameZh: '准确立案率', nameEn: 'Filing accuracy rate', better: 'higher', numerator: 'filingsAccurate', denominator: 'filings' },
  chiefCloseOnTimeRate: { nameZh: '按时结案率', nameEn: 'On-time closing rate', better: 'higher', numerator: 'closeOnTime', denominator: 'toClose' },
  dispatchOnTimeRate: { nameZh: '按时派遣率', nameEn: 'On-time dispatch rate', better: 'higher', numerator: 'dispatchOnTime', denominator: 'toDispatch' },
  dispatchAccuracyRate: { nameZh: '准确派遣率', nameEn: 'Dispatch accuracy rate', better: 'higher', numerator: 'dispatchAccurate', denominator: 'toDispatch' },
  closeRate: { nameZh: '结案率', nameEn: 'Close rate', better: 'higher', numerator: 'closed', denominator: 'dueToClose' },
  closeOnTimeRate: { nameZh: '按期结案率', nameEn: 'Closed-on-schedule rate', better: 'higher', numerator: 'closedOnTime', denominator: 'dueToClose' },
  handleOnTimeRate: { nameZh: '按期处置率', nameEn: 'Handled-on-schedule rate', better: 'higher', numerator: 'handledOnTime', denominator: 'dueToClose' },
  reworkRate: { nameZh: '返工率', nameEn: 'Rework rate', better: 'lower', numerator: 'reworks', denominator: 'dueToClose' },
  publicReportRate: { nameZh: '监督举报率', nameEn: 'Public report rate', better: 'lower', numerator: 'publicFiled', denominator: 'filed' },
  respondRate: { nameZh: '响应率', nameEn: 'Response rate', better: 'higher', numerator: 'hotlineRespondedOnTime', denominator: 'hotlineToRespond' },
  resolveRate: { nameZh: '解决率', nameEn: 'Resolution rate', better: 'higher', numerator: 'hotlineClosed', denominator: 'hotlineDue' },
  satisfactionRate: { nameZh: '满意率', nameEn: 'Satisfaction rate', better: 'higher', numerator: 'hotlineSatisfied', denominator: 'hotlineRated' },
} as const satisfies Record<string, IndicatorDef>;

export type IndicatorKey = keyof typeof INDICATORS;
export const INDICATOR_KEYS = Object.keys(INDICATORS) as IndicatorKey[];

const AREA_INDICATORS: IndicatorKey[] = [
  'closeRate', 'closeOnTimeRate', 'handleOnTimeRate', 'reworkRate', 'publicReportRate', 'validReportRate', 'intakeOnTimeRate',
  'verifyOnTimeRate', 'fileOnTimeRate', 'fileAccuracyRate', 'dispatchOnTimeRate', 'dispatchAccuracyRate', 'sendCheckOnTimeRate',
  'checkOnTimeRate', 'chiefCloseOnTimeRate', 'respondRate', 'resolveRate', 'satisfactionRate',
];

/** The indicators each kind of scope is judged on (the columns of its ranking). */
export const SCOPE_INDICATORS: Record<ScopeKind, readonly IndicatorKey[]> = {
  all: AREA_INDICATORS,
  inspector: ['validReportRate', 'missedReportRate', 'verifyOnTimeRate', 'checkOnTimeRate'],
  operator: ['intakeOnTimeRate', 'sendCheckOnTimeRate'],
  chief: ['fileOnTimeRate', 'fileAccuracyRate', 'chiefCloseOnTimeRate'],
  dispatcher: ['dispatchOnTimeRate', 'dispatchAccuracyRate'],
  department: ['closeRate', 'closeOnTimeRate', 'handleOnTimeRate', 'reworkRate', 'respondRate', 'resolveRate', 'satisfactionRate'],
  street: AREA_INDICATORS,
  community: AREA_INDICATORS,
  grid: AREA_INDICATORS,
  class: AREA_INDICATORS,
};

/** The timed steps that the task counts are about, keyed by the state in which each step's clock runs. */
export const TASK_STEPS = ['intake', 'verify', 'file', 'dispatch', 'sendCheck', 'check', 'close'] as const;
export type TaskStep = (typeof TASK_STEPS)[number];

/** Which person a step is attributed to, for the person scopes. */
export const STEPS_OF_ROLE: Record<'inspector' | 'operator' | 'chief' | 'dispatcher', readonly TaskStep[]> = {
  inspector: ['verify', 'check'],
  operator: ['intake', 'sendCheck'],
  chief: ['file', 'close'],
  dispatcher: ['dispatch'],
};

export interface IndicatorValue {
  key: IndicatorKey;
  numerator: number;
  denominator: number;
  /** numerator ÷ denominator in [0, 1]; null when the denominator is 0. */
  rate: number | null;
  /** The rate in per cent, rounded to two decimals as published (93.72). */
  percent: number | null;
}

export function round2(x: number): number {
  return Math.round((x + Number.EPSILON) * 100) / 100;
}

export function indicatorValue(key: IndicatorKey, counts: Counts): IndicatorValue {
  const def: IndicatorDef = INDICATORS[key];
  const numerator = counts[def.numerator];
  const denominator = counts[def.denominator];
  // Rework counts each return, so a case sent back twice can push the raw ratio past 1: the rate is capped.
  const rate = denominator > 0 ? Math.min(1, Math.max(0, numerator / denominator)) : null;
  return { key, numerator, denominator, rate, percent: rate === null ? null : round2(rate * 100) };
}
