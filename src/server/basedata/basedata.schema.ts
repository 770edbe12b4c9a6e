// Schemas of the base data API: import options, previews with their problems, versions, changes, grid generation, edits.
import { z } from 'zod';
import { BASE_LAYERS } from '../../domain/geo/basedata';
import { SOURCE_CRS } from './source-crs';

export const LayerSchema = z.enum(BASE_LAYERS).describe('streets 街道 · communities 社区 · grids 单元网格 · beats 责任网格');

export const CrsOptionsSchema = z.object({
  crs: z
    .enum(SOURCE_CRS)
    .optional()
    .describe('Coordinate system of the file: WGS84 or CGCS2000 degrees, GCJ02 (AMap/Tencent), BD09 (Baidu), GK (Gauss-Krüger metres, CGCS2000). Absent: the .prj or GeoJSON `crs` member, else guessed from the numbers.'),
  centralMeridian: z.coerce.number().min(72).max(138).optional().describe('GK only: central meridian in degrees east, e.g. 126 for Changchun'),
  zoneWidth: z.coerce.number().pipe(z.union([z.literal(3), z.literal(6)])).default(3).describe('GK only: 3- or 6-degree zones'),
  zonePrefix: z.enum(['auto', 'yes', 'no']).default('auto').describe('GK only: whether eastings carry the zone number (42 500 000)'),
});

export const ImportOptionsSchema = CrsOptionsSchema.extend({
  mode: z
    .enum(['replace', 'merge'])
    .default('replace')
    .describe('replace: each imported layer becomes exactly the file (records not in it are removed); merge: add and change only'),
  toleranceM2: z.coerce.number().min(0).max(10_000).default(5).describe('Overlap or overhang between neighbours tolerated, m²'),
  note: z.string().trim().max(500).optional(),
});
export type ImportOptions = z.infer<typeof ImportOptionsSchema>;

const FeatureCollection = z
  .object({ type: z.literal('FeatureCollection'), features: z.array(z.any()), crs: z.any().optional() })
  .passthrough()
  .describe('GeoJSON FeatureCollection');

export const GeoJsonImportSchema = ImportOptionsSchema.extend({
  layers: z
    .object({ streets: FeatureCollection, communities: FeatureCollection, grids: FeatureCollection, beats: FeatureCollection })
    .partial()
    .refine((l) => Object.keys(l).length > 0, 'at least one layer'),
});

export const ProblemSchema = z.object({
  layer: LayerSchema,
  index: z.number().nullable().describe('0-based position of the feature in its file'),
  code: z.string().nullable(),
  rule: z.string().describe('Stable rule id, e.g. grid_overlap, self_intersection, code_malformed'),
  severity: z.enum(['error', 'warning']),
  zh: z.string(),
  en: z.string(),
  at: z.tuple([z.number(), z.number()]).nullable().optional().describe('where on the map (WGS84), when known'),
});

export const LayerSummarySchema = z.object({
  features: z.number().describe('features read from the file'),
  valid: z.number(),
  added: z.number(),
  changed: z.number(),
  unchanged: z.number(),
  removed: z.number(),
  total: z.number().describe('records after applying'),
});

export const ImportPreviewSchema = z.object({
  id: z.string().uuid(),
  status: z.enum(['previewed', 'applied', 'discarded', 'expired']),
  kind: z.enum(['import', 'generate', 'edit', 'revert']),
  mode: z.enum(['replace', 'merge']),
  layers: z.array(LayerSchema),
  source: z.record(z.string(), z.unknown()),
  summary: z.record(z.string(), LayerSummarySchema),
  errorCount: z.number(),
  warningCount: z.number(),
  problems: z.array(ProblemSchema).describe('at most 1,000, errors first'),
  canApply: z.boolean(),
  appliedVersion: z.number().nullable(),
  createdAt: z.string(),
});
export type ImportPreview = z.infer<typeof ImportPreviewSchema>;

export const VersionSchema = z.object({
  number: z.number(),
  kind: z.string(),
  layers: z.array(z.string()),
  importId: z.string().nullable(),
  revertOf: z.number().nullable(),
  note: z.string().nullable(),
  source: z.unknown(),
  counts: z.record(z.string(), z.object({ added: z.number(), changed: z.number(), removed: z.number() })),
  createdBy: z.string().nullable(),
  createdAt: z.string(),
});

export const ApplyResultSchema = z.object({
  version: VersionSchema.nullable(),
  unchanged: z.boolean(),
  componentsRelocated: z.number().optional().describe('components moved to the unit grid their position now lies in'),
});

export const ChangeSchema = z.object({
  version: z.number(),
  layer: LayerSchema,
  code: z.string(),
  op: z.enum(['add', 'change', 'remove']),
  before: z.unknown().nullable(),
  after: z.unknown().nullable(),
});

export const ChangesQuerySchema = z.object({
  layer: LayerSchema.optional(),
  limit: z.coerce.number().int().min(1).max(5000).default(500),
  offset: z.coerce.number().int().min(0).default(0),
});

export const DiffQuerySchema = z.object({
  from: z.coerce.number().int().min(0).describe('version number (0 = before the first version)'),
  to: z.coerce.number().int().min(1),
  layer: LayerSchema.optional(),
  limit: z.coerce.number().int().min(1).max(5000).default(500),
});

export const GenerateGridsSchema = z.object({
  communityCodes: z.array(z.string().regex(/^\d{12}$/)).max(1000).optional().describe('Communities to cut; absent: every community without grids'),
  cellSizeM: z.number().int().min(50).max(500).default(100).describe('Side of the lattice squares (about 10,000 m² at 100 m); raised where a community would need more than 999 grids'),
  note: z.string().trim().max(500).optional(),
});

const EditFeature = z.object({ type: z.literal('Feature'), properties: z.record(z.string(), z.unknown()), geometry: z.any() });
const LayerEdit = z.object({
  layer: LayerSchema,
  upsert: z.array(EditFeature).max(5000).default([]),
  remove: z.array(z.string().min(1).max(40)).max(5000).default([]),
});

export const EditSchema = z
  .object({
    layer: LayerSchema.optional().describe('one layer: with upsert and remove'),
    upsert: z.array(EditFeature).max(5000).default([]),
    remove: z.array(z.string().min(1).max(40)).max(5000).default([]),
    changes: z
      .array(LayerEdit)
      .max(4)
      .optional()
      .describe('several layers in one version, e.g. a unit grid renumbered and the responsibility grid that holds it'),
    toleranceM2: z.number().min(0).max(10_000).default(5),
    note: z.string().trim().max(500).optional(),
  })
  .refine((e) => !!e.layer !== !!e.changes?.length, 'give either layer (with upsert/remove) or changes');

export const RecordsQuerySchema = z.object({
  q: z.string().trim().max(40).optional().describe('code (start, or any part for grids) or name'),
  streetCode: z.string().regex(/^\d{9}$/).optional(),
  communityCode: z.string().regex(/^\d{12}$/).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});

export const ImportFeaturesQuerySchema = z.object({
  layer: LayerSchema.optional(),
  only: z.enum(['all', 'problems']).default('all'),
  limit: z.coerce.number().int().min(1).max(50_000).default(20_000),
});

export const ExportParamsSchema = z.object({
  layer: LayerSchema,
  format: z.enum(['geojson', 'csv', 'zip']).describe('zip = ESRI Shapefile (WGS84, UTF-8 attributes)'),
});
