// From case events to notifications: each event is claimed once (notify_processed_events, in the same transaction
// as what it makes), the rule table says who hears what, citizens get their texts, local-alert subscribers theirs,
// the case's escalation timers follow its running step, and an urgent report starts the emergency handling.
import { and, eq } from 'drizzle-orm';
import { shanghaiDay, shanghaiTime } from '../../domain/calendar';
import { chainFor, schedule, type EscalationStep } from '../../domain/escalation';
import { citizenUpdateFor, localAlertEventOf, noticesFor, type Params, type RuleEvent } from '../../domain/notify';
import { STEP_OF_STATE, type CaseState } from '../../domain/workflow';
import * as caseRepo from '../cases/case.repository';
import type { AppContext } from '../context';
import type { Executor } from '../db/client';
import { citizenReports, publicModeration } from '../db/schema';
import { getSetting, putSetting } from '../settings/settings.repository';
import { matchingSubscriptions, manageUrl } from './alerts.service';
import * as repo from './notify.repository';
import { escalationConfig, notify, notifyCitizen } from './notify.service';

const SINCE_KEY = 'notify.since';

/** Events before this instant are history: a new installation does not notify about them. Set on first start. */
export async function ensureNotifySince(db: Executor, at: Date): Promise<Date> {
  const stored = await getSetting<string>(db, SINCE_KEY);
  if (stored) return new Date(stored);
  await putSetting(db, SINCE_KEY, at.toISOString(), null, at);
  return at;
}

const sinces = new WeakMap<AppContext, Date | null>();
async function notifySince(ctx: AppContext): Promise<Date | null> {
  if (!sinces.has(ctx) || sinces.get(ctx) === null) {
    const stored = await getSetting<string>(ctx.db, SINCE_KEY);
    sinces.set(ctx, stored ? new Date(stored) : null);
  }
  return sinces.get(ctx) ?? null;
}

/** 11-16 17:30 (Asia/Shanghai). */
export function shortTime(d: Date | null | undefined): string {
  return d ? `${shanghaiDay(d).slice(5)} ${shanghaiTime(d)}` : '—';
}

export const STEP_WORDS: Record<string, { zh: string; en: string }> = {
  verify: { zh: '核实', en: 'verify' },
  file: { zh: '立案', en: 'file' },
  dispatch: { zh: '派遣', en: 'dispatch' },
  handle: { zh: '处置', en: 'handle' },
  check: { zh: '核查', en: 'check' },
  close: { zh: '结案', en: 'close' },
  approve: { zh: '审批', en: 'approval' },
};

/** The words of a case that templates use. */
export async function caseParams(db: Executor, c: caseRepo.CaseRow): Promise<Params> {
  const row = await caseRepo.caseDetailRow(db, c.id);
  const deadline = c.state === 'dispatched' || c.state === 'handling' ? c.handleDeadline : (c.stepDeadline ?? c.handleDeadline);
  return {
    number: c.number,
    class: { zh: row?.classNameZh ?? c.classCode, en: row?.classNameEn ?? c.classCode },
    place: c.locationText,
    area: [row?.streetName, row?.communityName].filter(Boolean).join(''),
    department: row?.departmentNameZh ? { zh: row.departmentNameZh, en: row.departmentNameEn ?? row.departmentNameZh } : { zh: '—', en: '—' },
    deadline: shortTime(deadline),
    description: c.description.length > 80 ? `${c.description.slice(0, 80)}…` : c.description,
  };
}

/** Processes every unprocessed case event since `sinceMs` ago (of one case, or all); returns how many this call handled. */
export async function processCaseEvents(ctx: AppContext, opts: { caseId?: string; sinceMs?: number } = {}): Promise<number> {
  const now = ctx.now();
  const floor = await notifySince(ctx);
  let since = new Date(now.getTime() - (opts.sinceMs ?? 7 * 24 * 3600_000));
  if (floor && floor.getTime() > since.getTime()) since = floor;
  let handled = 0;
  for (;;) {
    const rows = await repo.unprocessedEvents(ctx.db, { since, caseId: opts.caseId, limit: 100 });
    for (const r of rows) if (await processEvent(ctx, r.id)) handled++;
    if (rows.length < 100) return handled;
  }
}

