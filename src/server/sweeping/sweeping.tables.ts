// Tables of mechanised road sweeping (机械化清扫): road segments with their area to sweep, and daily sweeping records.
import { date, doublePrecision, index, jsonb, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import { departments, streets, ts, users } from '../db/schema';

/** A road segment (道路路段) to sweep: the unit the rate and the map gaps are counted on. */
export const sweepingSegments = pgTable(
  'sweeping_segments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    code: text('code').notNull().unique(), // stable key for imports, e.g. 220106001-R01-01
    name: text('name').notNull(), // 青年路（兴华街—和平路段）
    roadName: text('road_name').notNull(),
    streetCode: text('street_code')
      .notNull()
      .references(() => streets.code),
    grade: text('grade').notNull(), // RoadGrade: 1 … 4 (CJJ/T 126 一级 … 四级)
    geometry: jsonb('geometry').notNull(), // GeoJSON LineString, WGS84
    lengthM: doublePrecision('length_m').notNull(),
    widthM: doublePrecision('width_m').notNull(),
    /** Area to sweep each day (清扫保洁面积), m²: length × width unless set otherwise (e.g. without parking bays). */
    areaM2: doublePrecision('area_m2').notNull(),
    /** The unit responsible for sweeping it (清扫责任单位), whose handlers may enter its records. */
    maintainerDepartmentId: uuid('maintainer_department_id').references(() => departments.id),
    inServiceFrom: date('in_service_from', { mode: 'string' }).notNull(),
    inServiceUntil: date('in_service_until', { mode: 'string' }),
    createdAt: ts('created_at').notNull(),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [index('sweeping_segments_street_idx').on(t.streetCode)],
);

/** What was swept on a segment on a day by one method: one row per (segment, day, method); a new entry replaces it. */
export const sweepingRecords = pgTable(
  'sweeping_records',
  {
    segmentId: uuid('segment_id')
      .notNull()
      .references(() => sweepingSegments.id),
    date: date('date', { mode: 'string' }).notNull(),
    method: text('method').notNull(), // machine | manual
    areaM2: doublePrecision('area_m2').notNull(),
    source: text('source').notNull(), // entry | import | demo
    note: text('note'),
    enteredBy: uuid('entered_by').references(() => users.id),
    enteredAt: ts('entered_at').notNull(),
  },
  // Periods are read whole (a month, a year of all segments): the key serves one segment's days; no index on date alone.
  (t) => [primaryKey({ columns: [t.segmentId, t.date, t.method] })],
);
