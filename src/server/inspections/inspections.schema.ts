// Request and response shapes of hazard inspections and 双随机、一公开 (staff API and the public API without personal data).
import { z } from 'zod';
import { tryDayIndex } from '../../domain/calendar/shanghai-time';
import { INSPECTION_STATES, SECTORS } from '../../domain/inspections';
import { CrsSchema } from '../cases/case.schema';

const Day = z.string().refine((s) => tryDayIndex(s) !== null, 'a calendar day YYYY-MM-DD');
const Code = z.string().trim().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{1,39}$/, 'letters, digits, - and _');
export const SectorSchema = z.enum(SECTORS);

// ------------------------------------------------------------------ checklists and plans

export const ChecklistItemSchema = z
  .object({
    code: z.string().trim().regex(/^[A-Za-z0-9_-]{1,12}$/),
    textZh: z.string().trim().min(1).max(200),
    textEn: z.string().trim().min(1).max(200),
    classCode: z.string().regex(/^\d{5,8}$/).describe('the matter class a failed item is filed under'),
    rectifyDays: z.number().int().min(1).max(365).describe('natural days to rectify (整改期限)'),
  })
  .strict();

export const PlanCreateSchema = z
  .object({
    name: z.string().trim().min(2).max(100),
    sector: SectorSchema,
    periodFrom: Day,
    periodTo: Day,
    checklist: z.array(ChecklistItemSchema).min(1).max(50).optional().describe("the sector's default checklist when omitted"),
    note: z.string().trim().max(500).optional(),
  })
  .strict();

export const DrawRulesSchema = z
  .object({
    sampleSize: z.number().int().min(1).max(500),
    inspectorsPerTarget: z.number().int().min(2).max(6).default(2),
  })
  .strict();

export const WitnessSchema = z
  .object({ witness: z.string().trim().min(1).max(100).describe('a value announced after the commitment, e.g. numbers called out by the supervising official') })
  .strict();

const Assignment = z.object({ target: z.string(), inspectors: z.array(z.string()) });
const DrawInputsSchema = z.object({
  version: z.literal(1),
  sector: z.string(),
  rules: z.object({ sampleSize: z.number(), inspectorsPerTarget: z.number() }),
  targets: z.array(z.object({ code: z.string(), name: z.string() })),
  inspectors: z.array(z.string()),
  conflicts: z.array(z.tuple([z.string(), z.string()])),
  previous: z.array(z.tuple([z.string(), z.array(z.string())])),
});

export const DrawSummarySchema = z.object({
  id: z.string(),
  planId: z.string(),
  planName: z.string(),
  sector: SectorSchema,
  round: z.number(),
  status: z.enum(['committed', 'drawn']),
  sampleSize: z.number(),
  inspectorsPerTarget: z.number(),
  candidates: z.number(),
  pool: z.number(),
  commitment: z.string().describe('SHA-256 of the secret seed, published before the draw'),
  inputsHash: z.string().describe('SHA-256 of the canonical JSON of the inputs'),
  committedAt: z.string(),
  drawnAt: z.string().nullable(),
});

/** The published draw: what anyone needs to recompute it. Inspectors appear by pool code only. */
export const PublicDrawSchema = DrawSummarySchema.extend({
  protocol: z.string(),
  inputs: DrawInputsSchema,
  secret: z.string().nullable().describe('revealed at the draw'),
  witness: z.string().nullable(),
  drawSeed: z.string().nullable(),
  result: z.array(Assignment.extend({ targetName: z.string() })).nullable(),
});

/** The domain's RuleViolation union (src/domain/inspections/draw.ts), one object per broken rule. */
export const RuleViolationSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('sampleSize'), drawn: z.number().int(), required: z.number().int() }),
  z.object({ kind: z.literal('notCandidate'), target: z.string() }),
  z.object({ kind: z.literal('drawnTwice'), target: z.string() }),
  z.object({ kind: z.literal('inspectorListedTwice'), target: z.string() }),
  z.object({ kind: z.literal('tooFewInspectors'), target: z.string(), count: z.number().int(), required: z.number().int() }),
  z.object({ kind: z.literal('notInPool'), target: z.string(), inspector: z.string() }),
  z.object({ kind: z.literal('conflict'), target: z.string(), inspector: z.string() }),
  z.object({ kind: z.literal('inspectedLastTime'), target: z.string(), inspector: z.string() }),
]);

