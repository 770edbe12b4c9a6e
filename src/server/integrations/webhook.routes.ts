// Administration of webhook subscriptions and their delivery log.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../context';
import { ErrorSchema, requireUser } from '../http';
import { DeliverySchema, WebhookCreatedSchema, WebhookCreateSchema, WebhookSchema } from './webhook.schema';
import * as service from './webhook.service';

const errors = { 400: ErrorSchema, 401: ErrorSchema, 403: ErrorSchema, 404: ErrorSchema };
const IdParams = z.object({ id: z.string().uuid() });

const DESCRIPTION = `Each case event a subscription wants is POSTed as JSON to its URL with the headers x-wangge-event (case.<action>),
x-wangge-delivery (outbox id), x-wangge-attempt and x-wangge-signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>" with the secret>.
Answer 2xx within 10 s. Failed deliveries are retried after ${service.RETRY_MINUTES.join(', ')} minutes, then given up (dead).
Delivery is at least once: de-duplicate by the body's id (evt_<case event id>).`;

export async function webhookRoutes(app: FastifyInstance, { ctx }: { ctx: AppContext }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.post('/api/integrations/webhooks', {
    preHandler: requireUser,
    schema: { tags: ['integrations'], summary: 'Subscribe a URL to case events (administrators)', description: DESCRIPTION, body: WebhookCreateSchema, response: { 201: WebhookCreatedSchema, ...errors } },
    handler: async (req, reply) => reply.status(201).send(await service.createWebhook(ctx, req.user!, req.body)),
  });
  r.get('/api/integrations/webhooks', {
    preHandler: requireUser,
    schema: { tags: ['integrations'], summary: 'Webhook subscriptions with their outbox counts', response: { 200: z.object({ items: z.array(WebhookSchema) }), ...errors } },
    handler: async (req) => ({ items: await service.listWebhooks(ctx, req.user!) }),
  });
  r.post('/api/integrations/webhooks/:id/disable', {
    preHandler: requireUser,
    schema: { tags: ['integrations'], summary: 'Stop a subscription (undelivered events are cancelled)', params: IdParams, response: { 200: WebhookSchema, ...errors } },
    handler: (req) => service.disableWebhook(ctx, req.user!, req.params.id),
  });
  r.get('/api/integrations/webhooks/:id/deliveries', {
    preHandler: requireUser,
    schema: {
      tags: ['integrations'],
      summary: 'The delivery log of a subscription, newest first',
      params: IdParams,
      querystring: z.object({ limit: z.coerce.number().int().min(1).max(1000).default(100) }),
      response: { 200: z.object({ items: z.array(DeliverySchema) }), ...errors },
    },
    handler: (req) => service.webhookDeliveries(ctx, req.user!, req.params.id, req.query.limit),
  });
}
