// Request and response schemas of the illegal building register API (违法建设).
import { z } from 'zod';
import { BUILDING_ACTIONS, BUILDING_STATES } from '../../domain/illegal-building';
import { CASE_STATES } from '../../domain/workflow';
import { CrsSchema } from '../cases/case.schema';

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a day YYYY-MM-DD');
const note = z.string().trim().max(2000).optional();
const photoIds = z.array(z.string().uuid()).max(12).default([]);

export const BUILDING_TYPES = ['steel_shed', 'brick', 'simple_shed', 'rooftop', 'enclosure', 'other'] as const;
export const BUILDING_SOURCES = ['patrol', 'case', 'report', 'aerial', 'census', 'other'] as const;
export const STOCKS = ['existing', 'new'] as const;
export const OWNER_KINDS = ['person', 'unit', 'unknown'] as const;
export const DOC_TYPES = ['filing', 'notice', 'delivery', 'decision', 'penalty', 'other'] as const;

const Owner = z
  .object({
    kind: z.enum(OWNER_KINDS).default('unknown'),
    name: z.string().trim().max(100).optional(),
    phone: z.string().trim().regex(/^[0-9+\- ]{5,20}$/).optional(),
  })
  .strict();

const Footprint = z
  .array(z.tuple([z.number().min(-180).max(180), z.number().min(-90).max(90)]))
  .min(3)
  .max(200)
  .describe('Outline of the structure, [lng, lat] vertices in the crs given');

const common = {
  stock: z.enum(STOCKS).describe('existing: stood at the baseline census (存量); new: built since (新增)'),
  type: z.enum(BUILDING_TYPES),
  areaM2: z.number().positive().max(1_000_000),
  description: z.string().trim().max(2000).default(''),
  footprint: Footprint.optional(),
  owner: Owner.optional().describe('Private: only roles that act on the entry see and set it'),
  departmentId: z.string().uuid().optional().describe('承办单位; the street office of the place by default'),
};

export const BuildingCreateSchema = z
  .object({
    ...common,
    address: z.string().trim().min(1).max(256),
    lng: z.number().min(-180).max(180),
    lat: z.number().min(-90).max(90),
    crs: CrsSchema.default('WGS84'),
    foundOn: day,
    source: z.enum(BUILDING_SOURCES),
    photoIds,
  })
  .strict();
export type BuildingCreate = z.infer<typeof BuildingCreateSchema>;

export const BuildingFromCaseSchema = z
  .object({ ...common, address: z.string().trim().min(1).max(256).optional().describe("The case's location text by default"), photoIds })
  .strict();
export type BuildingFromCase = z.infer<typeof BuildingFromCaseSchema>;

export const BuildingUpdateSchema = z
  .object({
    type: z.enum(BUILDING_TYPES).optional(),
    stock: z.enum(STOCKS).optional(),
    address: z.string().trim().min(1).max(256).optional(),
    areaM2: z.number().positive().max(1_000_000).optional(),
    description: z.string().trim().max(2000).optional(),
    footprint: Footprint.nullable().optional(),
    owner: Owner.optional(),
    departmentId: z.string().uuid().optional(),
    expectedVersion: z.number().int().positive().optional(),
    note,
  })
  .strict();
export type BuildingUpdate = z.infer<typeof BuildingUpdateSchema>;

const base = { note, photoIds, expectedVersion: z.number().int().positive().optional() };
/** One schema per step of the state machine (the domain's BuildingActionInputs plus note, photos, version). */
export const BuildingActionSchemas = {
  file: z.object({ on: day, caseNo: z.string().trim().max(60).optional(), ...base }).strict(),
  dismiss: z.object({ on: day, reason: z.string().trim().min(1).max(500), ...base }).strict(),
  serveNotice: z.object({ on: day, noticeNo: z.string().trim().min(1).max(60), deadline: day, ...base }).strict(),
  expire: z.object({ on: day, ...base }).strict(),
  demolish: z
    .object({ on: day, areaM2: z.number().positive().max(1_000_000), method: z.enum(['self', 'forced']), complete: z.boolean().default(false), ...base })
    .strict(),
  confiscate: z.object({ on: day, decisionNo: z.string().trim().min(1).max(60), ...base }).strict(),
  retain: z.object({ on: day, decisionNo: z.string().trim().min(1).max(60), fineYuan: z.number().positive().max(100_000_000), ...base }).strict(),
} as const;

