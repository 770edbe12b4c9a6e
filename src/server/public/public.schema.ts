// Request and response schemas of the public portal API: citizen reports, follow links, ratings, reopening, the
// public map, and the operators' moderation, banned numbers and SMS outbox. Nothing here carries personal data
// except the moderation and outbox views, which only centre staff get.
import { z } from 'zod';
import { SATISFACTION_LEVELS } from '../../domain/evaluation/rating';
import { CASE_STATES } from '../../domain/workflow';
import { CrsSchema } from '../cases/case.schema';

export const PublicSettingsSchema = z.object({
  /** A phone number given with a report must be confirmed with a code sent by text message. */
  requirePhoneCode: z.boolean(),
  codeTtlMinutes: z.number().int().min(1).max(60),
  codesPerPhonePerHour: z.number().int().min(1).max(100),
  reportsPerPhonePerDay: z.number().int().min(1).max(1000),
  maxPhotos: z.number().int().min(0).max(12),
  maxPhotoBytes: z.number().int().min(100_000).max(50_000_000),
  /** A citizen may say "not fixed" (复诉) within this many days after the case is closed. */
  reopenWithinDays: z.number().int().min(0).max(365),
  /** The public map shows cases reported in the last this many days. */
  mapDays: z.number().int().min(1).max(365),
  /** Points of classes marked privatePoint are snapped to a lattice of this many degrees (0.005° ≈ 500 m). */
  coarsenDegrees: z.number().min(0.0001).max(0.1),
});
export type PublicSettings = z.infer<typeof PublicSettingsSchema>;
export const DEFAULT_PUBLIC_SETTINGS: PublicSettings = {
  requirePhoneCode: true,
  codeTtlMinutes: 10,
  codesPerPhonePerHour: 5,
  reportsPerPhonePerDay: 10,
  maxPhotos: 4,
  maxPhotoBytes: 8 * 1024 * 1024,
  reopenWithinDays: 7,
  mapDays: 30,
  coarsenDegrees: 0.005,
};

/** Mainland mobile numbers; spaces, dashes and a +86 prefix are accepted and dropped. */
export const PhoneSchema = z
  .string()
  .trim()
  .max(20)
  .transform((s) => s.replace(/[\s-]/g, '').replace(/^(\+?86)(?=1\d{10}$)/, ''));

export const CodeRequestSchema = z.object({ phone: PhoneSchema }).strict();

export const CitizenReportSchema = z
  .object({
    kind: z.enum(['component', 'matter']),
    classCode: z.string().regex(/^\d{5,8}$/),
    description: z.string().trim().min(2).max(500),
    locationText: z.string().trim().max(256).optional(),
    lng: z.number().min(-180).max(180),
    lat: z.number().min(-90).max(90),
    crs: CrsSchema.default('WGS84'),
    photoIds: z.array(z.string().uuid()).max(12).default([]),
    phone: PhoneSchema.optional(),
    code: z.string().trim().regex(/^\d{4,8}$/).optional(),
    name: z.string().trim().max(50).optional(),
  })
  .strict();
export type CitizenReport = z.infer<typeof CitizenReportSchema>;

export const ReportReceiptSchema = z.object({
  number: z.string().describe('The case number (案卷编号)'),
  followToken: z.string().describe('The secret of the private follow link; keep it'),
  followUrl: z.string().describe('The private follow link, relative to the site'),
});

const Bilingual = z.object({ zh: z.string(), en: z.string() });

export const PublicPhotoSchema = z.object({ id: z.string(), stage: z.enum(['before', 'after']), url: z.string(), thumbUrl: z.string() });

export const FollowViewSchema = z.object({
  number: z.string(),
  kind: z.enum(['component', 'matter']),
  className: Bilingual,
  state: z.enum(CASE_STATES),
  stateText: Bilingual,
  open: z.boolean(),
  reportedAt: z.string(),
  updatedAt: z.string(),
  closedAt: z.string().nullable(),
  area: z.object({ street: z.string().nullable(), community: z.string().nullable() }),
  locationText: z.string(),
  description: z.string().describe("The reporter's own words (only on the private link)"),
  department: Bilingual.nullable(),
  timeline: z.array(z.object({ at: z.string(), state: z.enum(CASE_STATES), text: Bilingual })),
  reply: z.object({ text: z.string(), at: z.string() }).nullable().describe("The department's public reply"),
  photos: z.array(PublicPhotoSchema),
  rating: z.object({ satisfaction: z.enum(SATISFACTION_LEVELS), comment: z.string().nullable(), at: z.string() }).nullable(),
  canRate: z.boolean(),
  canReopen: z.boolean(),
  reopenUntil: z.string().nullable(),
  reopenedAs: z.object({ number: z.string() }).nullable(),
  reopenOf: z.object({ number: z.string() }).nullable(),
  phoneMasked: z.string().nullable(),
});
export type FollowView = z.infer<typeof FollowViewSchema>;

