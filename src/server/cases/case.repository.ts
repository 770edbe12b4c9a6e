// Cases and their event log in the database. The only place that writes case SQL.
import { and, asc, desc, eq, gte, inArray, isNull, lt, lte, ne, or, sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../db/client';
import { caseEvents, cases, catalogueClasses, communities, departments, photos, streets } from '../db/schema';
import type { CaseListQuery } from './case.schema';

export type CaseRow = typeof cases.$inferSelect;
export type CaseInsert = typeof cases.$inferInsert;
export type EventRow = typeof caseEvents.$inferSelect;

/** Sequences known to exist, per database handle (tests open many databases in one process). */
const knownSequences = new WeakMap<object, Set<string>>();

/**
 * Case serials come from a sequence per year. A sequence holds no row lock across the transaction, so concurrent
 * intake does not queue behind one counter row; the number of an intake that rolls back is skipped (a gap),
 * never reused. Call this BEFORE opening the transaction: PGlite has one connection, and a statement on `db`
 * while a transaction is open waits for that transaction forever.
 */
export async function ensureCaseSequence(db: Executor, year: number): Promise<void> {
  const name = `case_number_${year}`;
  const known = knownSequences.get(db) ?? new Set<string>();
  knownSequences.set(db, known);
  if (known.has(name)) return;
  try {
    await db.execute(sql.raw(`create sequence if not exists ${name}`));
  } catch (e) {
    // Another process created it at the same moment (PostgreSQL then reports 23505 on pg_type or 42P07). Drizzle wraps
    // the driver's error, so the code is looked for along the causes.
    let raceLost = false;
    for (let c = e as { code?: unknown; message?: unknown; cause?: unknown } | undefined, depth = 0; c && depth < 5; c = c.cause as typeof c, depth++) {
      if (c.code === '23505' || c.code === '42P07' || /already exists/.test(String(c.message ?? ''))) raceLost = true;
    }
    if (!raceLost) throw e;
  }
  known.add(name);
}

/** Takes the next serial of the year (after ensureCaseSequence). */
export async function nextCaseSerial(tx: Executor, year: number): Promise<number> {
  const res = (await tx.execute(sql.raw(`select nextval('case_number_${year}')::int as v`))) as unknown as { rows: { v: number }[] };
  return Number(res.rows[0].v);
}

/** Moves a year's sequence past the given serial (after bulk loads such as the demo seed). */
export async function advanceCaseSerial(db: Executor, year: number, atLeast: number): Promise<void> {
  const name = `case_number_${year}`;
  await db.execute(sql.raw(`create sequence if not exists ${name}`));
  await db.execute(sql.raw(`select setval('${name}', greatest(${Math.floor(atLeast)}, (select last_value from ${name})))`));
}

export async function insertCase(tx: Executor, row: CaseInsert): Promise<CaseRow> {
  const [c] = await tx.insert(cases).values(row).returning();
  return c;
}

export async function insertEvent(tx: Executor, row: typeof caseEvents.$inferInsert): Promise<void> {
  await tx.insert(caseEvents).values(row);
}

export async function findCase(db: Executor, id: string): Promise<CaseRow | null> {
  const rows = await db.select().from(cases).where(eq(cases.id, id));
  return rows[0] ?? null;
}

export async function findCaseByNumber(db: Executor, number: string): Promise<CaseRow | null> {
  const rows = await db.select().from(cases).where(eq(cases.number, number));
  return rows[0] ?? null;
}

/** Locks the case row for the rest of the transaction, so that concurrent actions serialise. */
export async function lockCase(tx: Executor, id: string): Promise<CaseRow | null> {
  const rows = await tx.select().from(cases).where(eq(cases.id, id)).for('update');
  return rows[0] ?? null;
}

export async function findByIdempotencyKey(db: Executor, createdBy: string, key: string): Promise<CaseRow | null> {
  const rows = await db
    .select()
    .from(cases)
    .where(and(eq(cases.createdBy, createdBy), eq(cases.idempotencyKey, key)));
  return rows[0] ?? null;
}

/** Optimistic update: succeeds only if the version is unchanged. Returns the new row or null. */
export async function updateCase(tx: Executor, id: string, version: number, patch: Partial<CaseInsert>): Promise<CaseRow | null> {
  const rows = await tx
    .update(cases)
    .set({ ...patch, version: version + 1 })
    .where(and(eq(cases.id, id), eq(cases.version, version)))
    .returning();
  return rows[0] ?? null;
}

export async function eventsOf(db: Executor, caseId: string): Promise<EventRow[]> {
  return db.select().from(caseEvents).where(eq(caseEvents.caseId, caseId)).orderBy(asc(caseEvents.seq));
}

export async function attachPhotos(tx: Executor, ids: string[], caseId: string, stage: string): Promise<void> {
  if (ids.length === 0) return;
  await tx.update(photos).set({ caseId, stage }).where(and(inArray(photos.id, ids), or(isNull(photos.caseId), eq(photos.caseId, caseId))));
}

export async function photosOf(db: Executor, caseId: string) {
  return db.select().from(photos).where(eq(photos.caseId, caseId)).orderBy(asc(photos.createdAt));
}

/** Photos that exist and are free to attach (not attached to another case). */
export async function attachablePhotoIds(db: Executor, ids: string[], caseId: string | null): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db
    .select({ id: photos.id, caseId: photos.caseId })
    .from(photos)
    .where(inArray(photos.id, ids));
  return new Set(rows.filter((r) => r.caseId === null || r.caseId === caseId).map((r) => r.id));
}

