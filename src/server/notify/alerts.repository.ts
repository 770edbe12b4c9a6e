// Citizens' local-alert subscriptions in the database.
import { and, asc, eq, isNull, or, sql } from 'drizzle-orm';
import type { Executor } from '../db/client';
import { communities, streets } from '../db/schema';
import { citizenAlertSubscriptions } from './notify.tables';

export type SubscriptionRow = typeof citizenAlertSubscriptions.$inferSelect;

export async function insertSubscription(db: Executor, row: typeof citizenAlertSubscriptions.$inferInsert): Promise<SubscriptionRow> {
  const [r] = await db.insert(citizenAlertSubscriptions).values(row).returning();
  return r;
}

export async function findByToken(db: Executor, token: string): Promise<SubscriptionRow | null> {
  const rows = await db.select().from(citizenAlertSubscriptions).where(eq(citizenAlertSubscriptions.token, token));
  return rows[0] ?? null;
}

export async function cancel(db: Executor, id: string, at: Date): Promise<void> {
  await db.update(citizenAlertSubscriptions).set({ cancelledAt: at }).where(and(eq(citizenAlertSubscriptions.id, id), isNull(citizenAlertSubscriptions.cancelledAt)));
}

export async function activeCountOfPhone(db: Executor, phone: string): Promise<number> {
  const [{ n }] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(citizenAlertSubscriptions)
    .where(and(eq(citizenAlertSubscriptions.phone, phone), isNull(citizenAlertSubscriptions.cancelledAt)));
  return Number(n);
}

/** Live subscriptions that may cover a point: its community, or a circle whose box holds the point (refined by the caller). */
export async function candidates(db: Executor, p: { lng: number; lat: number; communityCode: string | null }, maxDeg: number): Promise<SubscriptionRow[]> {
  return db
    .select()
    .from(citizenAlertSubscriptions)
    .where(
      and(
        isNull(citizenAlertSubscriptions.cancelledAt),
        or(
          p.communityCode ? and(eq(citizenAlertSubscriptions.area, 'community'), eq(citizenAlertSubscriptions.communityCode, p.communityCode)) : sql`false`,
          and(eq(citizenAlertSubscriptions.area, 'near'), sql`abs(${citizenAlertSubscriptions.lng} - ${p.lng}) < ${maxDeg} and abs(${citizenAlertSubscriptions.lat} - ${p.lat}) < ${maxDeg}`),
        ),
      ),
    );
}

export async function communityList(db: Executor) {
  return db
    .select({ code: communities.code, name: communities.name, streetCode: communities.streetCode, streetName: streets.name })
    .from(communities)
    .innerJoin(streets, eq(streets.code, communities.streetCode))
    .orderBy(asc(communities.code));
}

export async function findCommunity(db: Executor, code: string) {
  const rows = await db.select({ code: communities.code, name: communities.name }).from(communities).where(eq(communities.code, code));
  return rows[0] ?? null;
}
