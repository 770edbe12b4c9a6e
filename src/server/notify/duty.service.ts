// The duty roster (值班表): who is on duty now and when, for the supervision and command centres, the leaders and
// each department. Urgent alerts go to the people on duty (notify.service resolves { duty: unit }).
import { z } from 'zod';
import { DUTY_UNITS } from '../../domain/notify';
import { requireAccess, type Actor } from '../auth/policy';
import type { AppContext } from '../context';
import { AppError } from '../errors';
import { findDepartment } from '../org/org.repository';
import * as repo from './duty.repository';
import { activeUsers, usersWithRoles } from './notify.repository';

export const SHIFT_UNITS = [...DUTY_UNITS, 'department'] as const;

export const ShiftInputSchema = z.object({
  unit: z.enum(SHIFT_UNITS),
  departmentId: z.string().uuid().nullable().optional(),
  userId: z.string().uuid(),
  startsAt: z.coerce.date(),
  endsAt: z.coerce.date(),
  note: z.string().trim().max(200).optional(),
});
export type ShiftInput = z.infer<typeof ShiftInputSchema>;

export const ShiftViewSchema = z.object({
  id: z.string(),
  unit: z.enum(SHIFT_UNITS),
  departmentId: z.string().nullable(),
  departmentName: z.string().nullable(),
  departmentNameEn: z.string().nullable(),
  userId: z.string(),
  userName: z.string(),
  phone: z.string().nullable(),
  startsAt: z.string(),
  endsAt: z.string(),
  note: z.string().nullable(),
  onDutyNow: z.boolean(),
});
export type ShiftView = z.infer<typeof ShiftViewSchema>;

/** Roles that may stand a shift in each unit. */
const UNIT_ROLES: Record<(typeof SHIFT_UNITS)[number], string[]> = {
  supervision: ['operator', 'chief', 'admin'],
  command: ['dispatcher', 'chief', 'admin'],
  leader: ['leader'],
  department: ['department'],
};
const MAX_SHIFT_MS = 7 * 24 * 3600_000;

function view(r: Awaited<ReturnType<typeof repo.shiftsBetween>>[number], now: Date): ShiftView {
  return {
    id: r.s.id,
    unit: r.s.unit as ShiftView['unit'],
    departmentId: r.s.departmentId,
    departmentName: r.departmentNameZh ?? null,
    departmentNameEn: r.departmentNameEn ?? null,
    userId: r.s.userId,
    userName: r.userName,
    phone: r.userPhone,
    startsAt: r.s.startsAt.toISOString(),
    endsAt: r.s.endsAt.toISOString(),
    note: r.s.note,
    onDutyNow: r.s.startsAt.getTime() <= now.getTime() && now.getTime() < r.s.endsAt.getTime(),
  };
}

export async function listShifts(ctx: AppContext, actor: Actor, from?: Date, to?: Date): Promise<{ now: string; items: ShiftView[] }> {
  requireAccess(actor, 'duty.read');
  const now = ctx.now();
  const start = from ?? new Date(now.getTime() - 24 * 3600_000);
  const end = to ?? new Date(start.getTime() + 8 * 24 * 3600_000);
  if (end.getTime() <= start.getTime() || end.getTime() - start.getTime() > 62 * 24 * 3600_000) throw new AppError('VALIDATION_FAILED', 'from/to: at most 62 days, from before to');
  const rows = await repo.shiftsBetween(ctx.db, start, end);
  return { now: now.toISOString(), items: rows.map((r) => view(r, now)) };
}

export async function addShift(ctx: AppContext, actor: Actor, input: ShiftInput): Promise<ShiftView> {
  requireAccess(actor, 'duty.write');
  if (input.endsAt.getTime() <= input.startsAt.getTime() || input.endsAt.getTime() - input.startsAt.getTime() > MAX_SHIFT_MS) {
    throw new AppError('SHIFT_INVALID', 'a shift ends after it starts and lasts at most 7 days');
  }
  const [user] = await activeUsers(ctx.db, [input.userId]);
  if (!user) throw new AppError('USER_NOT_FOUND');
  if (!user.roles.some((r) => UNIT_ROLES[input.unit].includes(r))) throw new AppError('DUTY_USER_INVALID', `${input.unit} needs one of ${UNIT_ROLES[input.unit].join(', ')}`);
  let departmentId: string | null = null;
  if (input.unit === 'department') {
    if (!input.departmentId || !(await findDepartment(ctx.db, input.departmentId))) throw new AppError('DEPARTMENT_NOT_FOUND');
    if (user.departmentId !== input.departmentId) throw new AppError('DUTY_USER_INVALID', 'the person is not in this department');
    departmentId = input.departmentId;
  }
  const s = await repo.insertShift(ctx.db, { unit: input.unit, departmentId, userId: input.userId, startsAt: input.startsAt, endsAt: input.endsAt, note: input.note || null, createdBy: actor.id, createdAt: ctx.now() });
  const rows = await repo.shiftsBetween(ctx.db, s.startsAt, s.endsAt);
  return view(rows.find((r) => r.s.id === s.id)!, ctx.now());
}

export async function removeShift(ctx: AppContext, actor: Actor, id: string): Promise<{ deleted: true }> {
  requireAccess(actor, 'duty.write');
  if (!(await repo.deleteShift(ctx.db, id))) throw new AppError('SHIFT_NOT_FOUND');
  return { deleted: true };
}

/** The people who may stand a shift, for the roster's picker (those who keep the roster). */
export async function dutyPeople(ctx: AppContext, actor: Actor) {
  requireAccess(actor, 'duty.write');
  const people = await usersWithRoles(ctx.db, ['operator', 'chief', 'dispatcher', 'leader', 'department', 'admin']);
  return { items: people.map((p) => ({ id: p.id, displayName: p.displayName, roles: p.roles, departmentId: p.departmentId })).sort((a, b) => a.displayName.localeCompare(b.displayName, 'zh')) };
}
