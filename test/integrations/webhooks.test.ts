// Webhooks out: signed deliveries to a real receiver on the loopback interface, retries on the test clock, the delivery
// log, subscriptions' filters, and the outbox's guarantee that concurrent workers never deliver an event twice.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { freshDatabase, testDatabaseKinds } from '../support/db';
import { appFor, signIn, type Client } from '../support/http';
import { buildCase, buildWorld, caseInput, type World } from '../support/world';
import { createCase } from '../../src/server/cases/case.service';
import { webhookDeliveries, webhookOutbox, webhookSubscriptions } from '../../src/server/db/schema';
import { startIntegrationWorkers, verifySignature } from '../../src/server/integrations';
import { claimDue } from '../../src/server/integrations/webhook.repository';
import { deliverDueWebhooks, enqueueCaseEvents, MAX_ATTEMPTS, RETRY_MINUTES, type WebhookTransport } from '../../src/server/integrations/webhook.service';

interface Received {
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A webhook receiver on 127.0.0.1 that fails the first `failures` requests with 500. */
async function receiver() {
  const got: Received[] = [];
  let failures = 0;
  const server = http.createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      got.push({ headers: req.headers, body });
      if (failures > 0) {
        failures--;
        res.writeHead(500).end('busy');
      } else res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    got,
    failNext: (n: number) => (failures = n),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe.each(testDatabaseKinds())('webhooks (%s)', (kind) => {
  let db: Awaited<ReturnType<typeof freshDatabase>>;
  let w: World;
  let app: FastifyInstance;
  let admin: Client;
  let rx: Awaited<ReturnType<typeof receiver>>;
  const nowSeconds = () => Math.floor(w.clock.now.getTime() / 1000);

  async function subscribe(body: Record<string, unknown>) {
    const res = await admin.post('/api/integrations/webhooks', { name: 'city platform', url: rx.url, ...body });
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { id: string; secret: string };
  }
  async function drain(transport?: WebhookTransport) {
    await enqueueCaseEvents(w.ctx);
    const total = { delivered: 0, retrying: 0, dead: 0 };
    for (;;) {
      const s = await deliverDueWebhooks(w.ctx, { transport });
      if (s.delivered + s.retrying + s.dead === 0) return total;
      total.delivered += s.delivered;
      total.retrying += s.retrying;
      total.dead += s.dead;
    }
  }

  beforeAll(async () => {
    db = await freshDatabase(kind);
    w = await buildWorld(db);
    app = await appFor(w);
    admin = await signIn(app, 'admin', w.users.admin.password);
    rx = await receiver();
  });
  beforeEach(() => {
    // Each test's events come after the previous test's subscriptions (which see events from their creation on).
    w.clock.advance(1);
  });
  afterEach(async () => {
    // Each test starts with no subscriptions and an empty outbox.
    await w.ctx.db.delete(webhookDeliveries);
    await w.ctx.db.delete(webhookOutbox);
    await w.ctx.db.update(webhookSubscriptions).set({ active: false });
    rx.got.length = 0;
  });
  afterAll(async () => {
    await rx?.close();
    await app?.close();
    await db?.drop();
  });

  it('lets only administrators subscribe, and shows the secret once', async () => {
    const operator = await signIn(app, 'operator', w.users.operator.password);
    expect((await operator.post('/api/integrations/webhooks', { name: 'x', url: rx.url })).statusCode).toBe(403);
    expect((await admin.post('/api/integrations/webhooks', { name: 'x', url: 'ftp://example.org/x' })).statusCode).toBe(400);
    const sub = await subscribe({});
    expect(sub.secret).toMatch(/^whsec_/);
    const list = (await admin.get('/api/integrations/webhooks')).json();
    expect(list.items.find((s: { id: string }) => s.id === sub.id)).not.toHaveProperty('secret');
  });

  it('POSTs each case event signed with HMAC-SHA256 over the timestamp and body', async () => {
    const sub = await subscribe({});
    const { case: c } = await createCase(w.ctx, w.users.operator, caseInput(w, { source: 'hotline' }));
    expect(await drain()).toEqual({ delivered: 1, retrying: 0, dead: 0 });
    expect(rx.got).toHaveLength(1);
    const { headers, body } = rx.got[0];
    expect(headers['content-type']).toBe('application/json; charset=utf-8');
    expect(headers['x-wangge-event']).toBe('case.report');
    expect(verifySignature(sub.secret, headers['x-wangge-signature'] as string, body, nowSeconds())).toBe(true);
    expect(verifySignature(sub.secret, headers['x-wangge-signature'] as string, body.replace('report', 'rep0rt'), nowSeconds())).toBe(false);
    expect(verifySignature('another-secret-of-16+', headers['x-wangge-signature'] as string, body, nowSeconds())).toBe(false);
    expect(verifySignature(sub.secret, headers['x-wangge-signature'] as string, body, nowSeconds() + 3600)).toBe(false); // replayed an hour later
    const payload = JSON.parse(body);
    expect(payload).toMatchObject({
      type: 'case.report',
      case: { id: c.id, number: c.number, serviceCode: 'M09006', source: 'hotline', gridCode: c.gridCode },
      event: { seq: 1, action: 'report', fromState: null, toState: 'reported' },
      open311: { status: 'open', detailedStatus: 'OPEN' },
    });
    expect(payload.id).toMatch(/^evt_\d+$/);
    // Nothing is sent twice.
    expect(await drain()).toEqual({ delivered: 0, retrying: 0, dead: 0 });
  });

  it('retries failed deliveries after 1 and 5 minutes, logging every attempt', async () => {
    const sub = await subscribe({});
    await createCase(w.ctx, w.users.operator, caseInput(w));
    rx.failNext(2);
    expect(await drain()).toEqual({ delivered: 0, retrying: 1, dead: 0 });
    expect(await drain()).toEqual({ delivered: 0, retrying: 0, dead: 0 }); // not due yet
    w.clock.advance(RETRY_MINUTES[0]);
    expect(await drain()).toEqual({ delivered: 0, retrying: 1, dead: 0 });
    w.clock.advance(RETRY_MINUTES[1] - 1);
    expect(await drain()).toEqual({ delivered: 0, retrying: 0, dead: 0 });
    w.clock.advance(1);
    expect(await drain()).toEqual({ delivered: 1, retrying: 0, dead: 0 });
    expect(rx.got.map((g) => g.headers['x-wangge-attempt'])).toEqual(['1', '2', '3']);
    expect(new Set(rx.got.map((g) => JSON.parse(g.body).id)).size).toBe(1); // the same event id every time
    const log = (await admin.get(`/api/integrations/webhooks/${sub.id}/deliveries`)).json().items;
    expect(log.map((d: { attempt: number; httpStatus: number }) => [d.attempt, d.httpStatus])).toEqual([
      [3, 204],
      [2, 500],
      [1, 500],
    ]);
    expect(log[1]).toMatchObject({ error: 'HTTP 500', responseSnippet: 'busy', eventType: 'case.report' });
    const [listed] = (await admin.get('/api/integrations/webhooks')).json().items.filter((s: { id: string }) => s.id === sub.id);
    expect(listed).toMatchObject({ delivered: 1, pending: 0, dead: 0 });
  });

  it(`gives up after ${MAX_ATTEMPTS} attempts on an unreachable receiver`, async () => {
    const sub = await subscribe({});
    await createCase(w.ctx, w.users.operator, caseInput(w));
    const down: WebhookTransport = async () => {
      throw new Error('connect ECONNREFUSED');
    };
    let attempts = 0;
    for (let i = 0; i < MAX_ATTEMPTS; i++) {
      const s = await drain(down);
      attempts += s.retrying + s.dead;
      w.clock.advance(24 * 60);
    }
    expect(attempts).toBe(MAX_ATTEMPTS);
    const [row] = await w.ctx.db.select().from(webhookOutbox);
    expect(row).toMatchObject({ status: 'dead', attempts: MAX_ATTEMPTS, lastError: 'Error: connect ECONNREFUSED' });
    expect(await drain(down)).toEqual({ delivered: 0, retrying: 0, dead: 0 });
    admin = await signIn(app, 'admin', w.users.admin.password); // the clock has run past the session's lifetime
    expect((await admin.get(`/api/integrations/webhooks/${sub.id}/deliveries`)).json().items).toHaveLength(MAX_ATTEMPTS);
  });

  it('sends only the actions a subscription asks for, and nothing from before it existed', async () => {
    await buildCase(w, 'reported');
    w.clock.advance(1);
    await subscribe({ actions: ['dispatch', 'close'] });
    w.clock.advance(1);
    await buildCase(w, 'closed');
    await drain();
    expect(rx.got.map((g) => g.headers['x-wangge-event'])).toEqual(['case.dispatch', 'case.close']);
    expect(JSON.parse(rx.got[1].body).open311).toEqual({ status: 'closed', detailedStatus: 'FIXED' });
  });

  it('never delivers an event twice, however many workers run at once', async () => {
    await subscribe({});
    for (let i = 0; i < 6; i++) await createCase(w.ctx, w.users.operator, caseInput(w, { description: `并发 ${i}` }));
    await enqueueCaseEvents(w.ctx);
    const seen: string[] = [];
    const slow: WebhookTransport = async (r) => {
      seen.push(r.headers['x-wangge-delivery']);
      await new Promise((resolve) => setTimeout(resolve, 30));
      return { status: 200, body: '' };
    };
    const workers = await Promise.all([0, 1, 2].map(() => deliverDueWebhooks(w.ctx, { transport: slow, limit: 3 })));
    const again = await Promise.all([0, 1, 2].map(() => deliverDueWebhooks(w.ctx, { transport: slow, limit: 3 })));
    expect([...workers, ...again].reduce((n, s) => n + s.delivered, 0)).toBe(6);
    expect(seen).toHaveLength(6);
    expect(new Set(seen).size).toBe(6);
  });

  it('takes over a delivery whose worker died, once its lease has run out', async () => {
    await subscribe({});
    await createCase(w.ctx, w.users.operator, caseInput(w));
    await enqueueCaseEvents(w.ctx);
    const claimed = await claimDue(w.ctx.db, w.clock.now, new Date(w.clock.now.getTime() + 60_000), 10);
    expect(claimed).toHaveLength(1); // ... and that worker never finishes
    expect(await drain()).toEqual({ delivered: 0, retrying: 0, dead: 0 });
    w.clock.advance(1);
    expect(await drain()).toEqual({ delivered: 1, retrying: 0, dead: 0 });
    expect(rx.got[0].headers['x-wangge-attempt']).toBe('2');
  });

  it('cancels what a disabled subscription had not delivered', async () => {
    const sub = await subscribe({});
    await createCase(w.ctx, w.users.operator, caseInput(w));
    await enqueueCaseEvents(w.ctx);
    expect((await admin.post(`/api/integrations/webhooks/${sub.id}/disable`, {})).json().active).toBe(false);
    expect(await drain()).toEqual({ delivered: 0, retrying: 0, dead: 0 });
    const [row] = await w.ctx.db.select().from(webhookOutbox);
    expect(row.status).toBe('cancelled');
    expect(rx.got).toHaveLength(0);
  });

  it('delivers from the background worker as soon as a case changes', async () => {
    await subscribe({});
    const got: string[] = [];
    const transport: WebhookTransport = async (r) => {
      got.push(r.headers['x-wangge-event']);
      return { status: 200, body: '' };
    };
    const workers = startIntegrationWorkers(w.ctx, { intervalMs: 60_000, transport, onError: (e) => got.push(`error ${String(e)}`) });
    try {
      await createCase(w.ctx, w.users.operator, caseInput(w));
      for (let i = 0; i < 100 && got.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
      await workers.runOnce();
      expect(got).toEqual(['case.report']);
    } finally {
      await workers.stop();
    }
  });
});
