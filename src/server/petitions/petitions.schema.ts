// Request and response schemas of the petitions API (信访) and reception days: the source of their types and of the
// OpenAPI document. Fields marked "petition staff only" are null for everyone else.
import { z } from 'zod';
import {
  PETITION_CHANNELS,
  PETITION_ROUTES,
  PETITION_STATES,
  PETITION_TOPICS,
  PetitionLimitsSchema,
  REVIEW_DECISIONS,
  SATISFACTION,
} from '../../domain/petition';
import { ROLES } from '../../domain/workflow';
import { CrsSchema } from '../cases/case.schema';
import { PhoneSchema } from '../public/public.schema';

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a day as YYYY-MM-DD');
const time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time as HH:MM');

export const PetitionerSchema = z
  .object({
    name: z.string().trim().min(1).max(50),
    phone: PhoneSchema.optional(),
    /** 居民身份证号码: 18 characters, the last may be X. */
    idNumber: z
      .string()
      .trim()
      .regex(/^\d{17}[\dXx]$/, 'an 18-character resident identity number')
      .optional(),
    address: z.string().trim().max(200).optional(),
  })
  .strict();
export type Petitioner = z.infer<typeof PetitionerSchema>;

/** The petitioner as petition staff read it back (plain strings: response schemas carry no transforms). */
export const PetitionerViewSchema = z.object({ name: z.string(), phone: z.string().optional(), idNumber: z.string().optional(), address: z.string().optional() });

export const ScreeningInputSchema = z
  .object({
    /** 诉访分离: 'petition' to handle it here; otherwise the legal channel it is routed to. */
    route: z.enum(PETITION_ROUTES),
    basis: z.string().trim().max(500).optional(),
    /** The guidance reply (引导答复) for a matter routed out. */
    guidance: z.string().trim().min(10).max(5000).optional(),
  })
  .strict()
  .refine((s) => s.route === 'petition' || !!s.guidance, { message: 'a matter routed out needs its guidance reply', path: ['guidance'] });

const MAX_MESSAGE = 5000;

export const PetitionCreateSchema = z
  .object({
    channel: z.enum(PETITION_CHANNELS),
    /** When the office received it (a letter's arrival, the visit, the call); defaults to now. */
    receivedAt: z.coerce.date().optional(),
    petitioner: PetitionerSchema,
    /** 5 or more people visiting together is a collective visit (集体访). */
    peopleCount: z.number().int().min(1).max(500).default(1),
    topic: z.enum(PETITION_TOPICS),
    subject: z.string().trim().min(2).max(100),
    content: z.string().trim().min(5).max(MAX_MESSAGE),
    locationText: z.string().trim().max(256).optional(),
    lng: z.number().min(-180).max(180).optional(),
    lat: z.number().min(-90).max(90).optional(),
    crs: CrsSchema.default('WGS84'),
    screening: ScreeningInputSchema,
    /** A visit at a reception day or community workday: the day, the appointment it fulfils, the leader's words. */
    reception: z
      .object({
        dayId: z.string().uuid(),
        appointmentId: z.string().uuid().optional(),
        leaderInstruction: z.string().trim().max(2000).optional(),
      })
      .strict()
      .optional(),
  })
  .strict()
  .refine((p) => (p.lng === undefined) === (p.lat === undefined), { message: 'give both lng and lat, or neither', path: ['lat'] })
  .refine((p) => !(p.channel === 'reception_day' || p.channel === 'community_workday') || !!p.reception, {
    message: 'a visit on a reception day or community workday names its day',
    path: ['reception'],
  });
export type PetitionCreate = z.infer<typeof PetitionCreateSchema>;

/** The online petition form of the public portal (网上信访). */
export const OnlinePetitionSchema = z
  .object({
    petitioner: PetitionerSchema.extend({ phone: PhoneSchema }),
    /** The code sent to the phone by POST /api/public/sms/code. */
    code: z.string().trim().regex(/^\d{4,8}$/).optional(),
    topic: z.enum(PETITION_TOPICS),
    subject: z.string().trim().min(2).max(100),
    content: z.string().trim().min(10).max(MAX_MESSAGE),
    locationText: z.string().trim().max(256).optional(),
  })
  .strict();
export type OnlinePetition = z.infer<typeof OnlinePetitionSchema>;

