// Users and sessions in the database.
import { and, eq, gt, lt } from 'drizzle-orm';
import type { Executor } from '../db/client';
import { departments, sessions, users } from '../db/schema';

export async function findUserByUsername(db: Executor, username: string) {
  const rows = await db.select().from(users).where(eq(users.username, username));
  return rows[0] ?? null;
}

export async function findSessionUser(db: Executor, sessionId: string, now: Date) {
  const rows = await db
    .select({ user: users, session: sessions, department: departments })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .leftJoin(departments, eq(departments.id, users.departmentId))
    .where(and(eq(sessions.id, sessionId), gt(sessions.expiresAt, now), eq(users.active, true)));
  return rows[0] ?? null;
}

export async function insertSession(db: Executor, row: typeof sessions.$inferInsert): Promise<void> {
  await db.insert(sessions).values(row);
}

export async function deleteSession(db: Executor, sessionId: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.id, sessionId));
}

export async function deleteExpiredSessions(db: Executor, now: Date): Promise<void> {
  await db.delete(sessions).where(lt(sessions.expiresAt, now));
}

export async function insertUser(db: Executor, row: typeof users.$inferInsert) {
  const [u] = await db.insert(users).values(row).returning();
  return u;
}
