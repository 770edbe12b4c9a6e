// The double-random draw (双随机) as a service: commit (freeze and publish the candidate lists, the rules and the
// secret's hash), draw (mix in the witness, run the pure draw, create the inspections), and the public, checkable record.
import crypto from 'node:crypto';
import {
  assertDrawable,
  canonicalInputs,
  commitmentOf,
  deriveDrawSeed,
  DRAW_PROTOCOL,
  DrawError,
  inputsHash,
  performDraw,
  verifyDraw,
  type DrawAssignment,
  type DrawInputs,
  type Sector,
} from '../../domain/inspections';
import { audit } from '../admin/admin.repository';
import { requireAccess, type Actor } from '../auth/policy';
import type { AppContext } from '../context';
import { AppError } from '../errors';
import * as repo from './inspections.repository';

type DrawJoined = NonNullable<Awaited<ReturnType<typeof repo.findDraw>>>;

export function drawSummary({ d, planName, sector }: DrawJoined) {
  const inputs = d.inputs as DrawInputs;
  return {
    id: d.id,
    planId: d.planId,
    planName,
    sector: sector as Sector,
    round: d.round,
    status: d.status as 'committed' | 'drawn',
    sampleSize: inputs.rules.sampleSize,
    inspectorsPerTarget: inputs.rules.inspectorsPerTarget,
    candidates: inputs.targets.length,
    pool: inputs.inspectors.length,
    commitment: d.commitment,
    inputsHash: d.inputsHash,
    committedAt: d.committedAt.toISOString(),
    drawnAt: d.drawnAt?.toISOString() ?? null,
  };
}

/** What anyone may see of a draw: before the draw, everything but the secret; after it, everything. */
export function publicDrawOut(row: DrawJoined) {
  const drawn = row.d.status === 'drawn';
  const inputs = row.d.inputs as DrawInputs;
  const names = new Map(inputs.targets.map((t) => [t.code, t.name]));
  return {
    ...drawSummary(row),
    protocol: DRAW_PROTOCOL,
    inputs,
    secret: drawn ? row.d.secret : null,
    witness: row.d.witness,
    drawSeed: row.d.drawSeed,
    result: drawn ? (row.d.result as DrawAssignment[]).map((a) => ({ ...a, targetName: names.get(a.target) ?? a.target })) : null,
  };
}

/** Freezes the candidate lists and rules of a plan's next draw and publishes them with the hash of a fresh secret. */
export async function commitDraw(ctx: AppContext, actor: Actor, planId: string, rules: { sampleSize: number; inspectorsPerTarget: number }) {
  requireAccess(actor, 'inspection.manage');
  const now = ctx.now();
  const id = await ctx.db.transaction(async (tx) => {
    const plan = await repo.findPlan(tx, planId, true); // one commit per plan at a time
    if (!plan) throw new AppError('PLAN_NOT_FOUND', planId);
    if (await repo.pendingDraw(tx, planId)) throw new AppError('DRAW_PENDING');
    const targets = await repo.activeEntitiesOfSector(tx, plan.sector);
    const pool = await repo.qualifiedPool(tx, plan.sector);
    const poolCodes = new Set(pool.map((p) => p.code));
    const targetCodes = new Set(targets.map((t) => t.code));
    const previous = await repo.previousInspectors(tx, targets.map((t) => t.id));
    const codeOf = new Map(targets.map((t) => [t.id, t.code]));
    const inputs: DrawInputs = canonicalInputs({
      version: 1,
      sector: plan.sector,
      rules,
      targets: targets.map((t) => ({ code: t.code, name: t.name })),
      inspectors: pool.map((p) => p.code),
      conflicts: (await repo.conflictPairs(tx, plan.sector)).filter(([i, t]) => poolCodes.has(i) && targetCodes.has(t)),
      previous: [...previous].map(([entityId, codes]) => [codeOf.get(entityId)!, codes]),
    });
    try {
      assertDrawable(inputs);
    } catch (e) {
      if (e instanceof DrawError) throw new AppError(e.code === 'INVALID_RULES' ? 'VALIDATION_FAILED' : 'DRAW_RULES_UNSATISFIABLE', e.message);
      throw e;
    }
    const secret = crypto.randomBytes(32).toString('hex');
    const draw = await repo.insertDraw(tx, {
      planId,
      round: (await repo.maxRound(tx, planId)) + 1,
      status: 'committed',
      inputs,
      inputsHash: inputsHash(inputs),
      commitment: commitmentOf(secret),
      secret,
      committedBy: actor.id,
      committedAt: now,
    });
    await audit(tx, { actorId: actor.id, action: 'inspection.draw.commit', subject: draw.id, at: now, detail: { planId, round: draw.round, commitment: draw.commitment, inputsHash: draw.inputsHash } });
    return draw.id;
  });
  return getDraw(ctx, actor, id);
}

