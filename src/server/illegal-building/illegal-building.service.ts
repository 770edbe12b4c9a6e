// The illegal building register (违法建设): entries with position, footprint, owner (private), history, files and linked
// cases; the steps of the state machine; the year's two targets (stock demolished by month and street, zero growth).
import path from 'node:path';
import { shanghaiDay } from '../../domain/calendar';
import { toWgs84 } from '../../domain/geo';
import {
  applyBuildingAction,
  allowedBuildingActions,
  BUILDING_RULES,
  BuildingError,
  DEFAULT_YEAR_TARGETS,
  demolitionProgress,
  newBuilding,
  remainingArea,
  zeroGrowth,
  type BuildingAction,
  type BuildingActionInputs,
  type BuildingSnapshot,
  type BuildingState,
} from '../../domain/illegal-building';
import { inScope, requireAccess, scopeFor, type Actor, type ScopedSubject } from '../auth/policy';
import { findCase } from '../cases/case.repository';
import { createCase } from '../cases/case.service';
import type { AppContext } from '../context';
import type { Executor } from '../db/client';
import { AppError } from '../errors';
import { locatePoint } from '../geo/geo.repository';
import { findDepartment, streetOffice, userNames } from '../org/org.repository';
import * as repo from './illegal-building.repository';
import type {
  BuildingCreate,
  BuildingDetail,
  BuildingFromCase,
  BuildingListQuery,
  BuildingSummary,
  BuildingUpdate,
  FileAttach,
  TargetsBoard,
} from './illegal-building.schema';
import { BuildingActionSchemas, RaiseCaseSchema } from './illegal-building.schema';
import type { z } from 'zod';

const notFound = () => new AppError('BUILDING_NOT_FOUND');
const ILLEGAL_BUILDING_CLASSES = ['06001', '08016'];

/** Labels of history events that are not steps of the state machine. */
const EVENT_LABELS: Record<string, [string, string]> = {
  register: ['登记', 'Registered'],
  registerFromCase: ['由案件登记', 'Registered from a case'],
  update: ['修改登记信息', 'Details changed'],
  attach: ['上传附件', 'File added'],
  raiseCase: ['发起案件', 'Case raised'],
};

function subjectOf(b: Pick<repo.BuildingRow, 'departmentId' | 'streetCode'>): ScopedSubject {
  return { departmentIds: [b.departmentId], streetCode: b.streetCode };
}

function listScope(actor: Actor): repo.BuildingScope {
  const scope = requireAccess(actor, 'illegal_building.read');
  return scope === 'all' ? { kind: 'all' } : { kind: 'department', departmentId: actor.departmentId, streetCode: actor.streetCode };
}

function may(actor: Actor, action: 'illegal_building.write' | 'illegal_building.owner', b: Pick<repo.BuildingRow, 'departmentId' | 'streetCode'>): boolean {
  const scope = scopeFor(actor, action);
  return !!scope && inScope(actor, scope, subjectOf(b));
}

function toAppError(e: unknown): unknown {
  return e instanceof BuildingError ? new AppError(e.code, e.message) : e;
}

async function readable(db: Executor, actor: Actor, id: string, forUpdate = false): Promise<repo.BuildingRow> {
  const b = await repo.findBuilding(db, id, forUpdate);
  if (!b) throw notFound();
  requireAccess(actor, 'illegal_building.read', subjectOf(b), notFound());
  return b;
}

function snapshotOf(b: repo.BuildingRow): BuildingSnapshot {
  return { state: b.state as BuildingState, areaM2: b.areaM2, demolishedM2: b.demolishedM2, foundOn: b.foundOn, deadline: b.deadline, lastOn: b.lastOn, closedOn: b.closedOn };
}

function toSummary(r: repo.SummaryRow, today: string): BuildingSummary {
  const b = r.b;
  return {
    id: b.id,
    code: b.code,
    stock: b.stock as BuildingSummary['stock'],
    type: b.type as BuildingSummary['type'],
    address: b.address,
    lng: b.lng,
    lat: b.lat,
    footprint: b.footprint ?? null,
    streetCode: b.streetCode,
    streetName: r.streetName,
    communityName: r.communityName,
    areaM2: b.areaM2,
    demolishedM2: b.demolishedM2,
    foundOn: b.foundOn,
    source: b.source as BuildingSummary['source'],
    state: b.state as BuildingState,
    deadline: b.deadline,
    deadlineOverdue: b.state === 'notice_served' && !!b.deadline && today > b.deadline,
    closedOn: b.closedOn,
    departmentId: b.departmentId,
    departmentName: r.departmentName,
    departmentNameEn: r.departmentNameEn,
    version: b.version,
  };
}

