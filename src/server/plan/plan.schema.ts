// Request and response schemas of the supervision of the plan (督查督办) API.
import { z } from 'zod';
import { TASK_STATUSES } from '../../domain/plan';

const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD');
const Status = z.enum(TASK_STATUSES);

export const BoardQuerySchema = z.object({
  department: z.string().uuid().optional().describe('Only tasks this department leads or co-operates on'),
  status: Status.optional(),
});
export type BoardQuery = z.infer<typeof BoardQuerySchema>;

export const ReportInputSchema = z.object({
  value: z.number().finite().min(0).max(1e12).nullable().optional().describe("The figure reached, in the target's unit; omit for a report in words"),
  text: z.string().trim().min(1).max(2000).describe('What was done'),
  completed: z.boolean().default(false).describe('The task is complete'),
  on: Day.optional().describe('The day the figure is as of; default today (not in the future)'),
  photoIds: z.array(z.string().uuid()).max(12).default([]).describe('Evidence: photos/scans uploaded through POST /api/photos'),
});
export type ReportInput = z.infer<typeof ReportInputSchema>;

export const UrgeInputSchema = z.object({
  text: z.string().trim().min(1).max(1000),
  replyBy: Day.optional().describe('The day by which the lead department should answer with progress'),
});
export type UrgeInput = z.infer<typeof UrgeInputSchema>;

export const ExportQuerySchema = z.object({
  month: z.string().regex(/^\d{4}-\d{2}$/, 'YYYY-MM').optional().describe('Default: this month'),
  lang: z.enum(['zh', 'en']).default('zh'),
});

const Milestone = z.object({ on: Day, value: z.number().nullable(), text: z.string().nullable() });
const RollUp = z.object({ tasks: z.number(), progress: z.number(), byStatus: z.record(Status, z.number()), worst: Status.nullable() });
const Dept = z.object({ id: z.string(), name: z.string(), nameEn: z.string() });

export const TaskSummarySchema = z.object({
  id: z.string(),
  code: z.string(),
  text: z.string(),
  sectionId: z.string(),
  lead: Dept,
  co: z.array(Dept),
  target: z.object({ value: z.number(), unit: z.string(), direction: z.enum(['at_least', 'at_most']), kind: z.enum(['cumulative', 'level']) }),
  deadline: Day,
  milestones: z.array(Milestone),
  measure: z.object({ key: z.string(), name: z.string(), nameEn: z.string(), definition: z.string(), definitionEn: z.string() }).nullable(),
  value: z.number().nullable().describe('The latest figure: live for a linked task, else the latest report with a value'),
  valueOn: Day.nullable(),
  live: z.boolean(),
  status: Status,
  progress: z.number(),
  expected: z.number(),
  daysOverdue: z.number(),
  daysLeft: z.number().nullable(),
  nextMilestone: Milestone.nullable(),
  reports: z.number(),
  urges: z.number(),
});
export type TaskSummary = z.infer<typeof TaskSummarySchema>;

export const PlanSummarySchema = z.object({ id: z.string(), code: z.string(), title: z.string(), year: z.number(), startOn: Day, endOn: Day, rollUp: RollUp });

export const BoardSchema = z.object({
  plan: PlanSummarySchema,
  asOf: z.string(),
  sections: z.array(z.object({ id: z.string(), title: z.string(), rollUp: RollUp, tasks: z.array(TaskSummarySchema) })),
  departments: z.array(Dept.extend({ rollUp: RollUp })),
  canImport: z.boolean(),
  canExport: z.boolean(),
});
export type Board = z.infer<typeof BoardSchema>;

export const TaskDetailSchema = z.object({
  plan: z.object({ id: z.string(), code: z.string(), title: z.string() }),
  section: z.string(),
  task: TaskSummarySchema,
  reports: z.array(
    z.object({
      id: z.number(),
      on: Day,
      at: z.string(),
      value: z.number().nullable(),
      text: z.string(),
      completed: z.boolean(),
      by: z.string().nullable(),
      department: z.string().nullable(),
      departmentEn: z.string().nullable(),
      evidence: z.array(z.object({ photoId: z.string(), url: z.string(), thumbUrl: z.string() })),
    }),
  ),
  urges: z.array(z.object({ id: z.number(), at: z.string(), text: z.string(), replyBy: Day.nullable(), statusThen: z.string(), by: z.string().nullable() })),
  canReport: z.boolean(),
  canUrge: z.boolean(),
});
export type TaskDetail = z.infer<typeof TaskDetailSchema>;

export const ImportResultSchema = z.object({
  dryRun: z.boolean(),
  applied: z.boolean(),
  planId: z.string().nullable(),
  code: z.string(),
  title: z.string(),
  year: z.number(),
  sections: z.array(z.object({ title: z.string(), tasks: z.array(z.object({ row: z.number(), code: z.string(), text: z.string(), lead: z.string(), target: z.string(), deadline: Day, measure: z.string().nullable() })) })),
});

export const MeasureSchema = z.object({ key: z.string(), name: z.string(), nameEn: z.string(), unit: z.string(), definition: z.string(), definitionEn: z.string(), needsCampaign: z.boolean() });
