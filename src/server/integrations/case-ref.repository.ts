// What integrations sent along with cases (their ids, Open311 attributes, contact, media links) and the Open311 update ids they used.
import { and, asc, eq, isNull } from 'drizzle-orm';
import type { Executor } from '../db/client';
import { integrationCaseRefs, open311UpdateRefs } from '../db/schema';

export type CaseRefRow = typeof integrationCaseRefs.$inferSelect;

/** Records the reference once; a replay of the same case keeps the first, also when the copies race each other. */
export async function insertCaseRef(db: Executor, row: typeof integrationCaseRefs.$inferInsert): Promise<CaseRefRow> {
  const first = () => db.select().from(integrationCaseRefs).where(and(eq(integrationCaseRefs.caseId, row.caseId), eq(integrationCaseRefs.channel, row.channel)));
  const existing = await first();
  if (existing[0]) return existing[0];
  const [r] = await db.insert(integrationCaseRefs).values(row).onConflictDoNothing().returning();
  if (r) return r;
  // A concurrent copy of the same request inserted it first (same key and external id): theirs is the reference.
  const winner = await first();
  if (!winner[0]) throw new Error(`integration reference for case ${row.caseId} conflicts with another case`);
  return winner[0];
}

export async function findRefByToken(db: Executor, token: string): Promise<CaseRefRow | null> {
  const rows = await db.select().from(integrationCaseRefs).where(eq(integrationCaseRefs.token, token));
  return rows[0] ?? null;
}

/** A reference by the integration's own id; a null key means references made by signed-in people. */
export async function findRefByExternalId(db: Executor, apiKeyId: string | null, channel: string, externalId: string): Promise<CaseRefRow | null> {
  const rows = await db
    .select()
    .from(integrationCaseRefs)
    .where(
      and(
        apiKeyId ? eq(integrationCaseRefs.apiKeyId, apiKeyId) : isNull(integrationCaseRefs.apiKeyId),
        eq(integrationCaseRefs.channel, channel),
        eq(integrationCaseRefs.externalId, externalId),
      ),
    )
    .orderBy(asc(integrationCaseRefs.createdAt))
    .limit(1);
  return rows[0] ?? null;
}

export async function refsOfCase(db: Executor, caseId: string): Promise<CaseRefRow[]> {
  return db.select().from(integrationCaseRefs).where(eq(integrationCaseRefs.caseId, caseId));
}

/** Claims a client's update id; false when it was claimed before (a retry). */
export async function claimUpdateRef(db: Executor, apiKeyId: string, externalUpdateId: string, caseId: string, at: Date): Promise<boolean> {
  const rows = await db
    .insert(open311UpdateRefs)
    .values({ apiKeyId, externalUpdateId, caseId, createdAt: at })
    .onConflictDoNothing()
    .returning({ id: open311UpdateRefs.externalUpdateId });
  return rows.length === 1;
}

export async function findUpdateRef(db: Executor, apiKeyId: string, externalUpdateId: string) {
  const rows = await db
    .select()
    .from(open311UpdateRefs)
    .where(and(eq(open311UpdateRefs.apiKeyId, apiKeyId), eq(open311UpdateRefs.externalUpdateId, externalUpdateId)));
  return rows[0] ?? null;
}

export async function completeUpdateRef(db: Executor, apiKeyId: string, externalUpdateId: string, caseEventId: number): Promise<void> {
  await db
    .update(open311UpdateRefs)
    .set({ caseEventId })
    .where(and(eq(open311UpdateRefs.apiKeyId, apiKeyId), eq(open311UpdateRefs.externalUpdateId, externalUpdateId)));
}

/** Releases a claim whose update could not be recorded, so that a retry may try again. */
export async function releaseUpdateRef(db: Executor, apiKeyId: string, externalUpdateId: string): Promise<void> {
  await db
    .delete(open311UpdateRefs)
    .where(and(eq(open311UpdateRefs.apiKeyId, apiKeyId), eq(open311UpdateRefs.externalUpdateId, externalUpdateId), isNull(open311UpdateRefs.caseEventId)));
}
