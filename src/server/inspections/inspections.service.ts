// The standing data of hazard inspections: the register of inspectable entities, the qualified inspector pool, declared
// conflicts of interest, and inspection plans with their checklists.
import { z } from 'zod';
import { DEFAULT_CHECKLISTS, type ChecklistItem, type Sector } from '../../domain/inspections';
import { toWgs84 } from '../../domain/geo';
import { audit } from '../admin/admin.repository';
import { requireAccess, type Actor } from '../auth/policy';
import { findClass } from '../catalogue/catalogue.repository';
import type { AppContext } from '../context';
import { AppError } from '../errors';
import { locatePoint } from '../geo/geo.repository';
import { findUser } from '../org/org.repository';
import * as repo from './inspections.repository';
import type {
  ConflictCreateSchema,
  EntityCreateSchema,
  EntityListQuerySchema,
  EntityPatchSchema,
  EntitySchema,
  PlanCreateSchema,
  PoolAddSchema,
  PoolPatchSchema,
} from './inspections.schema';
import { drawSummary } from './draws.service';

type In<T extends z.ZodType> = z.infer<T>;

/** Code prefixes of generated entity codes, by sector (建筑 JZ, 燃气 RQ, 消防 XF, 食品 SP). */
export const ENTITY_PREFIX: Record<Sector, string> = { construction: 'JZ', gas: 'RQ', fire: 'XF', food: 'SP' };

const round7 = (v: number) => Math.round(v * 1e7) / 1e7;

type EntityJoined = NonNullable<Awaited<ReturnType<typeof repo.findEntity>>>;
export function entityOut({ e, streetName, lastInspectedOn }: EntityJoined): z.infer<typeof EntitySchema> {
  return {
    id: e.id,
    code: e.code,
    name: e.name,
    sector: e.sector as Sector,
    uscc: e.uscc,
    address: e.address,
    lng: e.lng,
    lat: e.lat,
    gridCode: e.gridCode,
    streetCode: e.streetCode,
    streetName: streetName ?? null,
    communityCode: e.communityCode,
    contactName: e.contactName,
    contactPhone: e.contactPhone,
    active: e.active,
    lastInspectedOn: lastInspectedOn ?? null,
  };
}

function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string; cause?: { code?: string } };
  return e?.code === '23505' || e?.cause?.code === '23505';
}

// ------------------------------------------------------------------ register

export async function listEntities(ctx: AppContext, actor: Actor, q: In<typeof EntityListQuerySchema>) {
  if (requireAccess(actor, 'inspection.read') !== 'all') throw new AppError('FORBIDDEN', 'the register is kept by the centre');
  const { total, rows } = await repo.listEntities(ctx.db, { ...q, active: q.active === undefined ? undefined : q.active === 'true' }, q.limit, q.offset);
  return { total, items: rows.map(entityOut) };
}

/** What a pool member needs to declare a conflict: registered entities by name or code, without private contacts. */
export async function declarableEntities(ctx: AppContext, actor: Actor, q: string) {
  requireAccess(actor, 'inspection.declare');
  const { rows } = await repo.listEntities(ctx.db, { q, active: true }, 20, 0);
  return { items: rows.map(({ e }) => ({ id: e.id, code: e.code, name: e.name, address: e.address })) };
}

export async function createEntity(ctx: AppContext, actor: Actor, input: In<typeof EntityCreateSchema>) {
  requireAccess(actor, 'inspection.manage');
  const [lng, lat] = toWgs84(input.lng, input.lat, input.crs).map(round7);
  const place = await locatePoint(ctx.db, lng, lat);
  if (!place) throw new AppError('OUTSIDE_DISTRICT', `${lng},${lat}`);
  const now = ctx.now();
  try {
    const row = await ctx.db.transaction(async (tx) => {
      let code = input.code;
      if (!code) {
        const prefix = ENTITY_PREFIX[input.sector];
        let n = (await repo.countEntityCodes(tx, prefix)) + 1;
        while (await repo.findEntity(tx, { code: `${prefix}-${String(n).padStart(4, '0')}` })) n++;
        code = `${prefix}-${String(n).padStart(4, '0')}`;
      } else if (await repo.findEntity(tx, { code })) throw new AppError('ENTITY_CODE_TAKEN', code);
      const r = await repo.insertEntity(tx, {
        code,
        name: input.name,
        sector: input.sector,
        uscc: input.uscc ?? null,
        address: input.address || `${place.streetName}${place.communityName}`,
        lng,
        lat,
        gridCode: place.gridCode,
        communityCode: place.communityCode,
        streetCode: place.streetCode,
        contactName: input.contactName ?? null,
        contactPhone: input.contactPhone ?? null,
        createdAt: now,
        updatedAt: now,
      });
      await audit(tx, { actorId: actor.id, action: 'inspection.entity.create', subject: r.code, at: now, detail: { name: r.name, sector: r.sector } });
      return r;
    });
    return entityOut((await repo.findEntity(ctx.db, { id: row.id }))!);
  } catch (err) {
    if (isUniqueViolation(err)) throw new AppError('ENTITY_CODE_TAKEN', input.code);
    throw err;
  }
}

