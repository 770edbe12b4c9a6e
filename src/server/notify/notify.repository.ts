// Notifications, the outbox, preferences, processed case events and timers in the database. The only SQL of notify.
import { and, asc, desc, eq, gte, inArray, isNull, lt, lte, ne, notInArray, or, sql } from 'drizzle-orm';
import type { Executor } from '../db/client';
import { caseEvents, cases, users } from '../db/schema';
import { notificationOutbox, notificationPreferences, notifications, notifyProcessedEvents, notifyTimers } from './notify.tables';

export type NotificationRow = typeof notifications.$inferSelect;
export type OutboxRow = typeof notificationOutbox.$inferSelect;
export type PrefsRow = typeof notificationPreferences.$inferSelect;
export type TimerRow = typeof notifyTimers.$inferSelect;

// ------------------------------------------------------------------ notifications

/** Inserts notifications; a (user, dedupe key) already there is left alone. Returns the rows that are new. */
export async function insertNotifications(db: Executor, rows: (typeof notifications.$inferInsert)[]): Promise<NotificationRow[]> {
  if (rows.length === 0) return [];
  return db.insert(notifications).values(rows).onConflictDoNothing().returning();
}

export async function listNotifications(db: Executor, userId: string, opts: { unread?: boolean; urgent?: boolean; limit: number; beforeId?: number }) {
  return db
    .select()
    .from(notifications)
    .where(
      and(
        eq(notifications.userId, userId),
        opts.unread ? isNull(notifications.readAt) : undefined,
        opts.urgent ? eq(notifications.urgent, true) : undefined,
        opts.beforeId ? lt(notifications.id, opts.beforeId) : undefined,
      ),
    )
    .orderBy(desc(notifications.id))
    .limit(opts.limit);
}

export async function unreadCount(db: Executor, userId: string): Promise<number> {
  const [{ n }] = await db.select({ n: sql<number>`count(*)::int` }).from(notifications).where(and(eq(notifications.userId, userId), isNull(notifications.readAt)));
  return Number(n);
}

/** Marks the user's notifications read (the listed ones, or all); returns how many changed. */
export async function markRead(db: Executor, userId: string, ids: number[] | 'all', at: Date): Promise<number> {
  const rows = await db
    .update(notifications)
    .set({ readAt: at })
    .where(and(eq(notifications.userId, userId), isNull(notifications.readAt), ids === 'all' ? undefined : inArray(notifications.id, ids.length ? ids : [-1])))
    .returning({ id: notifications.id });
  return rows.length;
}

// ------------------------------------------------------------------ preferences and people

export async function prefsOf(db: Executor, userIds: string[]): Promise<Map<string, PrefsRow>> {
  if (userIds.length === 0) return new Map();
  const rows = await db.select().from(notificationPreferences).where(inArray(notificationPreferences.userId, userIds));
  return new Map(rows.map((r) => [r.userId, r]));
}

export async function upsertPrefs(db: Executor, row: typeof notificationPreferences.$inferInsert): Promise<PrefsRow> {
  const { userId, ...rest } = row;
  const [r] = await db.insert(notificationPreferences).values(row).onConflictDoUpdate({ target: notificationPreferences.userId, set: rest }).returning();
  return r;
}

export interface Person {
  id: string;
  displayName: string;
  phone: string | null;
  roles: string[];
  departmentId: string | null;
}

const person = { id: users.id, displayName: users.displayName, phone: users.phone, roles: users.roles, departmentId: users.departmentId };

export async function activeUsers(db: Executor, ids: string[]): Promise<Person[]> {
  if (ids.length === 0) return [];
  return db.select(person).from(users).where(and(inArray(users.id, ids), eq(users.active, true)));
}

export async function departmentMembers(db: Executor, departmentIds: string[]): Promise<Person[]> {
  if (departmentIds.length === 0) return [];
  return db
    .select(person)
    .from(users)
    .where(and(inArray(users.departmentId, departmentIds), eq(users.active, true), sql`'department' = any(${users.roles})`));
}

