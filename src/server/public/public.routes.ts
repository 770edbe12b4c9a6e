// Public portal API (no account): citizen reports with an optional confirmed phone, the private follow link, rating
// and reopening, the public map; and for centre staff: moderation, banned numbers, the SMS outbox.
// Abuse controls: per-IP rate limits on every route (route config), per-phone limits in the service, size limits.
import fs from 'node:fs';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../context';
import { AppError } from '../errors';
import { ErrorSchema, requireUser } from '../http';
import * as moderation from './moderation.service';
import {
  BanInputSchema,
  BannedSchema,
  CitizenReportSchema,
  CodeRequestSchema,
  FollowViewSchema,
  ModerationDecisionSchema,
  ModerationItemSchema,
  ModerationQuerySchema,
  OutboxSchema,
  PublicCaseDetailSchema,
  PublicMapSchema,
  PublicMetaSchema,
  RateSchema,
  ReopenSchema,
  ReportReceiptSchema,
} from './public.schema';
import * as service from './public.service';
import { listClasses } from '../catalogue/catalogue.repository';

const errors = { 400: ErrorSchema, 401: ErrorSchema, 403: ErrorSchema, 404: ErrorSchema, 409: ErrorSchema, 413: ErrorSchema, 415: ErrorSchema, 422: ErrorSchema, 429: ErrorSchema };
const tags = ['public'];
const staffTags = ['public moderation'];
const Token = z.object({ token: z.string().min(16).max(64) });
const IdemHeader = z.object({ 'idempotency-key': z.string().min(8).max(128).optional() });
const perMinute = (max: number) => ({ rateLimit: { max, timeWindow: '1 minute' } });
const perHour = (max: number) => ({ rateLimit: { max, timeWindow: '1 hour' } });

function sendImage(reply: FastifyReply, file: string, cache: string) {
  reply.header('cache-control', cache).type('image/jpeg');
  return reply.send(fs.createReadStream(file));
}