// ------------------------------------------------------------------ registering

interface Place {
  lng: number;
  lat: number;
  gridCode: string;
  communityCode: string;
  streetCode: string;
}

async function placeOf(ctx: AppContext, lng: number, lat: number): Promise<Place> {
  const place = await locatePoint(ctx.db, lng, lat);
  if (!place) throw new AppError('OUTSIDE_DISTRICT', `${lng.toFixed(6)},${lat.toFixed(6)}`);
  return { lng, lat, gridCode: place.gridCode, communityCode: place.communityCode, streetCode: place.streetCode };
}

async function departmentFor(ctx: AppContext, actor: Actor, wanted: string | undefined, streetCode: string): Promise<string | null> {
  if (wanted) {
    const d = await findDepartment(ctx.db, wanted);
    if (!d || !d.active) throw new AppError('DEPARTMENT_NOT_FOUND', wanted);
    return d.id;
  }
  // A department user registers for their own department; otherwise the street office of the place (属地).
  if (scopeFor(actor, 'illegal_building.write') === 'department' && actor.departmentId) return actor.departmentId;
  return (await streetOffice(ctx.db, streetCode))?.id ?? null;
}

interface NewEntry {
  stock: string;
  type: string;
  address: string;
  description: string;
  areaM2: number;
  footprint?: [number, number][];
  owner?: BuildingCreate['owner'];
  departmentId?: string;
  foundOn: string;
  source: string;
  photoIds: string[];
}

async function register(ctx: AppContext, actor: Actor, entry: NewEntry, place: Place, origin: { caseId: string; number: string } | null): Promise<string> {
  const today = shanghaiDay(ctx.now());
  if (entry.foundOn > today) throw new AppError('BUILDING_DATE_INVALID', `${entry.foundOn} is in the future`);
  const departmentId = await departmentFor(ctx, actor, entry.departmentId, place.streetCode);
  const subject = { departmentId, streetCode: place.streetCode };
  // A department may register only within its own scope; a street office only inside its street.
  requireAccess(actor, 'illegal_building.write', subjectOf(subject));
  if (scopeFor(actor, 'illegal_building.write') === 'department' && actor.streetCode && actor.streetCode !== place.streetCode) {
    throw new AppError('FORBIDDEN', `outside ${actor.streetCode}`);
  }
  const ownerAllowed = may(actor, 'illegal_building.owner', subject);
  if (entry.owner && (entry.owner.name || entry.owner.phone) && !ownerAllowed) throw new AppError('FORBIDDEN', 'the owner may be set only by those who act on the entry');
  const free = await repo.attachablePhotos(ctx.db, entry.photoIds, actor.id);
  const missing = entry.photoIds.filter((p) => !free.has(p));
  if (missing.length) throw new AppError('PHOTO_NOT_FOUND', missing.join(','));
  const now = ctx.now();
  const snap = newBuilding({ areaM2: entry.areaM2, foundOn: entry.foundOn });
  try {
    return await ctx.db.transaction(async (tx) => {
      if (origin && (await repo.buildingOfCase(tx, origin.caseId))) throw new AppError('CASE_ALREADY_REGISTERED', origin.number);
      const serial = await repo.nextSerial(tx);
      const code = `WJ-${entry.foundOn.slice(0, 4)}-${String(serial).padStart(5, '0')}`;
      const b = await repo.insertBuilding(tx, {
        code,
        stock: entry.stock,
        type: entry.type,
        address: entry.address,
        description: entry.description,
        lng: place.lng,
        lat: place.lat,
        location: [place.lng, place.lat],
        footprint: entry.footprint ?? null,
        gridCode: place.gridCode,
        communityCode: place.communityCode,
        streetCode: place.streetCode,
        areaM2: entry.areaM2,
        demolishedM2: 0,
        ownerKind: entry.owner?.kind ?? 'unknown',
        ownerName: entry.owner?.name ?? null,
        ownerPhone: entry.owner?.phone ?? null,
        foundOn: entry.foundOn,
        source: entry.source,
        state: snap.state,
        lastOn: snap.lastOn,
        departmentId,
        createdBy: actor.id,
        createdAt: now,
        updatedAt: now,
      });
      await repo.insertEvent(tx, {
        buildingId: b.id,
        seq: 1,
        action: origin ? 'registerFromCase' : 'register',
        fromState: null,
        toState: 'found',
        on: entry.foundOn,
        at: now,
        actorId: actor.id,
        note: entry.description || null,
        payload: origin ? { caseId: origin.caseId, caseNumber: origin.number, areaM2: entry.areaM2 } : { areaM2: entry.areaM2, source: entry.source },
        photoIds: entry.photoIds,
      });
      await repo.insertFiles(tx, entry.photoIds.map((photoId) => ({ buildingId: b.id, photoId, kind: 'photo', stage: 'before', title: '', addedBy: actor.id, addedAt: now })));
      if (origin) await repo.linkCase(tx, b.id, origin.caseId, 'origin', now);
      return b.id;
    });
  } catch (e) {
    // Two registrations of one case raced: the loser hears it is registered.
    if (origin && isUniqueViolation(e)) throw new AppError('CASE_ALREADY_REGISTERED', origin.number);
    throw e;
  }
}

