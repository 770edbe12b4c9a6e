// Case use cases: intake, lists and queues, detail with timeline, and every workflow action. Owns transactions.
import crypto from 'node:crypto';
import { remainingMinutes, type Limit, type LimitUnit } from '../../domain/calendar';
import { responsibilityFor, type ResponsibilityRule } from '../../domain/routing';
import { toWgs84 } from '../../domain/geo';
import {
  ACTION_RULES,
  ActionInputSchemas,
  applyAction,
  refusal,
  availableActions,
  initialSnapshot,
  type ActionName,
  type CaseSnapshot,
  type CaseState,
  type Role,
} from '../../domain/workflow';
import { inScope, requireAccess, scopeFor, type Actor } from '../auth/policy';
import { findClass, findFilingCondition, rulesForClass } from '../catalogue/catalogue.repository';
import type { AppContext } from '../context';
import type { Executor } from '../db/client';
import { AppError } from '../errors';
import { locatePoint } from '../geo/geo.repository';
import { findDepartment, findUser, streetOffice, userNames } from '../org/org.repository';
import { componentCaseDefaults, onComponentCaseClosed, onComponentCaseReported } from '../components/component.hooks';
import { handleLimitAtFiling, retagFiledCase, tagNewCase } from '../campaigns/campaigns.hooks';
import type { LimitChoice } from '../../domain/campaigns';
import type { WorkflowSettings } from '../settings/settings.service';
import * as repo from './case.repository';
import type { CaseCreate, CaseDetail, CaseListQuery, CaseSummary, Queue } from './case.schema';

const notFound = () => new AppError('CASE_NOT_FOUND');

// ------------------------------------------------------------------ mapping

function toSnapshot(c: repo.CaseRow): CaseSnapshot {
  return {
    state: c.state as CaseState,
    selfFix: c.selfFix,
    classCode: c.classCode,
    filingCondition: c.filingCondition,
    departmentId: c.departmentId,
    coDepartmentIds: c.coDepartmentIds,
    assigneeId: c.assigneeId,
    pending: (c.pending as CaseSnapshot['pending']) ?? null,
    handleLimit: (c.handleLimit as Limit | null) ?? null,
    handleStartedAt: c.handleStartedAt,
    handleDeadline: c.handleDeadline,
    handledAt: c.handledAt,
    stepStartedAt: c.stepStartedAt,
    stepDeadline: c.stepDeadline,
    stepWarnAt: c.stepWarnAt,
    stepUnit: (c.stepUnit as LimitUnit | null) ?? null,
    reworkCount: c.reworkCount,
    returnCount: c.returnCount,
    extensionCount: c.extensionCount,
    closeType: (c.closeType as CaseSnapshot['closeType']) ?? null,
    closedAt: c.closedAt,
  };
}

