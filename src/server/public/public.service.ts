// Public participation (群众参与): citizens report without an account through the portal's system user, follow
// their case with a private link, rate the result and say "not fixed" (复诉); everyone sees the public map.
// What a citizen or the public sees is built here field by field: the reporter's details never leave the centre.
import crypto from 'node:crypto';
import path from 'node:path';
import { RATE_ACTION, type Satisfaction } from '../../domain/evaluation/rating';
import type { CaseState, Role } from '../../domain/workflow';
import { isOpen } from '../../domain/workflow';
import type { Actor } from '../auth/policy';
import * as caseRepo from '../cases/case.repository';
import { CaseCreateSchema } from '../cases/case.schema';
import { createCase } from '../cases/case.service';
import type { AppContext } from '../context';
import { AppError } from '../errors';
import { PUBLIC_STATE_TEXT } from '../open311/status';
import { savePhoto } from '../photos/photo.service';
import { getSetting } from '../settings/settings.repository';
import * as repo from './public.repository';
import {
  DEFAULT_PUBLIC_SETTINGS,
  PublicSettingsSchema,
  type CitizenReport,
  type FollowView,
  type PublicSettings,
} from './public.schema';
import { maskPhone, sendSms } from './sms';

export const PORTAL_USERNAME = 'citizen-portal';
const MOBILE = /^1[3-9]\d{9}$/;
const DAY = 86_400_000;

export async function publicSettings(ctx: AppContext): Promise<PublicSettings> {
  const stored = await getSetting<Partial<PublicSettings>>(ctx.db, 'public');
  const parsed = PublicSettingsSchema.safeParse({ ...DEFAULT_PUBLIC_SETTINGS, ...(stored ?? {}) });
  return parsed.success ? parsed.data : DEFAULT_PUBLIC_SETTINGS;
}

// ------------------------------------------------------------------ the portal's system user

const portalActors = new WeakMap<AppContext, Promise<Actor>>();

/**
 * The system user citizens' reports are made by (role 'citizen'): created on first use, inactive so that nobody
 * can sign in as it. Cases name it as creator; the reporter's own details stay in the private cases.reporter.
 */
export function portalActor(ctx: AppContext): Promise<Actor> {
  let p = portalActors.get(ctx);
  if (!p) {
    p = (async () => {
      let u = await repo.findUserByUsername(ctx.db, PORTAL_USERNAME);
      if (!u) {
        await repo.insertSystemUser(ctx.db, {
          username: PORTAL_USERNAME,
          displayName: '公众举报（网站）',
          passwordHash: '!system-user-no-login',
          roles: ['citizen'],
          active: false,
          createdAt: ctx.now(),
        });
        u = await repo.findUserByUsername(ctx.db, PORTAL_USERNAME);
      }
      if (!u) throw new Error('could not create the citizen portal user');
      return { id: u.id, username: u.username, roles: u.roles as Role[], departmentId: null, streetCode: null };
    })();
    p.catch(() => portalActors.delete(ctx));
    portalActors.set(ctx, p);
  }
  return p;
}

// ------------------------------------------------------------------ phone codes

let ipSalt: string | null = null;
function ipHash(ctx: AppContext, ip: string): string {
  ipSalt ??= ctx.config.sessionSecret ?? crypto.randomBytes(16).toString('hex');
  return crypto.createHash('sha256').update(`${ipSalt}:${ip}`).digest('hex').slice(0, 32);
}

const codeHash = (phone: string, code: string) => crypto.createHash('sha256').update(`${phone}:${code}`).digest('hex');

function checkPhone(phone: string): void {
  if (!MOBILE.test(phone)) throw new AppError('PHONE_INVALID');
}

export async function requestCode(ctx: AppContext, phone: string): Promise<{ sent: true; expiresInSeconds: number }> {
  checkPhone(phone);
  if (await repo.isBanned(ctx.db, phone)) throw new AppError('PHONE_BANNED');
  const s = await publicSettings(ctx);
  const now = ctx.now();
  if ((await repo.countCodesSince(ctx.db, phone, new Date(now.getTime() - 60_000))) > 0) throw new AppError('RATE_LIMITED', 'one code a minute');
  if ((await repo.countCodesSince(ctx.db, phone, new Date(now.getTime() - 3600_000))) >= s.codesPerPhonePerHour) throw new AppError('RATE_LIMITED', 'codes per hour');
  const code = String(crypto.randomInt(0, 1_000_000)).padStart(6, '0');
  await repo.insertCode(ctx.db, { phone, codeHash: codeHash(phone, code), createdAt: now, expiresAt: new Date(now.getTime() + s.codeTtlMinutes * 60_000) });
  await sendSms(ctx, phone, `【绿园区数字城管】您的验证码是 ${code}，${s.codeTtlMinutes} 分钟内有效。如非本人操作请忽略。`, 'verify');
  return { sent: true, expiresInSeconds: s.codeTtlMinutes * 60 };
}

