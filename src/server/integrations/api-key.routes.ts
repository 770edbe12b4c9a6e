// Administration of API keys: create (the key is shown once), list, revoke, and read a key's usage log.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../context';
import { ErrorSchema, requireUser } from '../http';
import { ApiKeyCreatedSchema, ApiKeyCreateSchema, ApiKeySchema, ApiKeyUsageSchema } from './api-key.schema';
import * as service from './api-key.service';

const errors = { 400: ErrorSchema, 401: ErrorSchema, 403: ErrorSchema, 404: ErrorSchema };
const IdParams = z.object({ id: z.string().uuid() });

export async function apiKeyRoutes(app: FastifyInstance, { ctx }: { ctx: AppContext }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.post('/api/integrations/keys', {
    preHandler: requireUser,
    schema: { tags: ['integrations'], summary: 'Create an API key (administrators); the key is in the answer once', body: ApiKeyCreateSchema, response: { 201: ApiKeyCreatedSchema, ...errors } },
    handler: async (req, reply) => reply.status(201).send(await service.createApiKey(ctx, req.user!, req.body)),
  });
  r.get('/api/integrations/keys', {
    preHandler: requireUser,
    schema: { tags: ['integrations'], summary: 'List API keys (never the keys themselves)', response: { 200: z.object({ items: z.array(ApiKeySchema) }), ...errors } },
    handler: async (req) => ({ items: await service.listApiKeys(ctx, req.user!) }),
  });
  r.post('/api/integrations/keys/:id/revoke', {
    preHandler: requireUser,
    schema: { tags: ['integrations'], summary: 'Revoke an API key at once', params: IdParams, response: { 200: ApiKeySchema, ...errors } },
    handler: (req) => service.revokeApiKey(ctx, req.user!, req.params.id),
  });
  r.get('/api/integrations/keys/:id/usage', {
    preHandler: requireUser,
    schema: {
      tags: ['integrations'],
      summary: "A key's usage log, newest first",
      params: IdParams,
      querystring: z.object({ limit: z.coerce.number().int().min(1).max(1000).default(100) }),
      response: { 200: ApiKeyUsageSchema, ...errors },
    },
    handler: (req) => service.apiKeyUsage(ctx, req.user!, req.params.id, req.query.limit),
  });
}