function snapshotPatch(s: CaseSnapshot): Omit<repo.CaseInsert, 'number' | 'districtCode' | 'source' | 'kind' | 'description' | 'locationText' | 'lng' | 'lat' | 'createdAt' | 'updatedAt'> {
  return { ...s };
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

function lightOf(c: repo.CaseRow, now: Date): CaseSummary['light'] {
  if (!c.stepDeadline) return null;
  if (now.getTime() > c.stepDeadline.getTime()) return 'red';
  if (c.stepWarnAt && now.getTime() >= c.stepWarnAt.getTime()) return 'yellow';
  return 'green';
}

type SummaryRow = Awaited<ReturnType<typeof repo.listCases>>['rows'][number];

function toSummary(r: SummaryRow, now: Date, settings: WorkflowSettings): CaseSummary {
  const c = r.c;
  const remaining =
    c.stepDeadline && c.stepStartedAt && c.stepUnit
      ? Math.round(remainingMinutes(settings.calendar, { startedAt: c.stepStartedAt, deadline: c.stepDeadline, unit: c.stepUnit as LimitUnit }, now))
      : null;
  return {
    id: c.id,
    number: c.number,
    source: c.source as CaseSummary['source'],
    kind: c.kind as CaseSummary['kind'],
    classCode: c.classCode,
    className: r.classNameZh ?? c.classCode,
    classNameEn: r.classNameEn ?? c.classCode,
    description: c.description,
    locationText: c.locationText,
    lng: c.lng,
    lat: c.lat,
    gridCode: c.gridCode,
    communityCode: c.communityCode,
    streetCode: c.streetCode,
    urgency: c.urgency as CaseSummary['urgency'],
    selfFix: c.selfFix,
    state: c.state as CaseState,
    departmentId: c.departmentId,
    departmentName: r.departmentNameZh ?? null,
    departmentNameEn: r.departmentNameEn ?? null,
    assigneeId: c.assigneeId,
    pending: (c.pending as CaseSummary['pending']) ?? null,
    stepStartedAt: iso(c.stepStartedAt),
    stepDeadline: iso(c.stepDeadline),
    handleDeadline: iso(c.handleDeadline),
    light: lightOf(c, now),
    remainingMinutes: remaining,
    closeType: (c.closeType as CaseSummary['closeType']) ?? null,
    createdAt: c.createdAt.toISOString(),
    updatedAt: c.updatedAt.toISOString(),
    version: c.version,
  };
}

function subjectOf(c: repo.CaseRow) {
  return {
    departmentIds: [c.departmentId, ...c.coDepartmentIds],
    streetCode: c.streetCode,
    ownerIds: [c.assigneeId, ...c.participantIds],
  };
}

function listScope(actor: Actor): repo.ListScope {
  const scope = requireAccess(actor, 'case.read');
  if (scope === 'all') return { kind: 'all' };
  if (scope === 'department') return { kind: 'department', departmentId: actor.departmentId, streetCode: actor.streetCode };
  return { kind: 'own', userId: actor.id };
}

// ------------------------------------------------------------------ intake

/** The calendar year in Shanghai (UTC+8, no daylight saving). */
function shanghaiYear(at: Date): number {
  return new Date(at.getTime() + 8 * 3600_000).getUTCFullYear();
}

function requestHash(input: CaseCreate): string {
  return crypto.createHash('sha256').update(JSON.stringify(input)).digest('hex');
}

export interface CreateResult {
  case: CaseDetail;
  replayed: boolean;
}

export async function createCase(ctx: AppContext, actor: Actor, input: CaseCreate, idempotencyKey?: string): Promise<CreateResult> {
  requireAccess(actor, 'case.create');
  const hash = requestHash(input);
  if (idempotencyKey) {
    const prior = await repo.findByIdempotencyKey(ctx.db, actor.id, idempotencyKey);
    if (prior) return replay(ctx, actor, prior, hash);
  }

  // A case about a registered component must name a component that exists; the identifier is stored normalised.
  const component = input.componentId ? await componentCaseDefaults(ctx.db, input.componentId) : null;
  const cls = await findClass(ctx.db, input.kind, input.classCode);
  if (!cls || !cls.active) throw new AppError('UNKNOWN_CLASS', `${input.kind} ${input.classCode}`);
  const [lng, lat] = toWgs84(input.lng, input.lat, input.crs);
  const place = await locatePoint(ctx.db, lng, lat);
  if (!place) throw new AppError('OUTSIDE_DISTRICT', `${lng.toFixed(6)},${lat.toFixed(6)}`);
  if (input.selfFix && (input.photoIds.length === 0 || input.afterPhotoIds.length === 0)) throw new AppError('SELF_FIX_PHOTOS_REQUIRED');
  const allPhotos = [...input.photoIds, ...input.afterPhotoIds];
  const free = await repo.attachablePhotoIds(ctx.db, allPhotos, null);
  const missing = allPhotos.filter((id) => !free.has(id));
  if (missing.length) throw new AppError('PHOTO_NOT_FOUND', missing.join(','));

  const settings = await ctx.settings.get();
  const now = ctx.now();
  const urgent = input.urgency === 'urgent' || cls.urgent;
  const snapshot = initialSnapshot(
    { classCode: input.classCode, selfFix: input.selfFix },
    { now, calendar: settings.calendar, stepLimits: urgent ? settings.urgentStepLimits : settings.stepLimits, warnShare: settings.warnShare },
  );
  const locationText = input.locationText || `${place.streetName}${place.communityName} 网格${place.gridCode.slice(-3)}附近`;

  const year = shanghaiYear(now);
  await repo.ensureCaseSequence(ctx.db, year);
  try {
    const created = await ctx.db.transaction(async (tx) => {
      const serial = await repo.nextCaseSerial(tx, year);
      const number = `${ctx.config.districtCode}-${year}-${String(serial).padStart(6, '0')}`;
      const row = await repo.insertCase(tx, {
        ...snapshotPatch(snapshot),
        number,
        districtCode: ctx.config.districtCode,
        source: input.source,
        kind: input.kind,
        description: input.description,
        locationText,
        lng,
        lat,
        gridCode: place.gridCode,
        communityCode: place.communityCode,
        streetCode: place.streetCode,
        areaClass: place.areaClass,
        urgency: urgent ? 'urgent' : 'normal',
        reporterId: actor.roles.includes('inspector') && input.source === 'inspector' ? actor.id : null,
        reporter: input.reporter ?? null,
        createdBy: actor.id,
        participantIds: [actor.id],
        idempotencyKey: idempotencyKey ?? null,
        requestHash: hash,
        componentId: component?.componentId ?? null,
        createdAt: now,
        updatedAt: now,
        version: 1,
      });
      await repo.insertEvent(tx, {
        caseId: row.id,
        seq: 1,
        action: input.selfFix ? 'reportSelfFix' : 'report',
        fromState: null,
        toState: 'reported',
        actorId: actor.id,
        role: reportingRole(actor.roles),
        at: now,
        note: input.description,
        photoIds: allPhotos,
        payload: { source: input.source, kind: input.kind, classCode: input.classCode, lng, lat, gridCode: place.gridCode, urgency: row.urgency },
      });
      if (component) {
        await onComponentCaseReported(tx, { componentId: component.componentId, caseId: row.id, caseNumber: row.number, actorId: actor.id, at: now });
      }
      await repo.attachPhotos(tx, input.photoIds, row.id, 'before');
      await repo.attachPhotos(tx, input.afterPhotoIds, row.id, 'after');
      // Special campaigns (专项整治) covering the case tag it now.
      await tagNewCase(tx, row, now);
      return row;
    });
    publish(ctx, created, input.selfFix ? 'reportSelfFix' : 'report');
    return { case: await getCase(ctx, actor, created.id), replayed: false };
  } catch (err) {
    // Two retries with the same key raced: the loser returns the winner's case.
    if (idempotencyKey && isUniqueViolation(err)) {
      const prior = await repo.findByIdempotencyKey(ctx.db, actor.id, idempotencyKey);
      if (prior) return replay(ctx, actor, prior, hash);
    }
    throw err;
  }
}

async function replay(ctx: AppContext, actor: Actor, prior: repo.CaseRow, hash: string): Promise<CreateResult> {
  if (prior.requestHash !== hash) throw new AppError('IDEMPOTENCY_KEY_REUSED');
  return { case: await getCase(ctx, actor, prior.id), replayed: true };
}

function reportingRole(roles: readonly Role[]): Role {
  const order: Role[] = ['inspector', 'operator', 'chief', 'dispatcher', 'leader', 'department', 'admin', 'citizen', 'petition'];
  return order.find((r) => roles.includes(r)) ?? 'system';
}

function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string; cause?: { code?: string } };
  return e?.code === '23505' || e?.cause?.code === '23505';
}

