// The background work of notifications in a server process: case events → notifications (at once on a bus message,
// and by a periodic sweep that catches anything missed), due timers (reminders, escalations, emergencies), the
// outbox, and pruning. Any number of processes may run it: events, timers and messages are each taken once.
import type { AppContext } from '../context';
import { startWorkerLoop } from '../worker-loop';
import { ensureNotifySince, processCaseEvents } from './case-events';
import * as repo from './notify.repository';
import { deliverDueNotifications } from './outbox';
import { fireDueTimers } from './timers';

export interface NotifyWorkers {
  /** One full pass: events, timers, outbox (until nothing is due). */
  runOnce(): Promise<void>;
  stop(): Promise<void>;
}

export function startNotifyWorkers(ctx: AppContext, opts: { intervalMs?: number; onError?: (err: unknown) => void } = {}): NotifyWorkers {
  const onError = opts.onError ?? ((err) => console.error('notify worker:', err));
  let lastWide = 0;
  const ready = ensureNotifySince(ctx.db, ctx.now()).then(() => undefined);

  const pass = async (caseId?: string) => {
    await ready;
    const now = ctx.now().getTime();
    const wide = !caseId && now - lastWide > 3600_000;
    await processCaseEvents(ctx, caseId ? { caseId, sinceMs: 24 * 3600_000 } : { sinceMs: wide ? 7 * 24 * 3600_000 : 3600_000 });
    for (let i = 0; i < 50; i++) {
      const t = await fireDueTimers(ctx);
      if (t.fired + t.cancelled === 0) break;
      // What the timers did (escalation events, emergency dispatches) is itself news.
      await processCaseEvents(ctx, { sinceMs: 3600_000 });
    }
    for (let i = 0; i < 50; i++) {
      const s = await deliverDueNotifications(ctx);
      if (s.sent + s.retrying + s.dead === 0) break;
    }
    if (wide) {
      lastWide = now;
      await repo.pruneOutbox(ctx.db, new Date(now - 30 * 24 * 3600_000));
    }
  };
  return startWorkerLoop(ctx, pass, { intervalMs: opts.intervalMs, onError });
}
