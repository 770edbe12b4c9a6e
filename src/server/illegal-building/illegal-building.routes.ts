// Illegal building register API (违法建设): entries, map, detail with history, the state machine's steps, files,
// linked cases, and the year's targets board.
import fs from 'node:fs';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { BUILDING_ACTIONS, BUILDING_RULES } from '../../domain/illegal-building';
import type { AppContext } from '../context';
import { ErrorSchema, requireUser } from '../http';
import {
  BuildingActionSchemas,
  BuildingCreateSchema,
  BuildingDetailSchema,
  BuildingFromCaseSchema,
  BuildingIdParamsSchema,
  BuildingListQuerySchema,
  BuildingListSchema,
  BuildingMapSchema,
  BuildingUpdateSchema,
  FileAttachSchema,
  RaiseCaseSchema,
  TargetsBoardSchema,
  TargetsInputSchema,
  TargetsQuerySchema,
  YearParamsSchema,
} from './illegal-building.schema';
import * as service from './illegal-building.service';

const errors = { 400: ErrorSchema, 401: ErrorSchema, 403: ErrorSchema, 404: ErrorSchema, 409: ErrorSchema, 422: ErrorSchema };
const tags = ['illegal-building'];
const BASE = '/api/illegal-buildings';

export async function illegalBuildingRoutes(app: FastifyInstance, { ctx }: { ctx: AppContext }) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(BASE, {
    preHandler: requireUser,
    schema: { tags, summary: 'Register entries the user may see, with filters', querystring: BuildingListQuerySchema, response: { 200: BuildingListSchema, ...errors } },
    handler: (req) => service.listBuildings(ctx, req.user!, req.query),
  });

  r.get(`${BASE}/map`, {
    preHandler: requireUser,
    schema: { tags, summary: 'Every matching entry as a point (and footprint) for the map', querystring: BuildingListQuerySchema, response: { 200: BuildingMapSchema, ...errors } },
    handler: (req) => service.mapBuildings(ctx, req.user!, req.query),
  });

  r.get(`${BASE}/targets`, {
    preHandler: requireUser,
    schema: {
      tags,
      summary: "The year's two targets: existing stock demolished (by month and street) and zero growth of new building",
      querystring: TargetsQuerySchema,
      response: { 200: TargetsBoardSchema, ...errors },
    },
    handler: (req) => service.targetsBoard(ctx, req.user!, req.query.year),
  });

  r.put(`${BASE}/targets/:year`, {
    preHandler: requireUser,
    schema: { tags, summary: "Set a year's targets (leaders, administrators)", params: YearParamsSchema, body: TargetsInputSchema, response: { 200: TargetsBoardSchema, ...errors } },
    handler: (req) => service.putTargets(ctx, req.user!, req.params.year, req.body),
  });

  r.post(BASE, {
    preHandler: requireUser,
    schema: { tags, summary: 'Register an illegal structure (state: found)', body: BuildingCreateSchema, response: { 201: BuildingDetailSchema, ...errors } },
    handler: async (req, reply) => reply.status(201).send(await service.createBuilding(ctx, req.user!, req.body)),
  });

  r.post(`${BASE}/from-case/:caseId`, {
    preHandler: requireUser,
    schema: {
      tags,
      summary: 'Register the structure a 06001/08016 case reports, linked to the case (position, address and found date from the case)',
      params: z.object({ caseId: z.string().uuid() }),
      body: BuildingFromCaseSchema,
      response: { 201: BuildingDetailSchema, ...errors },
    },
    handler: async (req, reply) => reply.status(201).send(await service.createFromCase(ctx, req.user!, req.params.caseId, req.body)),
  });

  r.get(`${BASE}/by-case/:caseId`, {
    preHandler: requireUser,
    schema: {
      tags,
      summary: 'The register entry a case is linked to (ids null when none, or not visible to the user)',
      params: z.object({ caseId: z.string().uuid() }),
      response: { 200: z.object({ id: z.string().nullable(), code: z.string().nullable(), relation: z.string().nullable() }), ...errors },
    },
    handler: (req) => service.buildingOfCase(ctx, req.user!, req.params.caseId),
  });

  r.get(`${BASE}/:id`, {
    preHandler: requireUser,
    schema: { tags, summary: 'An entry with its history, files and linked cases', params: BuildingIdParamsSchema, response: { 200: BuildingDetailSchema, ...errors } },
    handler: (req) => service.getBuilding(ctx, req.user!, req.params.id),
  });

  r.put(`${BASE}/:id`, {
    preHandler: requireUser,
    schema: { tags, summary: "Change an entry's details (recorded in its history)", params: BuildingIdParamsSchema, body: BuildingUpdateSchema, response: { 200: BuildingDetailSchema, ...errors } },
    handler: (req) => service.updateBuilding(ctx, req.user!, req.params.id, req.body),
  });

  for (const action of BUILDING_ACTIONS) {
    r.post(`${BASE}/:id/${action}`, {
      preHandler: requireUser,
      schema: {
        tags,
        summary: `${BUILDING_RULES[action].labelEn} (${BUILDING_RULES[action].labelZh}); from: ${BUILDING_RULES[action].from.join(', ')}`,
        params: BuildingIdParamsSchema,
        body: BuildingActionSchemas[action],
        response: { 200: BuildingDetailSchema, ...errors },
      },
      handler: (req) => service.actOnBuilding(ctx, req.user!, req.params.id, action, req.body),
    });
  }

  r.post(`${BASE}/:id/files`, {
    preHandler: requireUser,
    schema: { tags, summary: 'Attach an uploaded photo or a scanned document (notice, decision …)', params: BuildingIdParamsSchema, body: FileAttachSchema, response: { 200: BuildingDetailSchema, ...errors } },
    handler: (req) => service.attachFile(ctx, req.user!, req.params.id, req.body),
  });

  for (const thumb of [false, true]) {
    r.get(thumb ? `${BASE}/:id/files/:photoId/thumb` : `${BASE}/:id/files/:photoId`, {
      preHandler: requireUser,
      schema: { tags, summary: thumb ? 'A file of an entry, thumbnail' : 'A file of an entry', params: z.object({ id: z.string().uuid(), photoId: z.string().uuid() }) },
      handler: async (req, reply) => {
        const file = await service.filePath(ctx, req.user!, req.params.id, req.params.photoId, thumb);
        reply.header('cache-control', 'private, max-age=86400').type('image/jpeg');
        return reply.send(fs.createReadStream(file));
      },
    });
  }

  r.post(`${BASE}/:id/raise-case`, {
    preHandler: requireUser,
    schema: {
      tags,
      summary: 'Raise a case about the structure, linked to the entry',
      params: BuildingIdParamsSchema,
      body: RaiseCaseSchema,
      response: { 201: z.object({ caseId: z.string(), number: z.string(), building: BuildingDetailSchema }), ...errors },
    },
    handler: async (req, reply) => reply.status(201).send(await service.raiseCase(ctx, req.user!, req.params.id, req.body)),
  });
}
