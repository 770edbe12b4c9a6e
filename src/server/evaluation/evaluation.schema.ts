// Request and response schemas of the evaluation API (rankings, the cases behind a number, the leader dashboard, settings).
import { z } from 'zod';
import {
  COUNT_KEYS,
  EvaluationConfigSchema,
  GRADES,
  INDICATOR_KEYS,
  PERIOD_KINDS,
  SCOPE_KINDS,
  TASK_STEPS,
  type CountKey,
} from '../../domain/evaluation';
import { FLOW_COUNT_KEYS, type FlowCountKey } from './evaluation.tables';

const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD');
const Instant = z.string().describe('ISO 8601 instant (UTC)');
const countKey = z.enum(COUNT_KEYS as [CountKey, ...CountKey[]]);
const behindKey = z.enum([...COUNT_KEYS, ...FLOW_COUNT_KEYS] as unknown as [CountKey | FlowCountKey, ...(CountKey | FlowCountKey)[]]);

export const PeriodQuerySchema = z.object({
  period: z.enum(PERIOD_KINDS).optional().describe('day, week (Monday first), month, quarter, year or custom; default month, or custom when `from` is given'),
  date: Day.optional().describe('A day inside the period (Asia/Shanghai); default today'),
  from: Day.optional().describe('First day of a custom period'),
  to: Day.optional().describe('Last day (inclusive) of a custom period; default `from`'),
});

export const RankingQuerySchema = PeriodQuerySchema.extend({
  scope: z.enum(SCOPE_KINDS).default('department').describe('Who or what is ranked'),
  id: z.string().min(1).max(64).optional().describe('Only this member of the scope'),
});
export type RankingQuery = z.infer<typeof RankingQuerySchema>;

export const CasesBehindQuerySchema = PeriodQuerySchema.extend({
  scope: z.enum(SCOPE_KINDS).default('all'),
  id: z
    .string()
    .min(1)
    .max(64)
    .optional()
    .describe('The member of the scope: a user or department id, a street/community/grid code, or kind:code for a class; not for scope=all'),
  indicator: z.enum(INDICATOR_KEYS).optional(),
  part: z.enum(['numerator', 'denominator']).default('numerator').describe("Which of the indicator's two numbers"),
  count: behindKey
    .optional()
    .describe('A count by name, instead of indicator + part; also the dashboard flow: reportedAll, dispatchedAll, closedAll (cases reported, first dispatched, closed in the period)'),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});
export type CasesBehindQuery = z.infer<typeof CasesBehindQuerySchema>;

export const DashboardQuerySchema = z.object({
  hotSpotLevel: z.enum(['grid', 'community']).default('grid'),
  days: z.coerce.number().int().min(7).max(90).default(30).describe('Length of the daily trend'),
  overdueLimit: z.coerce.number().int().min(1).max(100).default(20),
  urgentLimit: z.coerce.number().int().min(0).max(100).default(20),
});
export type DashboardQuery = z.infer<typeof DashboardQuerySchema>;

export const PeriodSchema = z.object({
  kind: z.enum(PERIOD_KINDS),
  label: z.string().describe('2026-11-16, 2026-W47, 2026-11, 2026-Q4, 2026 or 2026-11-01~2026-11-15'),
  from: Instant.describe('Start, inclusive'),
  to: Instant.describe('End, exclusive'),
  firstDay: Day,
  lastDay: Day,
});

export const CountsSchema = z.record(countKey, z.number()).describe('Every count of the row; see the indicator columns for what each rate divides');

export const IndicatorColumnSchema = z.object({
  key: z.enum(INDICATOR_KEYS),
  nameZh: z.string(),
  nameEn: z.string(),
  better: z.enum(['higher', 'lower']),
  numerator: countKey,
  denominator: countKey,
});

export const IndicatorCellSchema = z.object({
  key: z.enum(INDICATOR_KEYS),
  numerator: z.number(),
  denominator: z.number(),
  rate: z.number().nullable().describe('numerator ÷ denominator in [0, 1]; null when the denominator is 0'),
  percent: z.number().nullable().describe('The rate in per cent, two decimals'),
  previousPercent: z.number().nullable(),
});

export const RankingRowSchema = z.object({
  id: z.string(),
  name: z.string(),
  nameEn: z.string(),
  rank: z.number().int().nullable(),
  composite: z.number().nullable().describe('0–100'),
  grade: z.enum(GRADES).nullable(),
  volumeScore: z.number().nullable(),
  previous: z.object({ rank: z.number().int().nullable(), composite: z.number().nullable(), grade: z.enum(GRADES).nullable() }),
  change: z.number().nullable().describe('composite − previous composite'),
  indicators: z.array(IndicatorCellSchema),
  counts: CountsSchema,
});

export const RankingSchema = z.object({
  scope: z.enum(SCOPE_KINDS),
  period: PeriodSchema,
  previousPeriod: PeriodSchema,
  asOf: Instant.describe('The evaluation instant: deadlines passed by then count as due'),
  columns: z.array(IndicatorColumnSchema),
  weights: z.record(z.string(), z.number()).nullable().describe('The composite weights of this scope'),
  rows: z.array(RankingRowSchema),
  district: RankingRowSchema.nullable().describe('The whole district in the same columns (not for department users)'),
});
export type Ranking = z.infer<typeof RankingSchema>;
export type RankingRow = z.infer<typeof RankingRowSchema>;

