// Administration (应用维护): every change is checked against the policy, applied in a transaction, audited,
// and takes effect without a restart (the settings cache is invalidated).
import { z } from 'zod';
import { CalendarDataError, parseCalendarData } from '../../domain/calendar';
import { findUserByUsername, insertUser } from '../auth/auth.repository';
import { hashPassword } from '../auth/password';
import { requireAccess, type Actor } from '../auth/policy';
import { findClass, listRules } from '../catalogue/catalogue.repository';
import type { AppContext } from '../context';
import { AppError } from '../errors';
import { findDepartment, listDepartments } from '../org/org.repository';
import { getSetting, putSetting } from '../settings/settings.repository';
import * as repo from './admin.repository';
import type {
  BeatPatchSchema,
  BeatSchema,
  ClassPatchSchema,
  DepartmentCreateSchema,
  DepartmentPatchSchema,
  FilingConditionPatchSchema,
  LocalClassSchema,
  RuleSchema,
  UserCreateSchema,
  UserPatchSchema,
  WorkflowSettingsSchema,
} from './admin.schema';
import { findFilingCondition } from '../catalogue/catalogue.repository';

type In<T extends z.ZodType> = z.infer<T>;

function isUnique(err: unknown): boolean {
  const e = err as { code?: string; cause?: { code?: string } };
  return e?.code === '23505' || e?.cause?.code === '23505';
}

async function checkDepartment(ctx: AppContext, id: string | null | undefined) {
  if (id && !(await findDepartment(ctx.db, id))) throw new AppError('DEPARTMENT_NOT_FOUND', id);
}

export async function createUser(ctx: AppContext, actor: Actor, input: In<typeof UserCreateSchema>) {
  requireAccess(actor, 'users.write');
  await checkDepartment(ctx, input.departmentId);
  if (await findUserByUsername(ctx.db, input.username)) throw new AppError('USERNAME_TAKEN');
  const passwordHash = await hashPassword(input.password);
  return ctx.db.transaction(async (tx) => {
    const u = await insertUser(tx, { username: input.username, displayName: input.displayName, passwordHash, roles: input.roles, departmentId: input.departmentId, phone: input.phone });
    await repo.audit(tx, { actorId: actor.id, action: 'user.create', subject: u.id, at: ctx.now(), detail: { username: u.username, roles: u.roles } });
    return { id: u.id, username: u.username };
  });
}

export async function updateUser(ctx: AppContext, actor: Actor, id: string, input: In<typeof UserPatchSchema>) {
  requireAccess(actor, 'users.write');
  await checkDepartment(ctx, input.departmentId);
  const { password, ...rest } = input;
  const patch = { ...rest, ...(password ? { passwordHash: await hashPassword(password) } : {}) };
  return ctx.db.transaction(async (tx) => {
    const u = await repo.updateUser(tx, id, patch);
    if (!u) throw new AppError('USER_NOT_FOUND');
    // Passwords are never written to the audit log, only that one was set.
    await repo.audit(tx, { actorId: actor.id, action: 'user.update', subject: id, at: ctx.now(), detail: { ...rest, passwordChanged: !!password } });
    return { id };
  });
}

export async function createDepartment(ctx: AppContext, actor: Actor, input: In<typeof DepartmentCreateSchema>) {
  requireAccess(actor, 'org.write');
  try {
    return await ctx.db.transaction(async (tx) => {
      const d = await repo.insertDepartment(tx, input);
      await repo.audit(tx, { actorId: actor.id, action: 'department.create', subject: d.id, at: ctx.now(), detail: input });
      return d;
    });
  } catch (e) {
    if (isUnique(e)) throw new AppError('DEPARTMENT_CODE_TAKEN');
    throw e;
  }
}

export async function updateDepartment(ctx: AppContext, actor: Actor, id: string, input: In<typeof DepartmentPatchSchema>) {
  requireAccess(actor, 'org.write');
  return ctx.db.transaction(async (tx) => {
    const d = await repo.updateDepartment(tx, id, input);
    if (!d) throw new AppError('DEPARTMENT_NOT_FOUND');
    await repo.audit(tx, { actorId: actor.id, action: 'department.update', subject: id, at: ctx.now(), detail: input });
    return d;
  });
}

export async function listResponsibility(ctx: AppContext, actor: Actor) {
  requireAccess(actor, 'catalogue.read');
  return listRules(ctx.db);
}