/** Uses up a code: five wrong tries burn it. (Also used by the online petition form and reception-day booking.) */
export async function verifyCode(ctx: AppContext, phone: string, code: string | undefined): Promise<void> {
  if (!code) throw new AppError('CODE_REQUIRED');
  const live = await repo.latestLiveCode(ctx.db, phone, ctx.now());
  if (!live || live.attempts >= 5) throw new AppError('CODE_INVALID');
  const ok = crypto.timingSafeEqual(Buffer.from(live.codeHash), Buffer.from(codeHash(phone, code)));
  if (!ok) {
    await repo.countAttempt(ctx.db, live.id);
    throw new AppError('CODE_INVALID');
  }
  if (!(await repo.useCode(ctx.db, live.id, ctx.now()))) throw new AppError('CODE_INVALID');
}

// ------------------------------------------------------------------ reporting

export async function uploadPhoto(ctx: AppContext, data: Buffer) {
  const actor = await portalActor(ctx);
  const p = await savePhoto(ctx, actor, data);
  // The upload answer names no staff URL: the photo is only reachable through the report it joins.
  return { id: p.id, width: p.width, height: p.height, exif: p.exif };
}

const newToken = () => crypto.randomBytes(24).toString('base64url');
const followUrl = (token: string) => `/portal/follow/${token}`;

export async function submitReport(
  ctx: AppContext,
  input: CitizenReport,
  ip: string,
  idempotencyKey?: string,
): Promise<{ number: string; followToken: string; followUrl: string; replayed: boolean }> {
  const actor = await portalActor(ctx);
  const s = await publicSettings(ctx);
  const now = ctx.now();
  // A retry of a report already accepted gets the same answer, before any check that could now fail.
  if (idempotencyKey) {
    const prior = await caseRepo.findByIdempotencyKey(ctx.db, actor.id, idempotencyKey);
    if (prior) {
      const created = await createCase(ctx, actor, toCaseInput(input), idempotencyKey); // checks the request is the same
      const cr = (await repo.findCitizenReport(ctx.db, prior.id)) ?? (await repo.insertCitizenReport(ctx.db, citizenRow(ctx, prior.id, input, ip, now, false, idempotencyKey)));
      return { number: created.case.number, followToken: cr.followToken, followUrl: followUrl(cr.followToken), replayed: true };
    }
  }
  let phoneVerified = false;
  if (input.phone) {
    checkPhone(input.phone);
    if (await repo.isBanned(ctx.db, input.phone)) throw new AppError('PHONE_BANNED');
    if ((await repo.countReportsByPhoneSince(ctx.db, input.phone, new Date(now.getTime() - DAY))) >= s.reportsPerPhonePerDay) throw new AppError('DAILY_LIMIT_REACHED');
    if (s.requirePhoneCode) {
      await verifyCode(ctx, input.phone, input.code);
      phoneVerified = true;
    }
  }
  if (input.photoIds.length > s.maxPhotos) throw new AppError('VALIDATION_FAILED', `at most ${s.maxPhotos} photos`);
  const free = await repo.freePhotosOf(ctx.db, input.photoIds, actor.id);
  const missing = input.photoIds.filter((id) => !free.has(id));
  if (missing.length) throw new AppError('PHOTO_NOT_FOUND', missing.join(','));

  const created = await createCase(ctx, actor, toCaseInput(input), idempotencyKey);
  const cr = await repo.insertCitizenReport(ctx.db, citizenRow(ctx, created.case.id, input, ip, now, phoneVerified, idempotencyKey));
  return { number: created.case.number, followToken: cr.followToken, followUrl: followUrl(cr.followToken), replayed: created.replayed };
}

