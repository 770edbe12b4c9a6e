// Evaluation API: rankings (综合评价排名), the cases behind any number, the leader dashboard, and the settings.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../context';
import { ErrorSchema, requireUser } from '../http';
import {
  CasesBehindQuerySchema,
  CasesBehindSchema,
  DashboardQuerySchema,
  DashboardSchema,
  EvaluationConfigSchema,
  MonthlyReportSchema,
  RankingQuerySchema,
  ReportQuerySchema,
  RankingSchema,
  UrgeDepartmentResultSchema,
  UrgeDepartmentSchema,
} from './evaluation.schema';
import * as service from './evaluation.service';

const errors = { 400: ErrorSchema, 401: ErrorSchema, 403: ErrorSchema };

export async function evaluationRoutes(app: FastifyInstance, { ctx }: { ctx: AppContext }) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get('/api/evaluation/rankings', {
    preHandler: requireUser,
    schema: {
      tags: ['evaluation'],
      summary: 'Ranking of a scope for a period: indicator counts and rates, composite score, grade, change against the previous period',
      description:
        'Scopes: inspector, operator, chief, dispatcher, department, street, community, grid, class (id kind:code), all. Counts are as of now: a case filed in the period counts as due to close once handled or past its handling limit; timed steps count in the period in which they fell due.',
      querystring: RankingQuerySchema,
      response: { 200: RankingSchema, ...errors },
    },
    handler: (req) => service.getRankings(ctx, req.user!, req.query),
  });

  r.get('/api/evaluation/cases', {
    preHandler: requireUser,
    schema: {
      tags: ['evaluation'],
      summary: 'The cases behind one number of a ranking (an indicator’s numerator or denominator, or a count by name)',
      querystring: CasesBehindQuerySchema,
      response: { 200: CasesBehindSchema, ...errors },
    },
    handler: (req) => service.getCasesBehind(ctx, req.user!, req.query),
  });

  r.get('/api/evaluation/dashboard', {
    preHandler: requireUser,
    schema: {
      tags: ['evaluation'],
      summary: 'Leader dashboard: today and this month, daily trend, top classes, hot spots, overdue cases, departments',
      description: 'A department user gets the dashboard of their own department.',
      querystring: DashboardQuerySchema,
      response: { 200: DashboardSchema, ...errors },
    },
    handler: (req) => service.getDashboard(ctx, req.user!, req.query),
  });

  r.get('/api/evaluation/report', {
    preHandler: requireUser,
    schema: {
      tags: ['evaluation'],
      summary: 'Monthly evaluation report (月度考核报告): the district, departments, streets, inspectors, classes, communities, and the month day by day',
      querystring: ReportQuerySchema,
      response: { 200: MonthlyReportSchema, ...errors },
    },
    handler: (req) => service.getMonthlyReport(ctx, req.user!, req.query),
  });

  r.get('/api/evaluation/report.xlsx', {
    preHandler: requireUser,
    schema: {
      tags: ['evaluation'],
      summary: 'The monthly evaluation report as an Excel workbook (Chinese)',
      querystring: ReportQuerySchema,
      produces: ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
      response: { 200: z.any().describe('The xlsx file'), ...errors },
    },
    handler: async (req, reply) => {
      const { month, body } = await service.getMonthlyReportXlsx(ctx, req.user!, req.query);
      const name = `综合评价考核报告-${month}.xlsx`;
      return reply
        .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', `attachment; filename="evaluation-report-${month}.xlsx"; filename*=UTF-8''${encodeURIComponent(name)}`)
        .header('cache-control', 'no-store')
        .send(body);
    },
  });

  r.get('/api/evaluation/config', {
    preHandler: requireUser,
    schema: {
      tags: ['evaluation'],
      summary: 'Evaluation settings: composite weights per scope, grade thresholds, public and hotline sources',
      response: { 200: EvaluationConfigSchema, ...errors },
    },
    handler: (req) => service.getConfig(ctx, req.user!),
  });

  r.put('/api/evaluation/config', {
    preHandler: requireUser,
    schema: {
      tags: ['evaluation'],
      summary: 'Replace the evaluation settings (administrators)',
      body: EvaluationConfigSchema,
      response: { 200: EvaluationConfigSchema, ...errors },
    },
    handler: (req) => service.putConfig(ctx, req.user!, req.body),
  });

  r.post('/api/evaluation/urge-department', {
    preHandler: requireUser,
    schema: {
      tags: ['evaluation'],
      summary: '督办 to a department: the note is recorded (as the urge case action) on each of its overdue cases (leaders)',
      body: UrgeDepartmentSchema,
      response: { 200: UrgeDepartmentResultSchema, 404: ErrorSchema, 409: ErrorSchema, ...errors },
    },
    handler: (req) => service.urgeDepartment(ctx, req.user!, req.body),
  });

  r.post('/api/evaluation/rebuild', {
    preHandler: requireUser,
    schema: {
      tags: ['evaluation'],
      summary: 'Derive every evaluation fact again from the event log (administrators; after a calendar change)',
      response: { 204: z.null(), ...errors },
    },
    handler: async (req, reply) => {
      await service.rebuildFacts(ctx, req.user!);
      return reply.status(204).send(null);
    },
  });
}