export async function updateEntity(ctx: AppContext, actor: Actor, id: string, patch: In<typeof EntityPatchSchema>) {
  requireAccess(actor, 'inspection.manage');
  const now = ctx.now();
  await ctx.db.transaction(async (tx) => {
    const cur = await repo.findEntity(tx, { id });
    if (!cur) throw new AppError('ENTITY_NOT_FOUND', id);
    await repo.updateEntity(tx, id, { ...patch, updatedAt: now });
    await audit(tx, { actorId: actor.id, action: 'inspection.entity.update', subject: cur.e.code, at: now, detail: { ...patch, contactPhone: patch.contactPhone === undefined ? undefined : '***' } });
  });
  return entityOut((await repo.findEntity(ctx.db, { id }))!);
}

// ------------------------------------------------------------------ pool

export async function listPool(ctx: AppContext, actor: Actor) {
  if (requireAccess(actor, 'inspection.read') !== 'all') throw new AppError('FORBIDDEN', 'the pool is kept by the centre');
  return (await repo.listPool(ctx.db)).map((r) => ({
    userId: r.p.userId,
    code: r.p.code,
    displayName: r.displayName,
    username: r.username,
    departmentName: r.departmentName ?? null,
    sectors: r.p.sectors as Sector[],
    active: r.p.active,
    conflicts: Number(r.conflicts),
  }));
}

export async function poolCandidates(ctx: AppContext, actor: Actor) {
  requireAccess(actor, 'inspection.manage');
  return (await repo.poolCandidates(ctx.db)).map((u) => ({ ...u, departmentName: u.departmentName ?? null }));
}

