// The duty roster (值班表) in the database.
import { and, asc, eq, gt, lt, lte, gte } from 'drizzle-orm';
import type { Executor } from '../db/client';
import { departments, users } from '../db/schema';
import { dutyShifts } from './notify.tables';

export type ShiftRow = typeof dutyShifts.$inferSelect;

const columns = {
  s: dutyShifts,
  userName: users.displayName,
  userPhone: users.phone,
  departmentNameZh: departments.nameZh,
  departmentNameEn: departments.nameEn,
};

/** Shifts overlapping [from, to), by unit and start. */
export async function shiftsBetween(db: Executor, from: Date, to: Date) {
  return db
    .select(columns)
    .from(dutyShifts)
    .innerJoin(users, eq(users.id, dutyShifts.userId))
    .leftJoin(departments, eq(departments.id, dutyShifts.departmentId))
    .where(and(lt(dutyShifts.startsAt, to), gt(dutyShifts.endsAt, from)))
    .orderBy(asc(dutyShifts.unit), asc(dutyShifts.startsAt));
}

/** Who is on duty at an instant in a unit (a department's unit needs its id). */
export async function onDutyAt(db: Executor, unit: string, at: Date, departmentId?: string | null) {
  return db
    .select({ userId: dutyShifts.userId })
    .from(dutyShifts)
    .innerJoin(users, eq(users.id, dutyShifts.userId))
    .where(
      and(
        eq(dutyShifts.unit, unit),
        departmentId ? eq(dutyShifts.departmentId, departmentId) : undefined,
        lte(dutyShifts.startsAt, at),
        gt(dutyShifts.endsAt, at),
        eq(users.active, true),
      ),
    );
}

export async function insertShift(db: Executor, row: typeof dutyShifts.$inferInsert): Promise<ShiftRow> {
  const [r] = await db.insert(dutyShifts).values(row).returning();
  return r;
}

export async function deleteShift(db: Executor, id: string): Promise<ShiftRow | null> {
  const rows = await db.delete(dutyShifts).where(eq(dutyShifts.id, id)).returning();
  return rows[0] ?? null;
}

export async function overlapping(db: Executor, userId: string, from: Date, to: Date): Promise<ShiftRow[]> {
  return db.select().from(dutyShifts).where(and(eq(dutyShifts.userId, userId), lt(dutyShifts.startsAt, to), gte(dutyShifts.endsAt, from), gt(dutyShifts.endsAt, from)));
}