function publish(ctx: AppContext, c: repo.CaseRow, action: string): void {
  ctx.bus.publish({
    type: 'case',
    caseId: c.id,
    number: c.number,
    action,
    state: c.state,
    departmentId: c.departmentId,
    assigneeId: c.assigneeId,
    streetCode: c.streetCode,
    at: c.updatedAt.toISOString(),
  });
}

// ------------------------------------------------------------------ lists and queues

/** What each work queue holds. Queues a user has no role for come back empty. */
function queueFilter(queue: Queue, actor: Actor): repo.ListFilter | null {
  const has = (r: Role) => actor.roles.includes(r);
  switch (queue) {
    case 'verify':
      return has('operator') ? { state: ['reported'], selfFix: false } : null;
    case 'selfFix':
      return has('operator') ? { state: ['reported'], selfFix: true } : null;
    case 'file':
      return has('chief') ? { state: ['verified'], pendingKinds: [] } : null;
    case 'cancel':
      return has('chief') ? { state: ['verified', 'filed'], pendingKinds: ['cancel'] } : null;
    case 'dispatch':
      return has('dispatcher') ? { state: ['filed'], pendingKinds: [] } : null;
    case 'approve':
      return has('dispatcher') ? { approvalQueue: true } : null;
    case 'suspended':
      return has('dispatcher') || has('chief') ? { state: ['suspended'] } : null;
    case 'handle':
      return has('department') ? { state: ['dispatched', 'handling'], departmentIds: actor.departmentId ? [actor.departmentId] : [] } : null;
    case 'sendCheck':
      return has('operator') ? { state: ['handled'] } : null;
    case 'tasks':
      return has('inspector') ? { state: ['verifying', 'checking'], assigneeId: actor.id } : null;
    case 'close':
      return has('chief') ? { state: ['checked'] } : null;
  }
}

