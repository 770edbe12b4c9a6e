// Tables of the illegal building register (违法建设): the structures, their history, files, linked cases, year targets.
import { sql } from 'drizzle-orm';
import { bigserial, date, doublePrecision, index, integer, jsonb, pgSequence, pgTable, primaryKey, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { cases, departments, photos, point, polygon, ts } from '../db/schema';

/** Serials of register codes (WJ-2026-00012): one sequence, so concurrent registrations never collide. */
export const illegalBuildingSerial = pgSequence('illegal_building_serial');

export const illegalBuildings = pgTable(
  'illegal_buildings',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    code: text('code').notNull(),
    /** existing (存量: stood at the baseline census) | new (新增: built since). */
    stock: text('stock').notNull(),
    /** steel_shed | brick | simple_shed | rooftop | enclosure | other */
    type: text('type').notNull(),
    address: text('address').notNull(),
    description: text('description').notNull().default(''),
    lng: doublePrecision('lng').notNull(), // WGS84
    lat: doublePrecision('lat').notNull(),
    location: point('location').notNull(),
    /** The structure's outline, WGS84, when surveyed. */
    footprint: polygon('footprint'),
    gridCode: text('grid_code'),
    communityCode: text('community_code'),
    streetCode: text('street_code'),
    areaM2: doublePrecision('area_m2').notNull(),
    demolishedM2: doublePrecision('demolished_m2').notNull().default(0),
    /** Private: person | unit | unknown, with name and phone; shown only to those who act on the entry. */
    ownerKind: text('owner_kind').notNull().default('unknown'),
    ownerName: text('owner_name'),
    ownerPhone: text('owner_phone'),
    foundOn: date('found_on', { mode: 'string' }).notNull(),
    /** patrol | case | report | aerial | census | other */
    source: text('source').notNull(),
    state: text('state').notNull(),
    deadline: date('deadline', { mode: 'string' }),
    lastOn: date('last_on', { mode: 'string' }).notNull(),
    closedOn: date('closed_on', { mode: 'string' }),
    /** 承办单位: the street office by default, or the enforcement bureau. */
    departmentId: uuid('department_id').references(() => departments.id),
    createdBy: uuid('created_by'),
    createdAt: ts('created_at').notNull(),
    updatedAt: ts('updated_at').notNull(),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    uniqueIndex('illegal_buildings_code_idx').on(t.code),
    index('illegal_buildings_state_idx').on(t.state),
    index('illegal_buildings_street_idx').on(t.streetCode),
    index('illegal_buildings_found_idx').on(t.foundOn),
    index('illegal_buildings_location_gist').using('gist', t.location),
  ],
);

/** The entry's history: every step of the state machine, edits, files and linked cases. */
export const illegalBuildingEvents = pgTable(
  'illegal_building_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    buildingId: uuid('building_id')
      .notNull()
      .references(() => illegalBuildings.id),
    seq: integer('seq').notNull(),
    action: text('action').notNull(),
    fromState: text('from_state'),
    toState: text('to_state').notNull(),
    /** The day it happened (Beijing time), as recorded. */
    on: date('on', { mode: 'string' }).notNull(),
    at: ts('at').notNull(),
    actorId: uuid('actor_id'),
    note: text('note'),
    /** For demolitions: the m² demolished in this step. */
    areaM2: doublePrecision('area_m2'),
    payload: jsonb('payload').notNull().default({}),
    photoIds: uuid('photo_ids').array().notNull().default(sql`'{}'::uuid[]`),
  },
  (t) => [uniqueIndex('illegal_building_events_seq_idx').on(t.buildingId, t.seq), index('illegal_building_events_action_on_idx').on(t.action, t.on)],
);

/** Photos and scanned documents (notices, decisions) of an entry, uploaded through the photo upload. */
export const illegalBuildingFiles = pgTable(
  'illegal_building_files',
  {
    buildingId: uuid('building_id')
      .notNull()
      .references(() => illegalBuildings.id),
    photoId: uuid('photo_id')
      .notNull()
      .references(() => photos.id),
    /** photo | document */
    kind: text('kind').notNull(),
    /** before | during | after (photos) */
    stage: text('stage'),
    /** filing | notice | delivery | decision | penalty | other (documents) */
    docType: text('doc_type'),
    docNo: text('doc_no'),
    title: text('title').notNull().default(''),
    addedBy: uuid('added_by'),
    addedAt: ts('added_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.buildingId, t.photoId] }), uniqueIndex('illegal_building_files_photo_idx').on(t.photoId)],
);

/** Cases linked to an entry: the case it was registered from (origin) and cases raised from it (raised). */
export const illegalBuildingCases = pgTable(
  'illegal_building_cases',
  {
    buildingId: uuid('building_id')
      .notNull()
      .references(() => illegalBuildings.id),
    caseId: uuid('case_id')
      .notNull()
      .references(() => cases.id),
    relation: text('relation').notNull(),
    linkedAt: ts('linked_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.buildingId, t.caseId] }), uniqueIndex('illegal_building_cases_case_idx').on(t.caseId)],
);

/** The plan's targets per year: m² of existing illegal building to demolish, and how fast new ones must be dealt with. */
export const illegalBuildingTargets = pgTable('illegal_building_targets', {
  year: integer('year').primaryKey(),
  demolishM2: doublePrecision('demolish_m2').notNull(),
  newDealWithinDays: integer('new_deal_within_days').notNull(),
  updatedBy: uuid('updated_by'),
  updatedAt: ts('updated_at').notNull(),
});