export const PetitionReceiptSchema = z.object({
  number: z.string().describe('The item number (信访件编号)'),
  queryCode: z.string().describe('The 6-digit query code (查询码): with the number it opens the follow page'),
  followToken: z.string().describe('The secret of the private follow link; keep it'),
  followUrl: z.string().describe('The private follow link, relative to the site'),
});

export const PETITION_QUEUES = ['registered', 'accepted', 'handling', 'replied', 'reviewing', 'done', 'routed_out', 'not_accepted', 'overdue', 'all'] as const;
export type PetitionQueue = (typeof PETITION_QUEUES)[number];

export const PetitionListQuerySchema = z.object({
  queue: z.enum(PETITION_QUEUES).default('all'),
  channel: z.enum(PETITION_CHANNELS).optional(),
  topic: z.enum(PETITION_TOPICS).optional(),
  departmentId: z.string().uuid().optional(),
  receptionDayId: z.string().uuid().optional(),
  /** An item number, or words of the subject (and, for petition staff, the petitioner's name). */
  q: z.string().trim().max(50).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(30),
});
export type PetitionListQuery = z.infer<typeof PetitionListQuerySchema>;

const LightSchema = z.enum(['green', 'yellow', 'red']);

export const PetitionSummarySchema = z.object({
  id: z.string(),
  number: z.string(),
  channel: z.enum(PETITION_CHANNELS),
  topic: z.enum(PETITION_TOPICS),
  subject: z.string(),
  state: z.enum(PETITION_STATES),
  route: z.enum(PETITION_ROUTES).nullable(),
  receivedAt: z.string(),
  createdAt: z.string(),
  peopleCount: z.number(),
  departmentId: z.string().nullable(),
  departmentName: z.string().nullable(),
  departmentNameEn: z.string().nullable(),
  step: z.enum(['accept', 'handle', 'review']).nullable(),
  stepDeadline: z.string().nullable(),
  light: LightSchema.nullable(),
  daysLeft: z.number().nullable(),
  extensionDays: z.number(),
  satisfaction: z.enum(SATISFACTION).nullable(),
  caseId: z.string().nullable(),
  /** The 诉访分离 suggestion from the words, for items not yet decided. */
  suggestedRoute: z.enum(PETITION_ROUTES).nullable(),
  petitionerName: z.string().nullable().describe('Petition staff only'),
  version: z.number(),
});
export type PetitionSummary = z.infer<typeof PetitionSummarySchema>;

export const PetitionEventSchema = z.object({
  seq: z.number(),
  action: z.string(),
  actionLabel: z.string(),
  actionLabelEn: z.string(),
  fromState: z.string().nullable(),
  toState: z.string(),
  actorName: z.string().nullable(),
  role: z.enum(ROLES),
  at: z.string(),
  note: z.string().nullable(),
  payload: z.record(z.string(), z.unknown()),
  stepDeadline: z.string().nullable(),
  inTime: z.boolean().nullable(),
  /** What the petitioner was told at this step (告知), if anything. */
  notice: z.string().nullable(),
});

export const ReceptionTaskSchema = z.object({
  id: z.string(),
  petitionId: z.string(),
  petitionNumber: z.string(),
  dayId: z.string().nullable(),
  departmentId: z.string(),
  departmentName: z.string(),
  departmentNameEn: z.string(),
  text: z.string(),
  startedAt: z.string(),
  deadline: z.string(),
  status: z.enum(['open', 'done']),
  light: LightSchema.nullable(),
  daysLeft: z.number().nullable(),
  doneAt: z.string().nullable(),
  doneNote: z.string().nullable(),
});
export type ReceptionTask = z.infer<typeof ReceptionTaskSchema>;

export const ReceptionDaySchema = z.object({
  id: z.string(),
  day: z.string(),
  startTime: z.string(),
  endTime: z.string(),
  kind: z.enum(['district_leader', 'director', 'community']),
  hostName: z.string(),
  hostTitle: z.string(),
  departmentId: z.string().nullable(),
  departmentName: z.string().nullable(),
  communityCode: z.string().nullable(),
  communityName: z.string().nullable(),
  place: z.string(),
  topics: z.string().nullable(),
  capacity: z.number(),
  booked: z.number(),
  visits: z.number(),
  openTasks: z.number(),
  cancelled: z.boolean(),
  cancelReason: z.string().nullable(),
});
export type ReceptionDay = z.infer<typeof ReceptionDaySchema>;

