// Reception days (局长/区长接待日, 社区工作日): the schedule, appointments (booked by citizens on the portal or by staff),
// the visits recorded on a day (each one an item of the register), and follow-up tasks with deadlines.
import { periodEnd, periodWarnAt } from '../../domain/petition';
import { shanghaiDay } from '../../domain/calendar';
import { requireAccess, type Actor } from '../auth/policy';
import type { AppContext } from '../context';
import { AppError } from '../errors';
import { findDepartment } from '../org/org.repository';
import * as repo from './petitions.repository';
import type { ReceptionDayCreate, ReceptionTask } from './petitions.schema';
import { canSeeIdentity, dayView, petitionLimits, taskView, toSummary } from './petitions.service';

function departmentScope(actor: Actor, action: 'reception.read' | 'reception.task.done'): string | null | undefined {
  const scope = requireAccess(actor, action);
  return scope === 'all' ? undefined : actor.departmentId;
}

export async function listDays(ctx: AppContext, actor: Actor, from: string, to: string) {
  requireAccess(actor, 'reception.read');
  if (from > to) throw new AppError('VALIDATION_FAILED', 'from comes after to');
  const rows = await repo.listDays(ctx.db, from, to, { includeCancelled: true });
  return { items: rows.map(dayView) };
}

export async function createDay(ctx: AppContext, actor: Actor, input: ReceptionDayCreate) {
  requireAccess(actor, 'reception.write');
  if (input.departmentId) {
    const d = await findDepartment(ctx.db, input.departmentId);
    if (!d || !d.active) throw new AppError('DEPARTMENT_NOT_FOUND');
  }
  const row = await repo.insertDay(ctx.db, {
    ...input,
    departmentId: input.departmentId ?? null,
    communityCode: input.communityCode ?? null,
    topics: input.topics ?? null,
    createdBy: actor.id,
    createdAt: ctx.now(),
  });
  return getDay(ctx, actor, row.id);
}

export async function cancelDay(ctx: AppContext, actor: Actor, id: string, reason: string) {
  requireAccess(actor, 'reception.write');
  const d = await repo.findDay(ctx.db, id);
  if (!d) throw new AppError('RECEPTION_DAY_NOT_FOUND');
  if (!d.cancelledAt) await repo.cancelDay(ctx.db, id, ctx.now(), reason);
  return getDay(ctx, actor, id);
}

export async function getDay(ctx: AppContext, actor: Actor, id: string) {
  const deptOnly = departmentScope(actor, 'reception.read');
  const row = await repo.dayWithNames(ctx.db, id);
  if (!row) throw new AppError('RECEPTION_DAY_NOT_FOUND');
  const identity = canSeeIdentity(actor);
  const now = ctx.now();
  const [settings, limits, appointments, visits, tasks] = await Promise.all([
    ctx.settings.get(),
    petitionLimits(ctx),
    repo.appointmentsOf(ctx.db, id),
    repo.listPetitions(ctx.db, { queue: 'all', receptionDayId: id }, deptOnly === undefined ? { kind: 'all' } : { kind: 'department', departmentId: deptOnly }, now, { offset: 0, limit: 200 }),
    repo.listTasks(ctx.db, { dayId: id, ...(deptOnly === undefined ? {} : { departmentId: deptOnly }) }),
  ]);
  return {
    day: dayView(row),
    // A department sees the day and its own tasks; who booked is for petition staff (and leaders see the subjects).
    appointments:
      deptOnly === undefined
        ? appointments.map((a) => ({
            id: a.a.id,
            dayId: a.a.dayId,
            seq: a.a.seq,
            subject: a.a.subject,
            peopleCount: a.a.peopleCount,
            status: a.a.status as 'booked' | 'visited' | 'no_show' | 'cancelled',
            channel: a.a.channel as 'portal' | 'staff',
            createdAt: a.a.createdAt.toISOString(),
            name: identity ? a.a.name : null,
            phone: identity ? a.a.phone : null,
            petitionId: a.petitionId ?? null,
            petitionNumber: a.petitionNumber ?? null,
          }))
        : [],
    visits: visits.rows.map((r) => toSummary(r, now, settings, limits, identity)),
    tasks: tasks.map((t) => taskView(t, now, settings, limits)),
  };
}

