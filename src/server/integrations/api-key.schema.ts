// API keys of integrating systems: what a key may do (actions), through which channels it reports, and what it may read back.
import { z } from 'zod';
import { SOURCES } from '../../domain/workflow';

export const API_KEY_ACTIONS = [
  'open311.submit', // POST Open311 service requests
  'open311.updates', // GET/POST Open311 servicerequestupdates
  'hotline.submit', // 12345 hotline work orders (工单)
  'cases.import', // bulk import of cases (CSV/xlsx)
  'cases.export', // streamed export of cases and events
] as const;
export type ApiKeyAction = (typeof API_KEY_ACTIONS)[number];

export const API_KEY_SCOPES = ['own', 'all'] as const;
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];

export const ApiKeyCreateSchema = z
  .object({
    name: z.string().trim().min(1).max(80).describe('Who uses the key, e.g. 12345热线 / FixMyStreet'),
    channels: z.array(z.enum(SOURCES)).min(1).max(SOURCES.length).describe('Case sources the key reports through; the first is its default'),
    actions: z.array(z.enum(API_KEY_ACTIONS)).min(1).describe('API actions the key may use'),
    scope: z.enum(API_KEY_SCOPES).default('own').describe("Cases the key may read back: those it reported ('own') or all ('all')"),
  })
  .strict();
export type ApiKeyCreate = z.infer<typeof ApiKeyCreateSchema>;

export const ApiKeySchema = z.object({
  id: z.string(),
  name: z.string(),
  prefix: z.string().describe('The first characters of the key'),
  channels: z.array(z.string()),
  actions: z.array(z.string()),
  scope: z.enum(API_KEY_SCOPES),
  active: z.boolean(),
  createdAt: z.string(),
  revokedAt: z.string().nullable(),
  lastUsedAt: z.string().nullable(),
});
export type ApiKeyView = z.infer<typeof ApiKeySchema>;

export const ApiKeyCreatedSchema = ApiKeySchema.extend({ key: z.string().describe('The key itself: shown once, stored only as a hash') });

export const ApiKeyUsageSchema = z.object({
  items: z.array(z.object({ at: z.string(), method: z.string(), path: z.string(), status: z.number(), ip: z.string().nullable() })),
});