export const PetitionDetailSchema = PetitionSummarySchema.extend({
  content: z.string(),
  locationText: z.string().nullable(),
  lng: z.number().nullable(),
  lat: z.number().nullable(),
  streetName: z.string().nullable(),
  communityName: z.string().nullable(),
  petitioner: PetitionerViewSchema.nullable().describe('Petition staff only'),
  screening: z.object({
    route: z.enum(PETITION_ROUTES).optional(),
    matched: z.array(z.string()).optional(),
    basisZh: z.string().nullable().optional(),
    basisEn: z.string().nullable().optional(),
  }),
  acceptedAt: z.string().nullable(),
  handleDays: z.number().nullable(),
  handleDeadline: z.string().nullable(),
  repliedAt: z.string().nullable(),
  reviewUntil: z.string().nullable(),
  reviewRequestedAt: z.string().nullable(),
  reviewDeadline: z.string().nullable(),
  reviewDecision: z.enum(REVIEW_DECISIONS).nullable(),
  closedAt: z.string().nullable(),
  stepStartedAt: z.string().nullable(),
  linkedCase: z
    .object({ id: z.string(), number: z.string(), state: z.string(), departmentName: z.string().nullable(), departmentNameEn: z.string().nullable() })
    .nullable(),
  reception: z
    .object({ day: ReceptionDaySchema.omit({ booked: true, visits: true, openTasks: true }), appointmentId: z.string().nullable(), leaderInstruction: z.string().nullable() })
    .nullable(),
  events: z.array(PetitionEventSchema),
  tasks: z.array(ReceptionTaskSchema),
  allowedActions: z.array(z.string()),
  canConvert: z.boolean(),
  limits: PetitionLimitsSchema,
});
export type PetitionDetail = z.infer<typeof PetitionDetailSchema>;

export const PetitionListSchema = z.object({ items: z.array(PetitionSummarySchema), total: z.number(), page: z.number(), pageSize: z.number() });

export const PetitionCreatedSchema = z.object({ petition: PetitionDetailSchema, receipt: PetitionReceiptSchema });

export const PetitionStatsSchema = z.object({
  queues: z.record(z.enum(PETITION_QUEUES), z.number()),
  byChannel: z.record(z.enum(PETITION_CHANNELS), z.number()),
  satisfaction: z.record(z.enum(SATISFACTION), z.number()),
});

export const ConvertToCaseSchema = z
  .object({
    kind: z.enum(['component', 'matter']),
    classCode: z.string().regex(/^\d{5,8}$/),
    /** The problem as the case will show it: no petitioner identity. */
    description: z.string().trim().min(1).max(2000),
    locationText: z.string().trim().max(256).optional(),
    lng: z.number().min(-180).max(180),
    lat: z.number().min(-90).max(90),
    crs: CrsSchema.default('WGS84'),
    urgency: z.enum(['normal', 'urgent']).default('normal'),
  })
  .strict();
export type ConvertToCase = z.infer<typeof ConvertToCaseSchema>;

// ---- reception days

export const RECEPTION_KINDS = ['district_leader', 'director', 'community'] as const;

export const ReceptionDayCreateSchema = z
  .object({
    day,
    startTime: time,
    endTime: time,
    kind: z.enum(RECEPTION_KINDS),
    hostName: z.string().trim().min(1).max(50),
    hostTitle: z.string().trim().min(1).max(50),
    departmentId: z.string().uuid().optional(),
    communityCode: z.string().regex(/^\d{12}$/).optional(),
    place: z.string().trim().min(2).max(200),
    topics: z.string().trim().max(500).optional(),
    capacity: z.number().int().min(1).max(200),
  })
  .strict()
  .refine((d) => d.startTime < d.endTime, { message: 'the end comes after the start', path: ['endTime'] })
  .refine((d) => d.kind !== 'community' || !!d.communityCode, { message: 'a community workday names its community', path: ['communityCode'] });
export type ReceptionDayCreate = z.infer<typeof ReceptionDayCreateSchema>;

export const ReceptionDaysQuerySchema = z.object({ from: day, to: day });

