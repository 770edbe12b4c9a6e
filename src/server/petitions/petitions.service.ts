// Petition use cases (信访): registration from every channel with 诉访分离 screening, the register and its queues,
// detail with timeline, every workflow action with its notice to the petitioner, conversion into a city-management
// case, and the limits configuration. Owns transactions. Petitioners' identity leaves here only for petition staff.
import crypto from 'node:crypto';
import {
  applyPetitionAction,
  availablePetitionActions,
  CONSOLE_ACTIONS,
  daysLeft,
  DEFAULT_PETITION_LIMITS,
  PETITION_ACTION_RULES,
  PETITION_EVENT_LABELS,
  PetitionActionInputSchemas,
  PetitionLimitsSchema,
  petitionRefusal,
  PetitionWorkflowError,
  periodLight,
  registerPetition,
  suggestRoute,
  type PetitionActionName,
  type PetitionActor,
  type PetitionChannel,
  type PetitionLimits,
  type PetitionSnapshot,
  type PetitionState,
  type PetitionTopic,
} from '../../domain/petition';
import { toWgs84 } from '../../domain/geo';
import type { Role } from '../../domain/workflow';
import { inScope, requireAccess, scopeFor, type Actor } from '../auth/policy';
import { CaseCreateSchema } from '../cases/case.schema';
import { createCase } from '../cases/case.service';
import type { AppContext } from '../context';
import type { Executor } from '../db/client';
import { AppError } from '../errors';
import { locatePoint } from '../geo/geo.repository';
import { findDepartment, userNames } from '../org/org.repository';
import { sendSms } from '../public/sms';
import { getSetting, putSetting } from '../settings/settings.repository';
import type { WorkflowSettings } from '../settings/settings.service';
import * as notices from './petition-notices';
import * as repo from './petitions.repository';
import type {
  ConvertToCase,
  Petitioner,
  PetitionCreate,
  PetitionDetail,
  PetitionListQuery,
  PetitionSummary,
  ReceptionDay,
  ReceptionTask,
} from './petitions.schema';

const notFound = () => new AppError('PETITION_NOT_FOUND');
export const FOLLOW_PREFIX = '/portal/petition/follow/';

/** Domain refusals become API errors with the same stable code. */
export function domain<T>(f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof PetitionWorkflowError) throw new AppError(e.code, e.message);
    throw e;
  }
}

// ------------------------------------------------------------------ limits (configuration)

export async function petitionLimits(ctx: AppContext): Promise<PetitionLimits> {
  const stored = await getSetting<Partial<PetitionLimits>>(ctx.db, 'petitionLimits');
  const parsed = PetitionLimitsSchema.safeParse({ ...DEFAULT_PETITION_LIMITS, ...(stored ?? {}) });
  return parsed.success ? parsed.data : { ...DEFAULT_PETITION_LIMITS };
}

export async function readLimits(ctx: AppContext, actor: Actor): Promise<PetitionLimits> {
  requireAccess(actor, 'petition.read');
  return petitionLimits(ctx);
}

export async function writeLimits(ctx: AppContext, actor: Actor, input: PetitionLimits): Promise<PetitionLimits> {
  requireAccess(actor, 'petition.settings.write');
  const value = PetitionLimitsSchema.parse(input);
  const now = ctx.now();
  await ctx.db.transaction(async (tx) => {
    await putSetting(tx, 'petitionLimits', value, actor.id, now);
    await repo.audit(tx, { actorId: actor.id, action: 'petition.limits', subject: 'settings:petitionLimits', at: now, detail: value });
  });
  return value;
}

// ------------------------------------------------------------------ mapping