function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string; cause?: { code?: string } };
  return e?.code === '23505' || e?.cause?.code === '23505';
}

function footprintWgs(fp: [number, number][] | undefined, crs: BuildingCreate['crs']): [number, number][] | undefined {
  return fp?.map(([x, y]) => toWgs84(x, y, crs));
}

export async function createBuilding(ctx: AppContext, actor: Actor, input: BuildingCreate): Promise<BuildingDetail> {
  requireAccess(actor, 'illegal_building.write');
  const [lng, lat] = toWgs84(input.lng, input.lat, input.crs);
  const place = await placeOf(ctx, lng, lat);
  const id = await register(ctx, actor, { ...input, footprint: footprintWgs(input.footprint, input.crs) }, place, null);
  return getBuilding(ctx, actor, id);
}

/** Puts the structure a case of 私搭乱建 (06001) or 无证建设 (08016) reports on the register, linked to the case. */
export async function createFromCase(ctx: AppContext, actor: Actor, caseId: string, input: BuildingFromCase): Promise<BuildingDetail> {
  requireAccess(actor, 'illegal_building.write');
  const c = await findCase(ctx.db, caseId);
  const hidden = new AppError('CASE_NOT_FOUND');
  if (!c) throw hidden;
  requireAccess(actor, 'case.read', { departmentIds: [c.departmentId, ...c.coDepartmentIds], streetCode: c.streetCode, ownerIds: [c.assigneeId, ...c.participantIds] }, hidden);
  if (c.kind !== 'matter' || !ILLEGAL_BUILDING_CLASSES.includes(c.classCode.slice(0, 5))) throw new AppError('CASE_NOT_ILLEGAL_BUILDING', `${c.kind} ${c.classCode}`);
  if (await repo.buildingOfCase(ctx.db, c.id)) throw new AppError('CASE_ALREADY_REGISTERED', c.number);
  const place = await placeOf(ctx, c.lng, c.lat);
  const id = await register(
    ctx,
    actor,
    { ...input, address: input.address ?? c.locationText, foundOn: shanghaiDay(c.createdAt), source: 'case' },
    place,
    { caseId: c.id, number: c.number },
  );
  return getBuilding(ctx, actor, id);
}

// ------------------------------------------------------------------ reading

export async function listBuildings(ctx: AppContext, actor: Actor, q: BuildingListQuery) {
  const scope = listScope(actor);
  const { rows, total, area, demolished } = await repo.listBuildings(ctx.db, q, scope, { offset: (q.page - 1) * q.pageSize, limit: q.pageSize });
  const today = shanghaiDay(ctx.now());
  return { items: rows.map((r) => toSummary(r, today)), total, page: q.page, pageSize: q.pageSize, totalAreaM2: Math.round(area * 10) / 10, totalDemolishedM2: Math.round(demolished * 10) / 10 };
}