export const RateSchema = z
  .object({ satisfaction: z.enum(SATISFACTION_LEVELS), comment: z.string().trim().max(500).optional() })
  .strict();

export const ReopenSchema = z.object({ note: z.string().trim().min(2).max(500), photoIds: z.array(z.string().uuid()).max(12).default([]) }).strict();

export const PublicCaseSchema = z.object({
  number: z.string(),
  kind: z.enum(['component', 'matter']),
  classCode: z.string(),
  className: Bilingual,
  state: z.enum(CASE_STATES),
  stateText: Bilingual,
  area: z.object({ street: z.string().nullable(), community: z.string().nullable() }),
  lng: z.number(),
  lat: z.number(),
  approximate: z.boolean().describe('The point is coarsened (a class whose exact place is private)'),
  reportedAt: z.string(),
  updatedAt: z.string(),
});

export const PublicCaseDetailSchema = PublicCaseSchema.extend({
  description: z.string().nullable().describe('Shown only after an operator published it (or its redacted text)'),
  reply: z.object({ text: z.string(), at: z.string() }).nullable(),
  photos: z.array(PublicPhotoSchema),
});

export const PublicMapSchema = z.object({ since: z.string(), items: z.array(PublicCaseSchema) });

export const PublicMetaSchema = z.object({
  district: z.object({ code: z.string() }),
  settings: PublicSettingsSchema.pick({ requirePhoneCode: true, maxPhotos: true, maxPhotoBytes: true, reopenWithinDays: true, mapDays: true }),
  classes: z.array(z.object({ kind: z.enum(['component', 'matter']), code: z.string(), nameZh: z.string(), nameEn: z.string(), majorNameZh: z.string(), majorNameEn: z.string() })),
});

// ---- staff views

export const MODERATION_ITEMS = ['case', 'report_text', 'report_photo', 'reply', 'after_photo'] as const;
export const MODERATION_ACTIONS = ['publish', 'hide', 'redact'] as const;

export const ModerationItemSchema = z.object({
  caseId: z.string(),
  number: z.string(),
  className: Bilingual,
  item: z.enum(MODERATION_ITEMS),
  ref: z.string(),
  text: z.string().nullable(),
  photoUrl: z.string().nullable(),
  status: z.enum(['pending', 'published', 'hidden', 'redacted']),
  redactedText: z.string().nullable(),
  at: z.string(),
});

export const ModerationQuerySchema = z.object({
  status: z.enum(['pending', 'all']).default('pending'),
  days: z.coerce.number().int().min(1).max(365).default(30),
});

export const ModerationDecisionSchema = z
  .object({
    caseId: z.string().uuid(),
    item: z.enum(MODERATION_ITEMS),
    ref: z.string().max(64).default(''),
    action: z.enum(MODERATION_ACTIONS),
    text: z.string().trim().min(1).max(2000).optional().describe('The redacted text (redact only)'),
    reason: z.string().trim().max(500).optional(),
  })
  .strict()
  .refine((d) => d.action !== 'redact' || d.text, { message: 'redact needs the text to show instead', path: ['text'] })
  .refine((d) => d.action !== 'redact' || d.item === 'report_text' || d.item === 'reply', { message: 'only texts can be redacted', path: ['action'] });
export type ModerationDecision = z.infer<typeof ModerationDecisionSchema>;

export const BannedSchema = z.object({ phone: z.string(), reason: z.string(), createdAt: z.string() });
export const BanInputSchema = z.object({ phone: PhoneSchema, reason: z.string().trim().min(1).max(200) }).strict();

export const OutboxSchema = z.object({
  id: z.number(),
  phone: z.string(),
  text: z.string(),
  purpose: z.string(),
  provider: z.string(),
  status: z.string(),
  error: z.string().nullable(),
  createdAt: z.string(),
});