export function toSnapshot(p: repo.PetitionRow): PetitionSnapshot {
  return {
    state: p.state as PetitionState,
    receivedAt: p.receivedAt,
    route: (p.route as PetitionSnapshot['route']) ?? null,
    departmentId: p.departmentId,
    acceptedAt: p.acceptedAt,
    handleDays: p.handleDays,
    handleDeadline: p.handleDeadline,
    extensionDays: p.extensionDays,
    repliedAt: p.repliedAt,
    reviewUntil: p.reviewUntil,
    satisfaction: (p.satisfaction as PetitionSnapshot['satisfaction']) ?? null,
    reviewRequestedAt: p.reviewRequestedAt,
    reviewDeadline: p.reviewDeadline,
    reviewDecision: (p.reviewDecision as PetitionSnapshot['reviewDecision']) ?? null,
    closedAt: p.closedAt,
    caseId: p.caseId,
    step: (p.step as PetitionSnapshot['step']) ?? null,
    stepStartedAt: p.stepStartedAt,
    stepDeadline: p.stepDeadline,
    stepWarnAt: p.stepWarnAt,
  };
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function canSeeIdentity(actor: Actor): boolean {
  return scopeFor(actor, 'petition.identity') !== null;
}

function readScope(actor: Actor): repo.PetitionScope {
  const scope = requireAccess(actor, 'petition.read');
  return scope === 'all' ? { kind: 'all' } : { kind: 'department', departmentId: actor.departmentId };
}

function readableBy(actor: Actor, p: repo.PetitionRow): boolean {
  const scope = scopeFor(actor, 'petition.read');
  if (!scope) return false;
  // The street of a department user does not widen what it sees here: only items assigned to its own office.
  return inScope({ ...actor, streetCode: null }, scope, { departmentIds: [p.departmentId] });
}

function lightOf(p: repo.PetitionRow, now: Date, settings: WorkflowSettings, limits: PetitionLimits) {
  if (!p.stepDeadline || !p.stepStartedAt) return { light: null, daysLeft: null };
  return {
    light: periodLight(settings.calendar, p.stepStartedAt, p.stepDeadline, now, limits.warnShare),
    daysLeft: daysLeft(settings.calendar, p.stepDeadline, now),
  };
}

export function toSummary(
  r: { p: repo.PetitionRow; departmentNameZh: string | null; departmentNameEn: string | null },
  now: Date,
  settings: WorkflowSettings,
  limits: PetitionLimits,
  identity: boolean,
): PetitionSummary {
  const p = r.p;
  const screening = p.screening as { route?: PetitionSummary['suggestedRoute'] };
  return {
    id: p.id,
    number: p.number,
    channel: p.channel as PetitionChannel,
    topic: p.topic as PetitionTopic,
    subject: p.subject,
    state: p.state as PetitionState,
    route: (p.route as PetitionSummary['route']) ?? null,
    receivedAt: p.receivedAt.toISOString(),
    createdAt: p.createdAt.toISOString(),
    peopleCount: p.peopleCount,
    departmentId: p.departmentId,
    departmentName: r.departmentNameZh ?? null,
    departmentNameEn: r.departmentNameEn ?? null,
    step: (p.step as PetitionSummary['step']) ?? null,
    stepDeadline: iso(p.stepDeadline),
    ...lightOf(p, now, settings, limits),
    extensionDays: p.extensionDays,
    satisfaction: (p.satisfaction as PetitionSummary['satisfaction']) ?? null,
    caseId: p.caseId,
    suggestedRoute: p.state === 'registered' ? (screening.route ?? null) : null,
    petitionerName: identity ? ((p.petitioner as Petitioner).name ?? null) : null,
    version: p.version,
  };
}

export function taskView(r: repo.TaskListRow, now: Date, settings: WorkflowSettings, limits: PetitionLimits): ReceptionTask {
  const t = r.t;
  const open = t.status === 'open';
  return {
    id: t.id,
    petitionId: t.petitionId,
    petitionNumber: r.petitionNumber,
    dayId: t.dayId,
    departmentId: t.departmentId,
    departmentName: r.departmentNameZh,
    departmentNameEn: r.departmentNameEn,
    text: t.text,
    startedAt: t.startedAt.toISOString(),
    deadline: t.deadline.toISOString(),
    status: t.status as ReceptionTask['status'],
    light: open ? periodLight(settings.calendar, t.startedAt, t.deadline, now, limits.warnShare) : null,
    daysLeft: open ? daysLeft(settings.calendar, t.deadline, now) : null,
    doneAt: iso(t.doneAt),
    doneNote: t.doneNote,
  };
}

export function dayView(r: repo.DayListRow): ReceptionDay {
  const d = r.d;
  return {
    id: d.id,
    day: d.day,
    startTime: d.startTime,
    endTime: d.endTime,
    kind: d.kind as ReceptionDay['kind'],
    hostName: d.hostName,
    hostTitle: d.hostTitle,
    departmentId: d.departmentId,
    departmentName: r.departmentNameZh ?? null,
    communityCode: d.communityCode,
    communityName: r.communityName ?? null,
    place: d.place,
    topics: d.topics,
    capacity: d.capacity,
    booked: Number(r.booked),
    visits: Number(r.visits),
    openTasks: Number(r.openTasks),
    cancelled: !!d.cancelledAt,
    cancelReason: d.cancelReason,
  };
}

// ------------------------------------------------------------------ registration

export interface RegisterFields {
  channel: PetitionChannel;
  receivedAt?: Date;
  petitioner: Petitioner;
  peopleCount: number;
  topic: PetitionTopic;
  subject: string;
  content: string;
  locationText?: string;
  point?: { lng: number; lat: number };
  /** 诉访分离 decided at registration (staff); undefined leaves it to the decision on acceptance (online items). */
  decision?: PetitionCreate['screening'];
  reception?: PetitionCreate['reception'];
}

export interface Registered {
  row: repo.PetitionRow;
  replayed: boolean;
}

function requestHash(input: unknown): string {
  return crypto.createHash('sha256').update(JSON.stringify(input)).digest('hex');
}

const shanghaiYear = (at: Date) => new Date(at.getTime() + 8 * 3600_000).getUTCFullYear();
const newToken = () => crypto.randomBytes(24).toString('base64url');
const newQueryCode = () => String(crypto.randomInt(0, 1_000_000)).padStart(6, '0');
export const followUrl = (token: string) => `${FOLLOW_PREFIX}${token}`;

function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string; cause?: { code?: string } };
  return e?.code === '23505' || e?.cause?.code === '23505';
}