function toCaseInput(input: CitizenReport, description = input.description) {
  return CaseCreateSchema.parse({
    source: 'citizen',
    kind: input.kind,
    classCode: input.classCode,
    description,
    locationText: input.locationText || undefined,
    lng: input.lng,
    lat: input.lat,
    crs: input.crs,
    photoIds: input.photoIds,
    reporter: input.phone || input.name ? { ...(input.name ? { name: input.name } : {}), ...(input.phone ? { phone: input.phone } : {}) } : undefined,
  });
}

function citizenRow(ctx: AppContext, caseId: string, input: { phone?: string }, ip: string, now: Date, phoneVerified: boolean, idempotencyKey?: string, reopenOf?: string) {
  return {
    caseId,
    followToken: newToken(),
    phone: input.phone ?? null,
    phoneVerified,
    ipHash: ipHash(ctx, ip),
    idempotencyKey: idempotencyKey ?? null,
    reopenOf: reopenOf ?? null,
    createdAt: now,
  };
}

// ------------------------------------------------------------------ following

async function byToken(ctx: AppContext, token: string): Promise<{ cr: repo.CitizenReportRow; row: repo.PublicCaseRow }> {
  const cr = token.length >= 16 && token.length <= 64 ? await repo.findByToken(ctx.db, token) : null;
  const row = cr ? await repo.publicCaseRow(ctx.db, { id: cr.caseId }) : null;
  if (!cr || !row) throw new AppError('FOLLOW_LINK_INVALID');
  return { cr, row };
}

type Decisions = Map<string, repo.ModerationRow>;
const decisionKey = (item: string, ref = '') => `${item}:${ref}`;

async function decisionsFor(ctx: AppContext, caseId: string): Promise<Decisions> {
  return new Map((await repo.decisionsOf(ctx.db, [caseId])).map((d) => [decisionKey(d.item, d.ref), d]));
}

function publicReply(events: caseRepo.EventRow[], decisions: Decisions): { text: string; at: string } | null {
  const handles = events.filter((e) => e.action === 'handle' && e.note && e.note.trim());
  for (let i = handles.length - 1; i >= 0; i--) {
    const e = handles[i];
    const d = decisions.get(decisionKey('reply', String(e.seq)));
    if (d?.status === 'hidden') continue;
    return { text: d?.status === 'redacted' && d.redactedText ? d.redactedText : e.note!, at: e.at.toISOString() };
  }
  return null;
}

function timeline(events: caseRepo.EventRow[]): FollowView['timeline'] {
  const out: FollowView['timeline'] = [];
  for (const e of events) {
    if (e.fromState === e.toState && e.seq !== 1) continue;
    const state = e.toState as CaseState;
    if (out.length && out[out.length - 1].state === state) continue;
    out.push({ at: e.at.toISOString(), state, text: PUBLIC_STATE_TEXT[state] });
  }
  return out;
}

function ratingOf(events: caseRepo.EventRow[]): FollowView['rating'] {
  const r = [...events].reverse().find((e) => e.action === RATE_ACTION);
  if (!r) return null;
  const p = r.payload as { satisfaction?: Satisfaction };
  return p.satisfaction ? { satisfaction: p.satisfaction, comment: r.note, at: r.at.toISOString() } : null;
}

const names = (zh: string | null, en: string | null, fallback: string) => ({ zh: zh ?? fallback, en: en ?? zh ?? fallback });