export const VerificationSchema = z.object({
  commitmentMatches: z.boolean(),
  inputsMatch: z.boolean(),
  seedMatches: z.boolean(),
  resultMatches: z.boolean(),
  ruleViolations: z.array(RuleViolationSchema),
  ok: z.boolean(),
  recomputed: z.array(Assignment).nullable(),
});

export const PlanSchema = z.object({
  id: z.string(),
  name: z.string(),
  sector: SectorSchema,
  periodFrom: z.string(),
  periodTo: z.string(),
  checklist: z.array(ChecklistItemSchema),
  note: z.string().nullable(),
  createdAt: z.string(),
  draws: z.array(DrawSummarySchema),
  counts: z.object({ assigned: z.number(), recorded: z.number(), published: z.number(), findings: z.number() }),
});

// ------------------------------------------------------------------ register, pool, conflicts

export const EntitySchema = z.object({
  id: z.string(),
  code: z.string(),
  name: z.string(),
  sector: SectorSchema,
  uscc: z.string().nullable(),
  address: z.string(),
  lng: z.number(),
  lat: z.number(),
  gridCode: z.string(),
  streetCode: z.string(),
  streetName: z.string().nullable(),
  communityCode: z.string(),
  contactName: z.string().nullable().describe('private'),
  contactPhone: z.string().nullable().describe('private'),
  active: z.boolean(),
  lastInspectedOn: z.string().nullable(),
});

export const EntityListQuerySchema = z.object({
  sector: SectorSchema.optional(),
  street: z.string().regex(/^\d{9}$/).optional(),
  q: z.string().trim().max(50).optional(),
  active: z.enum(['true', 'false']).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
  offset: z.coerce.number().int().min(0).default(0),
});

export const EntityCreateSchema = z
  .object({
    code: Code.optional().describe('generated from the sector when omitted'),
    name: z.string().trim().min(2).max(100),
    sector: SectorSchema,
    uscc: z.string().trim().regex(/^[0-9A-HJ-NPQRTUWXY]{18}$/, '18-character unified social credit code').optional(),
    address: z.string().trim().max(200).optional().describe('the place of the point when omitted'),
    lng: z.number().min(-180).max(180),
    lat: z.number().min(-90).max(90),
    crs: CrsSchema.default('WGS84'),
    contactName: z.string().trim().max(50).optional(),
    contactPhone: z.string().trim().regex(/^[0-9+\- ]{5,20}$/).optional(),
  })
  .strict();

export const EntityPatchSchema = z
  .object({
    name: z.string().trim().min(2).max(100),
    address: z.string().trim().min(1).max(200),
    uscc: z.string().trim().regex(/^[0-9A-HJ-NPQRTUWXY]{18}$/).nullable(),
    contactName: z.string().trim().max(50).nullable(),
    contactPhone: z.string().trim().regex(/^[0-9+\- ]{5,20}$/).nullable(),
    active: z.boolean(),
  })
  .partial()
  .strict();

export const PoolMemberSchema = z.object({
  userId: z.string(),
  code: z.string(),
  displayName: z.string(),
  username: z.string(),
  departmentName: z.string().nullable(),
  sectors: z.array(SectorSchema),
  active: z.boolean(),
  conflicts: z.number(),
});

export const PoolAddSchema = z.object({ userId: z.string().uuid(), code: Code, sectors: z.array(SectorSchema).min(1).max(SECTORS.length) }).strict();
export const PoolPatchSchema = z.object({ sectors: z.array(SectorSchema).min(1).max(SECTORS.length), active: z.boolean() }).partial().strict();

