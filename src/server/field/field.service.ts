// Field inspector use cases: on/off duty, patrol positions and tracks, my beat, idempotent task answers, my statistics.
import crypto from 'node:crypto';
import { z } from 'zod';
import { toWgs84 } from '../../domain/geo';
import {
  countBy,
  DEFAULT_EVALUATION_CONFIG,
  deriveFacts,
  periodOf,
  resolveConfig,
  type CaseFacts,
  type EvalEvent,
  type TaskFacts,
} from '../../domain/evaluation';
import type { CaseSource, CaseState } from '../../domain/workflow';
import { requireAccess, type Actor } from '../auth/policy';
import { actOnCase, getCase } from '../cases/case.service';
import type { CaseDetail } from '../cases/case.schema';
import type { AppContext } from '../context';
import type { Executor } from '../db/client';
import { AppError } from '../errors';
import { getSetting, putSetting } from '../settings/settings.repository';
import * as repo from './field.repository';
import {
  DEFAULT_FIELD_SETTINGS,
  FieldSettingsSchema,
  type FieldSettings,
  type PositionsInputSchema,
  type Stats,
  type TaskAnswer,
} from './field.schema';

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

export async function fieldSettings(ctx: AppContext): Promise<FieldSettings> {
  const stored = await getSetting<Partial<FieldSettings>>(ctx.db, 'field');
  const parsed = FieldSettingsSchema.safeParse({ ...DEFAULT_FIELD_SETTINGS, ...(stored ?? {}) });
  return parsed.success ? parsed.data : DEFAULT_FIELD_SETTINGS;
}

export async function updateFieldSettings(ctx: AppContext, actor: Actor, patch: Partial<FieldSettings>): Promise<FieldSettings> {
  requireAccess(actor, 'settings.write');
  const next = FieldSettingsSchema.parse({ ...(await fieldSettings(ctx)), ...patch });
  await putSetting(ctx.db, 'field', next, actor.id, ctx.now());
  return next;
}

// ------------------------------------------------------------------ duty and positions

export async function getDuty(ctx: AppContext, actor: Actor) {
  requireAccess(actor, 'field.patrol');
  const [d, settings] = await Promise.all([repo.findDuty(ctx.db, actor.id), fieldSettings(ctx)]);
  return {
    onDuty: d?.onDuty ?? false,
    since: iso(d?.since),
    lastPosition: d?.lastAt && d.lastLng !== null && d.lastLat !== null ? { lng: d.lastLng, lat: d.lastLat, accuracy: d.lastAccuracy, at: d.lastAt.toISOString() } : null,
    settings,
  };
}

export async function setDuty(ctx: AppContext, actor: Actor, onDuty: boolean) {
  requireAccess(actor, 'field.patrol');
  const current = await repo.findDuty(ctx.db, actor.id);
  // Switching to the state one is already in keeps the start time.
  if (!current || current.onDuty !== onDuty) await repo.upsertDuty(ctx.db, actor.id, onDuty, ctx.now());
  return getDuty(ctx, actor);
}

let lastPurge = 0;

/** Stores positions sent while on duty (converted to WGS84), and now and then deletes tracks past retention. */
export async function recordPositions(ctx: AppContext, actor: Actor, input: z.infer<typeof PositionsInputSchema>): Promise<{ accepted: number }> {
  requireAccess(actor, 'field.patrol');
  const duty = await repo.findDuty(ctx.db, actor.id);
  if (!duty?.onDuty) throw new AppError('NOT_ON_DUTY');
  const now = ctx.now();
  const settings = await fieldSettings(ctx);
  const oldest = now.getTime() - settings.trackRetentionDays * 86_400_000;
  const rows = input.positions
    // Positions from before this duty spell or from the future (a wrong phone clock beyond 10 minutes) are dropped.
    .filter((p) => p.at.getTime() >= Math.max(duty.since.getTime() - 60_000, oldest) && p.at.getTime() <= now.getTime() + 600_000)
    .map((p) => {
      const [lng, lat] = toWgs84(p.lng, p.lat, p.crs);
      return { userId: actor.id, at: p.at, lng, lat, accuracy: p.accuracy ?? null, receivedAt: now };
    });
  await ctx.db.transaction((tx) => repo.insertPositions(tx, rows));
  if (now.getTime() - lastPurge > 3600_000) {
    lastPurge = now.getTime();
    await repo.deletePositionsBefore(ctx.db, new Date(oldest));
  }
  return { accepted: rows.length };
}

