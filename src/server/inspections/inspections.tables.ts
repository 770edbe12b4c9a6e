// Tables of hazard inspections and 双随机、一公开: the register of inspectable entities, the qualified inspector pool and
// declared conflicts, inspection plans with checklists, the committed and executed draws, inspections and findings.
import { sql } from 'drizzle-orm';
import { boolean, date, doublePrecision, index, integer, jsonb, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { cases, streets, ts, users } from '../db/schema';

/** The register of inspectable entities (检查对象名录库): sites, premises and installations. */
export const inspectionEntities = pgTable(
  'inspection_entities',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    code: text('code').notNull().unique(), // public key used in draws, e.g. GAS-0012
    name: text('name').notNull(),
    sector: text('sector').notNull(), // Sector
    uscc: text('uscc'), // 统一社会信用代码 of the operator, when it is an organisation
    address: text('address').notNull(),
    lng: doublePrecision('lng').notNull(), // WGS84
    lat: doublePrecision('lat').notNull(),
    gridCode: text('grid_code').notNull(),
    communityCode: text('community_code').notNull(),
    streetCode: text('street_code')
      .notNull()
      .references(() => streets.code),
    /** Private: the person to contact on site. Never published. */
    contactName: text('contact_name'),
    contactPhone: text('contact_phone'),
    active: boolean('active').notNull().default(true),
    createdAt: ts('created_at').notNull(),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [index('inspection_entities_sector_idx').on(t.sector)],
);

/** The qualified inspector pool (执法检查人员名录库): users with sector qualifications, known to the public by code only. */
export const inspectionInspectors = pgTable('inspection_inspectors', {
  userId: uuid('user_id')
    .primaryKey()
    .references(() => users.id),
  code: text('code').notNull().unique(), // e.g. JC-007 (or the enforcement certificate number)
  sectors: text('sectors').array().notNull(),
  active: boolean('active').notNull().default(true),
  createdAt: ts('created_at').notNull(),
  updatedAt: ts('updated_at').notNull(),
});

/** A declared conflict of interest between an inspector and an entity (回避). */
export const inspectionConflicts = pgTable(
  'inspection_conflicts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    entityId: uuid('entity_id')
      .notNull()
      .references(() => inspectionEntities.id),
    reason: text('reason').notNull(),
    declaredBy: uuid('declared_by').references(() => users.id),
    declaredAt: ts('declared_at').notNull(),
  },
  (t) => [uniqueIndex('inspection_conflicts_pair_idx').on(t.userId, t.entityId)],
);

/** An inspection plan (抽查计划) of a sector with its checklist. */
export const inspectionPlans = pgTable('inspection_plans', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull(),
  sector: text('sector').notNull(),
  /** ChecklistItem[]: code, text, the matter class a failed item is filed under, days to rectify. */
  checklist: jsonb('checklist').notNull(),
  periodFrom: date('period_from', { mode: 'string' }).notNull(),
  periodTo: date('period_to', { mode: 'string' }).notNull(),
  note: text('note'),
  createdBy: uuid('created_by').references(() => users.id),
  createdAt: ts('created_at').notNull(),
});

/** A draw: committed (inputs and the secret's hash published), then drawn (secret, witness and result published). */
export const inspectionDraws = pgTable(
  'inspection_draws',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    planId: uuid('plan_id')
      .notNull()
      .references(() => inspectionPlans.id),
    round: integer('round').notNull(), // 1, 2 … within the plan
    status: text('status').notNull(), // committed | drawn
    inputs: jsonb('inputs').notNull(), // DrawInputs, canonical
    inputsHash: text('inputs_hash').notNull(),
    commitment: text('commitment').notNull(), // SHA-256 of the secret
    /** Kept secret until the draw. */
    secret: text('secret').notNull(),
    committedBy: uuid('committed_by').references(() => users.id),
    committedAt: ts('committed_at').notNull(),
    witness: text('witness'),
    drawSeed: text('draw_seed'),
    result: jsonb('result'), // DrawAssignment[]
    drawnBy: uuid('drawn_by').references(() => users.id),
    drawnAt: ts('drawn_at'),
  },
  (t) => [uniqueIndex('inspection_draws_plan_round_idx').on(t.planId, t.round)],
);

/** One drawn target's inspection: its inspectors, the checklist answers, review and publication (一公开). */
export const inspections = pgTable(
  'inspections',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    drawId: uuid('draw_id')
      .notNull()
      .references(() => inspectionDraws.id),
    planId: uuid('plan_id')
      .notNull()
      .references(() => inspectionPlans.id),
    entityId: uuid('entity_id')
      .notNull()
      .references(() => inspectionEntities.id),
    inspectorIds: uuid('inspector_ids').array().notNull().default(sql`'{}'::uuid[]`),
    /** The inspector codes as drawn (public). */
    inspectorCodes: text('inspector_codes').array().notNull(),
    position: integer('position').notNull(), // order in the draw
    status: text('status').notNull(), // InspectionState
    inspectedOn: date('inspected_on', { mode: 'string' }),
    results: jsonb('results'), // ItemResult[]
    note: text('note'),
    recordedBy: uuid('recorded_by').references(() => users.id),
    recordedAt: ts('recorded_at'),
    reviewNote: text('review_note'),
    reviewedBy: uuid('reviewed_by').references(() => users.id),
    reviewedAt: ts('reviewed_at'),
    publishedAt: ts('published_at'),
    version: integer('version').notNull().default(1),
  },
  (t) => [uniqueIndex('inspections_draw_entity_idx').on(t.drawId, t.entityId), index('inspections_entity_idx').on(t.entityId), index('inspections_status_idx').on(t.status)],
);

/** A failed checklist item: the rectification (整改) case raised for it through the ordinary intake. */
export const inspectionFindings = pgTable(
  'inspection_findings',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    inspectionId: uuid('inspection_id')
      .notNull()
      .references(() => inspections.id),
    itemCode: text('item_code').notNull(),
    classCode: text('class_code').notNull(),
    note: text('note'),
    rectifyBy: date('rectify_by', { mode: 'string' }).notNull(),
    caseId: uuid('case_id').references(() => cases.id),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [uniqueIndex('inspection_findings_item_idx').on(t.inspectionId, t.itemCode), index('inspection_findings_case_idx').on(t.caseId)],
);