/** One event, in one transaction; false when another process got to it first. */
export async function processEvent(ctx: AppContext, eventId: number): Promise<boolean> {
  const now = ctx.now();
  const settings = await ctx.settings.get();
  const config = await escalationConfig(ctx.db);
  return ctx.db.transaction(async (tx) => {
    if (!(await repo.markProcessed(tx, eventId, now))) return false;
    const e = await repo.findEvent(tx, eventId);
    if (!e) return true;
    const c = await caseRepo.findCase(tx, e.caseId);
    if (!c) return true;
    const ev: RuleEvent = { action: e.action, fromState: e.fromState, toState: e.toState, actorId: e.actorId, note: e.note, payload: e.payload as Record<string, unknown>, departmentId: e.departmentId };
    const log = await repo.actionsOf(tx, c.id);
    const params = await caseParams(tx, c);
    const actorName = e.actorId ? ((await repo.activeUsers(tx, [e.actorId]))[0]?.displayName ?? null) : null;
    const notices = noticesFor(ev, { state: c.state, urgency: c.urgency, departmentId: c.departmentId, assigneeId: c.assigneeId }, log.filter((l) => l.seq < e.seq));
    for (const [i, n] of notices.entries()) {
      await notify(ctx, tx, {
        kind: n.kind,
        recipients: n.recipients,
        params: { ...params, actor: actorName, requester: actorName, note: e.note, ...n.params },
        dedupeKey: `ev:${e.id}:${i}`,
        caseId: c.id,
        caseNumber: c.number,
        excludeUserIds: [e.actorId],
        // An emergency's dispatch and tasks are alerts too: banner, sound, through quiet hours.
        urgent: c.urgency === 'urgent' && (n.kind === 'caseDispatched' || n.kind === 'taskAssigned') ? true : undefined,
      });
    }
    await citizenUpdate(ctx, tx, ev, c, e.id);
    await localAlerts(ctx, tx, ev, c, e.id, params);
    if (e.action === 'report' && c.urgency === 'urgent') {
      await repo.insertTimers(tx, [{ caseId: c.id, kind: 'emergency', key: 'emergency', step: 'verify', dueAt: now, createdAt: now }]);
    }
    await syncStageTimers(tx, c, settings.calendar, config, now);
    return true;
  });
}

async function citizenUpdate(ctx: AppContext, tx: Executor, ev: RuleEvent, c: caseRepo.CaseRow, eventId: number): Promise<void> {
  const update = citizenUpdateFor(ev);
  if (!update) return;
  const [cr] = await tx.select().from(citizenReports).where(eq(citizenReports.caseId, c.id));
  if (!cr?.phone || !cr.phoneVerified) return;
  const link = `${ctx.config.publicUrl ?? ''}/portal/follow/${cr.followToken}`;
  await notifyCitizen(ctx, tx, { kind: 'citizenCaseUpdate', phone: cr.phone, params: { number: c.number, status: update.status, link }, dedupeKey: `ev:${eventId}:citizen`, caseId: c.id });
}

/** Daily text messages one local-alert subscription may receive (FixMyStreet sends one e-mail per report; SMS costs more). */
export const ALERTS_PER_DAY = 5;

async function localAlerts(ctx: AppContext, tx: Executor, ev: RuleEvent, c: caseRepo.CaseRow, eventId: number, params: Params): Promise<void> {
  const kind = localAlertEventOf(ev);
  if (!kind) return;
  // A case hidden from the public map is not announced either.
  const hidden = await tx.select().from(publicModeration).where(and(eq(publicModeration.caseId, c.id), eq(publicModeration.item, 'case'), eq(publicModeration.status, 'hidden')));
  if (hidden.length) return;
  const subs = await matchingSubscriptions(tx, { lng: c.lng, lat: c.lat, communityCode: c.communityCode, event: kind });
  const dayStart = new Date(Date.parse(`${shanghaiDay(ctx.now())}T00:00:00+08:00`));
  for (const s of subs) {
    if ((await repo.outboxCountSince(tx, s.id, dayStart)) >= ALERTS_PER_DAY) continue;
    await notifyCitizen(ctx, tx, {
      kind: 'citizenLocalAlert',
      phone: s.phone,
      subscriptionId: s.id,
      caseId: c.id,
      dedupeKey: `ev:${eventId}:alert:${s.id}`,
      params: {
        ...params,
        area: s.label ? `【${s.label}】` : '',
        event: kind === 'new' ? { zh: '新立案问题', en: 'New case' } : { zh: '问题已办结', en: 'Case resolved' },
        link: `${ctx.config.publicUrl ?? ''}/portal/case/${c.number}`,
        manage: manageUrl(ctx, s.token),
      },
    });
  }
}

/** The key of a stage timer: the step run (state, start, deadline) and the stage's place in the chain. */
export function stageKey(c: Pick<caseRepo.CaseRow, 'state' | 'stepStartedAt' | 'stepDeadline'>, index: number): string {
  return `${c.state}@${c.stepStartedAt?.toISOString()}/${c.stepDeadline?.toISOString()}#${index}`;
}

/** Makes the case's pending stage timers those of its running step (new step, moved deadline, or none). */
export async function syncStageTimers(tx: Executor, c: caseRepo.CaseRow, calendar: import('../../domain/calendar').WorkingCalendar, config: import('../../domain/escalation').EscalationConfig, now: Date): Promise<void> {
  const step = STEP_OF_STATE[c.state as CaseState] as EscalationStep | null;
  if (!step || !c.stepStartedAt || !c.stepDeadline || !c.stepWarnAt || !c.stepUnit) {
    await repo.cancelStageTimers(tx, c.id, []);
    return;
  }
  const stages = schedule(calendar, { startedAt: c.stepStartedAt, deadline: c.stepDeadline, warnAt: c.stepWarnAt, unit: c.stepUnit as never }, chainFor(config, step, c.kind, c.classCode));
  const rows = stages.map((s) => ({ caseId: c.id, kind: 'stage', key: stageKey(c, s.index), step, stage: s.stage, level: s.level, dueAt: s.dueAt, createdAt: now }));
  await repo.cancelStageTimers(tx, c.id, rows.map((r) => r.key));
  await repo.insertTimers(tx, rows);
}
