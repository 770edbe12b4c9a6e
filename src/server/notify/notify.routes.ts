// Routes of notifications: my notification centre and preferences, the duty roster, escalation and emergency
// settings (administrators), the outbox view, and citizens' local alerts (no account). Starts the realtime listener.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../context';
import { ErrorSchema, requireUser } from '../http';
import * as alerts from './alerts.service';
import * as duty from './duty.service';
import {
  EscalationSettingsSchema,
  MarkReadSchema,
  NotificationListQuerySchema,
  NotificationListSchema,
  OutboxViewSchema,
  PreferencesInputSchema,
  PreferencesViewSchema,
} from './notify.schema';
import * as service from './notify.service';
import { startRealtime, stopRealtime } from './realtime';

const errors = { 400: ErrorSchema, 401: ErrorSchema, 403: ErrorSchema, 404: ErrorSchema, 409: ErrorSchema, 422: ErrorSchema, 429: ErrorSchema };
const tags = ['notifications'];

const AlertViewSchema = z.object({
  area: z.enum(['near', 'community']),
  lng: z.number().nullable(),
  lat: z.number().nullable(),
  radiusM: z.number().nullable(),
  communityCode: z.string().nullable(),
  communityName: z.string().nullable(),
  events: z.array(z.enum(['new', 'closed'])),
  label: z.string().nullable(),
  phoneMasked: z.string(),
  createdAt: z.string(),
  active: z.boolean(),
  manageUrl: z.string(),
});
const AlertSubscribeSchema = z.object({
  phone: z.string().trim().min(5).max(20),
  code: z.string().trim().min(4).max(8),
  area: z.enum(['near', 'community']),
  lng: z.number().min(-180).max(180).optional(),
  lat: z.number().min(-90).max(90).optional(),
  radiusM: z.number().int().min(100).max(alerts.MAX_RADIUS_M).optional(),
  communityCode: z.string().regex(/^\d{12}$/).optional(),
  events: z.array(z.enum(['new', 'closed'])).min(1).max(2),
  label: z.string().trim().max(40).optional(),
});
const Token = z.object({ token: z.string().min(16).max(64) });

