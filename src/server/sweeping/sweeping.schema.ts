// Request and response shapes of the mechanised sweeping API (机械化清扫); the types are inferred from them.
import { z } from 'zod';
import { ROAD_GRADES, SWEEP_METHODS } from '../../domain/sweeping';
import { tryDayIndex } from '../../domain/calendar/shanghai-time';

export const Day = z.string().refine((s) => tryDayIndex(s) !== null, 'a calendar day YYYY-MM-DD');
export const Month = z.string().regex(/^(19|20|21)\d{2}-(0[1-9]|1[0-2])$/, 'a month YYYY-MM (1900–2199)');
const LngLat = z.tuple([z.number().min(-180).max(180), z.number().min(-90).max(90)]);

export const LineStringSchema = z.object({ type: z.literal('LineString'), coordinates: z.array(LngLat).min(2).max(500) });

export const SegmentSchema = z.object({
  id: z.string(),
  code: z.string(),
  name: z.string(),
  roadName: z.string(),
  streetCode: z.string(),
  streetName: z.string().nullable(),
  grade: z.enum(ROAD_GRADES),
  geometry: LineStringSchema,
  lengthM: z.number(),
  widthM: z.number(),
  areaM2: z.number().describe('area to sweep each day, m²'),
  maintainerDepartmentId: z.string().nullable(),
  maintainerName: z.string().nullable(),
  inServiceFrom: z.string(),
  inServiceUntil: z.string().nullable(),
  updatedAt: z.string(),
});
export type SegmentOut = z.infer<typeof SegmentSchema>;

export const SegmentListQuerySchema = z.object({
  street: z.string().regex(/^\d{9}$/).optional(),
  grade: z.enum(ROAD_GRADES).optional(),
  q: z.string().trim().max(50).optional(),
});

export const SegmentCreateSchema = z
  .object({
    code: z.string().trim().regex(/^[A-Za-z0-9_-]{2,40}$/, 'letters, digits, - and _').optional().describe('generated from the street when omitted'),
    name: z.string().trim().min(1).max(100),
    roadName: z.string().trim().min(1).max(50),
    grade: z.enum(ROAD_GRADES),
    geometry: LineStringSchema.describe('WGS84 centre line; the street is where its middle lies'),
    widthM: z.number().positive().max(200),
    areaM2: z.number().positive().max(1_000_000).optional().describe('defaults to length × width'),
    maintainerDepartmentId: z.string().uuid().nullable().optional(),
    inServiceFrom: Day,
    inServiceUntil: Day.nullable().optional(),
  })
  .strict();

export const SegmentPatchSchema = z
  .object({
    name: z.string().trim().min(1).max(100),
    grade: z.enum(ROAD_GRADES),
    widthM: z.number().positive().max(200),
    areaM2: z.number().positive().max(1_000_000),
    maintainerDepartmentId: z.string().uuid().nullable(),
    inServiceFrom: Day,
    inServiceUntil: Day.nullable(),
  })
  .partial()
  .strict();

export const RecordInputSchema = z
  .object({
    segmentId: z.string().uuid().optional(),
    segmentCode: z.string().trim().min(1).max(40).optional(),
    date: Day,
    method: z.enum(SWEEP_METHODS),
    areaM2: z.number().min(0).max(1_000_000),
    note: z.string().trim().max(200).optional(),
  })
  .strict()
  .refine((r) => !!r.segmentId !== !!r.segmentCode, { message: 'give segmentId or segmentCode', path: ['segmentId'] });

export const RecordSchema = z.object({
  segmentId: z.string(),
  segmentCode: z.string(),
  segmentName: z.string(),
  streetCode: z.string(),
  date: z.string(),
  method: z.enum(SWEEP_METHODS),
  areaM2: z.number(),
  segmentAreaM2: z.number(),
  source: z.string(),
  note: z.string().nullable(),
  enteredBy: z.string().nullable(),
  enteredAt: z.string(),
});

export const RecordListQuerySchema = z.object({
  segmentId: z.string().uuid().optional(),
  street: z.string().regex(/^\d{9}$/).optional(),
  method: z.enum(SWEEP_METHODS).optional(),
  from: Day.optional(),
  to: Day.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});

export const ImportResultSchema = z.object({
  dryRun: z.boolean(),
  applied: z.boolean(),
  rows: z.number(),
  added: z.number(),
  replaced: z.number(),
  errors: z.array(z.object({ row: z.number(), message: z.string() })),
});

const Totals = {
  dueM2: z.number(),
  machineM2: z.number(),
  manualM2: z.number(),
  dueDays: z.number(),
  machineDays: z.number(),
  rate: z.number().nullable().describe('machine-swept area ÷ area to sweep, summed over the days'),
  meetsTarget: z.boolean().nullable(),
};

export const BoardQuerySchema = z.object({ month: Month.optional().describe('YYYY-MM; the current month (to today) when omitted') });

export const BoardSchema = z.object({
  month: z.string(),
  range: z.object({ from: z.string(), to: z.string() }).nullable(),
  target: z.number(),
  definition: z.string(),
  total: z.object(Totals),
  byStreet: z.array(z.object({ streetCode: z.string(), streetName: z.string(), segments: z.number(), gaps: z.number(), ...Totals })),
  trend: z.array(z.object({ month: z.string(), rate: z.number().nullable(), byStreet: z.record(z.string(), z.number().nullable()) })),
  segments: z.array(
    z.object({
      id: z.string(),
      code: z.string(),
      name: z.string(),
      streetCode: z.string(),
      grade: z.string(),
      areaM2: z.number(),
      geometry: LineStringSchema,
      rate: z.number().nullable(),
      machineDays: z.number(),
      dueDays: z.number(),
      gap: z.boolean(),
    }),
  ),
});
export type Board = z.infer<typeof BoardSchema>;

export const TargetSchema = z.object({ target: z.number().min(0.01).max(1).describe('share, e.g. 0.85') }).strict();