/** Makes a committed draw: the seed from the secret and the witness, the pure draw, one inspection per drawn target. */
export async function executeDraw(ctx: AppContext, actor: Actor, drawId: string, witness: string) {
  requireAccess(actor, 'inspection.manage');
  const now = ctx.now();
  await ctx.db.transaction(async (tx) => {
    const row = await repo.findDraw(tx, drawId, true);
    if (!row) throw new AppError('DRAW_NOT_FOUND', drawId);
    if (row.d.status !== 'committed') throw new AppError('DRAW_ALREADY_DRAWN');
    const inputs = row.d.inputs as DrawInputs;
    const drawSeed = deriveDrawSeed(row.d.secret, witness);
    const result = performDraw(inputs, drawSeed);
    const entityIds = await repo.entityIdsByCode(tx, result.assignments.map((a) => a.target));
    const userIds = await repo.poolByCodes(tx, [...new Set(result.assignments.flatMap((a) => a.inspectors))]);
    await repo.insertInspections(
      tx,
      result.assignments.map((a, position) => ({
        drawId,
        planId: row.d.planId,
        entityId: entityIds.get(a.target)!,
        inspectorIds: a.inspectors.map((c) => userIds.get(c)!),
        inspectorCodes: a.inspectors,
        position,
        status: 'assigned',
      })),
    );
    await repo.updateDraw(tx, drawId, { status: 'drawn', witness, drawSeed, result: result.assignments, drawnBy: actor.id, drawnAt: now });
    await audit(tx, { actorId: actor.id, action: 'inspection.draw.draw', subject: drawId, at: now, detail: { witness, drawSeed, targets: result.assignments.map((a) => a.target) } });
  });
  return getDraw(ctx, actor, drawId);
}

/** A draw for the console: the public record plus who is behind each pool code. */
export async function getDraw(ctx: AppContext, actor: Actor, id: string) {
  if (requireAccess(actor, 'inspection.read') !== 'all') throw new AppError('FORBIDDEN', 'draws are run by the centre; see the public record');
  const row = await repo.findDraw(ctx.db, id);
  if (!row) throw new AppError('DRAW_NOT_FOUND', id);
  const pool = await repo.listPool(ctx.db);
  const inputs = row.d.inputs as DrawInputs;
  const inDraw = new Set(inputs.inspectors);
  return {
    ...publicDrawOut(row),
    inspectorNames: Object.fromEntries(pool.filter((p) => inDraw.has(p.p.code)).map((p) => [p.p.code, p.displayName])),
  };
}

export async function listDraws(ctx: AppContext, actor: Actor) {
  requireAccess(actor, 'inspection.read');
  return (await repo.listDraws(ctx.db)).map(drawSummary);
}

// ------------------------------------------------------------------ public (no account)

export async function listPublicDraws(ctx: AppContext) {
  return (await repo.listDraws(ctx.db)).map(drawSummary);
}

export async function publicDraw(ctx: AppContext, id: string) {
  const row = await repo.findDraw(ctx.db, id);
  if (!row) throw new AppError('DRAW_NOT_FOUND', id);
  return publicDrawOut(row);
}

/** The server's own recomputation of a drawn draw (the public page recomputes it again in the browser). */
export async function verifyPublicDraw(ctx: AppContext, id: string) {
  const row = await repo.findDraw(ctx.db, id);
  if (!row) throw new AppError('DRAW_NOT_FOUND', id);
  if (row.d.status !== 'drawn') throw new AppError('DRAW_NOT_DRAWN');
  const v = verifyDraw({
    commitment: row.d.commitment,
    inputsHash: row.d.inputsHash,
    inputs: row.d.inputs as DrawInputs,
    secret: row.d.secret,
    witness: row.d.witness ?? '',
    result: { drawSeed: row.d.drawSeed ?? '', assignments: row.d.result as DrawAssignment[] },
  });
  return { ...v, recomputed: v.recomputed?.assignments ?? null };
}
