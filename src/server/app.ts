// Builds the Fastify application: external plugins → request context → feature routes → web app.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Fastify, { type FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { adminRoutes } from './admin/admin.routes';
import { authRoutes } from './auth/auth.routes';
import { basedataRoutes } from './basedata/basedata.routes';
import { basemapRoutes } from './basemap/basemap.routes';
import { sessionUser } from './auth/auth.service';
import { caseRoutes } from './cases/case.routes';
import { campaignRoutes } from './campaigns/campaigns.routes';
import { illegalBuildingRoutes } from './illegal-building/illegal-building.routes';
import { catalogueRoutes } from './catalogue/catalogue.routes';
import { componentRoutes } from './components/component.routes';
import type { AppContext } from './context';
import { AppError } from './errors';
import { evaluationRoutes } from './evaluation/evaluation.routes';
import { eventRoutes } from './events/events.routes';
import { exportRoutes } from './export/export.routes';
import { fieldPlugin } from './field';
import { geocodeRoutes } from './geocode/geocode.routes';
import { geoRoutes } from './geo/geo.routes';
import { healthRoutes } from './health/health.routes';
import { frameworkErrors, installErrorHandler, installNotFoundHandler, languageOf, SESSION_COOKIE } from './http';
import { integrationRoutes } from './integrations';
import { mapRoutes } from './map/map.routes';
import { notifyRoutes } from './notify/notify.routes';
import { open311Routes } from './open311/open311.routes';
import { orgRoutes } from './org/org.routes';
import { photoRoutes } from './photos/photo.routes';
import { tileRoutes } from './tiles/tiles.routes';
import { publicPlugin } from './public';
import { petitionsPlugin } from './petitions';
import { sweepingRoutes } from './sweeping/sweeping.routes';
import { inspectionRoutes } from './inspections/inspections.routes';
import { planRoutes } from './plan/plan.routes';
import { VERSION } from './version';

const webDist = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../web/dist');
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** Requests that need no CSRF token: sign-in has no session yet. */
const CSRF_EXEMPT = new Set(['/api/auth/login']);

export async function buildApp(ctx: AppContext, opts: { logger?: boolean } = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: opts.logger
      ? {
          level: ctx.config.logLevel,
          // err.params: a failed query's parameters (Drizzle puts them on the error) can hold personal data.
          redact: ['req.headers.cookie', 'req.headers.authorization', 'req.headers["x-api-key"]', 'body.password', 'err.params', 'err.cause.params'],
          serializers: {
            // Open311 clients send api_key in the query string: never write it to the log.
            req: (req: { method: string; url: string; ip?: string }) => ({ method: req.method, url: req.url.replace(/([?&]api_key=)[^&]*/gi, '$1[redacted]'), ip: req.ip }),
          },
        }
      : false,
    bodyLimit: 1024 * 1024,
    trustProxy: ctx.config.trustProxy,
    frameworkErrors,
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installErrorHandler(app);

  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        workerSrc: ["'self'", 'blob:'],
        styleSrc: ["'self'", "'unsafe-inline'"],
        scriptSrc: ["'self'"],
        connectSrc: ["'self'"],
      },
    },
    crossOriginEmbedderPolicy: false,
  });
  await app.register(cookie, { secret: ctx.config.sessionSecret ?? undefined });
  await app.register(multipart, { limits: { fileSize: ctx.config.maxUploadBytes, files: 1, fields: 10 } });
  await app.register(rateLimit, { global: false });
  await app.register(swagger, {
    openapi: {
      info: {
        title: 'Wangge API',
        version: VERSION,
        description:
          'Digital grid-based city management (数字城管). Sign in with POST /api/auth/login; send the returned csrfToken as `x-csrf-token` on every POST. Coordinates are WGS84 unless a `crs` field says otherwise.',
      },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });

  app.decorateRequest('user', null);
  app.decorateRequest('lang', 'zh');
  app.addHook('onRequest', async (req) => {
    req.lang = languageOf(req);
    const token = req.cookies[SESSION_COOKIE];
    if (token) req.user = await sessionUser(ctx, token);
    if (req.user && UNSAFE.has(req.method) && !CSRF_EXEMPT.has(req.url.split('?')[0])) {
      if (req.headers['x-csrf-token'] !== req.user.csrfToken) throw new AppError('CSRF_FAILED');
    }
  });

  const plugins = [
    healthRoutes,
    authRoutes,
    caseRoutes,
    catalogueRoutes,
    orgRoutes,
    geoRoutes,
    photoRoutes,
    eventRoutes,
    mapRoutes,
    exportRoutes,
    adminRoutes,
    open311Routes,
    integrationRoutes,
    evaluationRoutes,
    fieldPlugin,
    publicPlugin,
    basedataRoutes,
    tileRoutes,
    componentRoutes,
    geocodeRoutes,
    petitionsPlugin,
    notifyRoutes,
    campaignRoutes,
    illegalBuildingRoutes,
    sweepingRoutes,
    inspectionRoutes,
    planRoutes,
    basemapRoutes,
  ];
  for (const plugin of plugins) await app.register(plugin, { ctx });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  const hasWeb = fs.existsSync(path.join(webDist, 'index.html'));
  if (hasWeb) await app.register(fastifyStatic, { root: webDist, prefix: '/', wildcard: false, index: ['index.html'] });
  installNotFoundHandler(app, hasWeb);
  return app;
}
