// The background work of integrations in a server process: fill the webhook outbox from case events (at once on a
// bus message, and by a periodic sweep that catches anything missed), deliver what is due, and prune old logs.
// Any number of processes may run it: outbox rows are claimed with FOR UPDATE SKIP LOCKED.
import type { AppContext } from '../context';
import { startWorkerLoop } from '../worker-loop';
import { pruneUsage } from './api-key.repository';
import { pruneFinished } from './webhook.repository';
import { deliverDueWebhooks, enqueueCaseEvents, type WebhookTransport } from './webhook.service';

export interface IntegrationWorkers {
  /** One full pass: enqueue, deliver until nothing is due, prune (at most hourly). */
  runOnce(): Promise<void>;
  stop(): Promise<void>;
}

export function startIntegrationWorkers(
  ctx: AppContext,
  opts: { intervalMs?: number; transport?: WebhookTransport; onError?: (err: unknown) => void } = {},
): IntegrationWorkers {
  const onError = opts.onError ?? ((err) => console.error('integration worker:', err));
  let lastWide = 0;

  // A bus message enqueues just that case's events; the periodic sweep looks back an hour, and once an hour a week
  // (then old logs are pruned too), which catches events of processes that stopped before enqueueing them.
  const pass = async (caseId?: string) => {
    const now = ctx.now().getTime();
    const wide = !caseId && now - lastWide > 3600_000;
    await enqueueCaseEvents(ctx, caseId ? { caseId, sinceMs: 24 * 3600_000 } : { sinceMs: wide ? 7 * 24 * 3600_000 : 3600_000 });
    for (let i = 0; i < 50; i++) {
      const s = await deliverDueWebhooks(ctx, { transport: opts.transport });
      if (s.delivered + s.retrying + s.dead === 0) break;
    }
    if (wide) {
      lastWide = now;
      await pruneFinished(ctx.db, new Date(now - 30 * 24 * 3600_000));
      await pruneUsage(ctx.db, new Date(now - 180 * 24 * 3600_000));
    }
  };
  return startWorkerLoop(ctx, pass, { intervalMs: opts.intervalMs, onError });
}
