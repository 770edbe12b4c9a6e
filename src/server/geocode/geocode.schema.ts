// Schemas of the geocoding API: gazetteer entries, forward search, reverse geocoding.
import { z } from 'zod';
import { CrsOptionsSchema } from '../basedata/basedata.schema';

export const Kind = z.enum(['street', 'community', 'road', 'place', 'address']).describe('street 街道 · community 社区 · road 道路 · place 地名 · address 门楼牌');

export const GazetteerEntrySchema = z.object({
  id: z.number(),
  kind: Kind,
  name: z.string(),
  code: z.string(),
  road: z.string().nullable(),
  houseNumber: z.string().nullable(),
  streetCode: z.string().nullable(),
  streetName: z.string().nullable(),
  communityCode: z.string().nullable(),
  communityName: z.string().nullable(),
  lng: z.number().describe('WGS84'),
  lat: z.number().describe('WGS84'),
  generated: z.boolean().describe('true: made up for the demo, not a real place'),
});

export const SearchQuerySchema = z.object({
  q: z.string().trim().min(1).max(100).describe('Chinese text: a street, community, road, place or address (青年路12号)'),
  kind: Kind.optional(),
  limit: z.coerce.number().int().min(1).max(50).default(10),
});

export const ReverseQuerySchema = z.object({
  lng: z.coerce.number(),
  lat: z.coerce.number(),
  crs: z.enum(['WGS84', 'GCJ02', 'BD09']).default('WGS84'),
});

export const ReverseSchema = z.object({
  lng: z.number().describe('WGS84'),
  lat: z.number().describe('WGS84'),
  gridCode: z.string(),
  communityCode: z.string(),
  communityName: z.string(),
  streetCode: z.string(),
  streetName: z.string(),
  address: GazetteerEntrySchema.extend({ distanceM: z.number(), direction: z.string(), directionZh: z.string() }).nullable().describe('nearest address or place within 300 m'),
  locationText: z.string().describe('事发位置, ≤ 256 characters'),
});

export const GazetteerImportOptionsSchema = CrsOptionsSchema.extend({
  dryRun: z
    .union([z.boolean(), z.enum(['true', 'false', '1', '0'])])
    .transform((v) => v === true || v === 'true' || v === '1')
    .default(false)
    .describe('true: check only, change nothing'),
});

export const GazetteerImportResultSchema = z.object({
  dryRun: z.boolean(),
  applied: z.boolean(),
  rows: z.number(),
  valid: z.number(),
  added: z.number().describe('entries new to the gazetteer (kind + code)'),
  changed: z.number().describe('entries that replace one with the same kind and code'),
  saved: z.number(),
  problems: z.array(z.object({ row: z.number(), field: z.string(), zh: z.string(), en: z.string() })),
});

export const GazetteerListQuerySchema = z.object({
  q: z.string().trim().max(50).optional().describe('name contains, or code starts with'),
  kind: Kind.optional(),
  streetCode: z.string().regex(/^\d{9}$/).optional(),
  communityCode: z.string().regex(/^\d{12}$/).optional(),
  generated: z.enum(['true', 'false']).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});

export const GazetteerInputSchema = z
  .object({
    kind: Kind,
    name: z.string().trim().min(1).max(100),
    code: z.string().trim().min(1).max(100).optional().describe('stable key within the kind; absent: kind:name'),
    road: z.string().trim().max(50).nullable().optional(),
    houseNumber: z.string().trim().max(20).nullable().optional(),
    lng: z.number().min(-180).max(180),
    lat: z.number().min(-90).max(90),
    crs: z.enum(['WGS84', 'GCJ02', 'BD09']).default('WGS84'),
  })
  .strict();

export const GazetteerPatchSchema = GazetteerInputSchema.omit({ kind: true, code: true }).partial().strict();