/** The data scope a list query runs in (from the access policy). */
export type ListScope =
  | { kind: 'all' }
  | { kind: 'department'; departmentId: string | null; streetCode: string | null }
  | { kind: 'own'; userId: string };

export interface ListFilter extends Omit<CaseListQuery, 'queue' | 'page' | 'pageSize' | 'sort' | 'lang' | 'state'> {
  state?: string[];
  selfFix?: boolean;
  pendingKinds?: string[];
  assigneeId?: string;
  departmentIds?: string[];
  /** The dispatcher's approvals: returned cases, and cases in handling with an extension or suspension request. */
  approvalQueue?: boolean;
}

export function scopeWhere(scope: ListScope): SQL | undefined {
  switch (scope.kind) {
    case 'all':
      return undefined;
    case 'department': {
      const parts: SQL[] = [];
      if (scope.departmentId) parts.push(eq(cases.departmentId, scope.departmentId), sql`${scope.departmentId}::uuid = any(${cases.coDepartmentIds})`);
      if (scope.streetCode) parts.push(eq(cases.streetCode, scope.streetCode));
      return parts.length ? or(...parts) : sql`false`;
    }
    case 'own':
      return or(eq(cases.assigneeId, scope.userId), sql`${scope.userId}::uuid = any(${cases.participantIds})`);
  }
}

function filterWhere(f: ListFilter, now: Date): SQL[] {
  const w: SQL[] = [];
  if (f.state?.length) w.push(inArray(cases.state, f.state));
  if (f.open === 'true') w.push(sql`${cases.state} not in ('invalid','cancelled','closed')`);
  if (f.open === 'false') w.push(inArray(cases.state, ['invalid', 'cancelled', 'closed']));
  if (f.kind) w.push(eq(cases.kind, f.kind));
  if (f.classCode) w.push(f.classCode.length >= 5 ? eq(cases.classCode, f.classCode) : sql`${cases.classCode} like ${f.classCode + '%'}`);
  if (f.streetCode) w.push(eq(cases.streetCode, f.streetCode));
  if (f.communityCode) w.push(eq(cases.communityCode, f.communityCode));
  if (f.gridCode) w.push(eq(cases.gridCode, f.gridCode));
  if (f.departmentId) w.push(eq(cases.departmentId, f.departmentId));
  if (f.departmentIds) w.push(f.departmentIds.length ? inArray(cases.departmentId, f.departmentIds) : sql`false`);
  if (f.source) w.push(eq(cases.source, f.source));
  if (f.urgency) w.push(eq(cases.urgency, f.urgency));
  if (f.from) w.push(gte(cases.createdAt, f.from));
  if (f.to) w.push(lte(cases.createdAt, f.to));
  if (f.selfFix !== undefined) w.push(eq(cases.selfFix, f.selfFix));
  if (f.assigneeId) w.push(eq(cases.assigneeId, f.assigneeId));
  if (f.pendingKinds) {
    w.push(f.pendingKinds.length ? inArray(sql`${cases.pending}->>'kind'`, f.pendingKinds) : isNull(cases.pending));
  }
  if (f.approvalQueue) {
    w.push(or(eq(cases.state, 'returned'), and(eq(cases.state, 'handling'), inArray(sql`${cases.pending}->>'kind'`, ['extension', 'suspension'])))!);
  }
  if (f.light === 'red') w.push(lt(cases.stepDeadline, now));
  if (f.light === 'yellow') w.push(and(gte(cases.stepDeadline, now), lte(cases.stepWarnAt, now))!);
  if (f.light === 'green') w.push(and(gte(cases.stepDeadline, now), sql`${cases.stepWarnAt} > ${now}`)!);
  if (f.q) {
    const like = `%${f.q.replace(/[%_\\]/g, (m) => '\\' + m)}%`;
    w.push(or(sql`${cases.number} ilike ${like}`, sql`${cases.description} ilike ${like}`, sql`${cases.locationText} ilike ${like}`)!);
  }
  return w;
}

