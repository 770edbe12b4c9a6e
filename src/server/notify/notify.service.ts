// The notification service: `notify(...)`, the one call other modules use to tell people something (in the console,
// by SMS, e-mail or webhook, as each person prefers), and the notification centre's API. Outbound messages go
// through the durable outbox (outbox.ts); in-app ones are stored and announced to the consoles (realtime.ts).
import crypto from 'node:crypto';
import { DEFAULT_ESCALATION, EscalationConfigSchema, type EscalationConfig } from '../../domain/escalation';
import {
  deliverAt,
  NOTIFICATION_KINDS,
  OUTBOUND_CHANNELS,
  render,
  STAFF_KINDS,
  type Channel,
  type DutyUnit,
  type NotificationKind,
  type Params,
  type QuietHours,
  type Recipient,
} from '../../domain/notify';
import { requireAccess, type Actor } from '../auth/policy';
import type { AppContext } from '../context';
import type { Executor } from '../db/client';
import { AppError } from '../errors';
import { getSetting, putSetting } from '../settings/settings.repository';
import { channelOf } from './channels';
import { onDutyAt } from './duty.repository';
import * as repo from './notify.repository';
import {
  DEFAULT_EMERGENCY_POLICY,
  EmergencyPolicySchema,
  type EmergencyPolicy,
  type EscalationSettings,
  type NotificationView,
  type PreferencesInput,
  type PreferencesView,
} from './notify.schema';
import { announceNotifications } from './realtime';

// ------------------------------------------------------------------ the notify API

export interface NotifyInput {
  kind: NotificationKind;
  /** People, departments, roles, people on duty … (resolved here). */
  recipients: Recipient[];
  /** Template parameters: text, or { zh, en }. */
  params: Params;
  /** One notification per person and key, however often or by however many processes this is called. */
  dedupeKey: string;
  caseId?: string | null;
  caseNumber?: string | null;
  /** Where a click goes; defaults to the case. */
  link?: string | null;
  /** An alert: banner and sound in the console, through quiet hours. Defaults to the kind's setting. */
  urgent?: boolean;
  /** Nobody is told what they did themselves. */
  excludeUserIds?: (string | null)[];
}

export interface NotifyResult {
  userIds: string[];
  inApp: number;
  outbound: number;
}

/** Fallback when nobody is on the roster: the roles that hold the unit's work. */
const DUTY_FALLBACK: Record<DutyUnit, string[]> = { supervision: ['chief'], command: ['dispatcher'], leader: ['leader'] };

export async function escalationConfig(db: Executor): Promise<EscalationConfig> {
  const stored = await getSetting<unknown>(db, 'escalation');
  const parsed = EscalationConfigSchema.safeParse(stored ?? DEFAULT_ESCALATION);
  return parsed.success ? parsed.data : DEFAULT_ESCALATION;
}

export async function emergencyPolicy(db: Executor): Promise<EmergencyPolicy> {
  const parsed = EmergencyPolicySchema.safeParse((await getSetting<unknown>(db, 'emergency')) ?? DEFAULT_EMERGENCY_POLICY);
  return parsed.success ? parsed.data : DEFAULT_EMERGENCY_POLICY;
}

/** The people a list of recipients names (active staff), with the centres' and departments' fallbacks. */
export async function resolveRecipients(db: Executor, recipients: Recipient[], now: Date): Promise<repo.Person[]> {
  const ids = new Set<string>();
  const people = new Map<string, repo.Person>();
  const add = (ps: repo.Person[]) => ps.forEach((p) => people.set(p.id, p));
  let config: EscalationConfig | null = null;
  const cfg = async () => (config ??= await escalationConfig(db));
  const onDuty = async (unit: DutyUnit) => {
    const rows = await onDutyAt(db, unit, now);
    if (rows.length) rows.forEach((r) => ids.add(r.userId));
    else add(await repo.usersWithRoles(db, DUTY_FALLBACK[unit]));
  };
  for (const r of recipients) {
    if ('user' in r) ids.add(r.user);
    else if ('department' in r) add(await repo.departmentMembers(db, [r.department]));
    else if ('role' in r) add(await repo.usersWithRoles(db, [r.role]));
    else if ('duty' in r) await onDuty(r.duty);
    else if ('departmentHead' in r) {
      const heads = (await cfg()).departments[r.departmentHead]?.heads ?? [];
      if (heads.length) heads.forEach((h) => ids.add(h));
      else add(await repo.departmentMembers(db, [r.departmentHead]));
    } else if ('leaderInCharge' in r) {
      const leaders = r.leaderInCharge ? ((await cfg()).departments[r.leaderInCharge]?.leaders ?? []) : [];
      if (leaders.length) leaders.forEach((l) => ids.add(l));
      else await onDuty('leader');
    }
  }
  add(await repo.activeUsers(db, [...ids].filter((id) => !people.has(id))));
  return [...people.values()];
}

