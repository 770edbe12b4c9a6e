// Tables of the supervision of the plan (督查督办): plans, their sections and tasks, progress reports with evidence, 督办 notices.
import { sql } from 'drizzle-orm';
import { bigserial, boolean, date, doublePrecision, index, integer, jsonb, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { departments, photos, ts, users } from '../db/schema';

/** A plan: the district's annual work plan (年度工作计划), or any plan with tasks to supervise. */
export const workPlans = pgTable(
  'work_plans',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    code: text('code').notNull(),
    title: text('title').notNull(),
    year: integer('year').notNull(),
    startOn: date('start_on', { mode: 'string' }).notNull(),
    endOn: date('end_on', { mode: 'string' }).notNull(),
    /** import | demo | manual */
    source: text('source').notNull().default('import'),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [uniqueIndex('work_plans_code_idx').on(t.code)],
);

export const workPlanSections = pgTable(
  'work_plan_sections',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    planId: uuid('plan_id')
      .notNull()
      .references(() => workPlans.id),
    seq: integer('seq').notNull(),
    title: text('title').notNull(),
  },
  (t) => [uniqueIndex('work_plan_sections_seq_idx').on(t.planId, t.seq)],
);

/** A task: text, 牵头单位 and 配合单位, the target, the deadline, 节点目标, and optionally a live measure. */
export const workPlanTasks = pgTable(
  'work_plan_tasks',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    planId: uuid('plan_id')
      .notNull()
      .references(() => workPlans.id),
    sectionId: uuid('section_id')
      .notNull()
      .references(() => workPlanSections.id),
    seq: integer('seq').notNull(),
    code: text('code').notNull(),
    text: text('text').notNull(),
    leadDepartmentId: uuid('lead_department_id')
      .notNull()
      .references(() => departments.id),
    coDepartmentIds: uuid('co_department_ids').array().notNull().default(sql`'{}'::uuid[]`),
    targetValue: doublePrecision('target_value').notNull(),
    targetUnit: text('target_unit').notNull(),
    /** at_least | at_most */
    direction: text('direction').notNull(),
    /** cumulative | level */
    kind: text('kind').notNull(),
    deadline: date('deadline', { mode: 'string' }).notNull(),
    /** [{ on, value, text }] */
    milestones: jsonb('milestones').notNull().default([]),
    /** A key of the measure registry (plan.measures.ts): the figure is computed, not reported. */
    measureKey: text('measure_key'),
    measureParams: jsonb('measure_params').notNull().default({}),
  },
  (t) => [uniqueIndex('work_plan_tasks_code_idx').on(t.planId, t.code), index('work_plan_tasks_lead_idx').on(t.leadDepartmentId)],
);

/** A department's progress report on a task: the figure reached (if any), what was done, evidence. */
export const workPlanReports = pgTable(
  'work_plan_reports',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    taskId: uuid('task_id')
      .notNull()
      .references(() => workPlanTasks.id),
    /** The figure reached so far (cumulative) or now (level), in the target's unit; null for a report in words only. */
    value: doublePrecision('value'),
    text: text('text').notNull(),
    /** The department declares the task complete. */
    completed: boolean('completed').notNull().default(false),
    /** The day the figure is as of (Beijing time). */
    on: date('on', { mode: 'string' }).notNull(),
    departmentId: uuid('department_id').references(() => departments.id),
    reportedBy: uuid('reported_by').references(() => users.id),
    at: ts('at').notNull(),
  },
  (t) => [index('work_plan_reports_task_idx').on(t.taskId, t.on)],
);

/** Evidence of a report: photos and scanned documents, uploaded through the photo upload. */
export const workPlanEvidence = pgTable(
  'work_plan_evidence',
  {
    reportId: integer('report_id').notNull(),
    taskId: uuid('task_id')
      .notNull()
      .references(() => workPlanTasks.id),
    photoId: uuid('photo_id')
      .notNull()
      .references(() => photos.id),
  },
  (t) => [uniqueIndex('work_plan_evidence_photo_idx').on(t.photoId), index('work_plan_evidence_report_idx').on(t.reportId)],
);

/** 督办: a leader's notice urging the departments on a task, with the status it had then and an answer-by day. */
export const workPlanUrges = pgTable(
  'work_plan_urges',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    taskId: uuid('task_id')
      .notNull()
      .references(() => workPlanTasks.id),
    text: text('text').notNull(),
    replyBy: date('reply_by', { mode: 'string' }),
    statusThen: text('status_then').notNull(),
    byUserId: uuid('by_user_id').references(() => users.id),
    at: ts('at').notNull(),
  },
  (t) => [index('work_plan_urges_task_idx').on(t.taskId)],
);