function resolveFilter(query: Omit<CaseListQuery, 'page' | 'pageSize' | 'sort'>, actor: Actor): repo.ListFilter | null {
  const { queue, state, ...rest } = query;
  const base: repo.ListFilter = { ...rest, state };
  if (!queue) return base;
  const qf = queueFilter(queue, actor);
  return qf ? { ...base, ...qf } : null;
}

export async function listCases(ctx: AppContext, actor: Actor, query: CaseListQuery) {
  const scope = listScope(actor);
  const now = ctx.now();
  const filter = resolveFilter(query, actor);
  if (!filter) return { items: [], total: 0, page: query.page, pageSize: query.pageSize };
  const { rows, total } = await repo.listCases(ctx.db, filter, scope, now, {
    offset: (query.page - 1) * query.pageSize,
    limit: query.pageSize,
    sort: query.queue && query.sort === '-created' ? 'deadline' : query.sort,
  });
  const settings = await ctx.settings.get();
  return { items: rows.map((r) => toSummary(r, now, settings)), total, page: query.page, pageSize: query.pageSize };
}

export async function queueCounts(ctx: AppContext, actor: Actor): Promise<Record<Queue, number>> {
  const scope = listScope(actor);
  const now = ctx.now();
  const out = {} as Record<Queue, number>;
  for (const q of ['verify', 'selfFix', 'file', 'cancel', 'dispatch', 'approve', 'suspended', 'handle', 'sendCheck', 'tasks', 'close'] as Queue[]) {
    const f = queueFilter(q, actor);
    out[q] = f ? await repo.countCases(ctx.db, f, scope, now) : 0;
  }
  return out;
}

// ------------------------------------------------------------------ detail

async function readableCase(ctx: AppContext, db: Executor, actor: Actor, id: string): Promise<repo.CaseRow> {
  const c = await repo.findCase(db, id);
  if (!c) throw notFound();
  requireAccess(actor, 'case.read', subjectOf(c), notFound());
  return c;
}

/**
 * One case with its timeline. `within`: read inside an open transaction (with the settings already loaded, so that
 * nothing touches ctx.db meanwhile: PGlite has one connection).
 */