function channelsFor(kind: NotificationKind, prefs: repo.PrefsRow | undefined): Channel[] {
  const chosen = (prefs?.channels as Partial<Record<NotificationKind, Channel[]>> | undefined)?.[kind];
  return [...(chosen ?? NOTIFICATION_KINDS[kind].defaults)];
}

const quietOf = (p: repo.PrefsRow | undefined): QuietHours | null => (p?.quietStart && p.quietEnd ? { start: p.quietStart, end: p.quietEnd } : null);

/**
 * Tells the recipients: an in-app notification and, as each prefers, SMS / e-mail / webhook through the outbox
 * (held until their quiet hours end, unless urgent). Pass the transaction that makes the news, and the
 * notifications are stored, queued and announced if and only if it commits.
 */
export async function notify(ctx: AppContext, db: Executor, input: NotifyInput): Promise<NotifyResult> {
  const now = ctx.now();
  const def = NOTIFICATION_KINDS[input.kind];
  const urgent = input.urgent ?? ('urgent' in def && def.urgent === true);
  const excluded = new Set(input.excludeUserIds?.filter((x): x is string => !!x));
  const people = (await resolveRecipients(db, input.recipients, now)).filter((p) => !excluded.has(p.id));
  if (people.length === 0) return { userIds: [], inApp: 0, outbound: 0 };
  const prefs = await repo.prefsOf(db, people.map((p) => p.id));
  const zh = render(input.kind, input.params, 'zh');
  const en = render(input.kind, input.params, 'en');
  const link = input.link !== undefined ? input.link : input.caseId ? `/cases/${input.caseId}` : null;
  const inAppRows: Parameters<typeof repo.insertNotifications>[1] = [];
  const outRows: Parameters<typeof repo.insertOutbox>[1] = [];
  for (const p of people) {
    const pref = prefs.get(p.id);
    const channels = channelsFor(input.kind, pref);
    // Alerts always reach the console, whatever the preferences say.
    if (channels.includes('inApp') || urgent) {
      inAppRows.push({ userId: p.id, kind: input.kind, caseId: input.caseId ?? null, caseNumber: input.caseNumber ?? null, titleZh: zh.title, titleEn: en.title, bodyZh: zh.body, bodyEn: en.body, link, urgent, dedupeKey: input.dedupeKey, createdAt: now });
    }
    const words = pref?.lang === 'en' ? en : zh;
    const at = deliverAt(now, quietOf(pref), urgent);
    for (const channel of OUTBOUND_CHANNELS) {
      if (!channels.includes(channel) || !channelOf(ctx, channel)) continue;
      const address = channel === 'sms' ? p.phone : channel === 'email' ? pref?.email : pref?.webhookUrl;
      if (!address) continue;
      const payload = channel === 'webhook' ? { kind: input.kind, title: words.title, body: words.body, caseId: input.caseId ?? null, caseNumber: input.caseNumber ?? null, link, urgent, at: now.toISOString() } : null;
      const body = channel === 'sms' ? `【绿园区数字城管】${words.title}：${words.body}`.slice(0, 300) : words.body;
      outRows.push({ channel, address, userId: p.id, kind: input.kind, caseId: input.caseId ?? null, subject: words.title, body, payload, urgent, dedupeKey: input.dedupeKey, nextAttemptAt: at, createdAt: now });
    }
  }
  const inserted = await repo.insertNotifications(db, inAppRows);
  const outbound = await repo.insertOutbox(db, outRows);
  await announceNotifications(db, inserted);
  return { userIds: people.map((p) => p.id), inApp: inserted.length, outbound };
}