export async function notifyRoutes(app: FastifyInstance, { ctx }: { ctx: AppContext }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  // Every process listens, so that a notification made anywhere reaches its user's open console here.
  app.addHook('onReady', async () => startRealtime(ctx));
  app.addHook('onClose', async () => stopRealtime(ctx));

  // ---------------------------------------------------------------- my notifications
  r.get('/api/notifications', {
    preHandler: requireUser,
    schema: { tags, summary: 'My notifications, newest first, with the unread count', querystring: NotificationListQuerySchema, response: { 200: NotificationListSchema, ...errors } },
    handler: (req) => service.myNotifications(ctx, req.user!, { unread: req.query.unread === 'true', urgent: req.query.urgent === 'true', limit: req.query.limit, before: req.query.before }, req.lang),
  });
  r.post('/api/notifications/read', {
    preHandler: requireUser,
    schema: { tags, summary: 'Mark my notifications read: { ids } or { all: true }', body: MarkReadSchema, response: { 200: z.object({ changed: z.number(), unread: z.number() }), ...errors } },
    handler: (req) => service.markMineRead(ctx, req.user!, 'ids' in req.body ? req.body.ids : 'all'),
  });
  r.get('/api/notifications/preferences', {
    preHandler: requireUser,
    schema: { tags, summary: 'My notification preferences: channels per kind, quiet hours, e-mail, webhook', response: { 200: PreferencesViewSchema, ...errors } },
    handler: (req) => service.myPreferences(ctx, req.user!),
  });
  r.put('/api/notifications/preferences', {
    preHandler: requireUser,
    schema: { tags, summary: 'Change my notification preferences (only the fields sent)', body: PreferencesInputSchema, response: { 200: PreferencesViewSchema, ...errors } },
    handler: (req) => service.saveMyPreferences(ctx, req.user!, req.body),
  });
  r.get('/api/notifications/outbox', {
    preHandler: requireUser,
    schema: {
      tags,
      summary: 'Outbound messages (SMS, e-mail, webhook) with their delivery state, newest first (administrators)',
      querystring: z.object({ limit: z.coerce.number().int().min(1).max(500).default(100), channel: z.enum(['sms', 'email', 'webhook']).optional() }),
      response: { 200: OutboxViewSchema, ...errors },
    },
    handler: (req) => service.outboxView(ctx, req.user!, req.query.limit, req.query.channel),
  });

  // ---------------------------------------------------------------- escalation and emergency settings
  r.get('/api/notifications/escalation', {
    preHandler: requireUser,
    schema: { tags, summary: 'The escalation chains, department heads and leaders in charge, and the emergency policy (administrators)', response: { 200: EscalationSettingsSchema, ...errors } },
    handler: (req) => service.escalationSettings(ctx, req.user!),
  });
  r.put('/api/notifications/escalation', {
    preHandler: requireUser,
    schema: { tags, summary: 'Replace the escalation chains and the emergency policy (administrators)', body: EscalationSettingsSchema, response: { 200: EscalationSettingsSchema, ...errors } },
    handler: (req) => service.saveEscalationSettings(ctx, req.user!, req.body),
  });

  // ---------------------------------------------------------------- duty roster
  r.get('/api/duty', {
    preHandler: requireUser,
    schema: {
      tags: ['duty'],
      summary: 'The duty roster (值班表) between two instants (default: from a day ago, 8 days), with who is on duty now',
      querystring: z.object({ from: z.coerce.date().optional(), to: z.coerce.date().optional() }),
      response: { 200: z.object({ now: z.string(), items: z.array(duty.ShiftViewSchema) }), ...errors },
    },
    handler: (req) => duty.listShifts(ctx, req.user!, req.query.from, req.query.to),
  });
  r.get('/api/duty/people', {
    preHandler: requireUser,
    schema: {
      tags: ['duty'],
      summary: 'Staff who may stand a shift (for those who keep the roster)',
      response: { 200: z.object({ items: z.array(z.object({ id: z.string(), displayName: z.string(), roles: z.array(z.string()), departmentId: z.string().nullable() })) }), ...errors },
    },
    handler: (req) => duty.dutyPeople(ctx, req.user!),
  });
  r.post('/api/duty', {
    preHandler: requireUser,
    schema: { tags: ['duty'], summary: 'Add a shift (administrators, shift chiefs)', body: duty.ShiftInputSchema, response: { 201: duty.ShiftViewSchema, ...errors } },
    handler: async (req, reply) => reply.status(201).send(await duty.addShift(ctx, req.user!, req.body)),
  });
  r.delete('/api/duty/:id', {
    preHandler: requireUser,
    schema: { tags: ['duty'], summary: 'Remove a shift', params: z.object({ id: z.string().uuid() }), response: { 200: z.object({ deleted: z.literal(true) }), ...errors } },
    handler: (req) => duty.removeShift(ctx, req.user!, req.params.id),
  });

  // ---------------------------------------------------------------- citizens' local alerts (no account)
  const perMinute = (max: number) => ({ rateLimit: { max, timeWindow: '1 minute' } });
  r.get('/api/public/alerts/communities', {
    config: perMinute(30),
    schema: { tags: ['public'], summary: 'Communities a local alert can follow', response: { 200: z.object({ items: z.array(z.object({ code: z.string(), name: z.string(), streetCode: z.string(), streetName: z.string() })) }) } },
    handler: () => alerts.alertCommunities(ctx),
  });
  r.post('/api/public/alerts', {
    config: perMinute(10),
    schema: {
      tags: ['public'],
      summary: 'Subscribe a verified mobile number to new or closed cases near a point or in a community (周边提醒)',
      description: 'Get a code with POST /api/public/sms/code first. Every message carries the link to manage or cancel the subscription (manageUrl).',
      body: AlertSubscribeSchema,
      response: { 201: AlertViewSchema.extend({ token: z.string() }), ...errors },
    },
    handler: async (req, reply) => reply.status(201).send(await alerts.subscribe(ctx, req.body)),
  });
  r.get('/api/public/alerts/:token', {
    config: perMinute(60),
    schema: { tags: ['public'], summary: 'A local-alert subscription (private link)', params: Token, response: { 200: AlertViewSchema, ...errors } },
    handler: (req) => alerts.alertView(ctx, req.params.token),
  });
  r.post('/api/public/alerts/:token/cancel', {
    config: perMinute(20),
    schema: { tags: ['public'], summary: 'Stop a local-alert subscription', params: Token, response: { 200: AlertViewSchema, ...errors } },
    handler: (req) => alerts.cancelAlert(ctx, req.params.token),
  });
}