export async function getCase(ctx: AppContext, actor: Actor, idOrNumber: string, within?: { db: Executor; settings: WorkflowSettings }): Promise<CaseDetail> {
  const db = within?.db ?? ctx.db;
  const id = /^\d{6}-\d{4}-\d+$/.test(idOrNumber) ? (await repo.findCaseByNumber(db, idOrNumber))?.id : idOrNumber;
  if (!id || !/^[0-9a-f-]{36}$/i.test(id)) throw notFound();
  const c = await readableCase(ctx, db, actor, id);
  const row = (await repo.caseDetailRow(db, c.id))!;
  const [events, photoRows, settings] = await Promise.all([repo.eventsOf(db, c.id), repo.photosOf(db, c.id), within?.settings ?? ctx.settings.get()]);
  const names = await userNames(db, [...new Set(events.map((e) => e.actorId).filter((x): x is string => !!x))]);
  const now = ctx.now();
  const snapshot = toSnapshot(c);
  const canSeeReporter = scopeFor(actor, 'case.read') === 'all';
  const suggested = c.state === 'filed' || c.state === 'returned' ? await suggestDepartment(ctx, c, db) : null;
  return {
    ...toSummary(row, now, settings),
    filingCondition: c.filingCondition,
    communityName: row.communityName ?? null,
    streetName: row.streetName ?? null,
    areaClass: c.areaClass,
    coDepartmentIds: c.coDepartmentIds,
    handleLimit: (c.handleLimit as Limit | null) ?? null,
    handleStartedAt: iso(c.handleStartedAt),
    handledAt: iso(c.handledAt),
    closedAt: iso(c.closedAt),
    reworkCount: c.reworkCount,
    returnCount: c.returnCount,
    extensionCount: c.extensionCount,
    duplicateOf: c.duplicateOf,
    componentId: c.componentId,
    reporter: canSeeReporter ? ((c.reporter as CaseDetail['reporter']) ?? null) : null,
    events: events.map((e) => {
      const rule = ACTION_RULES[e.action as ActionName];
      const label = rule ? [rule.labelZh, rule.labelEn] : (EVENT_LABELS[e.action] ?? [e.action, e.action]);
      return {
        seq: e.seq,
        action: e.action,
        actionLabel: label[0],
        actionLabelEn: label[1],
        fromState: e.fromState,
        toState: e.toState,
        actorId: e.actorId,
        actorName: e.actorId ? (names.get(e.actorId) ?? null) : null,
        role: e.role as Role,
        at: e.at.toISOString(),
        note: e.note,
        photoIds: e.photoIds,
        payload: e.payload as Record<string, unknown>,
        stepDeadline: iso(e.stepDeadline),
        inTime: e.stepDeadline ? e.at.getTime() <= e.stepDeadline.getTime() : null,
      };
    }),
    photos: photoRows.map((p) => ({
      id: p.id,
      stage: p.stage,
      url: `/api/photos/${p.id}`,
      thumbUrl: `/api/photos/${p.id}/thumb`,
      width: p.width,
      height: p.height,
      createdAt: p.createdAt.toISOString(),
    })),
    allowedActions: scopeFor(actor, 'case.act') ? availableActions(snapshot, actor) : [],
    suggestedDepartment: suggested,
  };
}

/** Labels of events that are not workflow actions. */
const EVENT_LABELS: Record<string, [string, string]> = {
  report: ['上报', 'Report'],
  reportSelfFix: ['自处理上报', 'Self-fix report'],
  rate: ['公众评价', 'Citizen rating'],
  reopen: ['公众复诉', 'Reopened by citizen'],
  escalate: ['超时升级', 'Overdue escalation'],
};