/** Books a place on a day; the day row is locked so that two last bookings cannot both take the last place. */
export async function book(
  ctx: AppContext,
  dayId: string,
  a: { name: string; phone?: string; subject: string; peopleCount: number },
  channel: 'portal' | 'staff',
  idempotencyKey?: string,
) {
  if (idempotencyKey) {
    const prior = await repo.findAppointmentByKey(ctx.db, idempotencyKey);
    if (prior) return { row: prior, replayed: true };
  }
  const now = ctx.now();
  const row = await ctx.db.transaction(async (tx) => {
    const day = await repo.lockDay(tx, dayId);
    if (!day) throw new AppError('RECEPTION_DAY_NOT_FOUND');
    if (day.cancelledAt || day.day < shanghaiDay(now)) throw new AppError('RECEPTION_DAY_CLOSED');
    if ((await repo.activeAppointmentCount(tx, dayId)) >= day.capacity) throw new AppError('RECEPTION_DAY_FULL');
    return repo.insertAppointment(tx, {
      dayId,
      seq: await repo.nextAppointmentSeq(tx, dayId),
      name: a.name,
      phone: a.phone ?? null,
      subject: a.subject,
      peopleCount: a.peopleCount,
      status: 'booked',
      channel,
      idempotencyKey: idempotencyKey ?? null,
      createdAt: now,
      updatedAt: now,
    });
  });
  return { row, replayed: false };
}

export async function bookByStaff(ctx: AppContext, actor: Actor, dayId: string, a: { name: string; phone?: string; subject: string; peopleCount: number }) {
  requireAccess(actor, 'reception.write');
  await book(ctx, dayId, a, 'staff');
  return getDay(ctx, actor, dayId);
}

export async function setAppointmentStatus(ctx: AppContext, actor: Actor, id: string, status: 'no_show' | 'cancelled') {
  requireAccess(actor, 'reception.write');
  const a = await repo.findAppointment(ctx.db, id);
  if (!a) throw new AppError('APPOINTMENT_NOT_FOUND');
  if (a.status === 'visited' || a.status === 'cancelled') throw new AppError('APPOINTMENT_NOT_OPEN');
  await repo.setAppointmentStatus(ctx.db, id, status, ctx.now());
  return getDay(ctx, actor, a.dayId);
}

// ------------------------------------------------------------------ follow-up tasks

export async function listTasks(ctx: AppContext, actor: Actor, status: 'open' | 'done' | 'all'): Promise<{ items: ReceptionTask[] }> {
  const deptOnly = departmentScope(actor, 'reception.read');
  const [settings, limits, rows] = await Promise.all([
    ctx.settings.get(),
    petitionLimits(ctx),
    repo.listTasks(ctx.db, { ...(deptOnly === undefined ? {} : { departmentId: deptOnly }), ...(status === 'all' ? {} : { status }) }),
  ]);
  const now = ctx.now();
  return { items: rows.map((r) => taskView(r, now, settings, limits)) };
}

export async function createTask(ctx: AppContext, actor: Actor, input: { petitionId: string; departmentId: string; text: string; days?: number }) {
  requireAccess(actor, 'reception.write');
  const p = await repo.findPetition(ctx.db, input.petitionId);
  if (!p) throw new AppError('PETITION_NOT_FOUND');
  const d = await findDepartment(ctx.db, input.departmentId);
  if (!d || !d.active) throw new AppError('DEPARTMENT_NOT_FOUND');
  const [settings, limits] = await Promise.all([ctx.settings.get(), petitionLimits(ctx)]);
  const now = ctx.now();
  const deadline = periodEnd(settings.calendar, now, input.days ?? limits.followUpTaskDays, limits.rollOverDaysOff);
  const t = await repo.insertTask(ctx.db, {
    petitionId: p.id,
    dayId: p.receptionDayId,
    departmentId: d.id,
    text: input.text,
    startedAt: now,
    deadline,
    warnAt: periodWarnAt(now, deadline, limits.warnShare),
    status: 'open',
    createdBy: actor.id,
    createdAt: now,
  });
  const [row] = await repo.listTasks(ctx.db, { petitionId: p.id }).then((rows) => rows.filter((r) => r.t.id === t.id));
  return taskView(row, now, settings, limits);
}

export async function completeTask(ctx: AppContext, actor: Actor, id: string, note: string) {
  const scope = requireAccess(actor, 'reception.task.done');
  const t = await repo.findTask(ctx.db, id);
  if (!t || (scope !== 'all' && t.departmentId !== actor.departmentId)) throw new AppError('RECEPTION_TASK_NOT_FOUND');
  if (!(await repo.completeTask(ctx.db, id, actor.id, ctx.now(), note))) throw new AppError('RECEPTION_TASK_DONE');
  const [settings, limits] = await Promise.all([ctx.settings.get(), petitionLimits(ctx)]);
  const [row] = (await repo.listTasks(ctx.db, { petitionId: t.petitionId })).filter((r) => r.t.id === id);
  return taskView(row, ctx.now(), settings, limits);
}

