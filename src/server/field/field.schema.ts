// Request and response schemas of the field inspector API (城管通): duty, patrol positions, beat, tasks, statistics.
import { z } from 'zod';
import { ActionInputSchemas } from '../../domain/workflow';
import { CrsSchema } from '../cases/case.schema';

export const FieldSettingsSchema = z.object({
  positionIntervalSeconds: z.number().int().min(5).max(3600).describe('How often the app sends a position while on duty'),
  trackRetentionDays: z.number().int().min(1).max(3650).describe('Patrol tracks older than this are deleted'),
  staleAfterSeconds: z.number().int().min(30).max(86_400).describe('A last position older than this shows as stale on the command map'),
});
export type FieldSettings = z.infer<typeof FieldSettingsSchema>;
export const DEFAULT_FIELD_SETTINGS: FieldSettings = { positionIntervalSeconds: 30, trackRetentionDays: 90, staleAfterSeconds: 300 };

export const DutySchema = z.object({
  onDuty: z.boolean(),
  since: z.string().nullable(),
  lastPosition: z.object({ lng: z.number(), lat: z.number(), accuracy: z.number().nullable(), at: z.string() }).nullable(),
  settings: FieldSettingsSchema,
});

export const DutyInputSchema = z.object({ onDuty: z.boolean() }).strict();

export const PositionInputSchema = z
  .object({
    lng: z.number().min(-180).max(180),
    lat: z.number().min(-90).max(90),
    crs: CrsSchema.default('WGS84'),
    accuracy: z.number().min(0).max(100_000).optional().describe('metres'),
    at: z.coerce.date().describe('When the device took the position (ISO 8601)'),
  })
  .strict();

export const PositionsInputSchema = z
  .object({ positions: z.array(PositionInputSchema).min(1).max(500).describe('Positions buffered on the phone are sent in one batch') })
  .strict();

export const LatestPositionSchema = z.object({
  userId: z.string(),
  displayName: z.string(),
  since: z.string(),
  lng: z.number(),
  lat: z.number(),
  accuracy: z.number().nullable(),
  at: z.string(),
  stale: z.boolean(),
});

export const TrackQuerySchema = z.object({
  userId: z.string().uuid().optional().describe('Centre staff: whose track; inspectors always get their own'),
  from: z.coerce.date().optional(),
  to: z.coerce.date().optional(),
});

export const TaskAnswerSchema = z.discriminatedUnion('action', [
  z.object({ action: z.literal('verify'), input: ActionInputSchemas.verify }).strict(),
  z.object({ action: z.literal('check'), input: ActionInputSchemas.check }).strict(),
]);
export type TaskAnswer = z.infer<typeof TaskAnswerSchema>;

const rate = z.object({ numerator: z.number(), denominator: z.number(), rate: z.number().nullable().describe('0–1; null when nothing is counted') });

export const StatsSchema = z.object({
  period: z.object({ label: z.string(), from: z.string(), to: z.string() }),
  reports: z.number().describe('上报数: reports made in the period'),
  validReports: z.number().describe('有效上报数: … filed, or approved as self-fix'),
  validReportRate: rate.describe('有效上报率'),
  verifyOnTimeRate: rate.describe('按时核实率'),
  checkOnTimeRate: rate.describe('按时核查率'),
  openTasks: z.number(),
  source: z.literal('evaluation').describe('Computed with the evaluation rules of src/domain/evaluation'),
});
export type Stats = z.infer<typeof StatsSchema>;

export const BeatSchema = z.object({
  type: z.literal('FeatureCollection'),
  features: z.array(
    z.object({
      type: z.literal('Feature'),
      geometry: z.object({ type: z.literal('Polygon'), coordinates: z.array(z.array(z.tuple([z.number(), z.number()]))) }),
      properties: z.object({ gridCode: z.string(), communityCode: z.string(), streetCode: z.string(), beatCode: z.string(), beatName: z.string() }),
    }),
  ),
  bbox: z.tuple([z.number(), z.number(), z.number(), z.number()]).nullable(),
  beats: z.array(z.object({ id: z.string(), code: z.string(), name: z.string(), gridCount: z.number() })),
});
