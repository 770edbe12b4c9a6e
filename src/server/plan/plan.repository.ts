// Supervision of the plan in the database. The only place with its SQL.
import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Executor } from '../db/client';
import { departments, photos, users } from '../db/schema';
import { workPlanEvidence, workPlanReports, workPlans, workPlanSections, workPlanTasks, workPlanUrges } from './plan.tables';

export type PlanRow = typeof workPlans.$inferSelect;
export type SectionRow = typeof workPlanSections.$inferSelect;
export type TaskRow = typeof workPlanTasks.$inferSelect;
export type ReportRow = typeof workPlanReports.$inferSelect;
export type UrgeRow = typeof workPlanUrges.$inferSelect;

export async function listPlans(db: Executor): Promise<PlanRow[]> {
  return db.select().from(workPlans).orderBy(desc(workPlans.year), asc(workPlans.code));
}

export async function findPlan(db: Executor, id: string): Promise<PlanRow | null> {
  const [p] = await db.select().from(workPlans).where(eq(workPlans.id, id));
  return p ?? null;
}

export async function planByCode(db: Executor, code: string): Promise<PlanRow | null> {
  const [p] = await db.select().from(workPlans).where(eq(workPlans.code, code));
  return p ?? null;
}

export async function sectionsOf(db: Executor, planId: string): Promise<SectionRow[]> {
  return db.select().from(workPlanSections).where(eq(workPlanSections.planId, planId)).orderBy(asc(workPlanSections.seq));
}

export async function tasksOf(db: Executor, planId: string): Promise<TaskRow[]> {
  return db.select().from(workPlanTasks).where(eq(workPlanTasks.planId, planId)).orderBy(asc(workPlanTasks.seq));
}

export async function findTask(db: Executor, id: string): Promise<TaskRow | null> {
  const [t] = await db.select().from(workPlanTasks).where(eq(workPlanTasks.id, id));
  return t ?? null;
}

export async function insertPlan(
  tx: Executor,
  plan: typeof workPlans.$inferInsert,
  sections: { title: string; tasks: Omit<typeof workPlanTasks.$inferInsert, 'planId' | 'sectionId' | 'seq'>[] }[],
): Promise<PlanRow> {
  const [p] = await tx.insert(workPlans).values(plan).returning();
  let seq = 0;
  for (const [i, s] of sections.entries()) {
    const [sec] = await tx.insert(workPlanSections).values({ planId: p.id, seq: i + 1, title: s.title }).returning();
    if (s.tasks.length) await tx.insert(workPlanTasks).values(s.tasks.map((t) => ({ ...t, planId: p.id, sectionId: sec.id, seq: ++seq })));
  }
  return p;
}

/** Every report of the tasks, oldest first (the latest figure is the last one with a value). */
export async function reportsOf(db: Executor, taskIds: string[]) {
  if (!taskIds.length) return [];
  return db
    .select({ r: workPlanReports, by: users.displayName, dept: departments.nameZh, deptEn: departments.nameEn })
    .from(workPlanReports)
    .leftJoin(users, eq(users.id, workPlanReports.reportedBy))
    .leftJoin(departments, eq(departments.id, workPlanReports.departmentId))
    .where(inArray(workPlanReports.taskId, taskIds))
    .orderBy(asc(workPlanReports.on), asc(workPlanReports.id));
}

export async function evidenceOf(db: Executor, taskId: string) {
  return db.select({ reportId: workPlanEvidence.reportId, photoId: workPlanEvidence.photoId }).from(workPlanEvidence).where(eq(workPlanEvidence.taskId, taskId));
}

export async function evidenceFile(db: Executor, taskId: string, photoId: string) {
  const [f] = await db
    .select({ path: photos.path, thumbPath: photos.thumbPath })
    .from(workPlanEvidence)
    .innerJoin(photos, eq(photos.id, workPlanEvidence.photoId))
    .where(and(eq(workPlanEvidence.taskId, taskId), eq(workPlanEvidence.photoId, photoId)));
  return f ?? null;
}

/** Photos the actor uploaded that belong to no case and no other report: the only ones they may attach as evidence. */
export async function attachablePhotos(db: Executor, ids: string[], uploadedBy: string): Promise<Set<string>> {
  if (!ids.length) return new Set();
  const rows = await db
    .select({ id: photos.id })
    .from(photos)
    .leftJoin(workPlanEvidence, eq(workPlanEvidence.photoId, photos.id))
    .where(and(inArray(photos.id, ids), eq(photos.uploadedBy, uploadedBy), sql`${photos.caseId} is null`, sql`${workPlanEvidence.photoId} is null`));
  return new Set(rows.map((r) => r.id));
}

export async function insertReport(tx: Executor, row: typeof workPlanReports.$inferInsert, photoIds: string[]): Promise<ReportRow> {
  const [r] = await tx.insert(workPlanReports).values(row).returning();
  if (photoIds.length) await tx.insert(workPlanEvidence).values(photoIds.map((photoId) => ({ reportId: r.id, taskId: r.taskId, photoId })));
  return r;
}

export async function urgesOf(db: Executor, taskIds: string[]) {
  if (!taskIds.length) return [];
  return db
    .select({ u: workPlanUrges, by: users.displayName })
    .from(workPlanUrges)
    .leftJoin(users, eq(users.id, workPlanUrges.byUserId))
    .where(inArray(workPlanUrges.taskId, taskIds))
    .orderBy(desc(workPlanUrges.at), desc(workPlanUrges.id));
}

export async function insertUrge(tx: Executor, row: typeof workPlanUrges.$inferInsert): Promise<UrgeRow> {
  const [u] = await tx.insert(workPlanUrges).values(row).returning();
  return u;
}

export async function allDepartments(db: Executor) {
  return db.select({ id: departments.id, code: departments.code, nameZh: departments.nameZh, nameEn: departments.nameEn, active: departments.active }).from(departments);
}