export const AppointmentSchema = z.object({
  id: z.string(),
  dayId: z.string(),
  seq: z.number(),
  subject: z.string(),
  peopleCount: z.number(),
  status: z.enum(['booked', 'visited', 'no_show', 'cancelled']),
  channel: z.enum(['portal', 'staff']),
  createdAt: z.string(),
  name: z.string().nullable().describe('Petition staff only'),
  phone: z.string().nullable().describe('Petition staff only'),
  petitionId: z.string().nullable(),
  petitionNumber: z.string().nullable(),
});

export const ReceptionDayDetailSchema = z.object({
  day: ReceptionDaySchema,
  appointments: z.array(AppointmentSchema),
  visits: z.array(PetitionSummarySchema),
  tasks: z.array(ReceptionTaskSchema),
});

export const AppointmentCreateSchema = z
  .object({
    name: z.string().trim().min(1).max(50),
    phone: PhoneSchema.optional(),
    subject: z.string().trim().min(2).max(200),
    peopleCount: z.number().int().min(1).max(50).default(1),
  })
  .strict();

export const PublicAppointmentSchema = AppointmentCreateSchema.extend({
  dayId: z.string().uuid(),
  phone: PhoneSchema,
  code: z.string().trim().regex(/^\d{4,8}$/).optional(),
}).strict();
export type PublicAppointment = z.infer<typeof PublicAppointmentSchema>;

export const AppointmentStatusSchema = z.object({ status: z.enum(['no_show', 'cancelled']) }).strict();

export const ReceptionTaskCreateSchema = z
  .object({
    petitionId: z.string().uuid(),
    departmentId: z.string().uuid(),
    text: z.string().trim().min(4).max(1000),
    /** Natural days; the configured follow-up limit when omitted. */
    days: z.number().int().min(1).max(365).optional(),
  })
  .strict();

export const ReceptionTaskDoneSchema = z.object({ note: z.string().trim().min(2).max(2000) }).strict();

export const ReceptionTasksQuerySchema = z.object({ status: z.enum(['open', 'done', 'all']).default('open') });

/** What the public sees of a reception day: who receives, when and where, and whether there is room. */
export const PublicReceptionDaySchema = ReceptionDaySchema.pick({
  id: true,
  day: true,
  startTime: true,
  endTime: true,
  kind: true,
  hostName: true,
  hostTitle: true,
  departmentName: true,
  communityName: true,
  place: true,
  topics: true,
  capacity: true,
  booked: true,
});

export const PublicAppointmentReceiptSchema = z.object({
  seq: z.number(),
  day: PublicReceptionDaySchema,
});

// ---- the petitioner's follow page

const Bilingual = z.object({ zh: z.string(), en: z.string() });

export const PetitionFollowViewSchema = z.object({
  number: z.string(),
  channel: z.enum(PETITION_CHANNELS),
  topic: z.enum(PETITION_TOPICS),
  subject: z.string(),
  content: z.string(),
  receivedAt: z.string(),
  state: z.enum(PETITION_STATES),
  stateText: Bilingual,
  open: z.boolean(),
  department: Bilingual.nullable(),
  handleDeadline: z.string().nullable(),
  timeline: z.array(z.object({ at: z.string(), state: z.enum(PETITION_STATES), text: Bilingual })),
  notices: z.array(z.object({ at: z.string(), action: z.string(), text: z.string() })),
  reply: z.object({ text: z.string(), at: z.string() }).nullable(),
  reviewUntil: z.string().nullable(),
  reviewDecision: z.object({ decision: z.enum(REVIEW_DECISIONS), opinion: z.string(), at: z.string() }).nullable(),
  rating: z.object({ satisfaction: z.enum(SATISFACTION), comment: z.string().nullable(), at: z.string() }).nullable(),
  canRate: z.boolean(),
  canRequestReview: z.boolean(),
  linkedCase: z.object({ number: z.string(), stateText: Bilingual }).nullable(),
  petitionerMasked: z.string(),
});
export type PetitionFollowView = z.infer<typeof PetitionFollowViewSchema>;

export const PetitionLookupSchema = z.object({ number: z.string().trim().min(5).max(40), code: z.string().trim().regex(/^\d{6}$/) }).strict();
export const PetitionRateSchema = z.object({ satisfaction: z.enum(SATISFACTION), comment: z.string().trim().max(500).optional() }).strict();
export const PetitionReviewRequestSchema = z.object({ reason: z.string().trim().min(2).max(2000) }).strict();
