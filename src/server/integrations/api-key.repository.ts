// API keys, their system users and their usage log in the database.
import { and, desc, eq, sql } from 'drizzle-orm';
import type { Executor } from '../db/client';
import { apiKeys, apiKeyUsage, users } from '../db/schema';

export type ApiKeyRow = typeof apiKeys.$inferSelect;

export async function insertKeyWithUser(
  tx: Executor,
  key: Omit<typeof apiKeys.$inferInsert, 'userId'>,
  user: { username: string; displayName: string },
): Promise<ApiKeyRow> {
  // The integration's user can never sign in: no password hash, inactive, and only the 'system' role.
  const [u] = await tx
    .insert(users)
    .values({ username: user.username, displayName: user.displayName, passwordHash: '!', roles: ['system'], active: false })
    .returning({ id: users.id });
  const [row] = await tx
    .insert(apiKeys)
    .values({ ...key, userId: u.id })
    .returning();
  return row;
}

export async function findKeyByHash(db: Executor, keyHash: string): Promise<ApiKeyRow | null> {
  const rows = await db.select().from(apiKeys).where(eq(apiKeys.keyHash, keyHash));
  return rows[0] ?? null;
}

export async function findKey(db: Executor, id: string): Promise<ApiKeyRow | null> {
  const rows = await db.select().from(apiKeys).where(eq(apiKeys.id, id));
  return rows[0] ?? null;
}

export async function listKeys(db: Executor): Promise<ApiKeyRow[]> {
  return db.select().from(apiKeys).orderBy(desc(apiKeys.createdAt));
}

export async function revokeKey(db: Executor, id: string, by: string, at: Date): Promise<ApiKeyRow | null> {
  const rows = await db.update(apiKeys).set({ active: false, revokedAt: at, revokedBy: by }).where(eq(apiKeys.id, id)).returning();
  return rows[0] ?? null;
}

export async function logUsage(db: Executor, row: typeof apiKeyUsage.$inferInsert): Promise<void> {
  await db.insert(apiKeyUsage).values(row);
  await db.update(apiKeys).set({ lastUsedAt: row.at }).where(eq(apiKeys.id, row.keyId));
}

export async function usageOf(db: Executor, keyId: string, limit: number) {
  return db
    .select({ at: apiKeyUsage.at, method: apiKeyUsage.method, path: apiKeyUsage.path, status: apiKeyUsage.status, ip: apiKeyUsage.ip })
    .from(apiKeyUsage)
    .where(eq(apiKeyUsage.keyId, keyId))
    .orderBy(desc(apiKeyUsage.at), desc(apiKeyUsage.id))
    .limit(limit);
}

export async function pruneUsage(db: Executor, before: Date): Promise<void> {
  await db.delete(apiKeyUsage).where(and(sql`${apiKeyUsage.at} < ${before}`));
}