/** The command map's inspectors: the latest position of everyone on duty. */
export async function latestPositions(ctx: AppContext, actor: Actor) {
  requireAccess(actor, 'field.positions.read');
  const [rows, settings] = await Promise.all([repo.latestPositions(ctx.db), fieldSettings(ctx)]);
  const now = ctx.now().getTime();
  return {
    items: rows.map((r) => ({
      userId: r.userId,
      displayName: r.displayName,
      since: r.since.toISOString(),
      lng: r.lng!,
      lat: r.lat!,
      accuracy: r.accuracy,
      at: r.at!.toISOString(),
      stale: now - r.at!.getTime() > settings.staleAfterSeconds * 1000,
    })),
  };
}

export async function getTrack(ctx: AppContext, actor: Actor, q: { userId?: string; from?: Date; to?: Date }) {
  const own = !q.userId || q.userId === actor.id;
  requireAccess(actor, own && actor.roles.includes('inspector') ? 'field.patrol' : 'field.positions.read');
  const to = q.to ?? ctx.now();
  const from = q.from ?? new Date(to.getTime() - 12 * 3600_000);
  const rows = await repo.track(ctx.db, q.userId ?? actor.id, from, to);
  return { userId: q.userId ?? actor.id, points: rows.map((r) => ({ at: r.at.toISOString(), lng: r.lng, lat: r.lat, accuracy: r.accuracy })) };
}

// ------------------------------------------------------------------ my beat

export async function myBeat(ctx: AppContext, actor: Actor) {
  requireAccess(actor, 'field.patrol');
  const rows = await repo.beatGrids(ctx.db, actor.id);
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  const beats = new Map<string, { id: string; code: string; name: string; gridCount: number }>();
  const features = rows.map((g) => {
    for (const [x, y] of g.ring) {
      minX = Math.min(minX, x); minY = Math.min(minY, y); maxX = Math.max(maxX, x); maxY = Math.max(maxY, y);
    }
    const b = beats.get(g.beatId) ?? { id: g.beatId, code: g.beatCode, name: g.beatName, gridCount: 0 };
    b.gridCount++;
    beats.set(g.beatId, b);
    return {
      type: 'Feature' as const,
      geometry: { type: 'Polygon' as const, coordinates: [[...g.ring, g.ring[0]]] },
      properties: { gridCode: g.gridCode, communityCode: g.communityCode, streetCode: g.streetCode, beatCode: g.beatCode, beatName: g.beatName },
    };
  });
  return {
    type: 'FeatureCollection' as const,
    features,
    bbox: features.length ? ([minX, minY, maxX, maxY] as [number, number, number, number]) : null,
    beats: [...beats.values()],
  };
}

export async function recentClasses(ctx: AppContext, actor: Actor) {
  requireAccess(actor, 'case.create');
  const rows = await repo.recentClasses(ctx.db, actor.id, 8);
  return { items: rows.map((r) => ({ kind: r.kind as 'component' | 'matter', code: r.code, nameZh: r.nameZh, nameEn: r.nameEn })) };
}

// ------------------------------------------------------------------ task answers

const hashOf = (a: TaskAnswer) => crypto.createHash('sha256').update(JSON.stringify(a)).digest('hex');

/**
 * Answers a verify or check task once per Idempotency-Key: the phone retries a queued answer until it hears back,
 * and a retry after a lost answer returns the case instead of a TRANSITION_NOT_ALLOWED.
 */
