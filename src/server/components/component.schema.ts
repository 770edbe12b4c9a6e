// Schemas of the component register (部件): the 18 attributes of GB/T 47678.5-2026, queries, edits and imports.
import { z } from 'zod';
import { CrsOptionsSchema } from '../basedata/basedata.schema';

export const COMPONENT_STATES = ['intact', 'damaged', 'lost', 'abandoned', 'removed'] as const;
export type ComponentState = (typeof COMPONENT_STATES)[number];
export const STATE_ZH: Record<ComponentState, string> = { intact: '完好', damaged: '破损', lost: '丢失', abandoned: '废弃', removed: '移除' };
export const DATA_SOURCES = ['实测', '地形图', '基础地理数据', '其他'] as const;

const StateSchema = z.enum(COMPONENT_STATES).describe('intact 完好 · damaged 破损 · lost 丢失 · abandoned 废弃 · removed 移除');
const DateSchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD');

export const ComponentSchema = z.object({
  id: z.string().describe('17-digit identifier (标识码) = 6 district + 5 class + 6 serial'),
  legacyId: z.string().nullable().describe('the 16-digit identifier it was imported with, when converted'),
  classCode: z.string(),
  className: z.string().nullable(),
  name: z.string().describe('部件名称'),
  deptCode: z.string().describe('主管部门代码 (unified social credit code)'),
  deptName: z.string().describe('主管部门名称'),
  gridCode: z.string().describe('所在单元网格'),
  state: StateSchema,
  stateZh: z.string(),
  initialDate: z.string().describe('初始日期'),
  changeDate: z.string().nullable().describe('变更日期 (required when the state is not intact)'),
  ownerUnit: z.string().nullable().describe('权属单位'),
  maintenanceUnit: z.string().nullable().describe('养护单位'),
  dataSource: z.string().nullable().describe('数据来源: 实测/地形图/基础地理数据/其他'),
  note: z.string().nullable(),
  streetCode: z.string().nullable(),
  streetName: z.string().nullable(),
  communityCode: z.string().nullable(),
  communityName: z.string().nullable(),
  lng: z.number().describe('WGS84'),
  lat: z.number().describe('WGS84'),
  updatedAt: z.string(),
  version: z.number(),
});
export type ComponentOut = z.infer<typeof ComponentSchema>;

export const ComponentEventSchema = z.object({
  at: z.string(),
  action: z.string(),
  fromState: z.string().nullable(),
  toState: z.string().nullable(),
  caseId: z.string().nullable(),
  caseNumber: z.string().nullable(),
  actorId: z.string().nullable(),
  actorName: z.string().nullable(),
  note: z.string().nullable(),
  changes: z.record(z.string(), z.tuple([z.unknown(), z.unknown()])).nullable().describe('edits and imports: { attribute: [before, after] }'),
});

export const ComponentListQuerySchema = z.object({
  bbox: z.string().regex(/^-?[\d.]+,-?[\d.]+,-?[\d.]+,-?[\d.]+$/).optional().describe('minLng,minLat,maxLng,maxLat (WGS84)'),
  class: z.string().regex(/^\d{2}(\d{3})?$/).optional().describe('5-digit class, or 2-digit major'),
  state: StateSchema.optional(),
  grid: z.string().regex(/^\d{9,15}$/).optional().describe('grid, community (12) or street (9) code'),
  q: z.string().trim().max(50).optional().describe('identifier or name contains'),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  offset: z.coerce.number().int().min(0).default(0),
});

export const ComponentCreateSchema = z
  .object({
    id: z.string().regex(/^\d{16,17}$/).optional().describe('absent: the next serial of the class'),
    classCode: z.string().regex(/^\d{5}$/).optional().describe('needed when id is absent'),
    name: z.string().trim().min(1).max(100),
    deptCode: z.string().trim().min(1).max(40),
    deptName: z.string().trim().min(1).max(100),
    state: StateSchema.default('intact'),
    initialDate: DateSchema,
    changeDate: DateSchema.nullable().optional(),
    ownerUnit: z.string().trim().max(100).nullable().optional(),
    maintenanceUnit: z.string().trim().max(100).nullable().optional(),
    dataSource: z.enum(DATA_SOURCES).nullable().optional(),
    note: z.string().trim().max(500).nullable().optional(),
    lng: z.number(),
    lat: z.number(),
    crs: z.enum(['WGS84', 'GCJ02', 'BD09']).default('WGS84'),
  })
  .strict();

export const ComponentPatchSchema = ComponentCreateSchema.omit({ id: true, classCode: true })
  .partial()
  .extend({ expectedVersion: z.number().int().optional() })
  .strict();

export const ComponentImportOptionsSchema = CrsOptionsSchema.extend({
  dryRun: z
    .union([z.boolean(), z.enum(['true', 'false', '1', '0'])])
    .transform((v) => v === true || v === 'true' || v === '1')
    .default(false)
    .describe('true: check only, change nothing'),
});

export const ComponentImportResultSchema = z.object({
  dryRun: z.boolean(),
  applied: z.boolean(),
  rows: z.number(),
  valid: z.number(),
  added: z.number(),
  changed: z.number(),
  unchanged: z.number(),
  legacyConverted: z.number().describe('16-digit identifiers converted to 17 digits'),
  errorCount: z.number(),
  warningCount: z.number(),
  problems: z.array(
    z.object({ row: z.number().describe('1-based data row (or feature index + 1)'), id: z.string().nullable(), field: z.string(), severity: z.enum(['error', 'warning']), zh: z.string(), en: z.string() }),
  ),
});
export type ComponentImportResult = z.infer<typeof ComponentImportResultSchema>;

export const CaseDefaultsSchema = z.object({
  componentId: z.string(),
  kind: z.literal('component'),
  classCode: z.string(),
  lng: z.number(),
  lat: z.number(),
  crs: z.literal('WGS84'),
  gridCode: z.string(),
  locationText: z.string(),
});