export const BuildingActionParamsSchema = z.object({ id: z.string().uuid(), action: z.enum(BUILDING_ACTIONS as unknown as [string, ...string[]]) });
export const BuildingIdParamsSchema = z.object({ id: z.string().uuid() });

export const FileAttachSchema = z
  .object({
    photoId: z.string().uuid().describe('A photo uploaded with POST /api/photos by the same user, not attached elsewhere'),
    kind: z.enum(['photo', 'document']),
    stage: z.enum(['before', 'during', 'after']).optional(),
    docType: z.enum(DOC_TYPES).optional(),
    docNo: z.string().trim().max(60).optional(),
    title: z.string().trim().max(200).default(''),
  })
  .strict();
export type FileAttach = z.infer<typeof FileAttachSchema>;

export const RaiseCaseSchema = z
  .object({
    classCode: z.enum(['06001', '08016']).optional().describe('06001 私搭乱建 for existing, 08016 无证建设 for new building by default'),
    description: z.string().trim().min(1).max(2000).optional(),
    source: z.enum(['superior', 'inspector', 'leader']).default('superior'),
  })
  .strict();

export const BuildingListQuerySchema = z.object({
  state: z
    .string()
    .optional()
    .transform((s, c) => {
      const parts = (s ?? '').split(',').filter(Boolean);
      for (const p of parts) if (!(BUILDING_STATES as readonly string[]).includes(p)) c.addIssue({ code: 'custom', message: `unknown state ${p}` });
      return parts;
    }),
  stock: z.enum(STOCKS).optional(),
  type: z.enum(BUILDING_TYPES).optional(),
  streetCode: z.string().regex(/^\d{9}$/).optional(),
  year: z.coerce.number().int().min(1990).max(2100).optional().describe('Found in this year'),
  q: z.string().trim().max(100).optional(),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(20),
});
export type BuildingListQuery = z.infer<typeof BuildingListQuerySchema>;

const owner = z.object({ kind: z.enum(OWNER_KINDS), name: z.string().nullable(), phone: z.string().nullable() });

export const BuildingSummarySchema = z.object({
  id: z.string(),
  code: z.string(),
  stock: z.enum(STOCKS),
  type: z.enum(BUILDING_TYPES),
  address: z.string(),
  lng: z.number(),
  lat: z.number(),
  footprint: z.array(z.tuple([z.number(), z.number()])).nullable(),
  streetCode: z.string().nullable(),
  streetName: z.string().nullable(),
  communityName: z.string().nullable(),
  areaM2: z.number(),
  demolishedM2: z.number(),
  foundOn: z.string(),
  source: z.enum(BUILDING_SOURCES),
  state: z.enum(BUILDING_STATES),
  deadline: z.string().nullable(),
  /** The rectification deadline has passed while the notice stands. */
  deadlineOverdue: z.boolean(),
  closedOn: z.string().nullable(),
  departmentId: z.string().nullable(),
  departmentName: z.string().nullable(),
  departmentNameEn: z.string().nullable(),
  version: z.number(),
});
export type BuildingSummary = z.infer<typeof BuildingSummarySchema>;

export const BuildingListSchema = z.object({ items: z.array(BuildingSummarySchema), total: z.number(), page: z.number(), pageSize: z.number(), totalAreaM2: z.number(), totalDemolishedM2: z.number() });