const ORDER: Record<CaseListQuery['sort'], SQL[]> = {
  // Work queues: urgent cases (突发事件) first, then the overdue ones (their deadline passed first), then by deadline.
  deadline: [sql`(${cases.urgency} = 'urgent') desc`, sql`${cases.stepDeadline} asc nulls last`, asc(cases.number)],
  '-deadline': [sql`${cases.stepDeadline} desc nulls last`, asc(cases.number)],
  created: [asc(cases.createdAt), asc(cases.number)],
  '-created': [desc(cases.createdAt), desc(cases.number)],
  number: [asc(cases.number)],
  '-number': [desc(cases.number)],
};

export const summaryColumns = {
  c: cases,
  classNameZh: catalogueClasses.nameZh,
  classNameEn: catalogueClasses.nameEn,
  departmentNameZh: departments.nameZh,
  departmentNameEn: departments.nameEn,
};

export async function listCases(
  db: Executor,
  f: ListFilter,
  scope: ListScope,
  now: Date,
  page: { offset: number; limit: number; sort: CaseListQuery['sort'] },
) {
  const where = and(scopeWhere(scope), ...filterWhere(f, now));
  const rows = await db
    .select(summaryColumns)
    .from(cases)
    .leftJoin(catalogueClasses, and(eq(catalogueClasses.kind, cases.kind), eq(catalogueClasses.code, cases.classCode)))
    .leftJoin(departments, eq(departments.id, cases.departmentId))
    .where(where)
    .orderBy(...ORDER[page.sort])
    .limit(page.limit)
    .offset(page.offset);
  const [{ n }] = await db.select({ n: sql<number>`count(*)::int` }).from(cases).where(where);
  return { rows, total: Number(n) };
}

export async function countCases(db: Executor, f: ListFilter, scope: ListScope, now: Date): Promise<number> {
  const [{ n }] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(cases)
    .where(and(scopeWhere(scope), ...filterWhere(f, now)));
  return Number(n);
}

export async function caseDetailRow(db: Executor, id: string) {
  const rows = await db
    .select({ ...summaryColumns, communityName: communities.name, streetName: streets.name })
    .from(cases)
    .leftJoin(catalogueClasses, and(eq(catalogueClasses.kind, cases.kind), eq(catalogueClasses.code, cases.classCode)))
    .leftJoin(departments, eq(departments.id, cases.departmentId))
    .leftJoin(communities, eq(communities.code, cases.communityCode))
    .leftJoin(streets, eq(streets.code, cases.streetCode))
    .where(eq(cases.id, id));
  return rows[0] ?? null;
}

/** Open cases of the same class near a point within a time window (candidate duplicates). */
export async function nearbySameClass(db: Executor, c: CaseRow, radiusDeg: number, since: Date) {
  return db
    .select({ id: cases.id, number: cases.number, state: cases.state, lng: cases.lng, lat: cases.lat, createdAt: cases.createdAt, description: cases.description })
    .from(cases)
    .where(
      and(
        ne(cases.id, c.id),
        eq(cases.kind, c.kind),
        eq(cases.classCode, c.classCode),
        gte(cases.createdAt, since),
        sql`${cases.state} not in ('invalid','cancelled')`,
        sql`abs(${cases.lng} - ${c.lng}) < ${radiusDeg} and abs(${cases.lat} - ${c.lat}) < ${radiusDeg}`,
      ),
    )
    .orderBy(desc(cases.createdAt))
    .limit(20);
}
