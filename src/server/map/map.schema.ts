// Schemas of the map API: compact open-case points for the command map, and nearby same-class cases for duplicate checks.
import { z } from 'zod';

/** Column order of one row of `CasePoints.rows`. Indexes point into the dictionaries beside the rows. */
export const CASE_POINT_COLUMNS = ['number', 'lng', 'lat', 'light', 'class', 'state', 'source', 'urgent', 'street', 'department'] as const;

export const CasePointsSchema = z.object({
  generatedAt: z.string(),
  count: z.number(),
  columns: z.array(z.string()).describe(`Order of the values in each row: ${CASE_POINT_COLUMNS.join(', ')}`),
  lights: z.array(z.string()).describe('light index → name; null in a row means no clock runs'),
  classes: z.array(z.object({ kind: z.string(), code: z.string(), nameZh: z.string(), nameEn: z.string() })),
  states: z.array(z.string()),
  sources: z.array(z.string()),
  streets: z.array(z.string().nullable()),
  departments: z.array(z.string().nullable()),
  rows: z.array(z.array(z.union([z.string(), z.number(), z.null()]))),
});
export type CasePoints = z.infer<typeof CasePointsSchema>;

export const NearbyQuerySchema = z.object({
  radius: z.coerce.number().min(10).max(2000).default(200).describe('metres'),
  days: z.coerce.number().int().min(1).max(365).default(30).describe('look back this many days from the case'),
});

export const NearbyCaseSchema = z.object({
  id: z.string(),
  number: z.string(),
  state: z.string(),
  lng: z.number(),
  lat: z.number(),
  distanceM: z.number(),
  createdAt: z.string(),
  description: z.string(),
  locationText: z.string(),
});
export type NearbyCase = z.infer<typeof NearbyCaseSchema>;