/**
 * Registers one item in the register, whatever the channel. Used by staff intake and by the portal's online form
 * (as the portal's system user, role citizen). When the screening decided the matter belongs to a legal channel,
 * the item is routed out at once: registered, and recorded as routed out with its guidance reply.
 */
export async function registerItem(ctx: AppContext, actor: Actor, role: Role, f: RegisterFields, idempotencyKey?: string): Promise<Registered> {
  const hash = requestHash({ ...f, receivedAt: f.receivedAt?.toISOString() });
  if (idempotencyKey) {
    const prior = await repo.findByIdempotencyKey(ctx.db, actor.id, idempotencyKey);
    if (prior) {
      if (prior.requestHash !== hash) throw new AppError('IDEMPOTENCY_KEY_REUSED');
      return { row: prior, replayed: true };
    }
  }
  const [settings, limits] = await Promise.all([ctx.settings.get(), petitionLimits(ctx)]);
  const now = ctx.now();
  const receivedAt = f.receivedAt ?? now;
  const initial = domain(() => registerPetition(receivedAt, { now, calendar: settings.calendar, limits }));

  let place: { lng: number; lat: number; streetCode: string | null; communityCode: string | null } | null = null;
  if (f.point) {
    const located = await locatePoint(ctx.db, f.point.lng, f.point.lat);
    place = { ...f.point, streetCode: located?.streetCode ?? null, communityCode: located?.communityCode ?? null };
  }
  if (f.reception) {
    const day = await repo.findDay(ctx.db, f.reception.dayId);
    if (!day) throw new AppError('RECEPTION_DAY_NOT_FOUND');
    if (f.reception.appointmentId) {
      const a = await repo.findAppointment(ctx.db, f.reception.appointmentId);
      if (!a || a.dayId !== day.id) throw new AppError('APPOINTMENT_NOT_FOUND');
      if (a.status !== 'booked' && a.status !== 'no_show') throw new AppError('APPOINTMENT_NOT_OPEN');
    }
  }
  const suggestion = suggestRoute(`${f.subject} ${f.content}`);
  const year = shanghaiYear(now);
  await repo.ensurePetitionSequence(ctx.db, year);

  const sms: { phone: string; text: string }[] = [];
  try {
    const row = await ctx.db.transaction(async (tx) => {
      const serial = await repo.nextPetitionSerial(tx, year);
      const number = `XF${ctx.config.districtCode}-${year}-${String(serial).padStart(6, '0')}`;
      const followToken = newToken();
      let p = await repo.insertPetition(tx, {
        ...initial,
        number,
        districtCode: ctx.config.districtCode,
        channel: f.channel,
        topic: f.topic,
        subject: f.subject,
        content: f.content,
        locationText: f.locationText ?? null,
        lng: place?.lng ?? null,
        lat: place?.lat ?? null,
        streetCode: place?.streetCode ?? null,
        communityCode: place?.communityCode ?? null,
        peopleCount: f.peopleCount,
        petitioner: f.petitioner,
        screening: suggestion,
        receptionDayId: f.reception?.dayId ?? null,
        appointmentId: f.reception?.appointmentId ?? null,
        leaderInstruction: f.reception?.leaderInstruction ?? null,
        followToken,
        queryCode: newQueryCode(),
        createdBy: actor.id,
        idempotencyKey: idempotencyKey ?? null,
        requestHash: hash,
        createdAt: now,
        updatedAt: now,
        version: 1,
      });
      const subject = { number, subject: f.subject, channel: f.channel, receivedAt };
      const receipt = notices.registerNotice(subject, initial.stepDeadline!);
      await repo.insertPetitionEvent(tx, {
        petitionId: p.id,
        seq: 1,
        action: 'register',
        fromState: null,
        toState: 'registered',
        actorId: actor.id,
        role,
        at: now,
        note: f.reception?.leaderInstruction ?? null,
        payload: {
          channel: f.channel,
          topic: f.topic,
          peopleCount: f.peopleCount,
          suggestedRoute: suggestion.route,
          receivedAt: receivedAt.toISOString(),
          ...(f.reception ? { receptionDayId: f.reception.dayId } : {}),
          ...(f.decision ? { screenedAs: f.decision.route } : {}),
          notice: receipt,
        },
        stepDeadline: null,
        departmentId: null,
      });
      if (f.reception?.appointmentId) await repo.setAppointmentStatus(tx, f.reception.appointmentId, 'visited', now);
      let what = '已登记';
      if (f.decision && f.decision.route !== 'petition') {
        const input = { route: f.decision.route, basis: f.decision.basis, guidance: f.decision.guidance! };
        const { next, event } = domain(() =>
          applyPetitionAction(toSnapshot(p), 'routeOut', input, { now, actor: petitionActor(actor), calendar: settings.calendar, limits }),
        );
        const notice = notices.routeOutNotice(subject, input.guidance);
        const updated = await repo.updatePetition(tx, p.id, p.version, { ...next, updatedAt: now });
        if (!updated) throw new AppError('PETITION_VERSION_CONFLICT');
        await repo.insertPetitionEvent(tx, {
          petitionId: p.id,
          seq: updated.version,
          action: 'routeOut',
          fromState: event.fromState,
          toState: event.toState,
          actorId: actor.id,
          role: event.role,
          at: now,
          note: event.note,
          payload: { ...event.payload, notice },
          stepDeadline: p.stepDeadline,
          departmentId: null,
        });
        p = updated;
        what = '已登记，请按告知通过法定途径解决';
      }
      if (f.petitioner.phone) sms.push({ phone: f.petitioner.phone, text: notices.smsText(number, what, link(ctx, followToken)) });
      return p;
    });
    await sendAll(ctx, sms);
    return { row, replayed: false };
  } catch (err) {
    if (idempotencyKey && isUniqueViolation(err)) {
      const prior = await repo.findByIdempotencyKey(ctx.db, actor.id, idempotencyKey);
      if (prior) return { row: prior, replayed: true };
    }
    throw err;
  }
}