export async function mapBuildings(ctx: AppContext, actor: Actor, q: BuildingListQuery) {
  const scope = listScope(actor);
  const rows = await repo.mapBuildings(ctx.db, q, scope);
  return { items: rows.map((r) => ({ ...r, state: r.state as BuildingState, stock: r.stock as 'existing' | 'new', footprint: r.footprint ?? null })) };
}

export async function getBuilding(ctx: AppContext, actor: Actor, id: string): Promise<BuildingDetail> {
  const b = await readable(ctx.db, actor, id);
  const row = (await repo.summaryRow(ctx.db, id))!;
  const [events, files, linked] = await Promise.all([repo.eventsOf(ctx.db, id), repo.filesOf(ctx.db, id), repo.casesOf(ctx.db, id)]);
  const names = await userNames(ctx.db, [...new Set(events.map((e) => e.actorId).filter((x): x is string => !!x))]);
  const today = shanghaiDay(ctx.now());
  const canSeeOwner = may(actor, 'illegal_building.owner', b);
  const canEdit = may(actor, 'illegal_building.write', b);
  return {
    ...toSummary(row, today),
    description: b.description,
    gridCode: b.gridCode,
    communityCode: b.communityCode,
    owner: canSeeOwner ? { kind: b.ownerKind as 'person' | 'unit' | 'unknown', name: b.ownerName, phone: b.ownerPhone } : null,
    ownerHidden: !canSeeOwner,
    lastOn: b.lastOn,
    remainingM2: remainingArea(b),
    events: events.map((e) => {
      const rule = BUILDING_RULES[e.action as BuildingAction];
      const label = rule ? [rule.labelZh, rule.labelEn] : (EVENT_LABELS[e.action] ?? [e.action, e.action]);
      return {
        seq: e.seq,
        action: e.action,
        actionLabel: label[0],
        actionLabelEn: label[1],
        fromState: e.fromState,
        toState: e.toState,
        on: e.on,
        at: e.at.toISOString(),
        actorName: e.actorId ? (names.get(e.actorId) ?? null) : null,
        note: e.note,
        areaM2: e.areaM2,
        payload: e.payload as Record<string, unknown>,
        photoIds: e.photoIds,
      };
    }),
    files: files.map((f) => ({
      photoId: f.photoId,
      kind: f.kind as 'photo' | 'document',
      stage: f.stage,
      docType: f.docType,
      docNo: f.docNo,
      title: f.title,
      url: `/api/illegal-buildings/${id}/files/${f.photoId}`,
      thumbUrl: `/api/illegal-buildings/${id}/files/${f.photoId}/thumb`,
      addedAt: f.addedAt.toISOString(),
    })),
    cases: linked.map((c) => ({ id: c.id, number: c.number, relation: c.relation, state: c.state as BuildingDetail['cases'][number]['state'], classCode: c.classCode, createdAt: c.createdAt.toISOString() })),
    allowedActions: canEdit ? allowedBuildingActions(b.state as BuildingState) : [],
    canEdit,
    canRaiseCase: canEdit && !!scopeFor(actor, 'case.create'),
  };
}

/** The register entry a case is linked to, if the actor may see it (for the case detail). */
export async function buildingOfCase(ctx: AppContext, actor: Actor, caseId: string): Promise<{ id: string | null; code: string | null; relation: string | null }> {
  requireAccess(actor, 'illegal_building.read');
  const linked = (await repo.buildingOfCase(ctx.db, caseId)) ?? null;
  if (!linked) return { id: null, code: null, relation: null };
  const b = await repo.findBuilding(ctx.db, linked);
  const scope = scopeFor(actor, 'illegal_building.read');
  if (!b || !scope || !inScope(actor, scope, subjectOf(b))) return { id: null, code: null, relation: null };
  const rel = (await repo.casesOf(ctx.db, b.id)).find((c) => c.id === caseId)?.relation ?? null;
  return { id: b.id, code: b.code, relation: rel };
}

/** The file path of a register photo or document the actor may see. */
export async function filePath(ctx: AppContext, actor: Actor, id: string, photoId: string, thumb: boolean): Promise<string> {
  await readable(ctx.db, actor, id);
  const f = await repo.fileOf(ctx.db, id, photoId);
  if (!f) throw new AppError('PHOTO_NOT_FOUND');
  return path.join(ctx.config.uploadsDir, thumb ? f.thumbPath : f.path);
}

