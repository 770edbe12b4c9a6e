// Petition items, their event log, reception days, appointments and follow-up tasks in the database. The only place
// that writes petition SQL.
import { aliasedTable, and, asc, count, desc, eq, gte, ilike, inArray, isNotNull, lt, lte, ne, or, sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../db/client';
import { auditLog, cases, communities, departments, streets } from '../db/schema';
import { petitionEvents, petitions, receptionAppointments, receptionDays, receptionTasks } from './petitions.tables';
import type { PetitionQueue } from './petitions.schema';

export type PetitionRow = typeof petitions.$inferSelect;
export type PetitionInsert = typeof petitions.$inferInsert;
export type PetitionEventRow = typeof petitionEvents.$inferSelect;
export type ReceptionDayRow = typeof receptionDays.$inferSelect;
export type AppointmentRow = typeof receptionAppointments.$inferSelect;
export type TaskRow = typeof receptionTasks.$inferSelect;

// ------------------------------------------------------------------ numbers

const knownSequences = new WeakMap<object, Set<number>>();

/**
 * Item numbers come from one sequence per year, like case numbers (see case.repository.ts). Call this BEFORE opening
 * the transaction: PGlite has one connection.
 */
export async function ensurePetitionSequence(db: Executor, year: number): Promise<void> {
  const known = knownSequences.get(db) ?? new Set<number>();
  knownSequences.set(db, known);
  if (known.has(year)) return;
  try {
    await db.execute(sql.raw(`create sequence if not exists petition_number_${Math.floor(year)}`));
  } catch (e) {
    if (!/already exists|23505|42P07/.test(`${(e as { code?: string }).code ?? ''} ${String(e)}`)) throw e;
  }
  known.add(year);
}

export async function nextPetitionSerial(tx: Executor, year: number): Promise<number> {
  const res = (await tx.execute(sql.raw(`select nextval('petition_number_${Math.floor(year)}')::int as v`))) as unknown as { rows: { v: number }[] };
  return Number(res.rows[0].v);
}

/** Moves a year's sequence past the given serial (after the demo's bulk load). */
export async function advancePetitionSerial(db: Executor, year: number, atLeast: number): Promise<void> {
  const name = `petition_number_${Math.floor(year)}`;
  await db.execute(sql.raw(`create sequence if not exists ${name}`));
  await db.execute(sql.raw(`select setval('${name}', greatest(${Math.floor(atLeast)}, (select last_value from ${name})))`));
}

// ------------------------------------------------------------------ items and events

export async function insertPetition(tx: Executor, row: PetitionInsert): Promise<PetitionRow> {
  const [p] = await tx.insert(petitions).values(row).returning();
  return p;
}

export async function insertPetitionEvent(tx: Executor, row: typeof petitionEvents.$inferInsert): Promise<void> {
  await tx.insert(petitionEvents).values(row);
}

export async function findPetition(db: Executor, id: string): Promise<PetitionRow | null> {
  return (await db.select().from(petitions).where(eq(petitions.id, id)))[0] ?? null;
}

export async function findPetitionByNumber(db: Executor, number: string): Promise<PetitionRow | null> {
  return (await db.select().from(petitions).where(eq(petitions.number, number)))[0] ?? null;
}

export async function lockPetition(tx: Executor, id: string): Promise<PetitionRow | null> {
  return (await tx.select().from(petitions).where(eq(petitions.id, id)).for('update'))[0] ?? null;
}

export async function findByIdempotencyKey(db: Executor, createdBy: string, key: string): Promise<PetitionRow | null> {
  return (await db.select().from(petitions).where(and(eq(petitions.createdBy, createdBy), eq(petitions.idempotencyKey, key))))[0] ?? null;
}

export async function findByFollowToken(db: Executor, token: string): Promise<PetitionRow | null> {
  return (await db.select().from(petitions).where(eq(petitions.followToken, token)))[0] ?? null;
}

export async function findByCase(db: Executor, caseId: string): Promise<PetitionRow | null> {
  return (await db.select().from(petitions).where(eq(petitions.caseId, caseId)))[0] ?? null;
}

/** Optimistic update: succeeds only if the version is unchanged. */
export async function updatePetition(tx: Executor, id: string, version: number, patch: Partial<PetitionInsert>): Promise<PetitionRow | null> {
  const rows = await tx
    .update(petitions)
    .set({ ...patch, version: version + 1 })
    .where(and(eq(petitions.id, id), eq(petitions.version, version)))
    .returning();
  return rows[0] ?? null;
}

export async function countQueryFailure(db: Executor, id: string): Promise<void> {
  await db.update(petitions).set({ queryFailures: sql`${petitions.queryFailures} + 1` }).where(eq(petitions.id, id));
}

export async function eventsOf(db: Executor, petitionId: string): Promise<PetitionEventRow[]> {
  return db.select().from(petitionEvents).where(eq(petitionEvents.petitionId, petitionId)).orderBy(asc(petitionEvents.seq));
}

/** What a list may show: everything, or the items assigned to one department. */
export type PetitionScope = { kind: 'all' } | { kind: 'department'; departmentId: string | null };

export interface PetitionFilter {
  queue: PetitionQueue;
  channel?: string;
  topic?: string;
  departmentId?: string;
  receptionDayId?: string;
  q?: string;
  /** Search the petitioner's name too (petition staff only). */
  qIdentity?: boolean;
}

function queueCondition(queue: PetitionQueue, now: Date): SQL | undefined {
  switch (queue) {
    case 'registered':
    case 'accepted':
    case 'handling':
    case 'replied':
    case 'reviewing':
    case 'routed_out':
    case 'not_accepted':
      return eq(petitions.state, queue);
    case 'done':
      return inArray(petitions.state, ['closed', 'reviewed']);
    case 'overdue':
      return and(isNotNull(petitions.stepDeadline), lt(petitions.stepDeadline, now));
    case 'all':
      return undefined;
  }
}

function scopeCondition(scope: PetitionScope): SQL | undefined {
  if (scope.kind === 'all') return undefined;
  return scope.departmentId ? eq(petitions.departmentId, scope.departmentId) : sql`false`;
}

function filterConditions(f: PetitionFilter, scope: PetitionScope, now: Date): SQL | undefined {
  const parts: (SQL | undefined)[] = [scopeCondition(scope), queueCondition(f.queue, now)];
  if (f.channel) parts.push(eq(petitions.channel, f.channel));
  if (f.topic) parts.push(eq(petitions.topic, f.topic));
  if (f.departmentId) parts.push(eq(petitions.departmentId, f.departmentId));
  if (f.receptionDayId) parts.push(eq(petitions.receptionDayId, f.receptionDayId));
  if (f.q) {
    const like = `%${f.q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
    const words = [ilike(petitions.number, like), ilike(petitions.subject, like)];
    if (f.qIdentity) words.push(sql`${petitions.petitioner}->>'name' ilike ${like}`);
    parts.push(or(...words));
  }
  return and(...parts.filter((p): p is SQL => !!p));
}

export async function listPetitions(db: Executor, f: PetitionFilter, scope: PetitionScope, now: Date, page: { offset: number; limit: number }) {
  const where = filterConditions(f, scope, now);
  // Open items with a clock come first by deadline; the rest newest first.
  const rows = await db
    .select({ p: petitions, departmentNameZh: departments.nameZh, departmentNameEn: departments.nameEn })
    .from(petitions)
    .leftJoin(departments, eq(departments.id, petitions.departmentId))
    .where(where)
    .orderBy(sql`${petitions.stepDeadline} asc nulls last`, desc(petitions.receivedAt), desc(petitions.number))
    .limit(page.limit)
    .offset(page.offset);
  const [{ n }] = await db.select({ n: count() }).from(petitions).where(where);
  return { rows, total: Number(n) };
}

export type PetitionListRow = Awaited<ReturnType<typeof listPetitions>>['rows'][number];

export async function petitionRowWithNames(db: Executor, id: string) {
  const rows = await db
    .select({
      p: petitions,
      departmentNameZh: departments.nameZh,
      departmentNameEn: departments.nameEn,
      streetName: streets.name,
      communityName: communities.name,
    })
    .from(petitions)
    .leftJoin(departments, eq(departments.id, petitions.departmentId))
    .leftJoin(streets, eq(streets.code, petitions.streetCode))
    .leftJoin(communities, eq(communities.code, petitions.communityCode))
    .where(eq(petitions.id, id));
  return rows[0] ?? null;
}

/** Counts per queue in one pass. */
export async function queueCounts(db: Executor, scope: PetitionScope, now: Date): Promise<Record<PetitionQueue, number>> {
  const c = (cond: SQL | undefined) => sql<number>`count(*) filter (where ${cond ?? sql`true`})::int`;
  const [r] = await db
    .select({
      registered: c(queueCondition('registered', now)),
      accepted: c(queueCondition('accepted', now)),
      handling: c(queueCondition('handling', now)),
      replied: c(queueCondition('replied', now)),
      reviewing: c(queueCondition('reviewing', now)),
      done: c(queueCondition('done', now)),
      routed_out: c(queueCondition('routed_out', now)),
      not_accepted: c(queueCondition('not_accepted', now)),
      overdue: c(queueCondition('overdue', now)),
      all: sql<number>`count(*)::int`,
    })
    .from(petitions)
    .where(scopeCondition(scope));
  return Object.fromEntries(Object.entries(r).map(([k, v]) => [k, Number(v)])) as Record<PetitionQueue, number>;
}

export async function countsBy(db: Executor, column: 'channel' | 'satisfaction', scope: PetitionScope): Promise<Map<string, number>> {
  const col = column === 'channel' ? petitions.channel : petitions.satisfaction;
  const rows = await db.select({ k: col, n: count() }).from(petitions).where(scopeCondition(scope)).groupBy(col);
  return new Map(rows.filter((r) => r.k !== null).map((r) => [r.k as string, Number(r.n)]));
}

/** The linked case as the petition side shows it. */
export async function caseBrief(db: Executor, caseId: string) {
  const rows = await db
    .select({ id: cases.id, number: cases.number, state: cases.state, departmentNameZh: departments.nameZh, departmentNameEn: departments.nameEn })
    .from(cases)
    .leftJoin(departments, eq(departments.id, cases.departmentId))
    .where(eq(cases.id, caseId));
  return rows[0] ?? null;
}

export async function audit(db: Executor, row: typeof auditLog.$inferInsert): Promise<void> {
  await db.insert(auditLog).values(row);
}

// ------------------------------------------------------------------ reception days

export async function insertDay(db: Executor, row: typeof receptionDays.$inferInsert): Promise<ReceptionDayRow> {
  const [d] = await db.insert(receptionDays).values(row).returning();
  return d;
}

export async function findDay(db: Executor, id: string): Promise<ReceptionDayRow | null> {
  return (await db.select().from(receptionDays).where(eq(receptionDays.id, id)))[0] ?? null;
}

export async function lockDay(tx: Executor, id: string): Promise<ReceptionDayRow | null> {
  return (await tx.select().from(receptionDays).where(eq(receptionDays.id, id)).for('update'))[0] ?? null;
}

export async function cancelDay(db: Executor, id: string, at: Date, reason: string): Promise<void> {
  await db.update(receptionDays).set({ cancelledAt: at, cancelReason: reason }).where(eq(receptionDays.id, id));
}

const bookedCount = sql<number>`(select count(*)::int from ${receptionAppointments} a where a.day_id = ${receptionDays.id} and a.status <> 'cancelled')`;
const visitCount = sql<number>`(select count(*)::int from ${petitions} v where v.reception_day_id = ${receptionDays.id})`;
const openTaskCount = sql<number>`(select count(*)::int from ${receptionTasks} k where k.day_id = ${receptionDays.id} and k.status = 'open')`;

/** Days in [from, to] (YYYY-MM-DD), with how many are booked, seen, and tasks still open. */
export async function listDays(db: Executor, from: string, to: string, opts: { includeCancelled: boolean; departmentId?: string | null }) {
  const conds: SQL[] = [gte(receptionDays.day, from), lte(receptionDays.day, to)];
  if (!opts.includeCancelled) conds.push(sql`${receptionDays.cancelledAt} is null`);
  return db
    .select({
      d: receptionDays,
      departmentNameZh: departments.nameZh,
      departmentNameEn: departments.nameEn,
      communityName: communities.name,
      booked: bookedCount,
      visits: visitCount,
      openTasks: openTaskCount,
    })
    .from(receptionDays)
    .leftJoin(departments, eq(departments.id, receptionDays.departmentId))
    .leftJoin(communities, eq(communities.code, receptionDays.communityCode))
    .where(and(...conds))
    .orderBy(asc(receptionDays.day), asc(receptionDays.startTime));
}

export type DayListRow = Awaited<ReturnType<typeof listDays>>[number];

export async function dayWithNames(db: Executor, id: string): Promise<DayListRow | null> {
  const rows = await db
    .select({
      d: receptionDays,
      departmentNameZh: departments.nameZh,
      departmentNameEn: departments.nameEn,
      communityName: communities.name,
      booked: bookedCount,
      visits: visitCount,
      openTasks: openTaskCount,
    })
    .from(receptionDays)
    .leftJoin(departments, eq(departments.id, receptionDays.departmentId))
    .leftJoin(communities, eq(communities.code, receptionDays.communityCode))
    .where(eq(receptionDays.id, id));
  return rows[0] ?? null;
}

export async function activeAppointmentCount(tx: Executor, dayId: string): Promise<number> {
  const [{ n }] = await tx
    .select({ n: count() })
    .from(receptionAppointments)
    .where(and(eq(receptionAppointments.dayId, dayId), ne(receptionAppointments.status, 'cancelled')));
  return Number(n);
}

export async function nextAppointmentSeq(tx: Executor, dayId: string): Promise<number> {
  const [{ m }] = await tx.select({ m: sql<number>`coalesce(max(${receptionAppointments.seq}), 0)::int` }).from(receptionAppointments).where(eq(receptionAppointments.dayId, dayId));
  return Number(m) + 1;
}

export async function insertAppointment(tx: Executor, row: typeof receptionAppointments.$inferInsert): Promise<AppointmentRow> {
  const [a] = await tx.insert(receptionAppointments).values(row).returning();
  return a;
}

export async function findAppointment(db: Executor, id: string): Promise<AppointmentRow | null> {
  return (await db.select().from(receptionAppointments).where(eq(receptionAppointments.id, id)))[0] ?? null;
}

export async function findAppointmentByKey(db: Executor, key: string): Promise<AppointmentRow | null> {
  return (await db.select().from(receptionAppointments).where(eq(receptionAppointments.idempotencyKey, key)))[0] ?? null;
}

export async function setAppointmentStatus(db: Executor, id: string, status: string, at: Date): Promise<void> {
  await db.update(receptionAppointments).set({ status, updatedAt: at }).where(eq(receptionAppointments.id, id));
}

export async function appointmentsOf(db: Executor, dayId: string) {
  const visit = aliasedTable(petitions, 'visit');
  return db
    .select({ a: receptionAppointments, petitionId: visit.id, petitionNumber: visit.number })
    .from(receptionAppointments)
    .leftJoin(visit, eq(visit.appointmentId, receptionAppointments.id))
    .where(eq(receptionAppointments.dayId, dayId))
    .orderBy(asc(receptionAppointments.seq));
}

// ------------------------------------------------------------------ follow-up tasks

export async function insertTask(db: Executor, row: typeof receptionTasks.$inferInsert): Promise<TaskRow> {
  const [t] = await db.insert(receptionTasks).values(row).returning();
  return t;
}

export async function findTask(db: Executor, id: string): Promise<TaskRow | null> {
  return (await db.select().from(receptionTasks).where(eq(receptionTasks.id, id)))[0] ?? null;
}

export async function completeTask(db: Executor, id: string, by: string, at: Date, note: string): Promise<boolean> {
  const rows = await db
    .update(receptionTasks)
    .set({ status: 'done', doneAt: at, doneBy: by, doneNote: note })
    .where(and(eq(receptionTasks.id, id), eq(receptionTasks.status, 'open')))
    .returning({ id: receptionTasks.id });
  return rows.length > 0;
}

export async function listTasks(db: Executor, where: { petitionId?: string; dayId?: string; departmentId?: string | null; status?: 'open' | 'done' }) {
  const conds: SQL[] = [];
  if (where.petitionId) conds.push(eq(receptionTasks.petitionId, where.petitionId));
  if (where.dayId) conds.push(eq(receptionTasks.dayId, where.dayId));
  if (where.departmentId !== undefined) conds.push(where.departmentId ? eq(receptionTasks.departmentId, where.departmentId) : sql`false`);
  if (where.status) conds.push(eq(receptionTasks.status, where.status));
  return db
    .select({ t: receptionTasks, petitionNumber: petitions.number, departmentNameZh: departments.nameZh, departmentNameEn: departments.nameEn })
    .from(receptionTasks)
    .innerJoin(petitions, eq(petitions.id, receptionTasks.petitionId))
    .innerJoin(departments, eq(departments.id, receptionTasks.departmentId))
    .where(conds.length ? and(...conds) : undefined)
    .orderBy(asc(receptionTasks.status), asc(receptionTasks.deadline));
}

export type TaskListRow = Awaited<ReturnType<typeof listTasks>>[number];