export const CasesBehindSchema = z.object({
  count: behindKey,
  scope: z.enum(SCOPE_KINDS),
  id: z.string().nullable(),
  period: PeriodSchema,
  asOf: Instant,
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
  items: z.array(
    z.object({
      caseId: z.string().uuid(),
      number: z.string(),
      state: z.string(),
      kind: z.string(),
      classCode: z.string(),
      streetCode: z.string().nullable(),
      departmentId: z.string().nullable(),
      at: Instant.describe('What placed it in the period: reported or filed, or when the step fell due'),
      step: z.enum(TASK_STEPS).nullable().describe('For step counts: which step'),
      personId: z.string().nullable(),
      deadline: Instant.nullable().describe('The deadline in force: the step’s, or the handling deadline'),
      doneAt: Instant.nullable().describe('When the step was done, or when the case was last handled'),
      inTime: z.boolean().nullable(),
      reworks: z.number().int().nullable(),
    }),
  ),
});
export type CasesBehind = z.infer<typeof CasesBehindSchema>;

const FlowSchema = z.object({
  label: z.string(),
  reported: z.number().int().describe('Reports made in the period, every source'),
  filed: z.number().int(),
  dispatched: z.number().int().describe('Cases first dispatched in the period'),
  closed: z.number().int().describe('Closings in the period (including approved self-fixes)'),
  dueToClose: z.number().int().describe('Of the cases filed in the period'),
  closedOnTime: z.number().int(),
  onTimePercent: z.number().nullable().describe('按期结案率 of the cases filed in the period'),
});

export const DashboardSchema = z.object({
  asOf: Instant,
  departmentId: z.string().nullable().describe('Set when the dashboard is limited to one department'),
  today: FlowSchema,
  month: FlowSchema,
  overdueNow: z.number().int().describe('Open cases whose current step is past its deadline (red light): GET /api/cases?light=red'),
  trend: z.array(z.object({ day: Day, reported: z.number().int(), filed: z.number().int(), closed: z.number().int() })),
  topClasses: z.array(z.object({ kind: z.string(), classCode: z.string(), name: z.string(), nameEn: z.string(), count: z.number().int() })),
  hotSpots: z.object({
    level: z.enum(['grid', 'community']),
    period: z.string(),
    items: z.array(z.object({ code: z.string(), name: z.string(), lng: z.number().describe('WGS84'), lat: z.number().describe('WGS84'), count: z.number().int() })),
  }),
  overdue: z.array(
    z.object({
      id: z.string().uuid(),
      number: z.string(),
      state: z.string(),
      kind: z.string(),
      classCode: z.string(),
      className: z.string(),
      classNameEn: z.string(),
      departmentId: z.string().nullable(),
      departmentName: z.string().nullable(),
      departmentNameEn: z.string().nullable(),
      streetCode: z.string().nullable(),
      locationText: z.string(),
      stepDeadline: Instant,
      overdueMinutes: z.number().int().describe('Clock minutes past the deadline'),
    }),
  ),
  urgent: z.object({
    total: z.number().int().describe('Open cases marked more urgent than normal'),
    items: z.array(
      z.object({
        id: z.string().uuid(),
        number: z.string(),
        state: z.string(),
        urgency: z.string(),
        className: z.string(),
        classNameEn: z.string(),
        departmentName: z.string().nullable(),
        departmentNameEn: z.string().nullable(),
        locationText: z.string(),
        lng: z.number().describe('WGS84'),
        lat: z.number().describe('WGS84'),
        reportedAt: Instant,
        stepDeadline: Instant.nullable(),
        overdue: z.boolean().describe('The current step is past its deadline'),
      }),
    ),
  }),
  departments: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      nameEn: z.string(),
      filed: z.number().int(),
      dueToClose: z.number().int(),
      closed: z.number().int(),
      closeRate: z.number().nullable().describe('per cent'),
      closeOnTimeRate: z.number().nullable().describe('per cent'),
      handleOnTimeRate: z.number().nullable().describe('per cent'),
      overdueNow: z.number().int().describe('Cases with it past their handling deadline now'),
    }),
  ),
});
export type Dashboard = z.infer<typeof DashboardSchema>;

export const UrgeDepartmentSchema = z.object({
  departmentId: z.string().uuid(),
  note: z.string().trim().min(1).max(2000).describe('督办意见: recorded on each overdue case of the department'),
});
export type UrgeDepartment = z.infer<typeof UrgeDepartmentSchema>;

export const UrgeDepartmentResultSchema = z.object({
  departmentId: z.string(),
  urged: z.number().int().describe('Overdue cases the note was recorded on'),
  caseIds: z.array(z.string()),
});

export { EvaluationConfigSchema };

export const ReportQuerySchema = z.object({
  month: z
    .string()
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'YYYY-MM')
    .optional()
    .describe('The month (Asia/Shanghai); default this month'),
});
export type ReportQuery = z.infer<typeof ReportQuerySchema>;

export const MonthlyReportSchema = z.object({
  month: z.string(),
  generatedAt: Instant,
  district: RankingSchema.describe('The whole district (scope all)'),
  departments: RankingSchema,
  streets: RankingSchema,
  inspectors: RankingSchema,
  classes: RankingSchema,
  communities: RankingSchema,
  trend: z.array(z.object({ day: Day, reported: z.number().int(), filed: z.number().int(), dispatched: z.number().int(), closed: z.number().int() })),
});
export type MonthlyReport = z.infer<typeof MonthlyReportSchema>;