export async function followView(ctx: AppContext, token: string): Promise<FollowView> {
  const { cr, row } = await byToken(ctx, token);
  const c = row.c;
  const [events, photos, decisions, reopenedAs, s] = await Promise.all([
    repo.eventsOf(ctx.db, c.id),
    repo.photosOf(ctx.db, c.id),
    decisionsFor(ctx, c.id),
    repo.findReopening(ctx.db, c.id),
    publicSettings(ctx),
  ]);
  const reopenOf = cr.reopenOf ? await repo.publicCaseRow(ctx.db, { id: cr.reopenOf }) : null;
  const now = ctx.now();
  const rating = ratingOf(events);
  const reopenUntil = c.state === 'closed' && c.closedAt ? new Date(c.closedAt.getTime() + s.reopenWithinDays * DAY) : null;
  const state = c.state as CaseState;
  return {
    number: c.number,
    kind: c.kind as FollowView['kind'],
    className: names(row.classNameZh, row.classNameEn, c.classCode),
    state,
    stateText: PUBLIC_STATE_TEXT[state],
    open: isOpen(state),
    reportedAt: c.createdAt.toISOString(),
    updatedAt: c.updatedAt.toISOString(),
    closedAt: c.closedAt?.toISOString() ?? null,
    area: { street: row.streetName, community: row.communityName },
    locationText: c.locationText,
    description: c.description,
    department: row.departmentNameZh ? names(row.departmentNameZh, row.departmentNameEn, '') : null,
    timeline: timeline(events),
    reply: publicReply(events, decisions),
    photos: photos
      .filter((p) => p.stage === 'before' || (p.stage === 'after' && decisions.get(decisionKey('after_photo', p.id))?.status !== 'hidden'))
      .map((p) => ({
        id: p.id,
        stage: p.stage as 'before' | 'after',
        url: `/api/public/follow/${token}/photos/${p.id}`,
        thumbUrl: `/api/public/follow/${token}/photos/${p.id}/thumb`,
      })),
    rating,
    canRate: state === 'closed' && !rating,
    canReopen: !!reopenUntil && now.getTime() <= reopenUntil.getTime() && !reopenedAs,
    reopenUntil: reopenUntil?.toISOString() ?? null,
    reopenedAs: reopenedAs ? { number: reopenedAs.number } : null,
    reopenOf: reopenOf ? { number: reopenOf.c.number } : null,
    phoneMasked: cr.phone ? maskPhone(cr.phone) : null,
  };
}

/** The file of a photo the follow link may show: the reporter's own photos and the after photos not hidden. */
export async function followPhotoFile(ctx: AppContext, token: string, photoId: string, thumb: boolean): Promise<string> {
  const { cr } = await byToken(ctx, token);
  const p = await repo.findPhoto(ctx.db, photoId);
  if (!p || p.caseId !== cr.caseId || (p.stage !== 'before' && p.stage !== 'after')) throw new AppError('PHOTO_NOT_FOUND');
  if (p.stage === 'after' && (await decisionsFor(ctx, cr.caseId)).get(decisionKey('after_photo', p.id))?.status === 'hidden') throw new AppError('PHOTO_NOT_FOUND');
  return path.join(ctx.config.uploadsDir, thumb ? p.thumbPath : p.path);
}

/** Appends an event that changes no state (a rating, a reopening) to a case's log, as the citizen. */
async function appendCitizenEvent(ctx: AppContext, caseId: string, action: string, note: string | null, payload: Record<string, unknown>, guard: (c: caseRepo.CaseRow, events: caseRepo.EventRow[]) => void) {
  const actor = await portalActor(ctx);
  const now = ctx.now();
  const row = await ctx.db.transaction(async (tx) => {
    const c = await caseRepo.lockCase(tx, caseId);
    if (!c) throw new AppError('FOLLOW_LINK_INVALID');
    guard(c, await caseRepo.eventsOf(tx, caseId));
    const updated = await caseRepo.updateCase(tx, c.id, c.version, { updatedAt: now });
    if (!updated) throw new AppError('CASE_VERSION_CONFLICT');
    await caseRepo.insertEvent(tx, {
      caseId: c.id,
      seq: updated.version,
      action,
      fromState: c.state,
      toState: c.state,
      actorId: actor.id,
      role: 'citizen',
      at: now,
      note,
      photoIds: [],
      payload,
      stepDeadline: null,
      departmentId: c.departmentId,
    });
    return updated;
  });
  ctx.bus.publish({
    type: 'case',
    caseId: row.id,
    number: row.number,
    action,
    state: row.state,
    departmentId: row.departmentId,
    assigneeId: row.assigneeId,
    streetCode: row.streetCode,
    at: now.toISOString(),
  });
}

/** 回访评价: recorded as a `rate` event (role citizen) that the evaluation's 满意率 reads. Once per case. */
export async function rate(ctx: AppContext, token: string, input: { satisfaction: Satisfaction; comment?: string }): Promise<FollowView> {
  const { cr } = await byToken(ctx, token);
  await appendCitizenEvent(ctx, cr.caseId, RATE_ACTION, input.comment || null, { satisfaction: input.satisfaction, channel: 'app' }, (c, events) => {
    if (c.state !== 'closed') throw new AppError('NOT_RATABLE');
    if (events.some((e) => e.action === RATE_ACTION)) throw new AppError('ALREADY_RATED');
  });
  return followView(ctx, token);
}

