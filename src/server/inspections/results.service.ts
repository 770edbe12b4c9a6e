// Inspections after the draw: the drawn inspectors record the checklist; the chief or a leader reviews it; on approval
// every failed item becomes a rectification case (整改) through the ordinary intake, and the result is published (一公开).
import { z } from 'zod';
import { shanghaiDay } from '../../domain/calendar';
import { findingsOf, recordProblems, type ChecklistItem, type InspectionState, type ItemResult, type Sector } from '../../domain/inspections';
import { audit } from '../admin/admin.repository';
import { inScope, requireAccess, scopeFor, type Actor } from '../auth/policy';
import { findByIdempotencyKey } from '../cases/case.repository';
import { createCase } from '../cases/case.service';
import type { AppContext } from '../context';
import { AppError } from '../errors';
import { entityOut } from './inspections.service';
import * as repo from './inspections.repository';
import type { InspectionDetail, InspectionListQuerySchema, PublicResultsQuerySchema, RecordSchema } from './inspections.schema';

type In<T extends z.ZodType> = z.infer<T>;
type Joined = NonNullable<Awaited<ReturnType<typeof repo.findInspection>>>;

const notFound = () => new AppError('INSPECTION_NOT_FOUND');
const subjectOf = (r: Joined) => ({ ownerIds: r.i.inspectorIds });

function summaryOut(r: Joined, names: Map<string, string>) {
  const results = (r.i.results as ItemResult[] | null) ?? null;
  return {
    id: r.i.id,
    status: r.i.status as InspectionState,
    planId: r.i.planId,
    planName: r.planName,
    sector: r.sector as Sector,
    drawId: r.i.drawId,
    round: r.round,
    entity: { id: r.i.entityId, code: r.entityCode, name: r.entityName, address: r.entityAddress, streetName: r.streetName ?? null },
    inspectors: r.i.inspectorIds.map((id, k) => ({ userId: id, code: r.i.inspectorCodes[k], name: names.get(id) ?? r.i.inspectorCodes[k] })),
    inspectedOn: r.i.inspectedOn,
    failed: results ? results.filter((x) => !x.passed).length : null,
    publishedAt: r.i.publishedAt?.toISOString() ?? null,
    version: r.i.version,
  };
}

export async function listInspections(ctx: AppContext, actor: Actor, q: In<typeof InspectionListQuerySchema>) {
  const scope = requireAccess(actor, 'inspection.read');
  const inspectorId = scope !== 'all' || q.mine === 'true' ? actor.id : undefined;
  const { total, rows } = await repo.listInspections(ctx.db, { status: q.status, planId: q.planId, drawId: q.drawId, inspectorId }, q.limit, q.offset);
  const names = await repo.userNames(ctx.db, [...new Set(rows.flatMap((r) => r.i.inspectorIds))]);
  return { total, items: rows.map((r) => summaryOut(r, names)) };
}

async function loadVisible(ctx: AppContext, actor: Actor, id: string): Promise<Joined> {
  const r = await repo.findInspection(ctx.db, id);
  if (!r) throw notFound();
  requireAccess(actor, 'inspection.read', subjectOf(r), notFound());
  return r;
}

export async function getInspection(ctx: AppContext, actor: Actor, id: string): Promise<InspectionDetail> {
  const r = await loadVisible(ctx, actor, id);
  const checklist = r.checklist as ChecklistItem[];
  const byCode = new Map(checklist.map((c) => [c.code, c]));
  const [names, findings, entity] = await Promise.all([
    repo.userNames(ctx.db, [...r.i.inspectorIds, ...[r.i.recordedBy, r.i.reviewedBy].filter((x): x is string => !!x)]),
    repo.findingsOf(ctx.db, [id]),
    scopeFor(actor, 'inspection.read') === 'all' ? repo.findEntity(ctx.db, { id: r.i.entityId }) : Promise.resolve(null),
  ]);
  const recordScope = scopeFor(actor, 'inspection.record');
  const reviewScope = scopeFor(actor, 'inspection.review');
  return {
    ...summaryOut(r, names),
    checklist,
    entityDetail: entity ? entityOut(entity) : null,
    results: (r.i.results as ItemResult[] | null) ?? null,
    note: r.i.note,
    recordedBy: r.i.recordedBy ? (names.get(r.i.recordedBy) ?? null) : null,
    recordedAt: r.i.recordedAt?.toISOString() ?? null,
    reviewNote: r.i.reviewNote,
    reviewedBy: r.i.reviewedBy ? (names.get(r.i.reviewedBy) ?? null) : null,
    reviewedAt: r.i.reviewedAt?.toISOString() ?? null,
    findings: findings.map((f) => ({
      itemCode: f.f.itemCode,
      textZh: byCode.get(f.f.itemCode)?.textZh ?? f.f.itemCode,
      textEn: byCode.get(f.f.itemCode)?.textEn ?? f.f.itemCode,
      classCode: f.f.classCode,
      note: f.f.note,
      rectifyBy: f.f.rectifyBy,
      caseId: f.f.caseId,
      caseNumber: f.caseNumber ?? null,
      caseState: f.caseState ?? null,
    })),
    drawnAt: r.drawnAt?.toISOString() ?? null,
    canRecord: !!recordScope && inScope(actor, recordScope, subjectOf(r)) && (r.i.status === 'assigned' || r.i.status === 'recorded'),
    canReview: !!reviewScope && r.i.status === 'recorded' && !r.i.inspectorIds.includes(actor.id) && r.i.recordedBy !== actor.id,
  };
}

