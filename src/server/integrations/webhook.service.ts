// Webhooks out: subscriptions (administrators), the outbox filled from case events, and delivery with HMAC signatures,
// retries with back-off and a delivery log. Delivery is at least once; receivers de-duplicate by the event id.
import crypto from 'node:crypto';
import type { CaseState } from '../../domain/workflow';
import { requireAccess, type Actor } from '../auth/policy';
import type { AppContext } from '../context';
import { AppError } from '../errors';
import { serviceCodeOf } from '../open311/service-code';
import { extendedStatus, open311Status } from '../open311/status';
import * as repo from './webhook.repository';
import type { WebhookCreate, WebhookPayload, WebhookView } from './webhook.schema';
import { SIGNATURE_HEADER, signatureHeader } from './webhook.signature';

/** Minutes to wait after failed attempt n (1-based); the attempt after the last one is final. */
export const RETRY_MINUTES = [1, 5, 30, 120, 360, 720, 1440];
export const MAX_ATTEMPTS = RETRY_MINUTES.length + 1;

export interface TransportRequest {
  url: string;
  body: string;
  headers: Record<string, string>;
  timeoutMs: number;
}
/** Sends one delivery; throws on network failure. Injected in tests. */
export type WebhookTransport = (req: TransportRequest) => Promise<{ status: number; body: string }>;

export const fetchTransport: WebhookTransport = async (r) => {
  const res = await fetch(r.url, { method: 'POST', headers: r.headers, body: r.body, redirect: 'manual', signal: AbortSignal.timeout(r.timeoutMs) });
  return { status: res.status, body: (await res.text()).slice(0, 2000) };
};

// ------------------------------------------------------------------ subscriptions

function view(s: repo.SubscriptionRow, counts: { pending?: number | null; delivered?: number | null; dead?: number | null } = {}): WebhookView {
  return {
    id: s.id,
    name: s.name,
    url: s.url,
    actions: s.actions,
    active: s.active,
    createdAt: s.createdAt.toISOString(),
    disabledAt: s.disabledAt?.toISOString() ?? null,
    pending: counts.pending ?? 0,
    delivered: counts.delivered ?? 0,
    dead: counts.dead ?? 0,
  };
}

export async function createWebhook(ctx: AppContext, actor: Actor, input: WebhookCreate): Promise<WebhookView & { secret: string }> {
  requireAccess(actor, 'settings.write');
  const secret = input.secret ?? `whsec_${crypto.randomBytes(24).toString('base64url')}`;
  const s = await repo.insertSubscription(ctx.db, { name: input.name, url: input.url, secret, actions: input.actions, createdBy: actor.id, createdAt: ctx.now() });
  return { ...view(s), secret };
}

export async function listWebhooks(ctx: AppContext, actor: Actor): Promise<WebhookView[]> {
  requireAccess(actor, 'settings.write');
  return (await repo.listSubscriptions(ctx.db)).map((r) => view(r.s, r));
}

export async function disableWebhook(ctx: AppContext, actor: Actor, id: string): Promise<WebhookView> {
  requireAccess(actor, 'settings.write');
  const s = await repo.disableSubscription(ctx.db, id, ctx.now());
  if (!s) throw new AppError('NOT_FOUND', `webhook ${id}`);
  return view(s);
}

export async function webhookDeliveries(ctx: AppContext, actor: Actor, id: string, limit: number) {
  requireAccess(actor, 'settings.write');
  if (!(await repo.findSubscription(ctx.db, id))) throw new AppError('NOT_FOUND', `webhook ${id}`);
  const rows = await repo.deliveriesOf(ctx.db, id, limit);
  return {
    items: rows.map(({ d, eventType }) => ({
      outboxId: d.outboxId,
      eventType,
      attempt: d.attempt,
      at: d.at.toISOString(),
      httpStatus: d.httpStatus,
      durationMs: d.durationMs,
      error: d.error,
      responseSnippet: d.responseSnippet,
    })),
  };
}

// ------------------------------------------------------------------ outbox

type EventRow = Awaited<ReturnType<typeof repo.unqueuedEvents>>[number];

function payloadOf(e: EventRow): WebhookPayload {
  const p = (e.payload ?? {}) as Record<string, unknown>;
  return {
    id: `evt_${e.eventId}`,
    type: `case.${e.action}`,
    occurredAt: e.at.toISOString(),
    case: {
      id: e.caseId,
      number: e.number,
      kind: e.kind,
      classCode: e.classCode,
      serviceCode: serviceCodeOf(e.kind, e.classCode),
      source: e.source,
      streetCode: e.streetCode,
      communityCode: e.communityCode,
      gridCode: e.gridCode,
      departmentId: e.eventDepartmentId ?? e.departmentId,
    },
    event: { seq: e.seq, action: e.action, fromState: e.fromState, toState: e.toState, role: e.role, note: e.note, payload: p },
    open311: {
      status: open311Status(e.toState as CaseState),
      detailedStatus: extendedStatus({ state: e.toState as CaseState, action: e.action, duplicate: !!p.duplicateOf, closeType: (p.closeType as string) ?? e.closeType }),
    },
  };
}