export const BuildingMapSchema = z.object({
  items: z.array(z.object({ id: z.string(), code: z.string(), lng: z.number(), lat: z.number(), state: z.enum(BUILDING_STATES), stock: z.enum(STOCKS), areaM2: z.number(), footprint: z.array(z.tuple([z.number(), z.number()])).nullable() })),
});

export const BuildingDetailSchema = BuildingSummarySchema.extend({
  description: z.string(),
  gridCode: z.string().nullable(),
  communityCode: z.string().nullable(),
  owner: owner.nullable().describe('null when the user may not see it'),
  ownerHidden: z.boolean(),
  lastOn: z.string(),
  remainingM2: z.number(),
  events: z.array(
    z.object({
      seq: z.number(),
      action: z.string(),
      actionLabel: z.string(),
      actionLabelEn: z.string(),
      fromState: z.string().nullable(),
      toState: z.string(),
      on: z.string(),
      at: z.string(),
      actorName: z.string().nullable(),
      note: z.string().nullable(),
      areaM2: z.number().nullable(),
      payload: z.record(z.string(), z.unknown()),
      photoIds: z.array(z.string()),
    }),
  ),
  files: z.array(
    z.object({
      photoId: z.string(),
      kind: z.enum(['photo', 'document']),
      stage: z.string().nullable(),
      docType: z.string().nullable(),
      docNo: z.string().nullable(),
      title: z.string(),
      url: z.string(),
      thumbUrl: z.string(),
      addedAt: z.string(),
    }),
  ),
  cases: z.array(z.object({ id: z.string(), number: z.string(), relation: z.string(), state: z.enum(CASE_STATES), classCode: z.string(), createdAt: z.string() })),
  allowedActions: z.array(z.enum(BUILDING_ACTIONS as unknown as [string, ...string[]])),
  canEdit: z.boolean(),
  canRaiseCase: z.boolean(),
});
export type BuildingDetail = z.infer<typeof BuildingDetailSchema>;

export const TargetsQuerySchema = z.object({ year: z.coerce.number().int().min(2000).max(2100).optional() });
export const TargetsInputSchema = z.object({ demolishM2: z.number().positive().max(100_000_000), newDealWithinDays: z.number().int().min(1).max(365) }).strict();
export const YearParamsSchema = z.object({ year: z.coerce.number().int().min(2000).max(2100) });

const status = z.enum(['met', 'on_track', 'behind', 'missed']);
export const TargetsBoardSchema = z.object({
  year: z.number(),
  today: z.string(),
  configured: z.boolean().describe('false: the defaults, not yet set for this year'),
  targets: z.object({ demolishM2: z.number(), newDealWithinDays: z.number() }),
  canEdit: z.boolean(),
  demolition: z.object({
    targetM2: z.number(),
    doneM2: z.number(),
    newDoneM2: z.number(),
    share: z.number(),
    expectedShare: z.number(),
    status,
    byMonth: z.array(z.object({ month: z.string(), existingM2: z.number(), newM2: z.number(), cumulativeExistingM2: z.number().nullable(), planM2: z.number() })),
    byStreet: z.array(z.object({ streetCode: z.string().nullable(), name: z.string(), existingM2: z.number(), newM2: z.number(), demolitions: z.number(), standingExistingM2: z.number() })),
  }),
  zeroGrowth: z.object({
    found: z.number(),
    dealt: z.number(),
    dealtInTime: z.number(),
    averageDays: z.number().nullable(),
    medianDays: z.number().nullable(),
    maxDays: z.number().nullable(),
    withinDays: z.number(),
    status,
    standing: z.array(z.object({ id: z.string(), code: z.string(), address: z.string(), streetName: z.string().nullable(), state: z.enum(BUILDING_STATES), foundOn: z.string(), days: z.number(), overdue: z.boolean() })),
  }),
  stock: z.object({ entries: z.number(), standing: z.number(), standingM2: z.number() }).describe('The existing stock still on the register'),
});
export type TargetsBoard = z.infer<typeof TargetsBoardSchema>;