/** The department the responsibility list (权责清单) names for the case, to prefill the dispatch form. */
export async function suggestDepartment(ctx: AppContext, c: repo.CaseRow, db: Executor = ctx.db): Promise<CaseDetail['suggestedDepartment']> {
  if (!c.streetCode) return null;
  const office = await streetOffice(db, c.streetCode);
  const rules = (await rulesForClass(db, c.kind, c.classCode)).map(
    (r): ResponsibilityRule => ({
      id: r.id,
      kind: r.kind as ResponsibilityRule['kind'],
      classCode: r.classCode,
      filingCondition: r.filingCondition,
      areaClass: r.areaClass as ResponsibilityRule['areaClass'],
      streetCode: r.streetCode,
      departmentId: r.departmentId,
      coDepartmentIds: r.coDepartmentIds,
      limit: r.limitAmount && r.limitUnit ? { amount: r.limitAmount, unit: r.limitUnit as LimitUnit } : null,
    }),
  );
  if (!office) return null;
  const result = responsibilityFor(
    rules,
    {
      kind: c.kind as ResponsibilityRule['kind'],
      classCode: c.classCode,
      filingCondition: c.filingCondition,
      areaClass: c.areaClass as ResponsibilityRule['areaClass'],
      streetCode: c.streetCode,
    },
    () => office.id,
  );
  const dept = await findDepartment(db, result.departmentId);
  if (!dept) return null;
  return { departmentId: dept.id, name: dept.nameZh, nameEn: dept.nameEn, basis: result.basis, limit: result.limit };
}

// ------------------------------------------------------------------ actions

export async function actOnCase(
  ctx: AppContext,
  actor: Actor,
  id: string,
  action: ActionName,
  rawInput: unknown,
  expectedVersion?: number,
  /** Runs inside the action's transaction after the event is written (e.g. to record an idempotency key with it). */
  alsoInTransaction?: (tx: Executor) => Promise<void>,
): Promise<CaseDetail> {
  requireAccess(actor, 'case.act');
  const input = ActionInputSchemas[action].parse(rawInput ?? {});
  const settings = await ctx.settings.get();

  const updated = await ctx.db.transaction(async (tx) => {
    const c = await repo.lockCase(tx, id);
    if (!c) throw notFound();
    const readScope = scopeFor(actor, 'case.read');
    if (!readScope || !inScope(actor, readScope, subjectOf(c))) throw notFound();
    if (expectedVersion !== undefined && expectedVersion !== c.version) throw new AppError('CASE_VERSION_CONFLICT');

    // Workflow refusals come before checking what the input refers to.
    const refused = refusal(toSnapshot(c), action, actor);
    if (refused) throw refused;
    const now = ctx.now();
    const limitChoice = await checkReferences(ctx, tx, c, action, input as Record<string, unknown>, settings.calendar, now);
    const urgent = c.urgency === 'urgent';
    const { next, event } = applyAction(c && toSnapshot(c), action, input as never, {
      now,
      actor,
      calendar: settings.calendar,
      stepLimits: urgent ? settings.urgentStepLimits : settings.stepLimits,
      warnShare: settings.warnShare,
      handleLimit: limitChoice?.limit ?? null,
      handleLimitBasis: limitChoice?.basis === 'campaign' ? { basis: 'campaign', campaignId: limitChoice.campaignId } : null,
    });
    const patch: Partial<repo.CaseInsert> = {
      ...snapshotPatch(next),
      updatedAt: now,
      participantIds: c.participantIds.includes(actor.id) ? c.participantIds : [...c.participantIds, actor.id],
    };
    if ((action === 'reject' || action === 'verify') && typeof (input as { duplicateOf?: string }).duplicateOf === 'string') {
      const dup = await repo.findCaseByNumber(tx, (input as { duplicateOf: string }).duplicateOf);
      if (dup) patch.duplicateOf = dup.id;
    }
    const row = await repo.updateCase(tx, c.id, c.version, patch);
    if (!row) throw new AppError('CASE_VERSION_CONFLICT');
    await repo.insertEvent(tx, {
      caseId: c.id,
      seq: row.version,
      action: event.action,
      fromState: event.fromState,
      toState: event.toState,
      actorId: actor.id,
      role: event.role,
      at: now,
      note: event.note,
      photoIds: event.photoIds,
      payload: event.payload,
      // The deadline of the step this event ends, as in force now (after any extension).
      stepDeadline: event.fromState !== event.toState ? c.stepDeadline : null,
      departmentId: next.departmentId,
    });
    await repo.attachPhotos(tx, event.photoIds, c.id, action === 'handle' || action === 'check' ? 'after' : 'other');
    // Filing may re-class the case: its special-campaign tags follow the filed class.
    if (action === 'file') await retagFiledCase(tx, row, now);
    // The component follows its case: fixed → intact; a report found false → back to its earlier state.
    if (c.componentId && row.state !== c.state && (row.state === 'closed' || row.state === 'invalid')) {
      await onComponentCaseClosed(tx, {
        componentId: c.componentId,
        caseId: c.id,
        caseNumber: c.number,
        actorId: actor.id,
        at: now,
        closeType: row.state === 'invalid' ? 'erroneous' : (row.closeType ?? 'normal'),
      });
    }
    if (alsoInTransaction) await alsoInTransaction(tx);
    // The answer is the case as this action left it: read after the commit, it could already hold a concurrent
    // action's change, and a client sending that version back as expectedVersion would skip over it unseen.
    let detail: CaseDetail | null = null;
    try {
      detail = await getCase(ctx, actor, row.id, { db: tx, settings });
    } catch (e) {
      // The action may take the case out of the actor's sight; that must not undo it (answered as before, below).
      if (!(e instanceof AppError && e.code === 'CASE_NOT_FOUND')) throw e;
    }
    return { row, detail };
  });
  publish(ctx, updated.row, action);
  return updated.detail ?? getCase(ctx, actor, updated.row.id);
}