// ------------------------------------------------------------------ changing

export async function updateBuilding(ctx: AppContext, actor: Actor, id: string, input: BuildingUpdate): Promise<BuildingDetail> {
  requireAccess(actor, 'illegal_building.write');
  if (input.departmentId) {
    const d = await findDepartment(ctx.db, input.departmentId);
    if (!d || !d.active) throw new AppError('DEPARTMENT_NOT_FOUND', input.departmentId);
  }
  const now = ctx.now();
  await ctx.db.transaction(async (tx) => {
    const b = await readable(tx, actor, id, true);
    requireAccess(actor, 'illegal_building.write', subjectOf(b));
    if (input.expectedVersion !== undefined && input.expectedVersion !== b.version) throw new AppError('BUILDING_VERSION_CONFLICT');
    if (input.owner && !may(actor, 'illegal_building.owner', b)) throw new AppError('FORBIDDEN', 'the owner may be changed only by those who act on the entry');
    if (input.areaM2 !== undefined && input.areaM2 * 1.01 < b.demolishedM2) {
      throw new AppError('DEMOLISHED_AREA_EXCEEDS', `${b.demolishedM2} m² are already demolished`);
    }
    const patch: Partial<repo.BuildingInsert> = { updatedAt: now };
    const changed: string[] = [];
    const set = <K extends keyof repo.BuildingInsert>(k: K, v: repo.BuildingInsert[K] | undefined, field: string) => {
      if (v === undefined) return;
      patch[k] = v;
      changed.push(field);
    };
    set('type', input.type, 'type');
    set('stock', input.stock, 'stock');
    set('address', input.address, 'address');
    set('areaM2', input.areaM2, 'areaM2');
    set('description', input.description, 'description');
    set('footprint', input.footprint, 'footprint');
    set('departmentId', input.departmentId, 'departmentId');
    if (input.owner) {
      patch.ownerKind = input.owner.kind;
      patch.ownerName = input.owner.name ?? null;
      patch.ownerPhone = input.owner.phone ?? null;
      changed.push('owner');
    }
    const row = await repo.updateBuilding(tx, b.id, b.version, patch);
    if (!row) throw new AppError('BUILDING_VERSION_CONFLICT');
    // The history names what changed (and old and new values, except the private owner).
    const before: Record<string, unknown> = {};
    const after: Record<string, unknown> = {};
    for (const f of changed.filter((f) => f !== 'owner' && f !== 'footprint')) {
      before[f] = b[f as keyof repo.BuildingRow];
      after[f] = row[f as keyof repo.BuildingRow];
    }
    await repo.insertEvent(tx, {
      buildingId: b.id,
      seq: (await repo.lastSeq(tx, b.id)) + 1,
      action: 'update',
      fromState: b.state,
      toState: b.state,
      on: shanghaiDay(now),
      at: now,
      actorId: actor.id,
      note: input.note ?? null,
      payload: { fields: changed, before, after },
    });
  });
  return getBuilding(ctx, actor, id);
}