export async function addPoolMember(ctx: AppContext, actor: Actor, input: In<typeof PoolAddSchema>) {
  requireAccess(actor, 'inspection.manage');
  const user = await findUser(ctx.db, input.userId);
  if (!user || !user.active) throw new AppError('USER_NOT_FOUND', input.userId);
  if (user.roles.includes('citizen')) throw new AppError('VALIDATION_FAILED', 'a citizen account cannot inspect', [{ path: 'userId', message: '公众账号不能加入检查人员库 / A citizen account cannot join the pool' }]);
  const now = ctx.now();
  try {
    await ctx.db.transaction(async (tx) => {
      if (await repo.findPoolMember(tx, { userId: input.userId })) throw new AppError('VALIDATION_FAILED', 'already in the pool', [{ path: 'userId', message: '该人员已在检查人员库中 / Already in the pool' }]);
      if (await repo.findPoolMember(tx, { code: input.code })) throw new AppError('POOL_CODE_TAKEN', input.code);
      await repo.insertPoolMember(tx, { userId: input.userId, code: input.code, sectors: [...new Set(input.sectors)], createdAt: now, updatedAt: now });
      await audit(tx, { actorId: actor.id, action: 'inspection.pool.add', subject: input.code, at: now, detail: { userId: input.userId, sectors: input.sectors } });
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw new AppError('POOL_CODE_TAKEN', input.code);
    throw err;
  }
  return (await listPool(ctx, actor)).find((p) => p.userId === input.userId)!;
}

export async function updatePoolMember(ctx: AppContext, actor: Actor, userId: string, patch: In<typeof PoolPatchSchema>) {
  requireAccess(actor, 'inspection.manage');
  const now = ctx.now();
  await ctx.db.transaction(async (tx) => {
    const cur = await repo.findPoolMember(tx, { userId });
    if (!cur) throw new AppError('INSPECTOR_NOT_IN_POOL', userId);
    await repo.updatePoolMember(tx, userId, { ...(patch.sectors ? { sectors: [...new Set(patch.sectors)] } : {}), ...(patch.active !== undefined ? { active: patch.active } : {}), updatedAt: now });
    await audit(tx, { actorId: actor.id, action: 'inspection.pool.update', subject: cur.code, at: now, detail: patch });
  });
  return (await listPool(ctx, actor)).find((p) => p.userId === userId)!;
}

// ------------------------------------------------------------------ conflicts of interest (回避)

export async function listConflicts(ctx: AppContext, actor: Actor, q: { userId?: string; entityId?: string }) {
  const scope = requireAccess(actor, 'inspection.declare');
  const rows = await repo.listConflicts(ctx.db, scope === 'all' ? q : { ...q, userId: actor.id });
  return rows.map((r) => ({
    id: r.c.id,
    userId: r.c.userId,
    inspectorCode: r.inspectorCode ?? null,
    inspectorName: r.inspectorName,
    entityId: r.c.entityId,
    entityCode: r.entityCode,
    entityName: r.entityName,
    reason: r.c.reason,
    declaredAt: r.c.declaredAt.toISOString(),
  }));
}

/**
 * Declares a conflict of interest between an inspector and an entity: by the inspector (for themself) or by the centre.
 * It counts for draws committed from now on; a draw already committed keeps its published inputs.
 */
export async function declareConflict(ctx: AppContext, actor: Actor, input: In<typeof ConflictCreateSchema>) {
  const userId = input.userId ?? actor.id;
  requireAccess(actor, 'inspection.declare', { ownerIds: [userId] });
  const now = ctx.now();
  const id = await ctx.db.transaction(async (tx) => {
    if (!(await repo.findPoolMember(tx, { userId }))) throw new AppError('INSPECTOR_NOT_IN_POOL', userId);
    if (!(await repo.findEntity(tx, { id: input.entityId }))) throw new AppError('ENTITY_NOT_FOUND', input.entityId);
    const created = await repo.insertConflict(tx, { userId, entityId: input.entityId, reason: input.reason, declaredBy: actor.id, declaredAt: now });
    if (!created) throw new AppError('CONFLICT_EXISTS');
    await audit(tx, { actorId: actor.id, action: 'inspection.conflict.declare', subject: input.entityId, at: now, detail: { userId, reason: input.reason } });
    return created;
  });
  return (await listConflicts(ctx, actor, { userId })).find((c) => c.id === id)!;
}

// ------------------------------------------------------------------ plans

export async function listPlans(ctx: AppContext, actor: Actor) {
  requireAccess(actor, 'inspection.read');
  const [plans, draws, counts] = await Promise.all([repo.listPlans(ctx.db), repo.listDraws(ctx.db), repo.countsByPlan(ctx.db)]);
  return plans.map((p) => planOut(p, draws.filter((d) => d.d.planId === p.id), counts.get(p.id)));
}

export async function getPlan(ctx: AppContext, actor: Actor, id: string) {
  requireAccess(actor, 'inspection.read');
  const p = await repo.findPlan(ctx.db, id);
  if (!p) throw new AppError('PLAN_NOT_FOUND', id);
  const [draws, counts] = await Promise.all([repo.listDraws(ctx.db, { planId: id }), repo.countsByPlan(ctx.db)]);
  return planOut(p, draws, counts.get(id));
}

function planOut(p: repo.PlanRow, draws: Awaited<ReturnType<typeof repo.listDraws>>, counts?: { assigned: number; recorded: number; published: number; findings: number }) {
  return {
    id: p.id,
    name: p.name,
    sector: p.sector as Sector,
    periodFrom: p.periodFrom,
    periodTo: p.periodTo,
    checklist: p.checklist as ChecklistItem[],
    note: p.note,
    createdAt: p.createdAt.toISOString(),
    draws: draws.map(drawSummary),
    counts: counts ?? { assigned: 0, recorded: 0, published: 0, findings: 0 },
  };
}

export async function createPlan(ctx: AppContext, actor: Actor, input: In<typeof PlanCreateSchema>) {
  requireAccess(actor, 'inspection.manage');
  if (input.periodTo < input.periodFrom) throw new AppError('VALIDATION_FAILED', 'periodTo before periodFrom', [{ path: 'periodTo', message: '结束日期早于开始日期 / Ends before it starts' }]);
  const checklist = input.checklist ?? DEFAULT_CHECKLISTS[input.sector];
  const codes = new Set<string>();
  for (const [i, item] of checklist.entries()) {
    if (codes.has(item.code)) throw new AppError('VALIDATION_FAILED', `item ${item.code} twice`, [{ path: `checklist.${i}.code`, message: `检查项编号“${item.code}”重复 / Item code repeated` }]);
    codes.add(item.code);
    const cls = await findClass(ctx.db, 'matter', item.classCode);
    if (!cls || !cls.active) throw new AppError('UNKNOWN_CLASS', `matter ${item.classCode} (checklist item ${item.code})`);
  }
  const now = ctx.now();
  const row = await ctx.db.transaction(async (tx) => {
    const r = await repo.insertPlan(tx, { name: input.name, sector: input.sector, checklist, periodFrom: input.periodFrom, periodTo: input.periodTo, note: input.note ?? null, createdBy: actor.id, createdAt: now });
    await audit(tx, { actorId: actor.id, action: 'inspection.plan.create', subject: r.id, at: now, detail: { name: r.name, sector: r.sector, items: checklist.length } });
    return r;
  });
  return getPlan(ctx, actor, row.id);
}
