// Webhook subscriptions and what a delivery carries.
import { z } from 'zod';
import { ACTION_NAMES } from '../../domain/workflow';

const EVENT_ACTIONS = ['report', 'reportSelfFix', ...ACTION_NAMES] as [string, ...string[]];

export const WebhookCreateSchema = z
  .object({
    name: z.string().trim().min(1).max(80),
    url: z
      .string()
      .url()
      .max(2000)
      .refine((u) => /^https?:\/\//i.test(u), 'an http or https URL'),
    actions: z.array(z.enum(EVENT_ACTIONS)).max(EVENT_ACTIONS.length).default([]).describe('Case actions to send (report, dispatch, close …); empty: all'),
    secret: z.string().min(16).max(200).optional().describe('The signing secret; generated when omitted'),
  })
  .strict();
export type WebhookCreate = z.infer<typeof WebhookCreateSchema>;

export const WebhookSchema = z.object({
  id: z.string(),
  name: z.string(),
  url: z.string(),
  actions: z.array(z.string()),
  active: z.boolean(),
  createdAt: z.string(),
  disabledAt: z.string().nullable(),
  pending: z.number(),
  delivered: z.number(),
  dead: z.number(),
});
export type WebhookView = z.infer<typeof WebhookSchema>;

export const WebhookCreatedSchema = WebhookSchema.extend({ secret: z.string().describe('Shown once: verify x-wangge-signature with it') });

export const DeliverySchema = z.object({
  outboxId: z.number(),
  eventType: z.string(),
  attempt: z.number(),
  at: z.string(),
  httpStatus: z.number().nullable(),
  durationMs: z.number(),
  error: z.string().nullable(),
  responseSnippet: z.string().nullable(),
});

/** The body of a delivery (application/json). */
export const WebhookPayloadSchema = z.object({
  id: z.string().describe('evt_<case event id>: the same for every retry of the event'),
  type: z.string().describe('case.<action>, e.g. case.dispatch'),
  occurredAt: z.string(),
  case: z.object({
    id: z.string(),
    number: z.string(),
    kind: z.string(),
    classCode: z.string(),
    serviceCode: z.string(),
    source: z.string(),
    streetCode: z.string().nullable(),
    communityCode: z.string().nullable(),
    gridCode: z.string().nullable(),
    departmentId: z.string().nullable(),
  }),
  event: z.object({
    seq: z.number(),
    action: z.string(),
    fromState: z.string().nullable(),
    toState: z.string(),
    role: z.string(),
    note: z.string().nullable(),
    payload: z.record(z.string(), z.unknown()),
  }),
  open311: z.object({ status: z.enum(['open', 'closed']), detailedStatus: z.string() }),
});
export type WebhookPayload = z.infer<typeof WebhookPayloadSchema>;