/** One step of the state machine (file, serve notice, record the deadline passed, demolish, confiscate, retain, dismiss). */
export async function actOnBuilding(ctx: AppContext, actor: Actor, id: string, action: BuildingAction, raw: unknown): Promise<BuildingDetail> {
  requireAccess(actor, 'illegal_building.write');
  const input = BuildingActionSchemas[action].parse(raw ?? {}) as z.infer<(typeof BuildingActionSchemas)[BuildingAction]> & { note?: string; photoIds: string[]; expectedVersion?: number };
  const free = await repo.attachablePhotos(ctx.db, input.photoIds, actor.id);
  const missing = input.photoIds.filter((p) => !free.has(p));
  if (missing.length) throw new AppError('PHOTO_NOT_FOUND', missing.join(','));
  const now = ctx.now();
  const today = shanghaiDay(now);
  await ctx.db.transaction(async (tx) => {
    const b = await readable(tx, actor, id, true);
    requireAccess(actor, 'illegal_building.write', subjectOf(b));
    if (input.expectedVersion !== undefined && input.expectedVersion !== b.version) throw new AppError('BUILDING_VERSION_CONFLICT');
    let t: ReturnType<typeof applyBuildingAction>;
    try {
      t = applyBuildingAction(snapshotOf(b), action, input as BuildingActionInputs[typeof action], today);
    } catch (e) {
      throw toAppError(e);
    }
    const row = await repo.updateBuilding(tx, b.id, b.version, {
      state: t.next.state,
      demolishedM2: t.next.demolishedM2,
      deadline: t.next.deadline,
      lastOn: t.next.lastOn,
      closedOn: t.next.closedOn,
      updatedAt: now,
    });
    if (!row) throw new AppError('BUILDING_VERSION_CONFLICT');
    await repo.insertEvent(tx, {
      buildingId: b.id,
      seq: (await repo.lastSeq(tx, b.id)) + 1,
      action,
      fromState: t.event.fromState,
      toState: t.event.toState,
      on: t.event.on,
      at: now,
      actorId: actor.id,
      note: input.note ?? (action === 'dismiss' ? (input as { reason: string }).reason : null),
      areaM2: t.event.areaM2,
      payload: t.event.payload,
      photoIds: input.photoIds,
    });
    const stage = action === 'demolish' ? 'after' : 'during';
    await repo.insertFiles(tx, input.photoIds.map((photoId) => ({ buildingId: b.id, photoId, kind: 'photo', stage, title: '', addedBy: actor.id, addedAt: now })));
  });
  return getBuilding(ctx, actor, id);
}

export async function attachFile(ctx: AppContext, actor: Actor, id: string, input: FileAttach): Promise<BuildingDetail> {
  requireAccess(actor, 'illegal_building.write');
  const now = ctx.now();
  await ctx.db.transaction(async (tx) => {
    const b = await readable(tx, actor, id, true);
    requireAccess(actor, 'illegal_building.write', subjectOf(b));
    const free = await repo.attachablePhotos(tx, [input.photoId], actor.id);
    if (!free.has(input.photoId)) throw new AppError('PHOTO_NOT_FOUND', input.photoId);
    await repo.insertFiles(tx, [
      {
        buildingId: b.id,
        photoId: input.photoId,
        kind: input.kind,
        stage: input.kind === 'photo' ? (input.stage ?? 'during') : null,
        docType: input.kind === 'document' ? (input.docType ?? 'other') : null,
        docNo: input.docNo ?? null,
        title: input.title,
        addedBy: actor.id,
        addedAt: now,
      },
    ]);
    await repo.insertEvent(tx, {
      buildingId: b.id,
      seq: (await repo.lastSeq(tx, b.id)) + 1,
      action: 'attach',
      fromState: b.state,
      toState: b.state,
      on: shanghaiDay(now),
      at: now,
      actorId: actor.id,
      note: input.title || null,
      payload: { kind: input.kind, docType: input.docType ?? null, docNo: input.docNo ?? null },
      photoIds: [input.photoId],
    });
    await repo.updateBuilding(tx, b.id, b.version, { updatedAt: now });
  });
  return getBuilding(ctx, actor, id);
}

/** Raises a case about the structure (e.g. to dispatch its demolition), linked to the entry. */
export async function raiseCase(ctx: AppContext, actor: Actor, id: string, raw: z.input<typeof RaiseCaseSchema>): Promise<{ caseId: string; number: string; building: BuildingDetail }> {
  requireAccess(actor, 'illegal_building.write');
  requireAccess(actor, 'case.create');
  const input = RaiseCaseSchema.parse(raw ?? {});
  const b = await readable(ctx.db, actor, id);
  requireAccess(actor, 'illegal_building.write', subjectOf(b));
  const classCode = input.classCode ?? (b.stock === 'new' ? '08016' : '06001');
  const description = input.description ?? `违法建设 ${b.code}：${b.address}，面积 ${b.areaM2} 平方米${b.deadline ? `，整改期限 ${b.deadline}` : ''}`;
  // The key makes a retry (lost answer) return the same case rather than raising a second one.
  const { case: created } = await createCase(
    ctx,
    actor,
    { source: input.source, kind: 'matter', classCode, description, locationText: b.address.slice(0, 256), lng: b.lng, lat: b.lat, crs: 'WGS84', urgency: 'normal', photoIds: [], selfFix: false, afterPhotoIds: [] },
    `illegal-building:${b.id}:${b.version}`,
  );
  const now = ctx.now();
  await ctx.db.transaction(async (tx) => {
    if (await repo.buildingOfCase(tx, created.id)) return;
    await repo.linkCase(tx, b.id, created.id, 'raised', now);
    await repo.insertEvent(tx, {
      buildingId: b.id,
      seq: (await repo.lastSeq(tx, b.id)) + 1,
      action: 'raiseCase',
      fromState: b.state,
      toState: b.state,
      on: shanghaiDay(now),
      at: now,
      actorId: actor.id,
      note: null,
      payload: { caseId: created.id, caseNumber: created.number, classCode },
    });
  });
  return { caseId: created.id, number: created.number, building: await getBuilding(ctx, actor, id) };
}