export async function usersWithRoles(db: Executor, roles: string[]): Promise<Person[]> {
  if (roles.length === 0) return [];
  return db
    .select(person)
    .from(users)
    .where(and(eq(users.active, true), or(...roles.map((r) => sql`${r} = any(${users.roles})`))));
}

// ------------------------------------------------------------------ outbox

export async function insertOutbox(db: Executor, rows: (typeof notificationOutbox.$inferInsert)[]): Promise<number> {
  if (rows.length === 0) return 0;
  const added = await db.insert(notificationOutbox).values(rows).onConflictDoNothing().returning({ id: notificationOutbox.id });
  return added.length;
}

/** Claims due messages: FOR UPDATE SKIP LOCKED (concurrent processes take disjoint rows) and a lease; each claim is an attempt. */
export async function claimDueOutbox(db: Executor, now: Date, leaseUntil: Date, limit: number): Promise<OutboxRow[]> {
  const due = db
    .select({ id: notificationOutbox.id })
    .from(notificationOutbox)
    .where(and(eq(notificationOutbox.status, 'pending'), lte(notificationOutbox.nextAttemptAt, now), or(isNull(notificationOutbox.lockedUntil), lte(notificationOutbox.lockedUntil, now))))
    .orderBy(asc(notificationOutbox.nextAttemptAt), asc(notificationOutbox.id))
    .limit(limit)
    .for('update', { skipLocked: true });
  const rows = await db
    .update(notificationOutbox)
    .set({ lockedUntil: leaseUntil, attempts: sql`${notificationOutbox.attempts} + 1` })
    .where(inArray(notificationOutbox.id, due))
    .returning();
  return rows.sort((a, b) => Number(b.urgent) - Number(a.urgent) || a.id - b.id);
}

/** Records an attempt's outcome unless another process claimed the row since (its lease ran out). */
export async function finishOutbox(db: Executor, id: number, attempts: number, patch: Partial<typeof notificationOutbox.$inferInsert>): Promise<boolean> {
  const rows = await db
    .update(notificationOutbox)
    .set({ ...patch, lockedUntil: null })
    .where(and(eq(notificationOutbox.id, id), eq(notificationOutbox.attempts, attempts)))
    .returning({ id: notificationOutbox.id });
  return rows.length === 1;
}

export async function recentOutbox(db: Executor, limit: number, channel?: string) {
  return db
    .select()
    .from(notificationOutbox)
    .where(channel ? eq(notificationOutbox.channel, channel) : undefined)
    .orderBy(desc(notificationOutbox.id))
    .limit(limit);
}

export async function outboxCountSince(db: Executor, subscriptionId: string, since: Date): Promise<number> {
  const [{ n }] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(notificationOutbox)
    .where(and(eq(notificationOutbox.subscriptionId, subscriptionId), gte(notificationOutbox.createdAt, since)));
  return Number(n);
}

export async function pruneOutbox(db: Executor, before: Date): Promise<void> {
  await db.delete(notificationOutbox).where(and(inArray(notificationOutbox.status, ['sent', 'dead', 'cancelled']), lt(notificationOutbox.createdAt, before)));
  await db.delete(notifyProcessedEvents).where(lt(notifyProcessedEvents.processedAt, before));
}

// ------------------------------------------------------------------ case events

/** Case events not yet turned into notifications (oldest first). */
export async function unprocessedEvents(db: Executor, opts: { since: Date; caseId?: string; limit: number }) {
  return db
    .select({ id: caseEvents.id, caseId: caseEvents.caseId })
    .from(caseEvents)
    .where(
      and(
        gte(caseEvents.at, opts.since),
        opts.caseId ? eq(caseEvents.caseId, opts.caseId) : undefined,
        sql`not exists (select 1 from ${notifyProcessedEvents} where ${notifyProcessedEvents.caseEventId} = ${caseEvents.id})`,
      ),
    )
    .orderBy(asc(caseEvents.id))
    .limit(opts.limit);
}