const link = (ctx: AppContext, token: string) => `${ctx.config.publicUrl ?? ''}${followUrl(token)}`;

async function sendAll(ctx: AppContext, messages: { phone: string; text: string }[]): Promise<void> {
  // After the commit: a gateway failure is recorded in the outbox and never undoes the step.
  for (const m of messages) await sendSms(ctx, m.phone, m.text, 'notice');
}

function petitionActor(actor: Actor): PetitionActor {
  return { id: actor.id, roles: actor.roles, departmentId: actor.departmentId };
}

export async function createPetition(ctx: AppContext, actor: Actor, input: PetitionCreate, idempotencyKey?: string) {
  requireAccess(actor, 'petition.register');
  const point = input.lng !== undefined && input.lat !== undefined ? toWgs84(input.lng, input.lat, input.crs) : null;
  const { row, replayed } = await registerItem(
    ctx,
    actor,
    'petition',
    {
      channel: input.channel,
      receivedAt: input.receivedAt,
      petitioner: input.petitioner,
      peopleCount: input.peopleCount,
      topic: input.topic,
      subject: input.subject,
      content: input.content,
      locationText: input.locationText,
      point: point ? { lng: point[0], lat: point[1] } : undefined,
      decision: input.screening,
      reception: input.reception,
    },
    idempotencyKey,
  );
  return {
    replayed,
    petition: await getPetition(ctx, actor, row.id),
    receipt: { number: row.number, queryCode: row.queryCode, followToken: row.followToken, followUrl: followUrl(row.followToken) },
  };
}