/**
 * Puts case events that subscriptions want into the outbox. The case events table is the source, so nothing is
 * lost when a process stops between a case change and this step: the next sweep finds the event again. The unique
 * (subscription, event) index makes concurrent sweeps harmless.
 */
export async function enqueueCaseEvents(ctx: AppContext, opts: { caseId?: string; sinceMs?: number } = {}): Promise<number> {
  const now = ctx.now();
  const since = new Date(now.getTime() - (opts.sinceMs ?? 7 * 24 * 3600_000));
  let added = 0;
  for (;;) {
    const rows = await repo.unqueuedEvents(ctx.db, { since, caseId: opts.caseId, limit: 500 });
    if (rows.length === 0) return added;
    added += await repo.insertOutbox(
      ctx.db,
      rows.map((e) => ({
        subscriptionId: e.subscriptionId,
        caseEventId: e.eventId,
        caseId: e.caseId,
        eventType: `case.${e.action}`,
        payload: payloadOf(e),
        nextAttemptAt: now,
        createdAt: now,
      })),
    );
    if (rows.length < 500) return added;
  }
}

// ------------------------------------------------------------------ delivery

export interface DeliverOptions {
  transport?: WebhookTransport;
  limit?: number;
  leaseMs?: number;
  timeoutMs?: number;
}

export interface DeliverSummary {
  delivered: number;
  retrying: number;
  dead: number;
}

/** Delivers what is due, once; returns what happened. Call again until nothing is due. */
export async function deliverDueWebhooks(ctx: AppContext, opts: DeliverOptions = {}): Promise<DeliverSummary> {
  const transport = opts.transport ?? fetchTransport;
  const timeoutMs = opts.timeoutMs ?? 10_000;
  const now = ctx.now();
  // The lease outlives the HTTP timeout, so a slow receiver never gets a second, concurrent copy.
  const claimed = await repo.claimDue(ctx.db, now, new Date(now.getTime() + Math.max(opts.leaseMs ?? 60_000, timeoutMs * 2)), opts.limit ?? 20);
  const summary: DeliverSummary = { delivered: 0, retrying: 0, dead: 0 };
  const subs = new Map<string, repo.SubscriptionRow | null>();
  for (const row of claimed) {
    if (!subs.has(row.subscriptionId)) subs.set(row.subscriptionId, await repo.findSubscription(ctx.db, row.subscriptionId));
    const sub = subs.get(row.subscriptionId);
    if (!sub || !sub.active) {
      await repo.finishAttempt(ctx.db, row.id, row.attempts, { status: 'cancelled' });
      continue;
    }
    const body = JSON.stringify(row.payload);
    const sentAt = ctx.now();
    const headers = {
      'content-type': 'application/json; charset=utf-8',
      'user-agent': 'Wangge-Webhooks/1',
      'x-wangge-event': row.eventType,
      'x-wangge-delivery': String(row.id),
      'x-wangge-attempt': String(row.attempts),
      [SIGNATURE_HEADER]: signatureHeader(sub.secret, Math.floor(sentAt.getTime() / 1000), body),
    };
    const started = performance.now();
    let httpStatus: number | null = null;
    let error: string | null = null;
    let snippet: string | null = null;
    try {
      const res = await transport({ url: sub.url, body, headers, timeoutMs });
      httpStatus = res.status;
      snippet = res.body.slice(0, 500) || null;
      if (res.status < 200 || res.status > 299) error = `HTTP ${res.status}`;
    } catch (err) {
      error = (err instanceof Error ? `${err.name}: ${err.message}` : String(err)).slice(0, 500);
    }
    const durationMs = Math.round(performance.now() - started);
    const at = ctx.now();
    await repo.insertDelivery(ctx.db, { outboxId: row.id, subscriptionId: sub.id, attempt: row.attempts, at, httpStatus, durationMs, error, responseSnippet: snippet });
    if (!error) {
      await repo.finishAttempt(ctx.db, row.id, row.attempts, { status: 'delivered', deliveredAt: at, lastStatus: httpStatus, lastError: null });
      summary.delivered++;
    } else if (row.attempts >= MAX_ATTEMPTS) {
      await repo.finishAttempt(ctx.db, row.id, row.attempts, { status: 'dead', lastStatus: httpStatus, lastError: error });
      summary.dead++;
    } else {
      const wait = RETRY_MINUTES[row.attempts - 1] * 60_000;
      await repo.finishAttempt(ctx.db, row.id, row.attempts, { nextAttemptAt: new Date(at.getTime() + wait), lastStatus: httpStatus, lastError: error });
      summary.retrying++;
    }
  }
  return summary;
}
