// Schemas of the geocoding API: gazetteer entries, forward search, reverse geocoding.
import { z } from 'zod';
import { CrsOptionsSchema } from '../basedata/basedata.schema';

const Kind = z.enum(['street', 'community', 'road', 'place', 'address']).describe('street 街道 · community 社区 · road 道路 · place 地名 · address 门楼牌');

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

export const GazetteerImportOptionsSchema = CrsOptionsSchema;