// ------------------------------------------------------------------ register, queues, detail

export async function listPetitions(ctx: AppContext, actor: Actor, query: PetitionListQuery) {
  const scope = readScope(actor);
  const identity = canSeeIdentity(actor);
  const now = ctx.now();
  const [settings, limits] = await Promise.all([ctx.settings.get(), petitionLimits(ctx)]);
  const { rows, total } = await repo.listPetitions(
    ctx.db,
    { queue: query.queue, channel: query.channel, topic: query.topic, departmentId: query.departmentId, receptionDayId: query.receptionDayId, q: query.q, qIdentity: identity },
    scope,
    now,
    { offset: (query.page - 1) * query.pageSize, limit: query.pageSize },
  );
  return { items: rows.map((r) => toSummary(r, now, settings, limits, identity)), total, page: query.page, pageSize: query.pageSize };
}

export async function petitionStats(ctx: AppContext, actor: Actor) {
  const scope = readScope(actor);
  const now = ctx.now();
  const [queues, byChannel, satisfaction] = await Promise.all([
    repo.queueCounts(ctx.db, scope, now),
    repo.countsBy(ctx.db, 'channel', scope),
    repo.countsBy(ctx.db, 'satisfaction', scope),
  ]);
  const zeros = <K extends string>(keys: readonly K[], m: Map<string, number>) => Object.fromEntries(keys.map((k) => [k, m.get(k) ?? 0])) as Record<K, number>;
  return {
    queues,
    byChannel: zeros(['online', 'letter', 'visit', 'phone', 'reception_day', 'community_workday'] as const, byChannel),
    satisfaction: zeros(['satisfied', 'basic', 'unsatisfied'] as const, satisfaction),
  };
}

async function readablePetition(db: Executor, actor: Actor, idOrNumber: string): Promise<repo.PetitionRow> {
  const p = /^XF\d{6}-\d{4}-\d+$/.test(idOrNumber)
    ? await repo.findPetitionByNumber(db, idOrNumber)
    : /^[0-9a-f-]{36}$/i.test(idOrNumber)
      ? await repo.findPetition(db, idOrNumber)
      : null;
  if (!p || !readableBy(actor, p)) throw notFound();
  return p;
}

