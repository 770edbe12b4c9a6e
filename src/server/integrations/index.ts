// The integration API: API keys, webhooks, bulk import and streamed export, and the 12345 hotline adapter.
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context';
import { apiKeyRoutes } from './api-key.routes';
import { installUsageLog } from './caller';
import { transferRoutes } from './transfer.routes';
import { webhookRoutes } from './webhook.routes';

export { seedDemoIntegrations, DEMO_OPEN311_KEY } from './api-key.service';
export { startIntegrationWorkers, type IntegrationWorkers } from './worker';
export { verifySignature, SIGNATURE_HEADER } from './webhook.signature';

export async function integrationRoutes(app: FastifyInstance, { ctx }: { ctx: AppContext }) {
  installUsageLog(app, ctx);
  for (const plugin of [apiKeyRoutes, webhookRoutes, transferRoutes]) await app.register(plugin, { ctx });
}
