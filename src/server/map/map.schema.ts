// Schemas of the map API: compact open-case points, the command map's case filter and its counts, and nearby
// same-class cases for duplicate checks.
import { z } from 'zod';
import { CASE_STATES, SOURCES } from '../../domain/workflow';

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

export const MAP_LIGHTS = ['red', 'yellow', 'green', 'none'] as const;

/** A comma-separated list of known values (`light=red,yellow`). */
const list = <T extends readonly [string, ...string[]]>(values: T) =>
  z
    .string()
    .max(300)
    .transform((s, c) => {
      const parts = [...new Set(s.split(',').filter(Boolean))];
      for (const p of parts) if (!(values as readonly string[]).includes(p)) c.addIssue({ code: 'custom', message: `unknown value ${p}; one of ${values.join(', ')}` });
      return parts as T[number][];
    });

/**
 * The command map's case filter, applied on the server before clustering (so cluster counts are those of the filter).
 * Shared by the case tiles (GET /api/tiles/cases/…) and their counts (GET /api/map/summary).
 */
export const CaseMapFilterSchema = z.object({
  light: list(MAP_LIGHTS).optional().describe('comma-separated: red, yellow, green, none (no clock runs); default every light'),
  kind: z.enum(['component', 'matter']).optional(),
  class: z.string().regex(/^\d{5,8}$/).optional().describe('class code (5 digits, or a local sub-class); with `kind` when codes of both kinds could match'),
  street: z.string().regex(/^\d{9}$/).optional().describe('9-digit street code'),
  source: z.enum(SOURCES).optional(),
  states: list(CASE_STATES).optional().describe('comma-separated case states'),
  urgent: z.enum(['1', 'true', '0', 'false']).optional().transform((v) => v === '1' || v === 'true').describe('1: urgent cases only'),
});
export type CaseMapFilter = Partial<z.infer<typeof CaseMapFilterSchema>>;

export const CaseMapSummarySchema = z.object({
  version: z.string().describe('changes whenever the data behind the case tiles does: add it to the tile URL to reload them'),
  dataAt: z.string().describe('when the points were read from the database (ISO 8601)'),
  total: z.number().describe('open cases in your scope'),
  visible: z.number().describe('those matching the filter'),
  lights: z.object({ red: z.number(), yellow: z.number(), green: z.number(), none: z.number() }).describe('the matching cases by light'),
});
export type CaseMapSummary = z.infer<typeof CaseMapSummarySchema>;
