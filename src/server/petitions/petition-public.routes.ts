// Public portal API of the petitions module (no account): the online petition form, the private follow page, rating
// and review requests, the number + query code lookup, and reception days to book. Rate-limited per IP.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../context';
import { ErrorSchema } from '../http';
import {
  OnlinePetitionSchema,
  PetitionFollowViewSchema,
  PetitionLookupSchema,
  PetitionRateSchema,
  PetitionReceiptSchema,
  PetitionReviewRequestSchema,
  PublicAppointmentReceiptSchema,
  PublicAppointmentSchema,
  PublicReceptionDaySchema,
} from './petitions.schema';
import * as service from './petition-public.service';

const errors = { 400: ErrorSchema, 403: ErrorSchema, 404: ErrorSchema, 409: ErrorSchema, 413: ErrorSchema, 422: ErrorSchema, 429: ErrorSchema };
const tags = ['public petitions'];
const Token = z.object({ token: z.string().min(16).max(64) });
const IdemHeader = z.object({ 'idempotency-key': z.string().min(8).max(128).optional() });
const perMinute = (max: number) => ({ rateLimit: { max, timeWindow: '1 minute' } });
const perHour = (max: number) => ({ rateLimit: { max, timeWindow: '1 hour' } });

export async function petitionPublicRoutes(app: FastifyInstance, { ctx }: { ctx: AppContext }) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.post('/api/public/petitions', {
    config: perHour(10),
    bodyLimit: 64 * 1024,
    schema: {
      tags,
      summary: 'Submit an online petition (网上信访)',
      description:
        'Name and mobile number are required; the code from POST /api/public/sms/code must come with the number. Matters for courts, arbitration or ' +
        'administrative review are routed to the legal channel (诉访分离). Keep the number, query code and follow link of the receipt.',
      headers: IdemHeader,
      body: OnlinePetitionSchema,
      response: { 200: PetitionReceiptSchema, 201: PetitionReceiptSchema, ...errors },
    },
    handler: async (req, reply) => {
      const res = await service.submitOnline(ctx, req.body, req.headers['idempotency-key']);
      if (res.replayed) reply.header('idempotent-replayed', 'true');
      return reply.status(res.replayed ? 200 : 201).send(res.receipt);
    },
  });

  r.post('/api/public/petitions/lookup', {
    config: perMinute(10),
    schema: {
      tags,
      summary: 'Find my item by its number and query code (查询码)',
      body: PetitionLookupSchema,
      response: { 200: z.object({ followToken: z.string(), followUrl: z.string() }), ...errors },
    },
    handler: (req) => service.lookup(ctx, req.body.number, req.body.code),
  });

  r.get('/api/public/petitions/follow/:token', {
    config: perMinute(60),
    schema: { tags, summary: 'Follow my item (private link)', params: Token, response: { 200: PetitionFollowViewSchema, ...errors } },
    handler: (req) => service.followView(ctx, req.params.token),
  });

  r.post('/api/public/petitions/follow/:token/rate', {
    config: perMinute(10),
    schema: { tags, summary: 'Rate the written reply (满意/基本满意/不满意), once', params: Token, body: PetitionRateSchema, response: { 200: PetitionFollowViewSchema, ...errors } },
    handler: (req) => service.rate(ctx, req.params.token, req.body),
  });

  r.post('/api/public/petitions/follow/:token/review', {
    config: perMinute(5),
    schema: {
      tags,
      summary: 'Ask for a review of the reply (申请复查), within the review window',
      params: Token,
      body: PetitionReviewRequestSchema,
      response: { 200: PetitionFollowViewSchema, ...errors },
    },
    handler: (req) => service.requestReview(ctx, req.params.token, req.body),
  });

  r.get('/api/public/reception/days', {
    config: perMinute(60),
    schema: { tags, summary: "Leaders' reception days and community workdays in the coming weeks", response: { 200: z.object({ items: z.array(PublicReceptionDaySchema) }), ...errors } },
    handler: () => service.upcomingDays(ctx),
  });

  r.post('/api/public/reception/appointments', {
    config: perHour(10),
    schema: {
      tags,
      summary: 'Book a place on a reception day',
      description: 'The mobile number is confirmed with the code from POST /api/public/sms/code. Name and number are seen by petition staff only.',
      headers: IdemHeader,
      body: PublicAppointmentSchema,
      response: { 200: PublicAppointmentReceiptSchema, 201: PublicAppointmentReceiptSchema, ...errors },
    },
    handler: async (req, reply) => {
      const res = await service.bookOnline(ctx, req.body, req.headers['idempotency-key']);
      return reply.status(res.replayed ? 200 : 201).send(res.receipt);
    },
  });
}