/**
 * 复诉: the citizen says a closed case is not fixed, within the set days after closing. The closed case stays closed
 * (its log and the evaluation of whoever closed it are history); a new citizen case linked to it starts the
 * workflow again, and the old case's log records a `reopen` event naming the new one.
 */
export async function reopen(ctx: AppContext, token: string, input: { note: string; photoIds: string[] }, ip: string, idempotencyKey?: string) {
  const { cr, row } = await byToken(ctx, token);
  const c = row.c;
  const s = await publicSettings(ctx);
  const now = ctx.now();
  const existing = await repo.findReopening(ctx.db, c.id);
  if (existing) {
    const ecr = (await repo.findCitizenReport(ctx.db, existing.caseId))!;
    if (idempotencyKey && ecr.idempotencyKey === idempotencyKey) {
      await recordReopening(ctx, c.id, input.note, { id: existing.caseId, number: existing.number });
      return { number: existing.number, followToken: ecr.followToken, followUrl: followUrl(ecr.followToken), replayed: true };
    }
    throw new AppError('NOT_REOPENABLE', 'already reopened');
  }
  if (c.state !== 'closed' || !c.closedAt || now.getTime() > c.closedAt.getTime() + s.reopenWithinDays * DAY) throw new AppError('NOT_REOPENABLE');
  const actor = await portalActor(ctx);
  const free = await repo.freePhotosOf(ctx.db, input.photoIds, actor.id);
  const missing = input.photoIds.filter((id) => !free.has(id));
  if (missing.length) throw new AppError('PHOTO_NOT_FOUND', missing.join(','));
  const reporter = (c.reporter as { name?: string; phone?: string } | null) ?? null;
  const description = `【复诉】原案卷 ${c.number} 问题未解决：${input.note}`.slice(0, 2000);
  const created = await createCase(
    ctx,
    actor,
    CaseCreateSchema.parse({
      source: 'citizen',
      kind: c.kind,
      classCode: c.classCode,
      description,
      locationText: c.locationText,
      lng: c.lng,
      lat: c.lat,
      photoIds: input.photoIds,
      reporter: reporter ?? undefined,
    }),
    idempotencyKey,
  );
  const ncr = await repo.insertCitizenReport(ctx.db, { ...citizenRow(ctx, created.case.id, { phone: cr.phone ?? undefined }, ip, now, cr.phoneVerified, idempotencyKey, c.id) });
  await recordReopening(ctx, c.id, input.note, created.case);
  return { number: created.case.number, followToken: ncr.followToken, followUrl: followUrl(ncr.followToken), replayed: created.replayed };
}

/**
 * The old case's `reopen` event naming the new case, once: copies of the same request (a retry, or two sent at once)
 * all get here, and the check runs under the old case's row lock, so exactly one of them writes it.
 */
async function recordReopening(ctx: AppContext, oldCaseId: string, note: string, created: { id: string; number: string }): Promise<void> {
  const recorded = new Error('already recorded');
  try {
    await appendCitizenEvent(ctx, oldCaseId, 'reopen', note, { caseId: created.id, number: created.number }, (_c, events) => {
      if (events.some((e) => e.action === 'reopen' && (e.payload as { caseId?: string } | null)?.caseId === created.id)) throw recorded;
    });
  } catch (e) {
    if (e !== recorded) throw e;
  }
}

// ------------------------------------------------------------------ the public map

/** Snaps a point to the centre of its lattice cell: the public learns the area, not the doorstep. */
export function coarsen(lng: number, lat: number, deg: number): [number, number] {
  const snap = (v: number) => Math.round(((Math.floor(v / deg) + 0.5) * deg) * 1e6) / 1e6;
  return [snap(lng), snap(lat)];
}