function ruleRow(input: In<typeof RuleSchema>) {
  const { limit, ...rest } = input;
  return { ...rest, limitAmount: limit?.amount ?? null, limitUnit: limit?.unit ?? null };
}

async function checkRule(ctx: AppContext, input: In<typeof RuleSchema>) {
  if (!(await findClass(ctx.db, input.kind, input.classCode))) throw new AppError('UNKNOWN_CLASS', `${input.kind} ${input.classCode}`);
  await checkDepartment(ctx, input.departmentId);
  for (const co of input.coDepartmentIds) await checkDepartment(ctx, co);
}

export async function createRule(ctx: AppContext, actor: Actor, input: In<typeof RuleSchema>) {
  requireAccess(actor, 'catalogue.write');
  await checkRule(ctx, input);
  return ctx.db.transaction(async (tx) => {
    const r = await repo.insertRule(tx, ruleRow(input));
    await repo.audit(tx, { actorId: actor.id, action: 'rule.create', subject: r.id, at: ctx.now(), detail: input });
    return r;
  });
}

export async function updateRule(ctx: AppContext, actor: Actor, id: string, input: In<typeof RuleSchema>) {
  requireAccess(actor, 'catalogue.write');
  await checkRule(ctx, input);
  return ctx.db.transaction(async (tx) => {
    const r = await repo.updateRule(tx, id, ruleRow(input));
    if (!r) throw new AppError('RULE_NOT_FOUND');
    await repo.audit(tx, { actorId: actor.id, action: 'rule.update', subject: id, at: ctx.now(), detail: input });
    return r;
  });
}

export async function deleteRule(ctx: AppContext, actor: Actor, id: string) {
  requireAccess(actor, 'catalogue.write');
  return ctx.db.transaction(async (tx) => {
    if (!(await repo.deleteRule(tx, id))) throw new AppError('RULE_NOT_FOUND');
    await repo.audit(tx, { actorId: actor.id, action: 'rule.delete', subject: id, at: ctx.now(), detail: {} });
    return { id };
  });
}

/** Adds a local sub-class (地方扩展小类) under a standard class, with its own filing conditions. */
export async function createLocalClass(ctx: AppContext, actor: Actor, input: In<typeof LocalClassSchema>) {
  requireAccess(actor, 'catalogue.write');
  const parent = await findClass(ctx.db, input.kind, input.parentCode);
  if (!parent) throw new AppError('UNKNOWN_CLASS', `${input.kind} ${input.parentCode}`);
  const code = input.parentCode + input.suffix;
  if (await findClass(ctx.db, input.kind, code)) throw new AppError('CLASS_EXISTS', code);
  return ctx.db.transaction(async (tx) => {
    const c = await repo.insertClass(tx, {
      ...parent,
      code,
      parentCode: parent.code,
      nameZh: input.nameZh,
      nameEn: input.nameEn,
      local: true,
      active: true,
    });
    const prefix = input.kind === 'component' ? 'C' : 'M';
    for (const [i, f] of input.filingConditions.entries()) {
      await repo.upsertFilingCondition(tx, {
        code: `${prefix}${code}-${String(i + 1).padStart(2, '0')}`,
        kind: input.kind,
        classCode: code,
        nameZh: f.nameZh,
        nameEn: f.nameEn,
        limitAmount: f.amount,
        limitUnit: f.unit,
      });
    }
    // A sub-class is handled like its parent unless the responsibility list says otherwise.
    const parentRules = (await listRules(tx)).filter((r) => r.kind === input.kind && r.classCode === parent.code);
    for (const r of parentRules) {
      const { id: _id, ...rest } = r;
      await repo.insertRule(tx, { ...rest, classCode: code, filingCondition: null });
    }
    await repo.audit(tx, { actorId: actor.id, action: 'class.create', subject: `${input.kind}:${code}`, at: ctx.now(), detail: input });
    return c;
  });
}

export async function updateClass(ctx: AppContext, actor: Actor, kind: string, code: string, input: In<typeof ClassPatchSchema>) {
  requireAccess(actor, 'catalogue.write');
  return ctx.db.transaction(async (tx) => {
    const c = await repo.updateClass(tx, kind, code, input);
    if (!c) throw new AppError('UNKNOWN_CLASS', `${kind} ${code}`);
    await repo.audit(tx, { actorId: actor.id, action: 'class.update', subject: `${kind}:${code}`, at: ctx.now(), detail: input });
    return c;
  });
}

