// Request and response schemas of the cases API: the source of their TypeScript types and of the OpenAPI document.
import { z } from 'zod';
import { CASE_STATES, CLOSE_TYPES, ROLES, SOURCES, URGENCIES } from '../../domain/workflow';

export const CrsSchema = z.enum(['WGS84', 'GCJ02', 'BD09']).describe('Coordinate system of lng/lat; stored as WGS84');

export const CaseCreateSchema = z
  .object({
    source: z.enum(SOURCES).default('inspector'),
    kind: z.enum(['component', 'matter']),
    classCode: z.string().regex(/^\d{5,8}$/, 'a 5-digit class code (or a local sub-class code)'),
    description: z.string().trim().min(1).max(2000),
    locationText: z.string().trim().max(256).optional().describe('事发位置; resolved from the point when omitted'),
    lng: z.number().min(-180).max(180),
    lat: z.number().min(-90).max(90),
    crs: CrsSchema.default('WGS84'),
    urgency: z.enum(URGENCIES).default('normal'),
    photoIds: z.array(z.string().uuid()).max(12).default([]),
    selfFix: z.boolean().default(false).describe('自处理: the inspector fixed it on the spot; needs before and after photos'),
    afterPhotoIds: z.array(z.string().uuid()).max(12).default([]),
    componentId: z
      .string()
      .regex(/^\d{16,17}$/)
      .optional()
      .describe('部件标识: raise the case about a registered component (GET /api/components/{id}/case-defaults prefills the rest)'),
    reporter: z
      .object({ name: z.string().trim().max(50).optional(), phone: z.string().trim().regex(/^[0-9+\- ]{5,20}$/).optional() })
      .optional()
      .describe('Private: the caller or citizen; never shown publicly'),
  })
  .strict();
export type CaseCreate = z.infer<typeof CaseCreateSchema>;

export const LIGHTS = ['green', 'yellow', 'red'] as const;
export const QUEUES = ['verify', 'selfFix', 'file', 'cancel', 'dispatch', 'approve', 'suspended', 'handle', 'sendCheck', 'tasks', 'close'] as const;
export type Queue = (typeof QUEUES)[number];

const csv = <T extends [string, ...string[]]>(values: T) =>
  z
    .union([z.enum(values), z.array(z.enum(values))])
    .transform((v) => (Array.isArray(v) ? v : [v]))
    .or(z.string().transform((s, c) => {
      const parts = s.split(',').filter(Boolean);
      for (const p of parts) if (!(values as string[]).includes(p)) c.addIssue({ code: 'custom', message: `unknown value ${p}` });
      return parts as T[number][];
    }));

export const CaseListQuerySchema = z.object({
  queue: z.enum(QUEUES).optional(),
  state: csv([...CASE_STATES] as [string, ...string[]]).optional(),
  kind: z.enum(['component', 'matter']).optional(),
  classCode: z.string().regex(/^\d{1,8}$/).optional(),
  streetCode: z.string().regex(/^\d{9}$/).optional(),
  communityCode: z.string().regex(/^\d{12}$/).optional(),
  gridCode: z.string().regex(/^\d{14,15}$/).optional(),
  departmentId: z.string().uuid().optional(),
  source: z.enum(SOURCES).optional(),
  light: z.enum(LIGHTS).optional(),
  urgency: z.enum(URGENCIES).optional(),
  from: z.coerce.date().optional(),
  to: z.coerce.date().optional(),
  q: z.string().trim().max(100).optional(),
  open: z.enum(['true', 'false']).optional(),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(1000).default(50),
  sort: z.enum(['deadline', '-deadline', 'created', '-created', 'number', '-number']).default('-created'),
  lang: z.enum(['zh', 'en']).optional(),
});
export type CaseListQuery = z.infer<typeof CaseListQuerySchema>;

export const CaseSummarySchema = z.object({
  id: z.string(),
  number: z.string(),
  source: z.enum(SOURCES),
  kind: z.enum(['component', 'matter']),
  classCode: z.string(),
  className: z.string(),
  classNameEn: z.string(),
  description: z.string(),
  locationText: z.string(),
  lng: z.number(),
  lat: z.number(),
  gridCode: z.string().nullable(),
  communityCode: z.string().nullable(),
  streetCode: z.string().nullable(),
  urgency: z.enum(URGENCIES),
  selfFix: z.boolean(),
  state: z.enum(CASE_STATES),
  departmentId: z.string().nullable(),
  departmentName: z.string().nullable(),
  departmentNameEn: z.string().nullable(),
  assigneeId: z.string().nullable(),
  pending: z.object({ kind: z.string(), by: z.string(), at: z.string(), reason: z.string(), extra: z.any().optional() }).nullable(),
  stepStartedAt: z.string().nullable(),
  stepDeadline: z.string().nullable(),
  handleDeadline: z.string().nullable(),
  light: z.enum(LIGHTS).nullable(),
  remainingMinutes: z.number().nullable().describe("Time left on the current step, in the limit's own kind of minutes; negative when overdue"),
  closeType: z.enum(CLOSE_TYPES).nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.number(),
});
export type CaseSummary = z.infer<typeof CaseSummarySchema>;

export const CaseEventSchema = z.object({
  seq: z.number(),
  action: z.string(),
  actionLabel: z.string(),
  actionLabelEn: z.string(),
  fromState: z.string().nullable(),
  toState: z.string(),
  actorId: z.string().nullable(),
  actorName: z.string().nullable(),
  role: z.enum(ROLES),
  at: z.string(),
  note: z.string().nullable(),
  photoIds: z.array(z.string()),
  payload: z.record(z.string(), z.unknown()),
  stepDeadline: z.string().nullable(),
  inTime: z.boolean().nullable(),
});

export const PhotoRefSchema = z.object({
  id: z.string(),
  stage: z.string(),
  url: z.string(),
  thumbUrl: z.string(),
  width: z.number(),
  height: z.number(),
  createdAt: z.string(),
});

export const CaseDetailSchema = CaseSummarySchema.extend({
  filingCondition: z.string().nullable(),
  gridCode: z.string().nullable(),
  communityName: z.string().nullable(),
  streetName: z.string().nullable(),
  areaClass: z.string().nullable(),
  coDepartmentIds: z.array(z.string()),
  handleLimit: z.object({ amount: z.number(), unit: z.string() }).nullable(),
  handleStartedAt: z.string().nullable(),
  handledAt: z.string().nullable(),
  closedAt: z.string().nullable(),
  reworkCount: z.number(),
  returnCount: z.number(),
  extensionCount: z.number(),
  duplicateOf: z.string().nullable(),
  componentId: z.string().nullable(),
  reporter: z.object({ name: z.string().optional(), phone: z.string().optional() }).nullable().describe('Only for centre staff'),
  events: z.array(CaseEventSchema),
  photos: z.array(PhotoRefSchema),
  allowedActions: z.array(z.string()),
  suggestedDepartment: z
    .object({ departmentId: z.string(), name: z.string(), nameEn: z.string(), basis: z.string(), limit: z.object({ amount: z.number(), unit: z.string() }).nullable() })
    .nullable(),
});
export type CaseDetail = z.infer<typeof CaseDetailSchema>;

export const CaseListSchema = z.object({ items: z.array(CaseSummarySchema), total: z.number(), page: z.number(), pageSize: z.number() });

export const ActionQuerySchema = z.object({ expectedVersion: z.coerce.number().int().positive().optional() });
