// Realtime across server processes: PostgreSQL LISTEN/NOTIFY (PGlite speaks it too). New notifications are
// announced with pg_notify inside the transaction that stores them, so every process hears of them once they are
// committed and tells its own SSE clients; case events on a process's bus are relayed to the other processes' buses.
import crypto from 'node:crypto';
import { EventEmitter } from 'node:events';
import { sql } from 'drizzle-orm';
import type { AppContext } from '../context';
import type { Executor } from '../db/client';
import type { BusMessage } from '../events/bus';

export const CHANNEL = 'wangge_realtime';

/** What an SSE client hears about its own notifications (it fetches the list itself). */
export interface NotificationPing {
  type: 'notification';
  ids: number[];
  urgent: boolean;
}

type Wire = { t: 'n'; u: string[]; ids: number[]; urgent: boolean } | { t: 'c'; o: string; m: BusMessage };

interface Hub {
  emitter: EventEmitter;
  origin: string;
  /** Bus messages that came from another process: not relayed back. */
  relayed: WeakSet<BusMessage>;
  stop: (() => Promise<void>) | null;
  starting: Promise<void> | null;
}

const hubs = new WeakMap<AppContext, Hub>();

function hubOf(ctx: AppContext): Hub {
  let h = hubs.get(ctx);
  if (!h) {
    const emitter = new EventEmitter();
    emitter.setMaxListeners(0);
    h = { emitter, origin: crypto.randomUUID(), relayed: new WeakSet(), stop: null, starting: null };
    hubs.set(ctx, h);
  }
  return h;
}

/** Announces new notifications; inside a transaction the announcement goes out only if it commits. */
export async function announceNotifications(db: Executor, rows: { id: number; userId: string; urgent: boolean }[]): Promise<void> {
  if (rows.length === 0) return;
  const wire: Wire = { t: 'n', u: [...new Set(rows.map((r) => r.userId))], ids: rows.map((r) => r.id).slice(0, 200), urgent: rows.some((r) => r.urgent) };
  await db.execute(sql`select pg_notify(${CHANNEL}, ${JSON.stringify(wire)})`);
}

/** Listens for one user's notifications (the SSE stream of that user). */
export function subscribeNotifications(ctx: AppContext, userId: string, fn: (ping: NotificationPing) => void): () => void {
  const { emitter } = hubOf(ctx);
  emitter.on(`user:${userId}`, fn);
  return () => emitter.off(`user:${userId}`, fn);
}

function receive(ctx: AppContext, h: Hub, payload: string): void {
  let w: Wire;
  try {
    w = JSON.parse(payload) as Wire;
  } catch {
    return;
  }
  if (w.t === 'n') {
    for (const u of w.u) h.emitter.emit(`user:${u}`, { type: 'notification', ids: w.ids, urgent: w.urgent } satisfies NotificationPing);
  } else if (w.t === 'c' && w.o !== h.origin) {
    h.relayed.add(w.m);
    ctx.bus.publish(w.m);
  }
}

/** Starts listening (once per context); returns when the listener is in place. */
export function startRealtime(ctx: AppContext): Promise<void> {
  const h = hubOf(ctx);
  h.starting ??= (async () => {
    let stopped = false;
    const cleanups: (() => Promise<void> | void)[] = [];
    const client = (ctx.db as unknown as { $client: unknown }).$client;
    if (ctx.database.kind === 'pglite') {
      const pglite = client as { listen(channel: string, cb: (p: string) => void): Promise<() => Promise<void>> };
      const unlisten = await pglite.listen(CHANNEL, (p) => receive(ctx, h, p));
      cleanups.push(unlisten);
    } else {
      // A connection of its own, outside the pool, so that the pool can always close; reconnects after an outage.
      const pg = await import('pg');
      const options = (client as { options: object }).options;
      let conn: InstanceType<typeof pg.default.Client> | null = null;
      const connect = async (): Promise<void> => {
        if (stopped) return;
        const c = new pg.default.Client(options);
        c.on('error', () => {
          void c.end().catch(() => {});
          if (conn === c) conn = null;
          if (!stopped) setTimeout(() => void connect().catch(() => {}), 2000).unref();
        });
        c.on('notification', (n) => n.channel === CHANNEL && n.payload && receive(ctx, h, n.payload));
        await c.connect();
        await c.query(`listen ${CHANNEL}`);
        conn = c;
      };
      await connect();
      cleanups.push(async () => {
        const c = conn;
        conn = null;
        await c?.end().catch(() => {});
      });
    }
    // Case events of this process go to the others (an embedded database has one process: nothing to relay).
    if (ctx.database.kind === 'postgres') {
      const unsubscribe = ctx.bus.subscribe((m) => {
        if (h.relayed.has(m) || stopped) return;
        const wire: Wire = { t: 'c', o: h.origin, m };
        ctx.db.execute(sql`select pg_notify(${CHANNEL}, ${JSON.stringify(wire)})`).catch(() => {});
      });
      cleanups.push(unsubscribe);
    }
    h.stop = async () => {
      stopped = true;
      for (const c of cleanups) await c();
    };
  })();
  return h.starting;
}

export async function stopRealtime(ctx: AppContext): Promise<void> {
  const h = hubs.get(ctx);
  if (!h?.starting) return;
  await h.starting.catch(() => {});
  await h.stop?.();
  h.starting = null;
  h.stop = null;
}
