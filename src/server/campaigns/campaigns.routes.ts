// Special campaigns API (专项整治): campaigns, their board, cases and photo wall, the daily report, the big screen's summary.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../context';
import { ErrorSchema, requireUser } from '../http';
import {
  CampaignBoardSchema,
  CampaignCasesQuerySchema,
  CampaignCasesSchema,
  CampaignIdParamsSchema,
  CampaignInputSchema,
  CampaignListSchema,
  CampaignSchema,
  CampaignSummarySchema,
  CampaignUpdateSchema,
  CaseCampaignsSchema,
  DailyReportQuerySchema,
  PhotoWallQuerySchema,
  PhotoWallSchema,
} from './campaigns.schema';
import * as service from './campaigns.service';

const errors = { 400: ErrorSchema, 401: ErrorSchema, 403: ErrorSchema, 404: ErrorSchema, 409: ErrorSchema, 422: ErrorSchema };
const tags = ['campaigns'];

export async function campaignRoutes(app: FastifyInstance, { ctx }: { ctx: AppContext }) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get('/api/campaigns/summary', {
    preHandler: requireUser,
    schema: {
      tags,
      summary: 'The live campaigns with their counts and rates, for the big screen',
      description: 'Rates are fractions 0–1; closureRate = closed ÷ (closed + open − suspended); targetCount may be null.',
      response: { 200: CampaignSummarySchema, ...errors },
    },
    handler: (req) => service.summary(ctx, req.user!),
  });

  r.get('/api/campaigns', {
    preHandler: requireUser,
    schema: {
      tags,
      summary: 'Campaigns with their progress against targets',
      querystring: z.object({ archived: z.enum(['true', 'false']).default('false').describe('Include archived campaigns') }),
      response: { 200: CampaignListSchema, ...errors },
    },
    handler: (req) => service.listCampaigns(ctx, req.user!, { includeArchived: req.query.archived === 'true' }),
  });

  r.post('/api/campaigns', {
    preHandler: requireUser,
    schema: {
      tags,
      summary: 'Create a campaign; the cases already reported in its period and scope are tagged at once',
      body: CampaignInputSchema,
      response: { 201: CampaignSchema, ...errors },
    },
    handler: async (req, reply) => reply.status(201).send(await service.createCampaign(ctx, req.user!, req.body)),
  });

  r.put('/api/campaigns/:id', {
    preHandler: requireUser,
    schema: {
      tags,
      summary: 'Replace a campaign (or archive it); its cases are tagged again under the new scope',
      params: CampaignIdParamsSchema,
      body: CampaignUpdateSchema,
      response: { 200: CampaignSchema, ...errors },
    },
    handler: (req) => service.updateCampaign(ctx, req.user!, req.params.id, req.body),
  });

  r.get('/api/campaigns/:id', {
    preHandler: requireUser,
    schema: {
      tags,
      summary: 'The campaign board: progress against targets, daily series, by street and class, hot spots, recurrences',
      params: CampaignIdParamsSchema,
      response: { 200: CampaignBoardSchema, ...errors },
    },
    handler: (req) => service.getBoard(ctx, req.user!, req.params.id),
  });

  r.get('/api/campaigns/:id/cases', {
    preHandler: requireUser,
    schema: {
      tags,
      summary: "The campaign's cases that the user may see",
      params: CampaignIdParamsSchema,
      querystring: CampaignCasesQuerySchema,
      response: { 200: CampaignCasesSchema, ...errors },
    },
    handler: (req) => service.listCampaignCases(ctx, req.user!, req.params.id, req.query),
  });

  r.get('/api/campaigns/:id/photos', {
    preHandler: requireUser,
    schema: {
      tags,
      summary: 'Before/after photo wall: closed cases of the campaign with a report photo and an after photo',
      params: CampaignIdParamsSchema,
      querystring: PhotoWallQuerySchema,
      response: { 200: PhotoWallSchema, ...errors },
    },
    handler: (req) => service.photoWall(ctx, req.user!, req.params.id, req.query.limit),
  });

  r.get('/api/campaigns/:id/daily-report', {
    preHandler: requireUser,
    schema: {
      tags,
      summary: 'The daily report (日报) of a campaign as an Excel workbook',
      params: CampaignIdParamsSchema,
      querystring: DailyReportQuerySchema,
      produces: ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
      response: { 200: z.any().describe('xlsx'), ...errors },
    },
    handler: async (req, reply) => {
      const res = await service.dailyReport(ctx, req.user!, req.params.id, req.query.date, req.query.lang ?? req.lang);
      reply
        .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', `attachment; filename="campaign-daily-${res.date}.xlsx"; filename*=UTF-8''${encodeURIComponent(res.name)}`)
        .header('cache-control', 'no-store');
      return reply.send(res.buffer);
    },
  });

  r.get('/api/cases/:id/campaigns', {
    preHandler: requireUser,
    schema: {
      tags,
      summary: 'The special campaigns a case is tagged to',
      params: z.object({ id: z.string().uuid() }),
      response: { 200: CaseCampaignsSchema, ...errors },
    },
    handler: (req) => service.campaignsOfCase(ctx, req.user!, req.params.id),
  });
}
