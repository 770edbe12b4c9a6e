// SQL of hazard inspections and 双随机、一公开. Takes the database or a transaction.
import { and, asc, desc, eq, ilike, inArray, max, or, sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../db/client';
import { cases, departments, streets, users } from '../db/schema';
import { inspectionConflicts, inspectionDraws, inspectionEntities, inspectionFindings, inspectionInspectors, inspectionPlans, inspections } from './inspections.tables';

export type EntityRow = typeof inspectionEntities.$inferSelect;
export type PlanRow = typeof inspectionPlans.$inferSelect;
export type DrawRow = typeof inspectionDraws.$inferSelect;
export type InspectionRow = typeof inspections.$inferSelect;
export type PoolRow = typeof inspectionInspectors.$inferSelect;

// ------------------------------------------------------------------ register

const lastInspected = sql<string | null>`(select max(i.inspected_on)::text from ${inspections} i where i.entity_id = ${inspectionEntities.id})`;

export async function listEntities(db: Executor, f: { sector?: string; street?: string; q?: string; active?: boolean }, limit: number, offset: number) {
  const where: SQL[] = [];
  if (f.sector) where.push(eq(inspectionEntities.sector, f.sector));
  if (f.street) where.push(eq(inspectionEntities.streetCode, f.street));
  if (f.active !== undefined) where.push(eq(inspectionEntities.active, f.active));
  if (f.q) where.push(or(ilike(inspectionEntities.name, `%${f.q}%`), ilike(inspectionEntities.code, `%${f.q}%`), ilike(inspectionEntities.address, `%${f.q}%`))!);
  const cond = where.length ? and(...where) : undefined;
  const [rows, total] = await Promise.all([
    db
      .select({ e: inspectionEntities, streetName: streets.name, lastInspectedOn: lastInspected })
      .from(inspectionEntities)
      .leftJoin(streets, eq(streets.code, inspectionEntities.streetCode))
      .where(cond)
      .orderBy(asc(inspectionEntities.code))
      .limit(limit)
      .offset(offset),
    db.$count(inspectionEntities, cond),
  ]);
  return { total, rows };
}

export async function findEntity(db: Executor, by: { id?: string; code?: string }) {
  const rows = await db
    .select({ e: inspectionEntities, streetName: streets.name, lastInspectedOn: lastInspected })
    .from(inspectionEntities)
    .leftJoin(streets, eq(streets.code, inspectionEntities.streetCode))
    .where(by.id ? eq(inspectionEntities.id, by.id) : eq(inspectionEntities.code, by.code ?? ''));
  return rows[0] ?? null;
}

export async function countEntityCodes(db: Executor, prefix: string): Promise<number> {
  return db.$count(inspectionEntities, sql`${inspectionEntities.code} like ${`${prefix}-%`}`);
}

export async function insertEntity(db: Executor, row: typeof inspectionEntities.$inferInsert): Promise<EntityRow> {
  const [r] = await db.insert(inspectionEntities).values(row).returning();
  return r;
}

export async function updateEntity(db: Executor, id: string, patch: Partial<typeof inspectionEntities.$inferInsert>): Promise<void> {
  await db.update(inspectionEntities).set(patch).where(eq(inspectionEntities.id, id));
}

export async function activeEntitiesOfSector(db: Executor, sector: string) {
  return db
    .select({ id: inspectionEntities.id, code: inspectionEntities.code, name: inspectionEntities.name })
    .from(inspectionEntities)
    .where(and(eq(inspectionEntities.sector, sector), eq(inspectionEntities.active, true)))
    .orderBy(asc(inspectionEntities.code));
}

export async function entityIdsByCode(db: Executor, codes: string[]): Promise<Map<string, string>> {
  if (!codes.length) return new Map();
  const rows = await db.select({ id: inspectionEntities.id, code: inspectionEntities.code }).from(inspectionEntities).where(inArray(inspectionEntities.code, codes));
  return new Map(rows.map((r) => [r.code, r.id]));
}

// ------------------------------------------------------------------ pool and conflicts

const conflictCount = sql<number>`(select count(*)::int from ${inspectionConflicts} c where c.user_id = ${inspectionInspectors.userId})`;

export async function listPool(db: Executor) {
  return db
    .select({ p: inspectionInspectors, displayName: users.displayName, username: users.username, departmentName: departments.nameZh, conflicts: conflictCount })
    .from(inspectionInspectors)
    .innerJoin(users, eq(users.id, inspectionInspectors.userId))
    .leftJoin(departments, eq(departments.id, users.departmentId))
    .orderBy(asc(inspectionInspectors.code));
}

/** Active staff accounts not yet in the pool (citizen and system accounts never inspect). */
export async function poolCandidates(db: Executor) {
  return db
    .select({ id: users.id, displayName: users.displayName, username: users.username, departmentName: departments.nameZh })
    .from(users)
    .leftJoin(departments, eq(departments.id, users.departmentId))
    .leftJoin(inspectionInspectors, eq(inspectionInspectors.userId, users.id))
    .where(and(eq(users.active, true), sql`${inspectionInspectors.userId} is null`, sql`not (${users.roles} && array['citizen', 'system']::text[])`))
    .orderBy(asc(users.username));
}

export async function findPoolMember(db: Executor, by: { userId?: string; code?: string }): Promise<PoolRow | null> {
  const rows = await db
    .select()
    .from(inspectionInspectors)
    .where(by.userId ? eq(inspectionInspectors.userId, by.userId) : eq(inspectionInspectors.code, by.code ?? ''));
  return rows[0] ?? null;
}

export async function insertPoolMember(db: Executor, row: typeof inspectionInspectors.$inferInsert): Promise<void> {
  await db.insert(inspectionInspectors).values(row);
}

export async function updatePoolMember(db: Executor, userId: string, patch: Partial<typeof inspectionInspectors.$inferInsert>): Promise<void> {
  await db.update(inspectionInspectors).set(patch).where(eq(inspectionInspectors.userId, userId));
}

/** Active pool members qualified for a sector, whose user accounts are active. */
export async function qualifiedPool(db: Executor, sector: string) {
  return db
    .select({ userId: inspectionInspectors.userId, code: inspectionInspectors.code })
    .from(inspectionInspectors)
    .innerJoin(users, eq(users.id, inspectionInspectors.userId))
    .where(and(eq(inspectionInspectors.active, true), eq(users.active, true), sql`${sector} = any(${inspectionInspectors.sectors})`))
    .orderBy(asc(inspectionInspectors.code));
}

export async function poolByCodes(db: Executor, codes: string[]): Promise<Map<string, string>> {
  if (!codes.length) return new Map();
  const rows = await db.select({ userId: inspectionInspectors.userId, code: inspectionInspectors.code }).from(inspectionInspectors).where(inArray(inspectionInspectors.code, codes));
  return new Map(rows.map((r) => [r.code, r.userId]));
}

export async function listConflicts(db: Executor, f: { userId?: string; entityId?: string }) {
  const where: SQL[] = [];
  if (f.userId) where.push(eq(inspectionConflicts.userId, f.userId));
  if (f.entityId) where.push(eq(inspectionConflicts.entityId, f.entityId));
  return db
    .select({
      c: inspectionConflicts,
      inspectorCode: inspectionInspectors.code,
      inspectorName: users.displayName,
      entityCode: inspectionEntities.code,
      entityName: inspectionEntities.name,
    })
    .from(inspectionConflicts)
    .innerJoin(users, eq(users.id, inspectionConflicts.userId))
    .innerJoin(inspectionEntities, eq(inspectionEntities.id, inspectionConflicts.entityId))
    .leftJoin(inspectionInspectors, eq(inspectionInspectors.userId, inspectionConflicts.userId))
    .where(where.length ? and(...where) : undefined)
    .orderBy(desc(inspectionConflicts.declaredAt));
}

export async function insertConflict(db: Executor, row: typeof inspectionConflicts.$inferInsert): Promise<string> {
  const [r] = await db.insert(inspectionConflicts).values(row).onConflictDoNothing().returning({ id: inspectionConflicts.id });
  return r?.id ?? '';
}

/** Declared conflicts between pool codes and entity codes of a sector. */
export async function conflictPairs(db: Executor, sector: string): Promise<[string, string][]> {
  const rows = await db
    .select({ inspector: inspectionInspectors.code, target: inspectionEntities.code })
    .from(inspectionConflicts)
    .innerJoin(inspectionInspectors, eq(inspectionInspectors.userId, inspectionConflicts.userId))
    .innerJoin(inspectionEntities, eq(inspectionEntities.id, inspectionConflicts.entityId))
    .where(eq(inspectionEntities.sector, sector));
  return rows.map((r) => [r.inspector, r.target]);
}

/** For each entity, the inspector codes of its most recent drawn inspection (whatever the plan). */
export async function previousInspectors(db: Executor, entityIds: string[]): Promise<Map<string, string[]>> {
  if (!entityIds.length) return new Map();
  const res = await db.execute(sql`
    select distinct on (i.entity_id) i.entity_id, i.inspector_codes
      from ${inspections} i join ${inspectionDraws} d on d.id = i.draw_id
     where i.entity_id in (${sql.join(entityIds.map((id) => sql`${id}::uuid`), sql`, `)})
     order by i.entity_id, d.drawn_at desc, d.id`);
  const rows = (res as unknown as { rows: { entity_id: string; inspector_codes: string[] | string }[] }).rows;
  // node-postgres parses text[]; PGlite may hand back the array literal
  const arr = (v: string[] | string) => (Array.isArray(v) ? v : String(v).replace(/^\{|\}$/g, '').split(',').filter(Boolean));
  return new Map(rows.map((r) => [r.entity_id, arr(r.inspector_codes)]));
}

// ------------------------------------------------------------------ plans and draws

export async function listPlans(db: Executor) {
  return db.select().from(inspectionPlans).orderBy(desc(inspectionPlans.periodFrom), asc(inspectionPlans.name));
}

export async function findPlan(db: Executor, id: string, lock = false): Promise<PlanRow | null> {
  const q = db.select().from(inspectionPlans).where(eq(inspectionPlans.id, id));
  const rows = lock ? await q.for('update') : await q;
  return rows[0] ?? null;
}

export async function insertPlan(db: Executor, row: typeof inspectionPlans.$inferInsert): Promise<PlanRow> {
  const [r] = await db.insert(inspectionPlans).values(row).returning();
  return r;
}

const drawColumns = { d: inspectionDraws, planName: inspectionPlans.name, sector: inspectionPlans.sector };

export async function listDraws(db: Executor, f: { planId?: string } = {}) {
  return db
    .select(drawColumns)
    .from(inspectionDraws)
    .innerJoin(inspectionPlans, eq(inspectionPlans.id, inspectionDraws.planId))
    .where(f.planId ? eq(inspectionDraws.planId, f.planId) : undefined)
    .orderBy(desc(inspectionDraws.committedAt), desc(inspectionDraws.round));
}

export async function findDraw(db: Executor, id: string, lock = false) {
  const q = db.select(drawColumns).from(inspectionDraws).innerJoin(inspectionPlans, eq(inspectionPlans.id, inspectionDraws.planId)).where(eq(inspectionDraws.id, id));
  const rows = lock ? await q.for('update', { of: inspectionDraws }) : await q;
  return rows[0] ?? null;
}

export async function maxRound(db: Executor, planId: string): Promise<number> {
  const [r] = await db.select({ n: max(inspectionDraws.round) }).from(inspectionDraws).where(eq(inspectionDraws.planId, planId));
  return r?.n ?? 0;
}

export async function pendingDraw(db: Executor, planId: string): Promise<DrawRow | null> {
  const rows = await db.select().from(inspectionDraws).where(and(eq(inspectionDraws.planId, planId), eq(inspectionDraws.status, 'committed')));
  return rows[0] ?? null;
}

export async function insertDraw(db: Executor, row: typeof inspectionDraws.$inferInsert): Promise<DrawRow> {
  const [r] = await db.insert(inspectionDraws).values(row).returning();
  return r;
}

export async function updateDraw(db: Executor, id: string, patch: Partial<typeof inspectionDraws.$inferInsert>): Promise<void> {
  await db.update(inspectionDraws).set(patch).where(eq(inspectionDraws.id, id));
}

// ------------------------------------------------------------------ inspections and findings

export async function insertInspections(db: Executor, rows: (typeof inspections.$inferInsert)[]): Promise<void> {
  if (rows.length) await db.insert(inspections).values(rows);
}

const inspectionColumns = {
  i: inspections,
  planName: inspectionPlans.name,
  sector: inspectionPlans.sector,
  checklist: inspectionPlans.checklist,
  round: inspectionDraws.round,
  drawnAt: inspectionDraws.drawnAt,
  entityCode: inspectionEntities.code,
  entityName: inspectionEntities.name,
  entityAddress: inspectionEntities.address,
  streetName: streets.name,
};

function inspectionQuery(db: Executor) {
  return db
    .select(inspectionColumns)
    .from(inspections)
    .innerJoin(inspectionPlans, eq(inspectionPlans.id, inspections.planId))
    .innerJoin(inspectionDraws, eq(inspectionDraws.id, inspections.drawId))
    .innerJoin(inspectionEntities, eq(inspectionEntities.id, inspections.entityId))
    .leftJoin(streets, eq(streets.code, inspectionEntities.streetCode));
}

export type InspectionJoined = Awaited<ReturnType<typeof findInspection>> & {};

export async function listInspections(db: Executor, f: { status?: string; planId?: string; drawId?: string; inspectorId?: string }, limit: number, offset: number) {
  const where: SQL[] = [];
  if (f.status) where.push(eq(inspections.status, f.status));
  if (f.planId) where.push(eq(inspections.planId, f.planId));
  if (f.drawId) where.push(eq(inspections.drawId, f.drawId));
  if (f.inspectorId) where.push(sql`${f.inspectorId}::uuid = any(${inspections.inspectorIds})`);
  const cond = where.length ? and(...where) : undefined;
  const [rows, total] = await Promise.all([
    inspectionQuery(db)
      .where(cond)
      .orderBy(desc(inspectionDraws.drawnAt), asc(inspections.position))
      .limit(limit)
      .offset(offset),
    db.$count(inspections, cond),
  ]);
  return { total, rows };
}

export async function findInspection(db: Executor, id: string, lock = false) {
  const q = inspectionQuery(db).where(eq(inspections.id, id));
  const rows = lock ? await q.for('update', { of: inspections }) : await q;
  return rows[0] ?? null;
}

export async function updateInspection(db: Executor, id: string, patch: Partial<typeof inspections.$inferInsert>): Promise<void> {
  await db.update(inspections).set(patch).where(eq(inspections.id, id));
}

export async function countsByPlan(db: Executor): Promise<Map<string, { assigned: number; recorded: number; published: number; findings: number }>> {
  const res = await db.execute(sql`
    select i.plan_id,
           count(*) filter (where i.status = 'assigned')::int as assigned,
           count(*) filter (where i.status = 'recorded')::int as recorded,
           count(*) filter (where i.status = 'published')::int as published,
           (select count(*)::int from ${inspectionFindings} f join ${inspections} j on j.id = f.inspection_id where j.plan_id = i.plan_id) as findings
      from ${inspections} i group by i.plan_id`);
  const rows = (res as unknown as { rows: { plan_id: string; assigned: number; recorded: number; published: number; findings: number }[] }).rows;
  return new Map(rows.map((r) => [r.plan_id, { assigned: Number(r.assigned), recorded: Number(r.recorded), published: Number(r.published), findings: Number(r.findings) }]));
}

export async function insertFindings(db: Executor, rows: (typeof inspectionFindings.$inferInsert)[]): Promise<void> {
  if (rows.length) await db.insert(inspectionFindings).values(rows).onConflictDoNothing();
}

export async function findingsOf(db: Executor, inspectionIds: string[]) {
  if (!inspectionIds.length) return [];
  return db
    .select({ f: inspectionFindings, caseNumber: cases.number, caseState: cases.state })
    .from(inspectionFindings)
    .leftJoin(cases, eq(cases.id, inspectionFindings.caseId))
    .where(inArray(inspectionFindings.inspectionId, inspectionIds))
    .orderBy(asc(inspectionFindings.itemCode));
}

export async function setFindingCase(db: Executor, id: string, caseId: string): Promise<void> {
  await db.update(inspectionFindings).set({ caseId }).where(eq(inspectionFindings.id, id));
}

export async function userNames(db: Executor, ids: string[]): Promise<Map<string, string>> {
  if (!ids.length) return new Map();
  const rows = await db.select({ id: users.id, name: users.displayName }).from(users).where(inArray(users.id, ids));
  return new Map(rows.map((r) => [r.id, r.name]));
}

// ------------------------------------------------------------------ public

export async function publishedResults(db: Executor, f: { sector?: string; q?: string }, limit: number, offset: number) {
  const where: SQL[] = [eq(inspections.status, 'published')];
  if (f.sector) where.push(eq(inspectionPlans.sector, f.sector));
  if (f.q) where.push(or(ilike(inspectionEntities.name, `%${f.q}%`), ilike(inspectionEntities.address, `%${f.q}%`))!);
  const cond = and(...where);
  const [rows, [{ n }]] = await Promise.all([
    inspectionQuery(db).where(cond).orderBy(desc(inspections.publishedAt), asc(inspections.position)).limit(limit).offset(offset),
    db
      .select({ n: sql<number>`count(*)::int` })
      .from(inspections)
      .innerJoin(inspectionPlans, eq(inspectionPlans.id, inspections.planId))
      .innerJoin(inspectionEntities, eq(inspectionEntities.id, inspections.entityId))
      .where(cond),
  ]);
  return { total: Number(n), rows };
}