// ------------------------------------------------------------------ targets

export async function targetsBoard(ctx: AppContext, actor: Actor, year?: number): Promise<TargetsBoard> {
  requireAccess(actor, 'illegal_building.read');
  const today = shanghaiDay(ctx.now());
  const y = year ?? Number(today.slice(0, 4));
  const stored = await repo.findTargets(ctx.db, y);
  const targets = stored ? { year: y, demolishM2: stored.demolishM2, newDealWithinDays: stored.newDealWithinDays } : DEFAULT_YEAR_TARGETS(y);
  const [demolitions, newOnes, standing, names, entries] = await Promise.all([
    repo.demolitionsIn(ctx.db, y),
    repo.newFoundIn(ctx.db, y),
    repo.standingStock(ctx.db),
    repo.streetNames(ctx.db),
    repo.countEntries(ctx.db, 'existing'),
  ]);
  const progress = demolitionProgress(
    demolitions.map((d) => ({ on: d.on, areaM2: d.areaM2 ?? 0, stock: d.stock as 'existing' | 'new', streetCode: d.streetCode })),
    targets,
    today,
  );
  const growth = zeroGrowth(
    newOnes.map((n) => ({ id: n.id, stock: 'new', state: n.state as BuildingState, foundOn: n.foundOn, closedOn: n.closedOn })),
    targets,
    today,
  );
  const byId = new Map(newOnes.map((n) => [n.id, n]));
  const standingBy = new Map(standing.map((s) => [s.streetCode, Number(s.m2)]));
  const streetCodes = new Set([...progress.byStreet.map((s) => s.streetCode), ...standing.map((s) => s.streetCode)]);
  return {
    year: y,
    today,
    configured: !!stored,
    targets: { demolishM2: targets.demolishM2, newDealWithinDays: targets.newDealWithinDays },
    canEdit: !!scopeFor(actor, 'illegal_building.targets'),
    demolition: {
      ...progress,
      byStreet: [...streetCodes]
        .map((code) => {
          const p = progress.byStreet.find((s) => s.streetCode === code);
          return {
            streetCode: code,
            name: code ? (names.get(code) ?? code) : '—',
            existingM2: p?.existingM2 ?? 0,
            newM2: p?.newM2 ?? 0,
            demolitions: p?.demolitions ?? 0,
            standingExistingM2: Math.round((standingBy.get(code) ?? 0) * 10) / 10,
          };
        })
        .sort((a, b) => b.existingM2 - a.existingM2 || String(a.streetCode).localeCompare(String(b.streetCode))),
    },
    zeroGrowth: {
      ...growth,
      standing: growth.standing.map((s) => {
        const n = byId.get(s.id)!;
        return { ...s, code: n.code, address: n.address, streetName: n.streetCode ? (names.get(n.streetCode) ?? null) : null, state: n.state as BuildingState };
      }),
    },
    stock: {
      entries,
      standing: standing.reduce((s, x) => s + Number(x.n), 0),
      standingM2: Math.round(standing.reduce((s, x) => s + Number(x.m2), 0) * 10) / 10,
    },
  };
}

export async function putTargets(ctx: AppContext, actor: Actor, year: number, input: { demolishM2: number; newDealWithinDays: number }): Promise<TargetsBoard> {
  requireAccess(actor, 'illegal_building.targets');
  await repo.upsertTargets(ctx.db, { year, demolishM2: input.demolishM2, newDealWithinDays: input.newDealWithinDays, updatedBy: actor.id, updatedAt: ctx.now() });
  return targetsBoard(ctx, actor, year);
}
