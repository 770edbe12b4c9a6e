// Server-Sent Events: live case changes for the queues, filtered to what the user may see.
import type { FastifyInstance } from 'fastify';
import { scopeFor } from '../auth/policy';
import type { AppContext } from '../context';
import { requireUser } from '../http';
import type { BusMessage } from './bus';
import { subscribeNotifications } from '../notify/realtime';

export async function eventRoutes(app: FastifyInstance, { ctx }: { ctx: AppContext }) {
  app.get('/api/events', { preHandler: requireUser, schema: { tags: ['events'], summary: 'Live case events (text/event-stream)' } }, (req, reply) => {
    const user = req.user!;
    const scope = scopeFor(user, 'case.read');
    const visible = (m: BusMessage) =>
      scope === 'all' ||
      (scope === 'department' && ((!!user.departmentId && m.departmentId === user.departmentId) || (!!user.streetCode && m.streetCode === user.streetCode))) ||
      (scope === 'own' && m.assigneeId === user.id);
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive', 'x-accel-buffering': 'no' });
    res.write(': connected\n\n');
    const unsubscribe = ctx.bus.subscribe((m) => {
      if (visible(m)) res.write(`event: case\ndata: ${JSON.stringify(m)}\n\n`);
    });
    // The user's own notifications (from any server process), for the bell and the alert banner.
    const unsubscribeNotes = subscribeNotifications(ctx, user.id, (n) => res.write(`event: notification\ndata: ${JSON.stringify(n)}\n\n`));
    const ping = setInterval(() => res.write(': ping\n\n'), 25_000);
    req.raw.on('close', () => {
      clearInterval(ping);
      unsubscribe();
      unsubscribeNotes();
    });
  });
}