export async function answerTask(ctx: AppContext, actor: Actor, caseId: string, answer: TaskAnswer, key?: string): Promise<{ case: CaseDetail; replayed: boolean }> {
  requireAccess(actor, 'field.patrol');
  const hash = hashOf(answer);
  const replay = async () => {
    const prior = key ? await repo.findTaskAnswer(ctx.db, actor.id, key) : null;
    if (!prior) return null;
    if (prior.requestHash !== hash || prior.caseId !== caseId) throw new AppError('IDEMPOTENCY_KEY_REUSED');
    return { case: await getCase(ctx, actor, caseId), replayed: true };
  };
  const earlier = await replay();
  if (earlier) return earlier;
  try {
    // The key is recorded in the same transaction as the action: both happen, or neither (a crash between them
    // would otherwise turn the phone's retry into TRANSITION_NOT_ALLOWED).
    const record = key
      ? async (tx: Executor) => repo.insertTaskAnswer(tx, { userId: actor.id, idempotencyKey: key, caseId, action: answer.action, requestHash: hash, createdAt: ctx.now() })
      : undefined;
    return { case: await actOnCase(ctx, actor, caseId, answer.action, answer.input, undefined, record), replayed: false };
  } catch (err) {
    // A copy of this request sent at the same moment won: answer as it was answered.
    const won = await replay();
    if (won) return won;
    throw err;
  }
}

// ------------------------------------------------------------------ my statistics

/** The month (Asia/Shanghai) containing `now`, as YYYY-MM-DD of its first day. */
function shanghaiDay(d: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(d);
}

const rateOf = (n: number, d: number) => ({ numerator: n, denominator: d, rate: d > 0 ? Math.min(1, n / d) : null });

/**
 * My figures this month from the evaluation rules (src/domain/evaluation): 上报数, 有效上报率, 按时核实率, 按时核查率,
 * counted as the district ranking counts them, over the event logs of my cases.
 */
export async function myStats(ctx: AppContext, actor: Actor, month?: string): Promise<Stats> {
  requireAccess(actor, 'field.patrol');
  const now = ctx.now();
  const period = periodOf('month', month ? `${month}-01` : shanghaiDay(now));
  // Tasks that fell due in the month may have started in the month before.
  const since = new Date(period.from.getTime() - 45 * 86_400_000);
  const ids = await repo.inspectorCaseIds(ctx.db, actor.id, since);
  const { rows, events } = await repo.casesWithEvents(ctx.db, ids);
  const byCase = new Map<string, EvalEvent[]>();
  for (const e of events) {
    const list = byCase.get(e.caseId) ?? [];
    list.push({
      seq: e.seq,
      action: e.action,
      fromState: e.fromState as CaseState | null,
      toState: e.toState as CaseState,
      role: e.role,
      actorId: e.actorId,
      at: e.at,
      stepDeadline: e.stepDeadline,
      departmentId: e.departmentId,
      payload: (e.payload ?? {}) as Record<string, unknown>,
    });
    byCase.set(e.caseId, list);
  }
  const facts: CaseFacts[] = [];
  const tasks: TaskFacts[] = [];
  for (const c of rows) {
    const log = byCase.get(c.id);
    if (!log?.length) continue;
    const d = deriveFacts(
      {
        id: c.id,
        source: c.source as CaseSource,
        selfFix: c.selfFix,
        urgent: c.urgency === 'urgent',
        kind: c.kind,
        classCode: c.classCode,
        gridCode: c.gridCode,
        communityCode: c.communityCode,
        streetCode: c.streetCode,
        reporterId: c.reporterId,
        state: c.state as CaseState,
        stepDeadline: c.stepDeadline,
      },
      log,
    );
    facts.push(d.facts);
    tasks.push(...d.tasks);
  }
  const config = resolveConfig((await getSetting(ctx.db, 'evaluation')) ?? DEFAULT_EVALUATION_CONFIG);
  const counts = countBy('inspector', facts, tasks, {
    from: period.from,
    to: period.to,
    now,
    publicSources: config.publicSources,
    hotlineSources: config.hotlineSources,
    satisfiedLevels: config.satisfiedLevels,
  }).get(actor.id);
  const c = (k: 'reports' | 'validReports' | 'verifyOnTime' | 'toVerify' | 'checkOnTime' | 'toCheck') => counts?.[k] ?? 0;
  const openTasks = rows.filter((r) => r.assigneeId === actor.id && (r.state === 'verifying' || r.state === 'checking')).length;
  return {
    period: { label: period.label, from: period.from.toISOString(), to: period.to.toISOString() },
    reports: c('reports'),
    validReports: c('validReports'),
    validReportRate: rateOf(c('validReports'), c('reports')),
    verifyOnTimeRate: rateOf(c('verifyOnTime'), c('toVerify')),
    checkOnTimeRate: rateOf(c('checkOnTime'), c('toCheck')),
    openTasks,
    source: 'evaluation',
  };
}
