// Catalogue classes, filing conditions and the responsibility list in the database.
import { and, asc, eq } from 'drizzle-orm';
import type { Executor } from '../db/client';
import { catalogueClasses, filingConditions, responsibilityRules } from '../db/schema';

export type ClassRow = typeof catalogueClasses.$inferSelect;
export type FilingConditionRow = typeof filingConditions.$inferSelect;
export type RuleRow = typeof responsibilityRules.$inferSelect;

export async function findClass(db: Executor, kind: string, code: string): Promise<ClassRow | null> {
  const rows = await db
    .select()
    .from(catalogueClasses)
    .where(and(eq(catalogueClasses.kind, kind), eq(catalogueClasses.code, code)));
  return rows[0] ?? null;
}

export async function listClasses(db: Executor): Promise<ClassRow[]> {
  return db.select().from(catalogueClasses).orderBy(asc(catalogueClasses.kind), asc(catalogueClasses.code));
}

export async function listFilingConditions(db: Executor, kind?: string, classCode?: string): Promise<FilingConditionRow[]> {
  const where = kind && classCode ? and(eq(filingConditions.kind, kind), eq(filingConditions.classCode, classCode)) : undefined;
  return db.select().from(filingConditions).where(where).orderBy(asc(filingConditions.code));
}

export async function findFilingCondition(db: Executor, code: string): Promise<FilingConditionRow | null> {
  const rows = await db.select().from(filingConditions).where(eq(filingConditions.code, code));
  return rows[0] ?? null;
}

export async function rulesForClass(db: Executor, kind: string, classCode: string): Promise<RuleRow[]> {
  return db
    .select()
    .from(responsibilityRules)
    .where(and(eq(responsibilityRules.kind, kind), eq(responsibilityRules.classCode, classCode)));
}

export async function listRules(db: Executor): Promise<RuleRow[]> {
  return db.select().from(responsibilityRules).orderBy(asc(responsibilityRules.kind), asc(responsibilityRules.classCode));
}
