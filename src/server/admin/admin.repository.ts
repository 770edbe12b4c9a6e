// Administration writes: users, departments, responsibility rules, catalogue, beats, and the audit log.
import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Executor } from '../db/client';
import { auditLog, beats, catalogueClasses, departments, filingConditions, grids, responsibilityRules, users } from '../db/schema';

export async function audit(db: Executor, row: { actorId: string; action: string; subject: string; at: Date; detail: unknown }) {
  await db.insert(auditLog).values({ ...row, detail: row.detail ?? {} });
}

export async function listAudit(db: Executor, limit: number) {
  return db.select().from(auditLog).orderBy(desc(auditLog.id)).limit(limit);
}

export async function updateUser(db: Executor, id: string, patch: Partial<typeof users.$inferInsert>) {
  const rows = await db.update(users).set(patch).where(eq(users.id, id)).returning({ id: users.id });
  return rows[0] ?? null;
}

export async function insertDepartment(db: Executor, row: typeof departments.$inferInsert) {
  const [d] = await db.insert(departments).values(row).returning();
  return d;
}

export async function updateDepartment(db: Executor, id: string, patch: Partial<typeof departments.$inferInsert>) {
  const rows = await db.update(departments).set(patch).where(eq(departments.id, id)).returning();
  return rows[0] ?? null;
}

export async function insertRule(db: Executor, row: typeof responsibilityRules.$inferInsert) {
  const [r] = await db.insert(responsibilityRules).values(row).returning();
  return r;
}

export async function updateRule(db: Executor, id: string, patch: Partial<typeof responsibilityRules.$inferInsert>) {
  const rows = await db.update(responsibilityRules).set(patch).where(eq(responsibilityRules.id, id)).returning();
  return rows[0] ?? null;
}

export async function deleteRule(db: Executor, id: string) {
  const rows = await db.delete(responsibilityRules).where(eq(responsibilityRules.id, id)).returning({ id: responsibilityRules.id });
  return rows[0] ?? null;
}

export async function insertClass(db: Executor, row: typeof catalogueClasses.$inferInsert) {
  const [c] = await db.insert(catalogueClasses).values(row).returning();
  return c;
}

export async function updateClass(db: Executor, kind: string, code: string, patch: Partial<typeof catalogueClasses.$inferInsert>) {
  const rows = await db
    .update(catalogueClasses)
    .set(patch)
    .where(and(eq(catalogueClasses.kind, kind), eq(catalogueClasses.code, code)))
    .returning();
  return rows[0] ?? null;
}

export async function upsertFilingCondition(db: Executor, row: typeof filingConditions.$inferInsert) {
  const [f] = await db
    .insert(filingConditions)
    .values(row)
    .onConflictDoUpdate({
      target: filingConditions.code,
      set: {
        nameZh: row.nameZh,
        nameEn: row.nameEn,
        limitAmount: row.limitAmount,
        limitUnit: row.limitUnit,
        closeConditionZh: row.closeConditionZh,
        closeConditionEn: row.closeConditionEn,
      },
    })
    .returning();
  return f;
}

export async function listBeats(db: Executor) {
  return db
    .select({
      id: beats.id,
      code: beats.code,
      name: beats.name,
      communityCode: beats.communityCode,
      inspectorId: beats.inspectorId,
      gridCount: sql<number>`(select count(*)::int from ${grids} where ${grids.beatId} = ${beats.id})`,
    })
    .from(beats)
    .orderBy(asc(beats.code));
}

export async function insertBeat(db: Executor, row: typeof beats.$inferInsert) {
  const [b] = await db.insert(beats).values(row).returning();
  return b;
}

export async function updateBeat(db: Executor, id: string, patch: Partial<typeof beats.$inferInsert>) {
  const rows = await db.update(beats).set(patch).where(eq(beats.id, id)).returning();
  return rows[0] ?? null;
}

/** Moves the given grids into the beat; returns how many grids exist among the codes. */
export async function assignGrids(db: Executor, beatId: string, gridCodes: string[]): Promise<number> {
  if (gridCodes.length === 0) return 0;
  const rows = await db.update(grids).set({ beatId }).where(inArray(grids.code, gridCodes)).returning({ code: grids.code });
  return rows.length;
}