export async function getPetition(ctx: AppContext, actor: Actor, idOrNumber: string): Promise<PetitionDetail> {
  requireAccess(actor, 'petition.read');
  const found = await readablePetition(ctx.db, actor, idOrNumber);
  const identity = canSeeIdentity(actor);
  const now = ctx.now();
  const [settings, limits, r, events, taskRows] = await Promise.all([
    ctx.settings.get(),
    petitionLimits(ctx),
    repo.petitionRowWithNames(ctx.db, found.id),
    repo.eventsOf(ctx.db, found.id),
    repo.listTasks(ctx.db, { petitionId: found.id }),
  ]);
  const p = r!.p;
  const names = await userNames(ctx.db, [...new Set(events.map((e) => e.actorId).filter((x): x is string => !!x))]);
  const linked = p.caseId ? await repo.caseBrief(ctx.db, p.caseId) : null;
  const day = p.receptionDayId ? await repo.dayWithNames(ctx.db, p.receptionDayId) : null;
  const snapshot = toSnapshot(p);
  const mayAct = scopeFor(actor, 'petition.act') !== null;
  const allowed = mayAct ? availablePetitionActions(snapshot, { now, actor: petitionActor(actor) }).filter((a) => CONSOLE_ACTIONS.includes(a)) : [];
  const canConvert = scopeFor(actor, 'petition.convert') !== null && scopeFor(actor, 'case.create') !== null && petitionRefusal(snapshot, 'linkCase', { now, actor: petitionActor(actor) }) === null;
  const screening = p.screening as PetitionDetail['screening'];
  return {
    ...toSummary(r!, now, settings, limits, identity),
    content: p.content,
    locationText: p.locationText,
    lng: p.lng,
    lat: p.lat,
    streetName: r!.streetName ?? null,
    communityName: r!.communityName ?? null,
    petitioner: identity ? (p.petitioner as Petitioner) : null,
    screening: { route: screening.route, matched: screening.matched ?? [], basisZh: screening.basisZh ?? null, basisEn: screening.basisEn ?? null },
    acceptedAt: iso(p.acceptedAt),
    handleDays: p.handleDays,
    handleDeadline: iso(p.handleDeadline),
    repliedAt: iso(p.repliedAt),
    reviewUntil: iso(p.reviewUntil),
    reviewRequestedAt: iso(p.reviewRequestedAt),
    reviewDeadline: iso(p.reviewDeadline),
    reviewDecision: (p.reviewDecision as PetitionDetail['reviewDecision']) ?? null,
    closedAt: iso(p.closedAt),
    stepStartedAt: iso(p.stepStartedAt),
    linkedCase: linked
      ? { id: linked.id, number: linked.number, state: linked.state, departmentName: linked.departmentNameZh ?? null, departmentNameEn: linked.departmentNameEn ?? null }
      : null,
    reception: day
      ? (() => {
          const { booked: _b, visits: _v, openTasks: _o, ...rest } = dayView(day);
          return { day: rest, appointmentId: p.appointmentId, leaderInstruction: p.leaderInstruction };
        })()
      : null,
    events: events.map((e) => {
      const rule = PETITION_ACTION_RULES[e.action as PetitionActionName];
      const label = rule ? { zh: rule.labelZh, en: rule.labelEn } : (PETITION_EVENT_LABELS[e.action] ?? { zh: e.action, en: e.action });
      const payload = e.payload as Record<string, unknown>;
      const { notice, ...rest } = payload;
      return {
        seq: e.seq,
        action: e.action,
        actionLabel: label.zh,
        actionLabelEn: label.en,
        fromState: e.fromState,
        toState: e.toState,
        actorName: e.actorId ? (names.get(e.actorId) ?? null) : null,
        role: e.role as Role,
        at: e.at.toISOString(),
        note: e.note,
        payload: rest,
        stepDeadline: iso(e.stepDeadline),
        inTime: e.stepDeadline ? e.at.getTime() <= e.stepDeadline.getTime() : null,
        notice: typeof notice === 'string' ? notice : null,
      };
    }),
    tasks: taskRows.map((t) => taskView(t, now, settings, limits)),
    allowedActions: allowed,
    canConvert,
    limits,
  };
}

/** The item a case was made from, for the case page: only for those who may read that item. */
export async function petitionOfCase(ctx: AppContext, actor: Actor, caseId: string) {
  if (!scopeFor(actor, 'petition.read')) return { petition: null };
  const p = await repo.findByCase(ctx.db, caseId);
  if (!p || !readableBy(actor, p)) return { petition: null };
  return { petition: { id: p.id, number: p.number, state: p.state as PetitionState, subject: p.subject } };
}

// ------------------------------------------------------------------ actions

type Applied = { row: repo.PetitionRow; sms: { phone: string; text: string }[] };

/**
 * One workflow step in its own transaction: lock, check scope and version, apply the pure machine, write the row
 * and the event with its notice. `role` forces the role recorded (the portal's system user acts as the citizen).
 */