export async function updateFilingCondition(ctx: AppContext, actor: Actor, code: string, input: In<typeof FilingConditionPatchSchema>) {
  requireAccess(actor, 'catalogue.write');
  const fc = await findFilingCondition(ctx.db, code);
  if (!fc) throw new AppError('UNKNOWN_FILING_CONDITION', code);
  return ctx.db.transaction(async (tx) => {
    const row = await repo.upsertFilingCondition(tx, {
      ...fc,
      nameZh: input.nameZh ?? fc.nameZh,
      nameEn: input.nameEn ?? fc.nameEn,
      limitAmount: input.amount ?? fc.limitAmount,
      limitUnit: input.unit ?? fc.limitUnit,
      closeConditionZh: input.closeConditionZh ?? fc.closeConditionZh,
      closeConditionEn: input.closeConditionEn ?? fc.closeConditionEn,
    });
    await repo.audit(tx, { actorId: actor.id, action: 'filingCondition.update', subject: code, at: ctx.now(), detail: input });
    return row;
  });
}

export async function getWorkflowSettings(ctx: AppContext, actor: Actor) {
  requireAccess(actor, 'catalogue.read');
  const s = await ctx.settings.get();
  return { calendar: s.calendarData, stepLimits: s.stepLimits, warnShare: s.warnShare };
}

export async function putWorkflowSettings(ctx: AppContext, actor: Actor, input: In<typeof WorkflowSettingsSchema>) {
  requireAccess(actor, 'settings.write');
  if (input.calendar) {
    try {
      parseCalendarData(input.calendar);
    } catch (e) {
      if (e instanceof CalendarDataError) throw new AppError('INVALID_CALENDAR', e.problems.join('; '));
      throw e;
    }
  }
  const now = ctx.now();
  await ctx.db.transaction(async (tx) => {
    if (input.calendar) await putSetting(tx, 'calendar', input.calendar, actor.id, now);
    if (input.stepLimits) {
      const current = (await getSetting<Record<string, unknown>>(tx, 'stepLimits')) ?? {};
      await putSetting(tx, 'stepLimits', { ...current, ...input.stepLimits }, actor.id, now);
    }
    if (input.warnShare !== undefined) await putSetting(tx, 'warnShare', input.warnShare, actor.id, now);
    await repo.audit(tx, { actorId: actor.id, action: 'settings.update', subject: 'workflow', at: now, detail: input });
  });
  ctx.settings.invalidate();
  return getWorkflowSettings(ctx, actor);
}

export async function listBeats(ctx: AppContext, actor: Actor) {
  requireAccess(actor, 'org.read');
  return repo.listBeats(ctx.db);
}

export async function createBeat(ctx: AppContext, actor: Actor, input: In<typeof BeatSchema>) {
  requireAccess(actor, 'org.write');
  const { gridCodes, ...row } = input;
  return ctx.db.transaction(async (tx) => {
    const b = await repo.insertBeat(tx, row);
    const assigned = await repo.assignGrids(tx, b.id, gridCodes);
    await repo.audit(tx, { actorId: actor.id, action: 'beat.create', subject: b.id, at: ctx.now(), detail: { ...row, grids: assigned } });
    return { ...b, gridCount: assigned };
  });
}

export async function updateBeat(ctx: AppContext, actor: Actor, id: string, input: In<typeof BeatPatchSchema>) {
  requireAccess(actor, 'org.write');
  const { gridCodes, ...patch } = input;
  return ctx.db.transaction(async (tx) => {
    const b = Object.keys(patch).length ? await repo.updateBeat(tx, id, patch) : (await repo.listBeats(tx)).find((x) => x.id === id);
    if (!b) throw new AppError('BEAT_NOT_FOUND');
    const assigned = gridCodes ? await repo.assignGrids(tx, id, gridCodes) : undefined;
    await repo.audit(tx, { actorId: actor.id, action: 'beat.update', subject: id, at: ctx.now(), detail: { ...patch, grids: assigned } });
    return { id };
  });
}

export async function auditTrail(ctx: AppContext, actor: Actor, limit: number) {
  requireAccess(actor, 'settings.write');
  return repo.listAudit(ctx.db, limit);
}

export { listDepartments };