/**
 * A text message to a citizen (no account), through the outbox. News of their own report goes at once; local alerts
 * (a broadcast they subscribed to) wait for the morning when made at night.
 */
export async function notifyCitizen(
  ctx: AppContext,
  db: Executor,
  input: { kind: NotificationKind; phone: string; params: Params; dedupeKey: string; caseId?: string | null; subscriptionId?: string | null },
): Promise<boolean> {
  const now = ctx.now();
  const words = render(input.kind, input.params, 'zh');
  const at = deliverAt(now, input.subscriptionId ? CITIZEN_QUIET_HOURS : null, false);
  const added = await repo.insertOutbox(db, [
    { channel: 'sms', address: input.phone, userId: null, subscriptionId: input.subscriptionId ?? null, kind: input.kind, caseId: input.caseId ?? null, subject: words.title, body: words.body, urgent: false, dedupeKey: input.dedupeKey, nextAttemptAt: at, createdAt: now },
  ]);
  return added === 1;
}

/** Local alerts do not wake anybody: made 21:00–08:00, they wait for the morning. */
export const CITIZEN_QUIET_HOURS: QuietHours = { start: '21:00', end: '08:00' };

// ------------------------------------------------------------------ the notification centre

function view(n: repo.NotificationRow, lang: 'zh' | 'en'): NotificationView {
  return {
    id: n.id,
    kind: n.kind,
    caseId: n.caseId,
    caseNumber: n.caseNumber,
    title: lang === 'en' ? n.titleEn : n.titleZh,
    body: lang === 'en' ? n.bodyEn : n.bodyZh,
    titleZh: n.titleZh,
    titleEn: n.titleEn,
    bodyZh: n.bodyZh,
    bodyEn: n.bodyEn,
    link: n.link,
    urgent: n.urgent,
    createdAt: n.createdAt.toISOString(),
    readAt: n.readAt?.toISOString() ?? null,
  };
}

export async function myNotifications(ctx: AppContext, actor: Actor, q: { unread?: boolean; urgent?: boolean; limit: number; before?: number }, lang: 'zh' | 'en') {
  requireAccess(actor, 'notify.read');
  const [rows, unread] = await Promise.all([repo.listNotifications(ctx.db, actor.id, { unread: q.unread, urgent: q.urgent, limit: q.limit, beforeId: q.before }), repo.unreadCount(ctx.db, actor.id)]);
  return { items: rows.map((r) => view(r, lang)), unread };
}

export async function markMineRead(ctx: AppContext, actor: Actor, ids: number[] | 'all'): Promise<{ changed: number; unread: number }> {
  requireAccess(actor, 'notify.read');
  const changed = await repo.markRead(ctx.db, actor.id, ids, ctx.now());
  return { changed, unread: await repo.unreadCount(ctx.db, actor.id) };
}

function prefsView(ctx: AppContext, p: repo.PrefsRow | undefined, phone: string | null): PreferencesView {
  return {
    kinds: STAFF_KINDS.map((k) => {
      const def = NOTIFICATION_KINDS[k];
      return { kind: k, labelZh: def.labelZh, labelEn: def.labelEn, defaults: [...def.defaults], urgent: 'urgent' in def && def.urgent === true, channels: channelsFor(k, p) };
    }),
    quietHours: quietOf(p),
    email: p?.email ?? null,
    webhookUrl: p?.webhookUrl ?? null,
    webhookSecret: p?.webhookSecret ?? null,
    phone,
    lang: p?.lang === 'en' ? 'en' : 'zh',
    available: { sms: !!channelOf(ctx, 'sms'), email: !!channelOf(ctx, 'email'), webhook: !!channelOf(ctx, 'webhook') },
  };
}

export async function myPreferences(ctx: AppContext, actor: Actor): Promise<PreferencesView> {
  requireAccess(actor, 'notify.read');
  const [me] = await repo.activeUsers(ctx.db, [actor.id]);
  return prefsView(ctx, (await repo.prefsOf(ctx.db, [actor.id])).get(actor.id), me?.phone ?? null);
}