export async function applyStep(
  ctx: AppContext,
  actor: Actor,
  id: string,
  action: PetitionActionName,
  rawInput: unknown,
  opts: { expectedVersion?: number; check?: (p: repo.PetitionRow) => void; extraPayload?: Record<string, unknown> } = {},
): Promise<repo.PetitionRow> {
  const input = PetitionActionInputSchemas[action].parse(rawInput ?? {});
  const [settings, limits] = await Promise.all([ctx.settings.get(), petitionLimits(ctx)]);
  if (action === 'assign') {
    const d = await findDepartment(ctx.db, (input as { departmentId: string }).departmentId);
    if (!d || !d.active) throw new AppError('DEPARTMENT_NOT_FOUND');
  }
  const result: Applied = await ctx.db.transaction(async (tx) => {
    const p = await repo.lockPetition(tx, id);
    if (!p) throw notFound();
    opts.check?.(p);
    if (opts.expectedVersion !== undefined && opts.expectedVersion !== p.version) throw new AppError('PETITION_VERSION_CONFLICT');
    const now = ctx.now();
    const { next, event } = domain(() =>
      applyPetitionAction(toSnapshot(p), action, input as never, { now, actor: petitionActor(actor), calendar: settings.calendar, limits }),
    );
    const body = next.departmentId ? await findDepartment(tx, next.departmentId) : null;
    const subject = { number: p.number, subject: p.subject, channel: p.channel, receivedAt: p.receivedAt };
    let notice: string | null = null;
    let what: string | null = null;
    switch (action) {
      case 'accept':
        notice = notices.acceptNotice(subject, next.handleDeadline!);
        what = '已受理';
        break;
      case 'reject': {
        const i = input as { reason: string; referTo?: string };
        notice = notices.rejectNotice(subject, i.reason, i.referTo);
        what = '不予受理';
        break;
      }
      case 'routeOut':
        notice = notices.routeOutNotice(subject, (input as { guidance: string }).guidance);
        what = '请按告知通过法定途径解决';
        break;
      case 'assign':
        notice = notices.assignNotice(subject, body?.nameZh ?? '承办单位');
        break;
      case 'extend':
        notice = notices.extendNotice(subject, (input as { days: number }).days, (input as { reason: string }).reason, next.handleDeadline!);
        what = '已延期办理';
        break;
      case 'reply':
        notice = notices.replyNotice(subject, (input as { text: string }).text, next.reviewUntil!, limits.reviewRequestDays);
        what = '已书面答复，欢迎评价';
        break;
      case 'decideReview': {
        const i = input as { decision: 'upheld' | 'changed'; opinion: string };
        notice = notices.reviewNotice(subject, i.decision, i.opinion);
        what = '已出具复查意见';
        break;
      }
      default:
        break;
    }
    const updated = await repo.updatePetition(tx, p.id, p.version, { ...next, updatedAt: now });
    if (!updated) throw new AppError('PETITION_VERSION_CONFLICT');
    await repo.insertPetitionEvent(tx, {
      petitionId: p.id,
      seq: updated.version,
      action,
      fromState: event.fromState,
      toState: event.toState,
      actorId: actor.id,
      role: event.role,
      at: now,
      note: event.note,
      payload: { ...event.payload, ...(opts.extraPayload ?? {}), ...(notice ? { notice } : {}) },
      stepDeadline: event.fromState !== event.toState ? p.stepDeadline : null,
      departmentId: next.departmentId,
    });
    const phone = (p.petitioner as Petitioner).phone;
    return { row: updated, sms: what && phone ? [{ phone, text: notices.smsText(p.number, what, link(ctx, p.followToken)) }] : [] };
  });
  await sendAll(ctx, result.sms);
  return result.row;
}

export async function actOnPetition(ctx: AppContext, actor: Actor, id: string, action: PetitionActionName, input: unknown, expectedVersion?: number): Promise<PetitionDetail> {
  requireAccess(actor, 'petition.act');
  if (!CONSOLE_ACTIONS.includes(action)) throw new AppError('PETITION_TRANSITION_NOT_ALLOWED', `${action} has its own endpoint`);
  const row = await applyStep(ctx, actor, id, action, input, {
    expectedVersion,
    check: (p) => {
      if (!readableBy(actor, p)) throw notFound();
    },
    extraPayload: action === 'rate' ? { channel: 'callback' } : undefined,
  });
  return getPetition(ctx, actor, row.id);
}

// ------------------------------------------------------------------ conversion into a case

/**
 * 转为城管案件: the item is a city-management problem. The case is made through the case service (source 'petition',
 * no reporter: the petitioner's identity stays on the petition side), then linked to the item in the item's log.
 * The case's Idempotency-Key is derived from the item, so a retry after a lost answer finds the same case.
 */
export async function convertToCase(ctx: AppContext, actor: Actor, id: string, input: ConvertToCase) {
  requireAccess(actor, 'petition.convert');
  requireAccess(actor, 'case.create');
  const p = await readablePetition(ctx.db, actor, id);
  const now = ctx.now();
  const refused = petitionRefusal(toSnapshot(p), 'linkCase', { now, actor: petitionActor(actor) });
  if (refused) throw new AppError(refused.code, refused.message);
  const created = await createCase(
    ctx,
    actor,
    CaseCreateSchema.parse({
      source: 'petition',
      kind: input.kind,
      classCode: input.classCode,
      description: input.description,
      locationText: input.locationText || undefined,
      lng: input.lng,
      lat: input.lat,
      crs: input.crs,
      urgency: input.urgency,
    }),
    `petition:${p.id}`,
  );
  await applyStep(ctx, actor, p.id, 'linkCase', { caseId: created.case.id, caseNumber: created.case.number });
  return { petition: await getPetition(ctx, actor, p.id), case: { id: created.case.id, number: created.case.number } };
}