function publicCase(r: Awaited<ReturnType<typeof repo.recentPublicCases>>[number], s: PublicSettings) {
  const state = r.state as CaseState;
  const [lng, lat] = r.privatePoint ? coarsen(r.lng, r.lat, s.coarsenDegrees) : [r.lng, r.lat];
  return {
    number: r.number,
    kind: r.kind as 'component' | 'matter',
    classCode: r.classCode,
    className: names(r.classNameZh, r.classNameEn, r.classCode),
    state,
    stateText: PUBLIC_STATE_TEXT[state],
    area: { street: r.streetName, community: r.communityName },
    lng,
    lat,
    approximate: !!r.privatePoint,
    reportedAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}

export async function publicMap(ctx: AppContext, days?: number) {
  const s = await publicSettings(ctx);
  const since = new Date(ctx.now().getTime() - Math.min(days ?? s.mapDays, s.mapDays) * DAY);
  const rows = await repo.recentPublicCases(ctx.db, since, 5000);
  return { since: since.toISOString(), items: rows.map((r) => publicCase(r, s)) };
}

export async function publicCaseDetail(ctx: AppContext, number: string) {
  const row = /^\d{6}-\d{4}-\d{1,10}$/.test(number) ? await repo.publicCaseRow(ctx.db, { number }) : null;
  if (!row) throw new AppError('CASE_NOT_FOUND');
  const c = row.c;
  const decisions = await decisionsFor(ctx, c.id);
  if (decisions.get(decisionKey('case'))?.status === 'hidden' || c.state === 'invalid' || c.state === 'cancelled') throw new AppError('CASE_NOT_FOUND');
  const s = await publicSettings(ctx);
  const [events, photos] = await Promise.all([repo.eventsOf(ctx.db, c.id), repo.photosOf(ctx.db, c.id)]);
  const text = decisions.get(decisionKey('report_text'));
  return {
    ...publicCase(
      {
        id: c.id, number: c.number, kind: c.kind, classCode: c.classCode, classNameZh: row.classNameZh, classNameEn: row.classNameEn, privatePoint: row.privatePoint,
        state: c.state, lng: c.lng, lat: c.lat, streetName: row.streetName, communityName: row.communityName, createdAt: c.createdAt, updatedAt: c.updatedAt,
      },
      s,
    ),
    description: text?.status === 'published' ? c.description : text?.status === 'redacted' ? text.redactedText : null,
    reply: publicReply(events, decisions),
    photos: photos.filter((p) => publicPhotoVisible(p, decisions)).map((p) => ({ id: p.id, stage: p.stage as 'before' | 'after', url: `/api/public/photos/${p.id}`, thumbUrl: `/api/public/photos/${p.id}/thumb` })),
  };
}

function publicPhotoVisible(p: { id: string; stage: string }, decisions: Decisions): boolean {
  if (p.stage === 'after') return decisions.get(decisionKey('after_photo', p.id))?.status !== 'hidden';
  if (p.stage === 'before') return decisions.get(decisionKey('report_photo', p.id))?.status === 'published';
  return false;
}

/** A photo anyone may see: an after photo not hidden, or a report photo an operator published, of a public case. */
export async function publicPhotoFile(ctx: AppContext, photoId: string, thumb: boolean): Promise<string> {
  const p = await repo.findPhoto(ctx.db, photoId);
  if (!p || !p.caseId) throw new AppError('PHOTO_NOT_FOUND');
  const c = await caseRepo.findCase(ctx.db, p.caseId);
  const decisions = await decisionsFor(ctx, p.caseId);
  if (!c || c.state === 'invalid' || c.state === 'cancelled' || decisions.get(decisionKey('case'))?.status === 'hidden' || !publicPhotoVisible(p, decisions)) {
    throw new AppError('PHOTO_NOT_FOUND');
  }
  return path.join(ctx.config.uploadsDir, thumb ? p.thumbPath : p.path);
}

// ------------------------------------------------------------------ notices

/** Tells a citizen with a confirmed number that their case is closed (or not taken up), with the follow link. */
export async function notifyCitizen(ctx: AppContext, caseId: string, state: string): Promise<void> {
  if (state !== 'closed' && state !== 'invalid') return;
  const cr = await repo.findCitizenReport(ctx.db, caseId);
  if (!cr?.phone || !cr.phoneVerified) return;
  const c = await caseRepo.findCase(ctx.db, caseId);
  if (!c) return;
  const link = `${ctx.config.publicUrl ?? ''}${followUrl(cr.followToken)}`;
  const text =
    state === 'closed'
      ? `【绿园区数字城管】您反映的问题（${c.number}）已办结，欢迎评价：${link}`
      : `【绿园区数字城管】您反映的问题（${c.number}）经核实不予立案，详情：${link}`;
  await sendSms(ctx, cr.phone, text, 'notice');
}
