// Reads and writes the settings documents.
import { eq } from 'drizzle-orm';
import type { Executor } from '../db/client';
import { settings } from '../db/schema';

export async function getSetting<T>(db: Executor, key: string): Promise<T | null> {
  const rows = await db.select().from(settings).where(eq(settings.key, key));
  return rows[0] ? (rows[0].value as T) : null;
}

export async function putSetting(db: Executor, key: string, value: unknown, by: string | null, at: Date): Promise<void> {
  await db
    .insert(settings)
    .values({ key, value, updatedAt: at, updatedBy: by })
    .onConflictDoUpdate({ target: settings.key, set: { value, updatedAt: at, updatedBy: by } });
}