export async function publicRoutes(app: FastifyInstance, { ctx }: { ctx: AppContext }) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  // A citizen with a confirmed number hears by text message when the case is filed, closed or not taken up: sent by
  // the notifications module through its durable outbox (src/server/notify), once however many processes run.

  r.get('/api/public/meta', {
    config: perMinute(60),
    schema: { tags, summary: 'What the portal needs: the classes a citizen can choose, limits', response: { 200: PublicMetaSchema } },
    handler: async () => {
      const [s, classes] = await Promise.all([service.publicSettings(ctx), listClasses(ctx.db)]);
      return {
        district: { code: ctx.config.districtCode },
        settings: { requirePhoneCode: s.requirePhoneCode, maxPhotos: s.maxPhotos, maxPhotoBytes: s.maxPhotoBytes, reopenWithinDays: s.reopenWithinDays, mapDays: s.mapDays },
        classes: classes
          .filter((c) => c.active)
          .map((c) => ({ kind: c.kind as 'component' | 'matter', code: c.code, nameZh: c.nameZh, nameEn: c.nameEn, majorNameZh: c.majorNameZh, majorNameEn: c.majorNameEn })),
      };
    },
  });

  r.post('/api/public/sms/code', {
    config: perHour(10),
    schema: {
      tags,
      summary: 'Send a verification code to a mobile number',
      description: 'At most one a minute and a few an hour per number; banned numbers are refused.',
      body: CodeRequestSchema,
      response: { 200: z.object({ sent: z.literal(true), expiresInSeconds: z.number() }), ...errors },
    },
    handler: (req) => service.requestCode(ctx, req.body.phone),
  });

  r.post('/api/public/photos', {
    config: perHour(60),
    schema: {
      tags,
      summary: 'Upload one photo for a report (multipart field "file")',
      description: 'JPEG, PNG, WebP or HEIF; metadata is stripped. `exif` is the position found in the photo (WGS84), if any.',
      consumes: ['multipart/form-data'],
      response: { 201: z.object({ id: z.string(), width: z.number(), height: z.number(), exif: z.any() }), ...errors },
    },
    handler: async (req, reply) => {
      if (!req.isMultipart()) throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'send multipart/form-data with a "file" field');
      const s = await service.publicSettings(ctx);
      const part = await req.file({ limits: { fileSize: Math.min(s.maxPhotoBytes, ctx.config.maxUploadBytes), files: 1 } });
      if (!part) throw new AppError('PHOTO_REQUIRED');
      const data = await part.toBuffer();
      if (part.file.truncated) throw new AppError('FILE_TOO_LARGE');
      return reply.status(201).send(await service.uploadPhoto(ctx, data));
    },
  });

  r.post('/api/public/reports', {
    config: perHour(20),
    bodyLimit: 64 * 1024,
    schema: {
      tags,
      summary: 'Report a problem without an account (公众举报)',
      description:
        'Photos first through POST /api/public/photos. A phone number is optional; when given, the code from POST /api/public/sms/code must come with it. ' +
        'Send an `Idempotency-Key` (a random UUID) so that a retry never makes two cases. Keep `followToken`: it is the only way back to the case.',
      headers: IdemHeader,
      body: CitizenReportSchema,
      response: { 200: ReportReceiptSchema, 201: ReportReceiptSchema, ...errors },
    },
    handler: async (req, reply) => {
      const res = await service.submitReport(ctx, req.body, req.ip, req.headers['idempotency-key']);
      if (res.replayed) reply.header('idempotent-replayed', 'true');
      return reply.status(res.replayed ? 200 : 201).send({ number: res.number, followToken: res.followToken, followUrl: res.followUrl });
    },
  });

  r.get('/api/public/follow/:token', {
    config: perMinute(60),
    schema: { tags, summary: 'Follow my case (private link)', params: Token, response: { 200: FollowViewSchema, ...errors } },
    handler: (req) => service.followView(ctx, req.params.token),
  });

  for (const thumb of [false, true]) {
    r.get(thumb ? '/api/public/follow/:token/photos/:photoId/thumb' : '/api/public/follow/:token/photos/:photoId', {
      config: perMinute(120),
      schema: { tags, hide: thumb, summary: 'A photo of my case', params: Token.extend({ photoId: z.string().uuid() }) },
      handler: async (req, reply) => sendImage(reply, await service.followPhotoFile(ctx, req.params.token, req.params.photoId, thumb), 'private, max-age=3600'),
    });
    r.get(thumb ? '/api/public/photos/:photoId/thumb' : '/api/public/photos/:photoId', {
      config: perMinute(120),
      schema: { tags, hide: thumb, summary: 'A public photo (after photos; report photos an operator published)', params: z.object({ photoId: z.string().uuid() }) },
      handler: async (req, reply) => sendImage(reply, await service.publicPhotoFile(ctx, req.params.photoId, thumb), 'public, max-age=600'),
    });
  }

  r.post('/api/public/follow/:token/rate', {
    config: perMinute(10),
    schema: {
      tags,
      summary: 'Rate how the case was dealt with (满意/基本满意/不满意), once, after it is closed',
      params: Token,
      body: RateSchema,
      response: { 200: FollowViewSchema, ...errors },
    },
    handler: (req) => service.rate(ctx, req.params.token, req.body),
  });

  r.post('/api/public/follow/:token/reopen', {
    config: perMinute(5),
    schema: {
      tags,
      summary: 'Not fixed (复诉): report the problem again, linked to the closed case',
      description: 'Within the set days after the case was closed, once. The closed case stays closed; a new case linked to it is made.',
      params: Token,
      headers: IdemHeader,
      body: ReopenSchema,
      response: { 201: ReportReceiptSchema, 200: ReportReceiptSchema, ...errors },
    },
    handler: async (req, reply) => {
      const res = await service.reopen(ctx, req.params.token, req.body, req.ip, req.headers['idempotency-key']);
      return reply.status(res.replayed ? 200 : 201).send({ number: res.number, followToken: res.followToken, followUrl: res.followUrl });
    },
  });

  r.get('/api/public/map', {
    config: perMinute(60),
    schema: {
      tags,
      summary: 'Recent cases for the public map: class, state, area; no personal data',
      description: 'WGS84. Points of classes whose exact place is private are snapped to a coarse lattice (`approximate`).',
      querystring: z.object({ days: z.coerce.number().int().min(1).max(365).optional() }),
      response: { 200: PublicMapSchema, ...errors },
    },
    handler: (req) => service.publicMap(ctx, req.query.days),
  });

  r.get('/api/public/cases/:number', {
    config: perMinute(60),
    schema: {
      tags,
      summary: 'A case as the public sees it (by case number)',
      params: z.object({ number: z.string().max(32) }),
      response: { 200: PublicCaseDetailSchema, ...errors },
    },
    handler: (req) => service.publicCaseDetail(ctx, req.params.number),
  });

  // ---- centre staff

  r.get('/api/public/moderation', {
    preHandler: requireUser,
    schema: { tags: staffTags, summary: 'The moderation queue of public texts and photos', querystring: ModerationQuerySchema, response: { 200: z.object({ items: z.array(ModerationItemSchema) }), ...errors } },
    handler: (req) => moderation.moderationQueue(ctx, req.user!, req.query),
  });

  r.post('/api/public/moderation', {
    preHandler: requireUser,
    schema: {
      tags: staffTags,
      summary: 'Publish, hide or redact a public text or photo; hide a case from the public map',
      body: ModerationDecisionSchema,
      response: { 200: z.object({ ok: z.literal(true) }), ...errors },
    },
    handler: (req) => moderation.decide(ctx, req.user!, req.body),
  });

  r.get('/api/public/banned', {
    preHandler: requireUser,
    schema: { tags: staffTags, summary: 'Banned numbers', response: { 200: z.object({ items: z.array(BannedSchema) }), ...errors } },
    handler: (req) => moderation.listBanned(ctx, req.user!),
  });

  r.post('/api/public/banned', {
    preHandler: requireUser,
    schema: { tags: staffTags, summary: 'Ban a number', body: BanInputSchema, response: { 200: z.object({ items: z.array(BannedSchema) }), ...errors } },
    handler: (req) => moderation.ban(ctx, req.user!, req.body.phone, req.body.reason),
  });

  r.delete('/api/public/banned/:phone', {
    preHandler: requireUser,
    schema: { tags: staffTags, summary: 'Lift a ban', params: z.object({ phone: z.string().max(20) }), response: { 200: z.object({ items: z.array(BannedSchema) }), ...errors } },
    handler: (req) => moderation.unban(ctx, req.user!, req.params.phone),
  });

  r.get('/api/public/sms-outbox', {
    preHandler: requireUser,
    schema: {
      tags: staffTags,
      summary: 'Text messages sent (administrators)',
      querystring: z.object({ limit: z.coerce.number().int().min(1).max(1000).default(100) }),
      response: { 200: z.object({ items: z.array(OutboxSchema) }), ...errors },
    },
    handler: (req) => moderation.outbox(ctx, req.user!, req.query.limit),
  });
}
