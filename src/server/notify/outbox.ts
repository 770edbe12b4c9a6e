// Delivery of the notification outbox: claimed rows go out through their channel; failures are retried with
// back-off, then given up ('dead'). At least once per row; rows are unique per (channel, address, cause).
import type { OutboundChannel } from '../../domain/notify';
import type { AppContext } from '../context';
import { channelOf } from './channels';
import * as repo from './notify.repository';

/** Minutes to wait after failed attempt n (1-based); the attempt after the last one is final. */
export const RETRY_MINUTES = [1, 5, 15, 60, 240];
export const MAX_ATTEMPTS = RETRY_MINUTES.length + 1;

export interface OutboxSummary {
  sent: number;
  retrying: number;
  dead: number;
}

export async function deliverDueNotifications(ctx: AppContext, opts: { limit?: number; leaseMs?: number } = {}): Promise<OutboxSummary> {
  const now = ctx.now();
  const claimed = await repo.claimDueOutbox(ctx.db, now, new Date(now.getTime() + (opts.leaseMs ?? 120_000)), opts.limit ?? 20);
  const summary: OutboxSummary = { sent: 0, retrying: 0, dead: 0 };
  for (const row of claimed) {
    const sender = channelOf(ctx, row.channel as OutboundChannel);
    if (!sender) {
      await repo.finishOutbox(ctx.db, row.id, row.attempts, { status: 'cancelled', lastError: `channel ${row.channel} is off` });
      continue;
    }
    const secret = row.channel === 'webhook' && row.userId ? ((await repo.prefsOf(ctx.db, [row.userId])).get(row.userId)?.webhookSecret ?? null) : null;
    try {
      await sender.send({ id: row.id, channel: row.channel as OutboundChannel, address: row.address, subject: row.subject, body: row.body, payload: row.payload, kind: row.kind, urgent: row.urgent, secret });
      await repo.finishOutbox(ctx.db, row.id, row.attempts, { status: 'sent', sentAt: ctx.now(), lastError: null });
      summary.sent++;
    } catch (err) {
      const error = (err instanceof Error ? err.message : String(err)).slice(0, 500);
      if (row.attempts >= MAX_ATTEMPTS) {
        await repo.finishOutbox(ctx.db, row.id, row.attempts, { status: 'dead', lastError: error });
        summary.dead++;
      } else {
        await repo.finishOutbox(ctx.db, row.id, row.attempts, { nextAttemptAt: new Date(ctx.now().getTime() + RETRY_MINUTES[row.attempts - 1] * 60_000), lastError: error });
        summary.retrying++;
      }
    }
  }
  return summary;
}
