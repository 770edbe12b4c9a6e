// Public surface of special campaigns (专项整治): scope and tagging, the campaign handling limit, recurrence, progress.
export {
  campaignsFor,
  chooseHandleLimit,
  coversArea,
  inScope,
  matchingClass,
  retag,
  withinPeriod,
  type CampaignClass,
  type CampaignScope,
  type CaseFacts,
  type LimitBasis,
  type LimitChoice,
  type ProblemKind,
} from './scope';
export { DEFAULT_RECURRENCE, findRecurrences, recurrenceSummary, type Recurrence, type RecurrenceRule, type RecurrenceSummary, type SpotCase } from './recurrence';
export {
  addDays,
  closureRate,
  countByState,
  countCases,
  dailySeries,
  daysBetween,
  elapsedShare,
  targetReport,
  type CampaignCounts,
  type CampaignTargets,
  type DayPoint,
  type ProgressCase,
  type TargetProgress,
  type TargetReport,
  type TargetStatus,
} from './progress';