/** The drawn inspectors (or the centre, entering a paper record) answer every checklist item. Allowed until reviewed. */
export async function recordInspection(ctx: AppContext, actor: Actor, id: string, input: In<typeof RecordSchema>) {
  requireAccess(actor, 'inspection.record');
  const now = ctx.now();
  const today = shanghaiDay(now);
  await ctx.db.transaction(async (tx) => {
    const r = await repo.findInspection(tx, id, true);
    if (!r) throw notFound();
    requireAccess(actor, 'inspection.record', subjectOf(r), notFound());
    if (r.i.status !== 'assigned' && r.i.status !== 'recorded') throw new AppError('INSPECTION_STATE', `${r.i.status}`);
    if (input.expectedVersion !== undefined && input.expectedVersion !== r.i.version) throw new AppError('INSPECTION_STATE', 'someone else changed the record; reload');
    const problems = recordProblems(r.checklist as ChecklistItem[], input.results);
    if (problems.length) throw new AppError('CHECKLIST_INCOMPLETE', problems.join('; '), problems.map((p) => ({ path: 'results', message: p })));
    const drawnOn = r.drawnAt ? shanghaiDay(r.drawnAt) : today;
    if (input.inspectedOn > today || input.inspectedOn < drawnOn)
      throw new AppError('VALIDATION_FAILED', `inspectedOn must be between ${drawnOn} and ${today}`, [{ path: 'inspectedOn', message: `检查日期应在 ${drawnOn} 至 ${today} 之间 / Between the draw and today` }]);
    await repo.updateInspection(tx, id, {
      status: 'recorded',
      inspectedOn: input.inspectedOn,
      results: input.results.map((x) => ({ code: x.code, passed: x.passed, note: x.passed ? null : (x.note ?? null) })),
      note: input.note ?? null,
      recordedBy: actor.id,
      recordedAt: now,
      version: r.i.version + 1,
    });
    await audit(tx, { actorId: actor.id, action: 'inspection.record', subject: id, at: now, detail: { failed: input.results.filter((x) => !x.passed).map((x) => x.code) } });
  });
  return getInspection(ctx, actor, id);
}

const idempotencyKeyOf = (findingId: string) => `inspection-finding:${findingId}`;

/**
 * The review (审核). Return: back to the inspectors with a note. Approve: every failed item becomes a case (source
 * "inspection", at the entity's position, with the rectification deadline in its description) through the ordinary
 * intake, then the result is published. The cases are created outside any transaction of ours (the intake owns its
 * own) with an idempotency key per finding, so an approval interrupted half-way and repeated creates no case twice.
 */
