// The illegal building register in the database. The only place with its SQL.
import { and, asc, desc, eq, gte, ilike, inArray, lt, or, sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../db/client';
import { cases, communities, departments, photos, streets } from '../db/schema';
import { illegalBuildingCases, illegalBuildingEvents, illegalBuildingFiles, illegalBuildings, illegalBuildingTargets } from './illegal-building.tables';

export type BuildingRow = typeof illegalBuildings.$inferSelect;
export type BuildingInsert = typeof illegalBuildings.$inferInsert;
export type BuildingEventInsert = typeof illegalBuildingEvents.$inferInsert;

/** What the register lets a user see: everything, or a department's own entries and its street's. */
export type BuildingScope = { kind: 'all' } | { kind: 'department'; departmentId: string | null; streetCode: string | null };

function scopeWhere(scope: BuildingScope): SQL | undefined {
  if (scope.kind === 'all') return undefined;
  const parts: SQL[] = [];
  if (scope.departmentId) parts.push(eq(illegalBuildings.departmentId, scope.departmentId));
  if (scope.streetCode) parts.push(eq(illegalBuildings.streetCode, scope.streetCode));
  return parts.length ? or(...parts) : sql`false`;
}

export async function nextSerial(tx: Executor): Promise<number> {
  const res = (await tx.execute(sql`select nextval('illegal_building_serial')::int as v`)) as unknown as { rows: { v: number }[] };
  return Number(res.rows[0].v);
}

export async function insertBuilding(tx: Executor, row: BuildingInsert): Promise<BuildingRow> {
  const [b] = await tx.insert(illegalBuildings).values(row).returning();
  return b;
}

export async function insertEvent(tx: Executor, row: BuildingEventInsert): Promise<void> {
  await tx.insert(illegalBuildingEvents).values(row);
}

export async function findBuilding(db: Executor, id: string, forUpdate = false): Promise<BuildingRow | null> {
  const q = db.select().from(illegalBuildings).where(eq(illegalBuildings.id, id));
  const rows = forUpdate ? await q.for('update') : await q;
  return rows[0] ?? null;
}

/** Optimistic update: null when the version moved meanwhile. */
export async function updateBuilding(tx: Executor, id: string, version: number, patch: Partial<BuildingInsert>): Promise<BuildingRow | null> {
  const rows = await tx
    .update(illegalBuildings)
    .set({ ...patch, version: version + 1 })
    .where(and(eq(illegalBuildings.id, id), eq(illegalBuildings.version, version)))
    .returning();
  return rows[0] ?? null;
}

export interface ListFilter {
  state: string[];
  stock?: string;
  type?: string;
  streetCode?: string;
  year?: number;
  q?: string;
}

function filterWhere(f: ListFilter, scope: BuildingScope): SQL | undefined {
  const w: (SQL | undefined)[] = [scopeWhere(scope)];
  if (f.state.length) w.push(inArray(illegalBuildings.state, f.state));
  if (f.stock) w.push(eq(illegalBuildings.stock, f.stock));
  if (f.type) w.push(eq(illegalBuildings.type, f.type));
  if (f.streetCode) w.push(eq(illegalBuildings.streetCode, f.streetCode));
  if (f.year) w.push(and(gte(illegalBuildings.foundOn, `${f.year}-01-01`), lt(illegalBuildings.foundOn, `${f.year + 1}-01-01`)));
  if (f.q) {
    const like = `%${f.q.replace(/[%_\\]/g, (m) => '\\' + m)}%`;
    w.push(or(ilike(illegalBuildings.code, like), ilike(illegalBuildings.address, like), ilike(illegalBuildings.description, like)));
  }
  return and(...w);
}

const summaryColumns = {
  b: illegalBuildings,
  streetName: streets.name,
  communityName: communities.name,
  departmentName: departments.nameZh,
  departmentNameEn: departments.nameEn,
};

export type SummaryRow = { b: BuildingRow; streetName: string | null; communityName: string | null; departmentName: string | null; departmentNameEn: string | null };

export async function listBuildings(db: Executor, f: ListFilter, scope: BuildingScope, page: { offset: number; limit: number }) {
  const where = filterWhere(f, scope);
  const rows = await db
    .select(summaryColumns)
    .from(illegalBuildings)
    .leftJoin(streets, eq(streets.code, illegalBuildings.streetCode))
    .leftJoin(communities, eq(communities.code, illegalBuildings.communityCode))
    .leftJoin(departments, eq(departments.id, illegalBuildings.departmentId))
    .where(where)
    .orderBy(desc(illegalBuildings.foundOn), desc(illegalBuildings.code))
    .limit(page.limit)
    .offset(page.offset);
  const [agg] = await db
    .select({ n: sql<number>`count(*)::int`, area: sql<number>`coalesce(sum(${illegalBuildings.areaM2}), 0)::float8`, demolished: sql<number>`coalesce(sum(${illegalBuildings.demolishedM2}), 0)::float8` })
    .from(illegalBuildings)
    .where(where);
  return { rows: rows as SummaryRow[], total: Number(agg.n), area: Number(agg.area), demolished: Number(agg.demolished) };
}

export async function mapBuildings(db: Executor, f: ListFilter, scope: BuildingScope) {
  return db
    .select({
      id: illegalBuildings.id,
      code: illegalBuildings.code,
      lng: illegalBuildings.lng,
      lat: illegalBuildings.lat,
      state: illegalBuildings.state,
      stock: illegalBuildings.stock,
      areaM2: illegalBuildings.areaM2,
      footprint: illegalBuildings.footprint,
    })
    .from(illegalBuildings)
    .where(filterWhere(f, scope))
    .orderBy(asc(illegalBuildings.code))
    .limit(20_000);
}

export async function summaryRow(db: Executor, id: string): Promise<SummaryRow | null> {
  const rows = await db
    .select(summaryColumns)
    .from(illegalBuildings)
    .leftJoin(streets, eq(streets.code, illegalBuildings.streetCode))
    .leftJoin(communities, eq(communities.code, illegalBuildings.communityCode))
    .leftJoin(departments, eq(departments.id, illegalBuildings.departmentId))
    .where(eq(illegalBuildings.id, id));
  return (rows[0] as SummaryRow | undefined) ?? null;
}

export async function eventsOf(db: Executor, id: string) {
  return db.select().from(illegalBuildingEvents).where(eq(illegalBuildingEvents.buildingId, id)).orderBy(asc(illegalBuildingEvents.seq));
}

export async function lastSeq(tx: Executor, id: string): Promise<number> {
  const [r] = await tx.select({ n: sql<number>`coalesce(max(${illegalBuildingEvents.seq}), 0)::int` }).from(illegalBuildingEvents).where(eq(illegalBuildingEvents.buildingId, id));
  return Number(r.n);
}

// ---------------------------------------------------------------- files (photos and scanned documents)

export async function filesOf(db: Executor, id: string) {
  return db.select().from(illegalBuildingFiles).where(eq(illegalBuildingFiles.buildingId, id)).orderBy(asc(illegalBuildingFiles.addedAt));
}

export async function fileOf(db: Executor, buildingId: string, photoId: string) {
  const rows = await db
    .select({ f: illegalBuildingFiles, path: photos.path, thumbPath: photos.thumbPath })
    .from(illegalBuildingFiles)
    .innerJoin(photos, eq(photos.id, illegalBuildingFiles.photoId))
    .where(and(eq(illegalBuildingFiles.buildingId, buildingId), eq(illegalBuildingFiles.photoId, photoId)));
  return rows[0] ?? null;
}

/** Photos the actor uploaded that are attached to no case and no register entry: the only ones they may attach. */
export async function attachablePhotos(db: Executor, ids: string[], uploadedBy: string): Promise<Set<string>> {
  if (!ids.length) return new Set();
  const rows = await db
    .select({ id: photos.id })
    .from(photos)
    .leftJoin(illegalBuildingFiles, eq(illegalBuildingFiles.photoId, photos.id))
    .where(and(inArray(photos.id, ids), eq(photos.uploadedBy, uploadedBy), sql`${photos.caseId} is null`, sql`${illegalBuildingFiles.photoId} is null`));
  return new Set(rows.map((r) => r.id));
}

export async function insertFiles(tx: Executor, rows: (typeof illegalBuildingFiles.$inferInsert)[]): Promise<void> {
  if (rows.length) await tx.insert(illegalBuildingFiles).values(rows);
}

// ---------------------------------------------------------------- linked cases

export async function casesOf(db: Executor, id: string) {
  return db
    .select({ id: cases.id, number: cases.number, state: cases.state, classCode: cases.classCode, createdAt: cases.createdAt, relation: illegalBuildingCases.relation })
    .from(illegalBuildingCases)
    .innerJoin(cases, eq(cases.id, illegalBuildingCases.caseId))
    .where(eq(illegalBuildingCases.buildingId, id))
    .orderBy(asc(cases.createdAt));
}

export async function buildingOfCase(db: Executor, caseId: string): Promise<string | null> {
  const rows = await db.select({ id: illegalBuildingCases.buildingId }).from(illegalBuildingCases).where(eq(illegalBuildingCases.caseId, caseId));
  return rows[0]?.id ?? null;
}

export async function linkCase(tx: Executor, buildingId: string, caseId: string, relation: 'origin' | 'raised', at: Date): Promise<void> {
  await tx.insert(illegalBuildingCases).values({ buildingId, caseId, relation, linkedAt: at });
}

// ---------------------------------------------------------------- targets

export async function findTargets(db: Executor, year: number) {
  const rows = await db.select().from(illegalBuildingTargets).where(eq(illegalBuildingTargets.year, year));
  return rows[0] ?? null;
}

export async function upsertTargets(db: Executor, row: typeof illegalBuildingTargets.$inferInsert): Promise<void> {
  await db
    .insert(illegalBuildingTargets)
    .values(row)
    .onConflictDoUpdate({ target: illegalBuildingTargets.year, set: { demolishM2: row.demolishM2, newDealWithinDays: row.newDealWithinDays, updatedBy: row.updatedBy, updatedAt: row.updatedAt } });
}

/** Every demolition recorded in a year with the structure's stock and street (the stock target reads these). */
export async function demolitionsIn(db: Executor, year: number) {
  return db
    .select({ on: illegalBuildingEvents.on, areaM2: illegalBuildingEvents.areaM2, stock: illegalBuildings.stock, streetCode: illegalBuildings.streetCode })
    .from(illegalBuildingEvents)
    .innerJoin(illegalBuildings, eq(illegalBuildings.id, illegalBuildingEvents.buildingId))
    .where(and(eq(illegalBuildingEvents.action, 'demolish'), gte(illegalBuildingEvents.on, `${year}-01-01`), lt(illegalBuildingEvents.on, `${year + 1}-01-01`)));
}

/** New building found in a year (zero growth reads these). */
export async function newFoundIn(db: Executor, year: number) {
  return db
    .select({ id: illegalBuildings.id, code: illegalBuildings.code, address: illegalBuildings.address, streetCode: illegalBuildings.streetCode, state: illegalBuildings.state, foundOn: illegalBuildings.foundOn, closedOn: illegalBuildings.closedOn })
    .from(illegalBuildings)
    .where(and(eq(illegalBuildings.stock, 'new'), gte(illegalBuildings.foundOn, `${year}-01-01`), lt(illegalBuildings.foundOn, `${year + 1}-01-01`)));
}

/** The existing stock still standing on the register, by street. */
export async function standingStock(db: Executor) {
  return db
    .select({
      streetCode: illegalBuildings.streetCode,
      n: sql<number>`count(*)::int`,
      m2: sql<number>`coalesce(sum(${illegalBuildings.areaM2} - ${illegalBuildings.demolishedM2}), 0)::float8`,
    })
    .from(illegalBuildings)
    .where(and(eq(illegalBuildings.stock, 'existing'), inArray(illegalBuildings.state, ['found', 'filed', 'notice_served', 'deadline_passed'])))
    .groupBy(illegalBuildings.streetCode);
}

export async function countEntries(db: Executor, stock: string): Promise<number> {
  const [r] = await db.select({ n: sql<number>`count(*)::int` }).from(illegalBuildings).where(eq(illegalBuildings.stock, stock));
  return Number(r.n);
}

export async function streetNames(db: Executor): Promise<Map<string, string>> {
  const rows = await db.select({ code: streets.code, name: streets.name }).from(streets);
  return new Map(rows.map((r) => [r.code, r.name]));
}
