// Departments, users and inspector beats in the database.
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Executor } from '../db/client';
import { beats, departments, users } from '../db/schema';

export type DepartmentRow = typeof departments.$inferSelect;

export async function listDepartments(db: Executor): Promise<DepartmentRow[]> {
  return db.select().from(departments).orderBy(asc(departments.code));
}

export async function findDepartment(db: Executor, id: string): Promise<DepartmentRow | null> {
  const rows = await db.select().from(departments).where(eq(departments.id, id));
  return rows[0] ?? null;
}

export async function streetOffice(db: Executor, streetCode: string): Promise<DepartmentRow | null> {
  const rows = await db
    .select()
    .from(departments)
    .where(and(eq(departments.kind, 'street'), eq(departments.streetCode, streetCode)));
  return rows[0] ?? null;
}

export async function departmentOfKind(db: Executor, kind: string): Promise<DepartmentRow | null> {
  const rows = await db.select().from(departments).where(eq(departments.kind, kind)).orderBy(asc(departments.code)).limit(1);
  return rows[0] ?? null;
}

export async function findUser(db: Executor, id: string) {
  const rows = await db.select().from(users).where(eq(users.id, id));
  return rows[0] ?? null;
}

export async function userNames(db: Executor, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db.select({ id: users.id, name: users.displayName }).from(users).where(inArray(users.id, ids));
  return new Map(rows.map((r) => [r.id, r.name]));
}

export async function listUsers(db: Executor) {
  return db
    .select({
      id: users.id,
      username: users.username,
      displayName: users.displayName,
      roles: users.roles,
      departmentId: users.departmentId,
      phone: users.phone,
      active: users.active,
    })
    .from(users)
    .orderBy(asc(users.username));
}

export async function listInspectors(db: Executor) {
  return db
    .select({ id: users.id, username: users.username, displayName: users.displayName })
    .from(users)
    .where(and(eq(users.active, true), sql`'inspector' = any(${users.roles})`))
    .orderBy(asc(users.username));
}

export async function beatInspectorForGrid(db: Executor, gridBeatId: string | null): Promise<string | null> {
  if (!gridBeatId) return null;
  const rows = await db.select({ inspectorId: beats.inspectorId }).from(beats).where(eq(beats.id, gridBeatId));
  return rows[0]?.inspectorId ?? null;
}