export async function saveMyPreferences(ctx: AppContext, actor: Actor, input: PreferencesInput): Promise<PreferencesView> {
  requireAccess(actor, 'notify.read');
  const current = (await repo.prefsOf(ctx.db, [actor.id])).get(actor.id);
  const [me] = await repo.activeUsers(ctx.db, [actor.id]);
  const email = input.email !== undefined ? input.email : (current?.email ?? null);
  const webhookUrl = input.webhookUrl !== undefined ? input.webhookUrl : (current?.webhookUrl ?? null);
  const channels = { ...((current?.channels as Record<string, Channel[]>) ?? {}), ...(input.channels ?? {}) };
  // A channel chosen must be able to reach the person: refuse rather than drop messages silently.
  for (const [kind, list] of Object.entries(channels)) {
    if (list.includes('email') && (!email || !channelOf(ctx, 'email'))) throw new AppError('CHANNEL_UNAVAILABLE', `${kind}: email`);
    if (list.includes('webhook') && !webhookUrl) throw new AppError('CHANNEL_UNAVAILABLE', `${kind}: webhook`);
    if (list.includes('sms') && !me?.phone) throw new AppError('CHANNEL_UNAVAILABLE', `${kind}: sms (no phone number on the account)`);
  }
  const quiet = input.quietHours !== undefined ? input.quietHours : quietOf(current);
  if (quiet && quiet.start === quiet.end) throw new AppError('VALIDATION_FAILED', 'quiet hours must not start and end at the same time');
  const row = await repo.upsertPrefs(ctx.db, {
    userId: actor.id,
    channels,
    quietStart: quiet?.start ?? null,
    quietEnd: quiet?.end ?? null,
    email,
    webhookUrl,
    webhookSecret: webhookUrl ? (current?.webhookSecret ?? `whsec_${crypto.randomBytes(18).toString('base64url')}`) : null,
    lang: input.lang ?? current?.lang ?? 'zh',
    updatedAt: ctx.now(),
  });
  return prefsView(ctx, row, me?.phone ?? null);
}

export async function outboxView(ctx: AppContext, actor: Actor, limit: number, channel?: string) {
  requireAccess(actor, 'notify.outbox.read');
  const rows = await repo.recentOutbox(ctx.db, limit, channel);
  return {
    items: rows.map((r) => ({
      id: r.id,
      channel: r.channel,
      address: r.channel === 'sms' ? `${r.address.slice(0, 3)}****${r.address.slice(-4)}` : r.address,
      kind: r.kind,
      subject: r.subject,
      body: r.body,
      status: r.status,
      attempts: r.attempts,
      urgent: r.urgent,
      nextAttemptAt: r.nextAttemptAt.toISOString(),
      createdAt: r.createdAt.toISOString(),
      sentAt: r.sentAt?.toISOString() ?? null,
      lastError: r.lastError,
    })),
  };
}

// ------------------------------------------------------------------ escalation and emergency settings (admin)

export async function escalationSettings(ctx: AppContext, actor: Actor): Promise<EscalationSettings> {
  requireAccess(actor, 'settings.write');
  return { escalation: await escalationConfig(ctx.db), emergency: await emergencyPolicy(ctx.db) };
}

export async function saveEscalationSettings(ctx: AppContext, actor: Actor, input: EscalationSettings): Promise<EscalationSettings> {
  requireAccess(actor, 'settings.write');
  const people = new Set(Object.values(input.escalation.departments).flatMap((d) => [...d.heads, ...d.leaders]));
  const found = await repo.activeUsers(ctx.db, [...people]);
  if (found.length !== people.size) throw new AppError('INVALID_ESCALATION', 'a head or leader is not an active user');
  const now = ctx.now();
  await ctx.db.transaction(async (tx) => {
    await putSetting(tx, 'escalation', input.escalation, actor.id, now);
    await putSetting(tx, 'emergency', input.emergency, actor.id, now);
  });
  return escalationSettings(ctx, actor);
}
