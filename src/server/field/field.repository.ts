// Field inspector data: duty and latest position, the patrol track, the beat's grids, idempotent task answers,
// and the event logs the monthly statistics are derived from. The only place that writes field SQL.
import { and, asc, desc, eq, gte, inArray, lt, lte, or, sql } from 'drizzle-orm';
import type { Executor } from '../db/client';
import { beats, caseEvents, cases, catalogueClasses, fieldDuty, fieldTaskAnswers, grids, patrolPositions, users } from '../db/schema';

export type DutyRow = typeof fieldDuty.$inferSelect;

export async function findDuty(db: Executor, userId: string): Promise<DutyRow | null> {
  const rows = await db.select().from(fieldDuty).where(eq(fieldDuty.userId, userId));
  return rows[0] ?? null;
}

export async function upsertDuty(db: Executor, userId: string, onDuty: boolean, at: Date): Promise<DutyRow> {
  const [row] = await db
    .insert(fieldDuty)
    .values({ userId, onDuty, since: at })
    .onConflictDoUpdate({ target: fieldDuty.userId, set: { onDuty, since: at } })
    .returning();
  return row;
}

export interface PositionInsert {
  userId: string;
  at: Date;
  lng: number;
  lat: number;
  accuracy: number | null;
  receivedAt: Date;
}

/** Stores a batch of positions and moves the latest known position forward (never back: batches may arrive late). */
export async function insertPositions(tx: Executor, rows: PositionInsert[]): Promise<void> {
  if (rows.length === 0) return;
  await tx.insert(patrolPositions).values(rows);
  const last = rows.reduce((a, b) => (b.at.getTime() > a.at.getTime() ? b : a));
  await tx
    .update(fieldDuty)
    .set({ lastLng: last.lng, lastLat: last.lat, lastAccuracy: last.accuracy, lastAt: last.at })
    .where(and(eq(fieldDuty.userId, last.userId), or(sql`${fieldDuty.lastAt} is null`, lt(fieldDuty.lastAt, last.at))));
}

export async function deletePositionsBefore(db: Executor, before: Date): Promise<void> {
  await db.delete(patrolPositions).where(lt(patrolPositions.at, before));
}

/** Latest positions of inspectors on duty, with their names. */
export async function latestPositions(db: Executor) {
  return db
    .select({
      userId: fieldDuty.userId,
      displayName: users.displayName,
      onDuty: fieldDuty.onDuty,
      since: fieldDuty.since,
      lng: fieldDuty.lastLng,
      lat: fieldDuty.lastLat,
      accuracy: fieldDuty.lastAccuracy,
      at: fieldDuty.lastAt,
    })
    .from(fieldDuty)
    .innerJoin(users, eq(users.id, fieldDuty.userId))
    .where(and(eq(fieldDuty.onDuty, true), sql`${fieldDuty.lastAt} is not null`))
    .orderBy(asc(users.displayName));
}

export async function track(db: Executor, userId: string, from: Date, to: Date) {
  return db
    .select({ at: patrolPositions.at, lng: patrolPositions.lng, lat: patrolPositions.lat, accuracy: patrolPositions.accuracy })
    .from(patrolPositions)
    .where(and(eq(patrolPositions.userId, userId), gte(patrolPositions.at, from), lte(patrolPositions.at, to)))
    .orderBy(asc(patrolPositions.at))
    .limit(20_000);
}

/** The beats (责任网格) of an inspector with their unit grids. */
export async function beatGrids(db: Executor, inspectorId: string) {
  return db
    .select({ beatId: beats.id, beatCode: beats.code, beatName: beats.name, gridCode: grids.code, communityCode: grids.communityCode, streetCode: grids.streetCode, ring: grids.ring })
    .from(beats)
    .innerJoin(grids, eq(grids.beatId, beats.id))
    .where(eq(beats.inspectorId, inspectorId))
    .orderBy(asc(grids.code));
}

export async function findTaskAnswer(db: Executor, userId: string, key: string) {
  const rows = await db.select().from(fieldTaskAnswers).where(and(eq(fieldTaskAnswers.userId, userId), eq(fieldTaskAnswers.idempotencyKey, key)));
  return rows[0] ?? null;
}

export async function insertTaskAnswer(db: Executor, row: typeof fieldTaskAnswers.$inferInsert): Promise<void> {
  await db.insert(fieldTaskAnswers).values(row).onConflictDoNothing();
}

/** The classes an inspector reported most recently (for the "recent" chips of the report form). */
export async function recentClasses(db: Executor, userId: string, limit: number) {
  const rows = await db
    .select({ kind: cases.kind, code: cases.classCode, at: sql<Date>`max(${cases.createdAt})`.as('last_at'), nameZh: catalogueClasses.nameZh, nameEn: catalogueClasses.nameEn })
    .from(cases)
    .innerJoin(catalogueClasses, and(eq(catalogueClasses.kind, cases.kind), eq(catalogueClasses.code, cases.classCode)))
    .where(eq(cases.createdBy, userId))
    .groupBy(cases.kind, cases.classCode, catalogueClasses.nameZh, catalogueClasses.nameEn)
    .orderBy(desc(sql`last_at`))
    .limit(limit);
  return rows;
}

/**
 * The cases whose logs decide an inspector's figures for a period: reported by them, or with a verify/check task
 * sent to them, and active since `since`.
 */
export async function inspectorCaseIds(db: Executor, userId: string, since: Date): Promise<string[]> {
  const reported = await db
    .select({ id: cases.id })
    .from(cases)
    .where(and(eq(cases.reporterId, userId), gte(cases.createdAt, since)));
  const tasked = await db
    .selectDistinct({ id: caseEvents.caseId })
    .from(caseEvents)
    .where(and(inArray(caseEvents.action, ['sendVerify', 'sendCheck']), sql`${caseEvents.payload}->>'inspectorId' = ${userId}`, gte(caseEvents.at, since)));
  return [...new Set([...reported, ...tasked].map((r) => r.id))];
}

export async function casesWithEvents(db: Executor, ids: string[]) {
  if (ids.length === 0) return { rows: [], events: [] };
  const rows = await db.select().from(cases).where(inArray(cases.id, ids));
  const events = await db.select().from(caseEvents).where(inArray(caseEvents.caseId, ids)).orderBy(asc(caseEvents.caseId), asc(caseEvents.seq));
  return { rows, events };
}
