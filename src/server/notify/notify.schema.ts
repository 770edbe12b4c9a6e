// Schemas of the notification API: the notification centre, preferences, the outbox view, escalation and emergency settings.
import { z } from 'zod';
import { CHANNELS, NOTIFICATION_KIND_KEYS, type NotificationKind } from '../../domain/notify';
import { EscalationConfigSchema } from '../../domain/escalation';
import { SOURCES } from '../../domain/workflow';

export const NotificationViewSchema = z.object({
  id: z.number().int(),
  kind: z.string(),
  caseId: z.string().nullable(),
  caseNumber: z.string().nullable(),
  title: z.string(),
  body: z.string(),
  titleZh: z.string(),
  titleEn: z.string(),
  bodyZh: z.string(),
  bodyEn: z.string(),
  link: z.string().nullable(),
  urgent: z.boolean(),
  createdAt: z.string(),
  readAt: z.string().nullable(),
});
export type NotificationView = z.infer<typeof NotificationViewSchema>;

export const NotificationListQuerySchema = z.object({
  unread: z.enum(['true', 'false']).optional(),
  urgent: z.enum(['true', 'false']).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(30),
  before: z.coerce.number().int().positive().optional(),
});

export const NotificationListSchema = z.object({ items: z.array(NotificationViewSchema), unread: z.number().int() });

export const MarkReadSchema = z.union([z.object({ ids: z.array(z.number().int().positive()).min(1).max(500) }), z.object({ all: z.literal(true) })]);

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM');
const kindKey = z.enum(NOTIFICATION_KIND_KEYS as [NotificationKind, ...NotificationKind[]]);

export const PreferencesInputSchema = z
  .object({
    channels: z.partialRecord(kindKey, z.array(z.enum(CHANNELS)).max(CHANNELS.length)),
    quietHours: z.object({ start: hhmm, end: hhmm }).nullable(),
    email: z.string().trim().email().max(200).nullable(),
    webhookUrl: z.string().trim().url().max(500).refine((u) => /^https?:\/\//.test(u), 'http(s) only').nullable(),
    lang: z.enum(['zh', 'en']),
  })
  .partial();
export type PreferencesInput = z.infer<typeof PreferencesInputSchema>;

export const PreferencesViewSchema = z.object({
  kinds: z.array(z.object({ kind: z.string(), labelZh: z.string(), labelEn: z.string(), defaults: z.array(z.enum(CHANNELS)), urgent: z.boolean(), channels: z.array(z.enum(CHANNELS)) })),
  quietHours: z.object({ start: z.string(), end: z.string() }).nullable(),
  email: z.string().nullable(),
  webhookUrl: z.string().nullable(),
  webhookSecret: z.string().nullable(),
  phone: z.string().nullable(),
  lang: z.enum(['zh', 'en']),
  available: z.object({ sms: z.boolean(), email: z.boolean(), webhook: z.boolean() }),
});
export type PreferencesView = z.infer<typeof PreferencesViewSchema>;

export const OutboxViewSchema = z.object({
  items: z.array(
    z.object({
      id: z.number().int(),
      channel: z.string(),
      address: z.string(),
      kind: z.string(),
      subject: z.string(),
      body: z.string(),
      status: z.string(),
      attempts: z.number().int(),
      urgent: z.boolean(),
      nextAttemptAt: z.string(),
      createdAt: z.string(),
      sentAt: z.string().nullable(),
      lastError: z.string().nullable(),
    }),
  ),
});

/** The emergency policy (应急预案): which urgent reports skip verification and are dispatched at once. */
export const EmergencyPolicySchema = z.object({
  /** Urgent reports from these sources skip the verify queue (registered, filed and dispatched by the platform). */
  skipVerifySources: z.array(z.enum(SOURCES)),
  /** Dispatch at once to the department the responsibility list names, with the class's clock-hour filing condition. */
  autoDispatch: z.boolean(),
});
export type EmergencyPolicy = z.infer<typeof EmergencyPolicySchema>;
export const DEFAULT_EMERGENCY_POLICY: EmergencyPolicy = { skipVerifySources: ['inspector', 'hotline', 'video_ai', 'superior', 'leader'], autoDispatch: true };

export const EscalationSettingsSchema = z.object({ escalation: EscalationConfigSchema, emergency: EmergencyPolicySchema });
export type EscalationSettings = z.infer<typeof EscalationSettingsSchema>;