/** Validates what an action refers to (inspectors, departments, classes, photos); returns the handling limit for filing. */
async function checkReferences(
  ctx: AppContext,
  tx: Executor,
  c: repo.CaseRow,
  action: ActionName,
  input: Record<string, unknown>,
  calendar: WorkflowSettings['calendar'],
  now: Date,
): Promise<LimitChoice | null> {
  if (action === 'sendVerify' || action === 'sendCheck') {
    const u = await findUser(tx, input.inspectorId as string);
    if (!u || !u.active || !u.roles.includes('inspector')) throw new AppError('NOT_AN_INSPECTOR');
  }
  if (action === 'dispatch' || action === 'redispatch') {
    const d = await findDepartment(tx, input.departmentId as string);
    if (!d || !d.active) throw new AppError('DEPARTMENT_NOT_FOUND');
    for (const co of (input.coDepartmentIds as string[] | undefined) ?? []) {
      if (!(await findDepartment(tx, co))) throw new AppError('DEPARTMENT_NOT_FOUND', co);
    }
  }
  const photoIds = (input.photoIds as string[] | undefined) ?? [];
  if (photoIds.length) {
    const free = await repo.attachablePhotoIds(tx, photoIds, c.id);
    const missing = photoIds.filter((p) => !free.has(p));
    if (missing.length) throw new AppError('PHOTO_NOT_FOUND', missing.join(','));
  }
  if (action === 'file') {
    const classCode = (input.classCode as string | undefined) ?? c.classCode;
    const cls = await findClass(tx, c.kind, classCode);
    if (!cls || !cls.active) throw new AppError('UNKNOWN_CLASS', `${c.kind} ${classCode}`);
    const fc = await findFilingCondition(tx, input.filingCondition as string);
    if (!fc || fc.kind !== c.kind || fc.classCode !== classCode) throw new AppError('UNKNOWN_FILING_CONDITION', String(input.filingCondition));
    // A rule of the responsibility list may set a tighter limit than the catalogue default.
    const rules = await rulesForClass(tx, c.kind, classCode);
    const specific = rules.find((r) => r.filingCondition === fc.code && r.limitAmount && r.limitUnit);
    const ordinary = specific
      ? { limit: { amount: specific.limitAmount!, unit: specific.limitUnit as LimitUnit }, basis: 'responsibility' as const }
      : { limit: { amount: fc.limitAmount, unit: fc.limitUnit as LimitUnit }, basis: 'catalogue' as const };
    // A special campaign covering the case may set a tighter limit for the filed class (the rule: domain/campaigns).
    const facts = { kind: c.kind as 'component' | 'matter', classCode, streetCode: c.streetCode, communityCode: c.communityCode, reportedAt: c.createdAt };
    return handleLimitAtFiling(tx, facts, ordinary, calendar, now);
  }
  return null;
}
