// Request and response schemas of the special campaigns API (专项整治): the source of their types and of the OpenAPI doc.
import { z } from 'zod';
import { LIMIT_UNITS } from '../../domain/calendar';
import { CASE_STATES } from '../../domain/workflow';

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a day YYYY-MM-DD');
const rate = z.number().min(0).max(1);

export const LimitSchema = z.object({
  amount: z.number().positive().max(10_000),
  unit: z.enum(LIMIT_UNITS as unknown as [string, ...string[]]),
});

export const CampaignClassInputSchema = z
  .object({
    kind: z.enum(['component', 'matter']),
    code: z.string().regex(/^\d{5}$/, 'a 5-digit class code'),
    limit: LimitSchema.nullable().default(null).describe('The campaign handling limit for this class; applied at filing when tighter than the ordinary one'),
  })
  .strict();

export const CampaignInputSchema = z
  .object({
    nameZh: z.string().trim().min(1).max(100),
    nameEn: z.string().trim().min(1).max(200),
    description: z.string().trim().max(2000).default(''),
    classes: z.array(CampaignClassInputSchema).min(1).max(20),
    streetCodes: z.array(z.string().regex(/^\d{9}$/)).max(50).default([]).describe('Streets covered; with communityCodes both empty: the whole district'),
    communityCodes: z.array(z.string().regex(/^\d{12}$/)).max(300).default([]),
    startDate: day.describe('First day (Beijing time), inclusive'),
    endDate: day.describe('Last day (Beijing time), inclusive'),
    targetCount: z.number().int().positive().max(1_000_000).nullable().default(null).describe('Problems to deal with (cases closed) over the campaign'),
    targetClosureRate: rate.nullable().default(null).describe('Closure rate to reach, 0–1'),
    targetRecurrenceRate: rate.nullable().default(null).describe('Highest acceptable recurrence rate, 0–1'),
    recurrence: z
      .object({ radiusM: z.number().positive().max(1000), withinDays: z.number().int().positive().max(365) })
      .strict()
      .default({ radiusM: 50, withinDays: 30 })
      .describe('The same spot coming back: same class within radiusM metres, reported within withinDays days after a close'),
    leadDepartmentId: z.string().uuid().nullable().default(null),
    coDepartmentIds: z.array(z.string().uuid()).max(20).default([]),
  })
  .strict();
export type CampaignInput = z.infer<typeof CampaignInputSchema>;

export const CampaignUpdateSchema = CampaignInputSchema.extend({
  archived: z.boolean().default(false),
  expectedVersion: z.number().int().positive().optional(),
}).strict();
export type CampaignUpdate = z.infer<typeof CampaignUpdateSchema>;

export const CampaignIdParamsSchema = z.object({ id: z.string().uuid() });

const named = { id: z.string(), name: z.string(), nameEn: z.string() };
const STATUSES = ['upcoming', 'active', 'ended', 'archived'] as const;
const TARGET_STATUSES = ['met', 'on_track', 'behind', 'missed', 'none'] as const;