export const ConflictSchema = z.object({
  id: z.string(),
  userId: z.string(),
  inspectorCode: z.string().nullable(),
  inspectorName: z.string(),
  entityId: z.string(),
  entityCode: z.string(),
  entityName: z.string(),
  reason: z.string(),
  declaredAt: z.string(),
});
export const ConflictCreateSchema = z
  .object({ userId: z.string().uuid().optional().describe('yourself when omitted'), entityId: z.string().uuid(), reason: z.string().trim().min(2).max(200) })
  .strict();

// ------------------------------------------------------------------ inspections

export const ItemResultSchema = z.object({ code: z.string().max(12), passed: z.boolean(), note: z.string().trim().max(300).nullable().optional() }).strict();

export const RecordSchema = z
  .object({
    inspectedOn: Day,
    results: z.array(ItemResultSchema).min(1).max(50),
    note: z.string().trim().max(1000).optional(),
    expectedVersion: z.number().int().optional(),
  })
  .strict();

export const ReviewSchema = z
  .object({ decision: z.enum(['approve', 'return']), note: z.string().trim().max(500).optional() })
  .strict()
  .refine((r) => r.decision === 'approve' || (r.note?.length ?? 0) >= 2, { message: 'say why it goes back', path: ['note'] });

export const InspectionListQuerySchema = z.object({
  status: z.enum(INSPECTION_STATES).optional(),
  planId: z.string().uuid().optional(),
  drawId: z.string().uuid().optional(),
  mine: z.enum(['true', 'false']).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  offset: z.coerce.number().int().min(0).default(0),
});

const FindingSchema = z.object({
  itemCode: z.string(),
  textZh: z.string(),
  textEn: z.string(),
  classCode: z.string(),
  note: z.string().nullable(),
  rectifyBy: z.string(),
  caseId: z.string().nullable(),
  caseNumber: z.string().nullable(),
  caseState: z.string().nullable(),
});

export const InspectionSummarySchema = z.object({
  id: z.string(),
  status: z.enum(INSPECTION_STATES),
  planId: z.string(),
  planName: z.string(),
  sector: SectorSchema,
  drawId: z.string(),
  round: z.number(),
  entity: z.object({ id: z.string(), code: z.string(), name: z.string(), address: z.string(), streetName: z.string().nullable() }),
  inspectors: z.array(z.object({ userId: z.string(), code: z.string(), name: z.string() })),
  inspectedOn: z.string().nullable(),
  failed: z.number().nullable(),
  publishedAt: z.string().nullable(),
  version: z.number(),
});

export const InspectionDetailSchema = InspectionSummarySchema.extend({
  checklist: z.array(ChecklistItemSchema),
  entityDetail: EntitySchema.nullable().describe('null for inspectors who may not see the private contact'),
  results: z.array(ItemResultSchema).nullable(),
  note: z.string().nullable(),
  recordedBy: z.string().nullable(),
  recordedAt: z.string().nullable(),
  reviewNote: z.string().nullable(),
  reviewedBy: z.string().nullable(),
  reviewedAt: z.string().nullable(),
  findings: z.array(FindingSchema),
  drawnAt: z.string().nullable(),
  canRecord: z.boolean(),
  canReview: z.boolean(),
});
export type InspectionDetail = z.infer<typeof InspectionDetailSchema>;

/** A published result (一公开): no personal data. */
export const PublicResultSchema = z.object({
  id: z.string(),
  planName: z.string(),
  sector: SectorSchema,
  drawId: z.string(),
  round: z.number(),
  entity: z.object({ code: z.string(), name: z.string(), address: z.string(), streetName: z.string().nullable() }),
  inspectorCodes: z.array(z.string()),
  inspectedOn: z.string(),
  publishedAt: z.string(),
  outcome: z.enum(['passed', 'problems']),
  findings: z.array(z.object({ textZh: z.string(), textEn: z.string(), rectifyBy: z.string(), caseNumber: z.string().nullable(), rectified: z.boolean() })),
});
export const PublicResultsQuerySchema = z.object({
  sector: SectorSchema.optional(),
  q: z.string().trim().max(50).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});
