// Photo metadata in the database.
import { eq } from 'drizzle-orm';
import type { Executor } from '../db/client';
import { photos } from '../db/schema';

export async function insertPhoto(db: Executor, row: typeof photos.$inferInsert) {
  const [p] = await db.insert(photos).values(row).returning();
  return p;
}

export async function findPhoto(db: Executor, id: string) {
  const rows = await db.select().from(photos).where(eq(photos.id, id));
  return rows[0] ?? null;
}