export const CampaignSchema = z.object({
  id: z.string(),
  nameZh: z.string(),
  nameEn: z.string(),
  description: z.string(),
  classes: z.array(z.object({ kind: z.enum(['component', 'matter']), code: z.string(), name: z.string(), nameEn: z.string(), limit: LimitSchema.nullable(), ordinaryLimits: z.array(z.object({ name: z.string(), nameEn: z.string(), limit: LimitSchema })) })),
  streetCodes: z.array(z.string()),
  communityCodes: z.array(z.string()),
  areaNames: z.array(z.string()).describe('Names of the streets and communities covered; empty: the whole district'),
  startDate: z.string(),
  endDate: z.string(),
  targetCount: z.number().nullable(),
  targetClosureRate: z.number().nullable(),
  targetRecurrenceRate: z.number().nullable(),
  recurrence: z.object({ radiusM: z.number(), withinDays: z.number() }),
  leadDepartment: z.object(named).nullable(),
  coDepartments: z.array(z.object(named)),
  archived: z.boolean(),
  status: z.enum(STATUSES),
  counts: z.object({ reported: z.number(), open: z.number(), closed: z.number(), suspended: z.number(), void: z.number() }),
  closureRate: z.number().nullable(),
  recurrenceRate: z.number().nullable(),
  recurred: z.number(),
  targets: z.object({
    elapsed: z.number(),
    count: z.object({ target: z.number().nullable(), actual: z.number().nullable(), share: z.number().nullable(), status: z.enum(TARGET_STATUSES) }),
    closureRate: z.object({ target: z.number().nullable(), actual: z.number().nullable(), status: z.enum(TARGET_STATUSES) }),
    recurrenceRate: z.object({ target: z.number().nullable(), actual: z.number().nullable(), status: z.enum(TARGET_STATUSES) }),
  }),
  version: z.number(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Campaign = z.infer<typeof CampaignSchema>;

export const CampaignListSchema = z.object({ items: z.array(CampaignSchema) });

const casePoint = z.object({ id: z.string(), number: z.string(), lng: z.number(), lat: z.number(), locationText: z.string(), state: z.enum(CASE_STATES) });

export const CampaignBoardSchema = CampaignSchema.extend({
  asOf: z.string(),
  daily: z.array(z.object({ day: z.string(), reported: z.number(), closed: z.number(), reportedToDate: z.number(), closedToDate: z.number() })),
  byStreet: z.array(z.object({ streetCode: z.string().nullable(), name: z.string(), reported: z.number(), open: z.number(), closed: z.number(), recurred: z.number() })),
  byClass: z.array(z.object({ kind: z.string(), code: z.string(), name: z.string(), nameEn: z.string(), reported: z.number(), closed: z.number() })),
  hotSpots: z.array(z.object({ code: z.string(), name: z.string(), lng: z.number(), lat: z.number(), count: z.number() })).describe('Cases in scope by unit grid'),
  recurrences: z
    .array(
      z.object({
        closed: casePoint.extend({ closedAt: z.string() }),
        repeats: z.array(casePoint.extend({ reportedAt: z.string(), distanceM: z.number(), daysAfter: z.number() })),
      }),
    )
    .describe('Closed cases whose spot was reported again, most repeats first'),
  overdueOpen: z.number().describe('Open cases in scope past their step deadline now'),
});
export type CampaignBoard = z.infer<typeof CampaignBoardSchema>;

export const CampaignCasesQuerySchema = z.object({
  filter: z.enum(['all', 'open', 'closed', 'overdue', 'recurrent']).default('all'),
  streetCode: z.string().regex(/^\d{9}$/).optional(),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});
export type CampaignCasesQuery = z.infer<typeof CampaignCasesQuerySchema>;

export const CampaignCaseSchema = z.object({
  id: z.string(),
  number: z.string(),
  kind: z.string(),
  classCode: z.string(),
  className: z.string(),
  classNameEn: z.string(),
  state: z.enum(CASE_STATES),
  locationText: z.string(),
  streetName: z.string().nullable(),
  departmentName: z.string().nullable(),
  departmentNameEn: z.string().nullable(),
  createdAt: z.string(),
  closedAt: z.string().nullable(),
  handleDeadline: z.string().nullable(),
  handleLimit: LimitSchema.nullable(),
  overdue: z.boolean(),
  taggedBasis: z.string(),
});
export const CampaignCasesSchema = z.object({ items: z.array(CampaignCaseSchema), total: z.number(), page: z.number(), pageSize: z.number() });

export const PhotoWallQuerySchema = z.object({ limit: z.coerce.number().int().min(1).max(60).default(24) });
const photoRef = z.object({ id: z.string(), url: z.string(), thumbUrl: z.string() });
export const PhotoWallSchema = z.object({
  items: z.array(
    z.object({
      caseId: z.string(),
      number: z.string(),
      className: z.string(),
      classNameEn: z.string(),
      locationText: z.string(),
      reportedAt: z.string(),
      closedAt: z.string(),
      before: photoRef,
      after: photoRef,
    }),
  ),
});

export const DailyReportQuerySchema = z.object({ date: day.optional().describe('The day reported on (Beijing time); today by default'), lang: z.enum(['zh', 'en']).optional() });

/** For the big screen: exactly this shape (another screen reads it). */
export const CampaignSummarySchema = z.object({
  campaigns: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      nameEn: z.string(),
      startDate: z.string(),
      endDate: z.string(),
      openCount: z.number(),
      closedCount: z.number(),
      reportedCount: z.number(),
      targetClosureRate: z.number(),
      closureRate: z.number(),
      targetCount: z.number().nullable(),
    }),
  ),
});
export type CampaignSummary = z.infer<typeof CampaignSummarySchema>;

export const CaseCampaignsSchema = z.object({
  items: z.array(z.object({ id: z.string(), name: z.string(), nameEn: z.string(), basis: z.string(), taggedAt: z.string(), status: z.enum(STATUSES) })),
});
