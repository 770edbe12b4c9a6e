// Webhook subscriptions, the durable outbox and the delivery log in the database.
import { and, asc, desc, eq, gte, inArray, isNull, lt, lte, or, sql } from 'drizzle-orm';
import type { Executor } from '../db/client';
import { caseEvents, cases, webhookDeliveries, webhookOutbox, webhookSubscriptions } from '../db/schema';

export type SubscriptionRow = typeof webhookSubscriptions.$inferSelect;
export type OutboxRow = typeof webhookOutbox.$inferSelect;

export async function insertSubscription(db: Executor, row: typeof webhookSubscriptions.$inferInsert): Promise<SubscriptionRow> {
  const [s] = await db.insert(webhookSubscriptions).values(row).returning();
  return s;
}

export async function findSubscription(db: Executor, id: string): Promise<SubscriptionRow | null> {
  const rows = await db.select().from(webhookSubscriptions).where(eq(webhookSubscriptions.id, id));
  return rows[0] ?? null;
}

export async function listSubscriptions(db: Executor) {
  const counts = db
    .select({
      subscriptionId: webhookOutbox.subscriptionId,
      pending: sql<number>`count(*) filter (where ${webhookOutbox.status} = 'pending')::int`.as('pending'),
      delivered: sql<number>`count(*) filter (where ${webhookOutbox.status} = 'delivered')::int`.as('delivered'),
      dead: sql<number>`count(*) filter (where ${webhookOutbox.status} = 'dead')::int`.as('dead'),
    })
    .from(webhookOutbox)
    .groupBy(webhookOutbox.subscriptionId)
    .as('counts');
  return db
    .select({ s: webhookSubscriptions, pending: counts.pending, delivered: counts.delivered, dead: counts.dead })
    .from(webhookSubscriptions)
    .leftJoin(counts, eq(counts.subscriptionId, webhookSubscriptions.id))
    .orderBy(desc(webhookSubscriptions.createdAt));
}

export async function disableSubscription(db: Executor, id: string, at: Date): Promise<SubscriptionRow | null> {
  const rows = await db.update(webhookSubscriptions).set({ active: false, disabledAt: at }).where(eq(webhookSubscriptions.id, id)).returning();
  return rows[0] ?? null;
}

/** Case events that an active subscription wants and that are not in the outbox yet (oldest first). */
export async function unqueuedEvents(db: Executor, opts: { since: Date; caseId?: string; limit: number }) {
  return db
    .select({
      subscriptionId: webhookSubscriptions.id,
      eventId: caseEvents.id,
      seq: caseEvents.seq,
      action: caseEvents.action,
      fromState: caseEvents.fromState,
      toState: caseEvents.toState,
      role: caseEvents.role,
      at: caseEvents.at,
      note: caseEvents.note,
      payload: caseEvents.payload,
      eventDepartmentId: caseEvents.departmentId,
      caseId: cases.id,
      number: cases.number,
      kind: cases.kind,
      classCode: cases.classCode,
      source: cases.source,
      streetCode: cases.streetCode,
      communityCode: cases.communityCode,
      gridCode: cases.gridCode,
      departmentId: cases.departmentId,
      closeType: cases.closeType,
    })
    .from(caseEvents)
    .innerJoin(cases, eq(cases.id, caseEvents.caseId))
    .innerJoin(
      webhookSubscriptions,
      and(
        eq(webhookSubscriptions.active, true),
        gte(caseEvents.at, webhookSubscriptions.createdAt),
        sql`(cardinality(${webhookSubscriptions.actions}) = 0 or ${caseEvents.action} = any(${webhookSubscriptions.actions}))`,
      ),
    )
    .where(
      and(
        gte(caseEvents.at, opts.since),
        opts.caseId ? eq(caseEvents.caseId, opts.caseId) : undefined,
        sql`not exists (select 1 from ${webhookOutbox} where ${webhookOutbox.subscriptionId} = ${webhookSubscriptions.id} and ${webhookOutbox.caseEventId} = ${caseEvents.id})`,
      ),
    )
    .orderBy(asc(caseEvents.id))
    .limit(opts.limit);
}

/** Adds outbox rows; a row another process added first is left alone. Returns how many were new. */
export async function insertOutbox(db: Executor, rows: (typeof webhookOutbox.$inferInsert)[]): Promise<number> {
  if (rows.length === 0) return 0;
  const added = await db.insert(webhookOutbox).values(rows).onConflictDoNothing().returning({ id: webhookOutbox.id });
  return added.length;
}

/**
 * Claims due rows for delivery: FOR UPDATE SKIP LOCKED, so that concurrent processes take disjoint rows, and a lease
 * (locked_until) so that no other process takes them while this one delivers. Each claim counts as an attempt.
 */
export async function claimDue(db: Executor, now: Date, leaseUntil: Date, limit: number): Promise<OutboxRow[]> {
  const due = db
    .select({ id: webhookOutbox.id })
    .from(webhookOutbox)
    .where(and(eq(webhookOutbox.status, 'pending'), lte(webhookOutbox.nextAttemptAt, now), or(isNull(webhookOutbox.lockedUntil), lte(webhookOutbox.lockedUntil, now))))
    .orderBy(asc(webhookOutbox.id))
    .limit(limit)
    .for('update', { skipLocked: true });
  const rows = await db
    .update(webhookOutbox)
    .set({ lockedUntil: leaseUntil, attempts: sql`${webhookOutbox.attempts} + 1` })
    .where(inArray(webhookOutbox.id, due))
    .returning();
  return rows.sort((a, b) => a.id - b.id); // UPDATE … RETURNING has no order; deliver oldest first
}

/** Records the outcome of a claimed attempt, unless another process has claimed the row since (its lease ran out). */
export async function finishAttempt(db: Executor, id: number, attempts: number, patch: Partial<typeof webhookOutbox.$inferInsert>): Promise<boolean> {
  const rows = await db
    .update(webhookOutbox)
    .set({ ...patch, lockedUntil: null })
    .where(and(eq(webhookOutbox.id, id), eq(webhookOutbox.attempts, attempts)))
    .returning({ id: webhookOutbox.id });
  return rows.length === 1;
}

export async function insertDelivery(db: Executor, row: typeof webhookDeliveries.$inferInsert): Promise<void> {
  await db.insert(webhookDeliveries).values(row);
}

export async function deliveriesOf(db: Executor, subscriptionId: string, limit: number) {
  return db
    .select({ d: webhookDeliveries, eventType: webhookOutbox.eventType })
    .from(webhookDeliveries)
    .innerJoin(webhookOutbox, eq(webhookOutbox.id, webhookDeliveries.outboxId))
    .where(eq(webhookDeliveries.subscriptionId, subscriptionId))
    .orderBy(desc(webhookDeliveries.at), desc(webhookDeliveries.id))
    .limit(limit);
}

export async function outboxOf(db: Executor, subscriptionId: string) {
  return db.select().from(webhookOutbox).where(eq(webhookOutbox.subscriptionId, subscriptionId)).orderBy(asc(webhookOutbox.id));
}

/** Forgets finished deliveries older than the cutoff (the log keeps its recent history). */
export async function pruneFinished(db: Executor, before: Date): Promise<void> {
  await db.delete(webhookDeliveries).where(lt(webhookDeliveries.at, before));
  await db.delete(webhookOutbox).where(and(inArray(webhookOutbox.status, ['delivered', 'dead', 'cancelled']), lt(webhookOutbox.createdAt, before)));
}