export async function reviewInspection(ctx: AppContext, actor: Actor, id: string, input: { decision: 'approve' | 'return'; note?: string }) {
  requireAccess(actor, 'inspection.review');
  requireAccess(actor, 'inspection.read');
  const now = ctx.now();
  const prepared = await ctx.db.transaction(async (tx) => {
    const r = await repo.findInspection(tx, id, true);
    if (!r) throw notFound();
    // Review is by someone else: neither a drawn inspector nor whoever entered the record.
    if (r.i.inspectorIds.includes(actor.id) || r.i.recordedBy === actor.id) throw new AppError('REVIEWER_IS_INSPECTOR');
    if (r.i.status !== 'recorded') throw new AppError('INSPECTION_STATE', r.i.status);
    if (input.decision === 'return') {
      await repo.updateInspection(tx, id, { status: 'assigned', reviewNote: input.note ?? null, reviewedBy: actor.id, reviewedAt: now, version: r.i.version + 1 });
      await audit(tx, { actorId: actor.id, action: 'inspection.review.return', subject: id, at: now, detail: { note: input.note } });
      return null;
    }
    const found = findingsOf(r.checklist as ChecklistItem[], r.i.results as ItemResult[], r.i.inspectedOn!);
    await repo.insertFindings(
      tx,
      found.map((f) => ({ inspectionId: id, itemCode: f.item.code, classCode: f.item.classCode, note: f.note, rectifyBy: f.rectifyBy, createdAt: now })),
    );
    return r;
  });
  if (!prepared) return getInspection(ctx, actor, id);

  const entity = (await repo.findEntity(ctx.db, { id: prepared.i.entityId }))!.e;
  const checklist = new Map((prepared.checklist as ChecklistItem[]).map((c) => [c.code, c]));
  const findings = await repo.findingsOf(ctx.db, [id]);
  for (const f of findings) {
    if (f.f.caseId) continue;
    const item = checklist.get(f.f.itemCode)!;
    const key = idempotencyKeyOf(f.f.id);
    const existing = await findByIdempotencyKey(ctx.db, actor.id, key);
    const caseId =
      existing?.id ??
      (
        await createCase(
          ctx,
          actor,
          {
            source: 'inspection',
            kind: 'matter',
            classCode: f.f.classCode,
            description: `【${prepared.planName}】${entity.name}（${entity.code}）检查项“${item.textZh}”不合格${f.f.note ? `：${f.f.note}` : ''}。检查日期 ${prepared.i.inspectedOn}，责令于 ${f.f.rectifyBy} 前整改完毕。`.slice(0, 2000),
            locationText: `${entity.address} ${entity.name}`.slice(0, 256),
            lng: entity.lng,
            lat: entity.lat,
            crs: 'WGS84',
            urgency: 'normal',
            photoIds: [],
            selfFix: false,
            afterPhotoIds: [],
          },
          key,
        )
      ).case.id;
    await repo.setFindingCase(ctx.db, f.f.id, caseId);
  }
  await ctx.db.transaction(async (tx) => {
    const r = await repo.findInspection(tx, id, true);
    if (!r || r.i.status !== 'recorded') throw new AppError('INSPECTION_STATE', r?.i.status ?? 'missing');
    await repo.updateInspection(tx, id, { status: 'published', reviewNote: input.note ?? null, reviewedBy: actor.id, reviewedAt: now, publishedAt: now, version: r.i.version + 1 });
    await audit(tx, { actorId: actor.id, action: 'inspection.review.approve', subject: id, at: now, detail: { findings: findings.length } });
  });
  return getInspection(ctx, actor, id);
}

// ------------------------------------------------------------------ public (一公开)

export async function publicResults(ctx: AppContext, q: In<typeof PublicResultsQuerySchema>) {
  const { total, rows } = await repo.publishedResults(ctx.db, q, q.limit, q.offset);
  const findings = await repo.findingsOf(ctx.db, rows.map((r) => r.i.id));
  return {
    total,
    items: rows.map((r) => {
      const checklist = new Map((r.checklist as ChecklistItem[]).map((c) => [c.code, c]));
      const mine = findings.filter((f) => f.f.inspectionId === r.i.id);
      return {
        id: r.i.id,
        planName: r.planName,
        sector: r.sector as Sector,
        drawId: r.i.drawId,
        round: r.round,
        entity: { code: r.entityCode, name: r.entityName, address: r.entityAddress, streetName: r.streetName ?? null },
        inspectorCodes: r.i.inspectorCodes,
        inspectedOn: r.i.inspectedOn!,
        publishedAt: r.i.publishedAt!.toISOString(),
        outcome: mine.length ? ('problems' as const) : ('passed' as const),
        findings: mine.map((f) => ({
          textZh: checklist.get(f.f.itemCode)?.textZh ?? f.f.itemCode,
          textEn: checklist.get(f.f.itemCode)?.textEn ?? f.f.itemCode,
          rectifyBy: f.f.rectifyBy,
          caseNumber: f.caseNumber ?? null,
          rectified: f.caseState === 'closed',
        })),
      };
    }),
  };
}