/** Claims an event for processing inside the caller's transaction; false when another process has (or had) it. */
export async function markProcessed(tx: Executor, eventId: number, at: Date): Promise<boolean> {
  const rows = await tx.insert(notifyProcessedEvents).values({ caseEventId: eventId, processedAt: at }).onConflictDoNothing().returning({ id: notifyProcessedEvents.caseEventId });
  return rows.length === 1;
}

export async function findEvent(db: Executor, id: number) {
  const rows = await db.select().from(caseEvents).where(eq(caseEvents.id, id));
  return rows[0] ?? null;
}

export async function actionsOf(db: Executor, caseId: string) {
  return db.select({ seq: caseEvents.seq, action: caseEvents.action, actorId: caseEvents.actorId }).from(caseEvents).where(eq(caseEvents.caseId, caseId));
}

// ------------------------------------------------------------------ timers

export async function insertTimers(db: Executor, rows: (typeof notifyTimers.$inferInsert)[]): Promise<number> {
  if (rows.length === 0) return 0;
  const added = await db.insert(notifyTimers).values(rows).onConflictDoNothing().returning({ id: notifyTimers.id });
  return added.length;
}

/** Cancels the case's pending stage timers other than those kept (the step ended, or its deadline moved). */
export async function cancelStageTimers(db: Executor, caseId: string, keep: string[]): Promise<void> {
  await db
    .update(notifyTimers)
    .set({ status: 'cancelled' })
    .where(and(eq(notifyTimers.caseId, caseId), eq(notifyTimers.kind, 'stage'), eq(notifyTimers.status, 'pending'), keep.length ? notInArray(notifyTimers.key, keep) : undefined));
}

export async function claimDueTimers(db: Executor, now: Date, leaseUntil: Date, limit: number): Promise<TimerRow[]> {
  const due = db
    .select({ id: notifyTimers.id })
    .from(notifyTimers)
    .where(and(eq(notifyTimers.status, 'pending'), lte(notifyTimers.dueAt, now), or(isNull(notifyTimers.lockedUntil), lte(notifyTimers.lockedUntil, now))))
    .orderBy(asc(notifyTimers.dueAt), asc(notifyTimers.id))
    .limit(limit)
    .for('update', { skipLocked: true });
  const rows = await db
    .update(notifyTimers)
    .set({ lockedUntil: leaseUntil, attempts: sql`${notifyTimers.attempts} + 1` })
    .where(inArray(notifyTimers.id, due))
    .returning();
  return rows.sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime() || a.id - b.id);
}

/** Settles a claimed timer unless another process took it over since; true when this call settled it. */
export async function finishTimer(db: Executor, id: number, attempts: number, status: 'fired' | 'cancelled', at: Date, note?: string): Promise<boolean> {
  const rows = await db
    .update(notifyTimers)
    .set({ status, firedAt: status === 'fired' ? at : null, lockedUntil: null, note: note ?? null })
    .where(and(eq(notifyTimers.id, id), eq(notifyTimers.attempts, attempts), eq(notifyTimers.status, 'pending')))
    .returning({ id: notifyTimers.id });
  return rows.length === 1;
}

/** Gives a claimed timer back for a later try (a failed emergency dispatch). */
export async function releaseTimer(db: Executor, id: number, attempts: number, retryAt: Date, note: string): Promise<void> {
  await db
    .update(notifyTimers)
    .set({ lockedUntil: null, dueAt: retryAt, note })
    .where(and(eq(notifyTimers.id, id), eq(notifyTimers.attempts, attempts), eq(notifyTimers.status, 'pending')));
}

export async function timersOf(db: Executor, caseId: string): Promise<TimerRow[]> {
  return db.select().from(notifyTimers).where(eq(notifyTimers.caseId, caseId)).orderBy(asc(notifyTimers.dueAt), asc(notifyTimers.id));
}
