// Tables of special campaigns (专项整治): the campaigns and the cases tagged to them.
import { sql } from 'drizzle-orm';
import { boolean, date, doublePrecision, index, integer, jsonb, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import { cases, departments, ts } from '../db/schema';

export const campaigns = pgTable(
  'campaigns',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    nameZh: text('name_zh').notNull(),
    nameEn: text('name_en').notNull(),
    description: text('description').notNull().default(''),
    /** [{ kind, code, limit: { amount, unit } | null }]: the classes covered and the campaign's handling limit for each. */
    classes: jsonb('classes').notNull(),
    /** Streets and communities covered; both empty: the whole district. */
    streetCodes: text('street_codes').array().notNull().default(sql`'{}'::text[]`),
    communityCodes: text('community_codes').array().notNull().default(sql`'{}'::text[]`),
    /** First and last day, Shanghai calendar days, inclusive. */
    startDate: date('start_date', { mode: 'string' }).notNull(),
    endDate: date('end_date', { mode: 'string' }).notNull(),
    /** Problems to deal with (cases closed) over the campaign. */
    targetCount: integer('target_count'),
    /** 0–1 */
    targetClosureRate: doublePrecision('target_closure_rate'),
    /** Highest acceptable recurrence rate, 0–1. */
    targetRecurrenceRate: doublePrecision('target_recurrence_rate'),
    /** What counts as the same spot coming back: within radius metres, within days after a close. */
    recurrenceRadiusM: doublePrecision('recurrence_radius_m').notNull().default(50),
    recurrenceDays: integer('recurrence_days').notNull().default(30),
    leadDepartmentId: uuid('lead_department_id').references(() => departments.id),
    coDepartmentIds: uuid('co_department_ids').array().notNull().default(sql`'{}'::uuid[]`),
    archived: boolean('archived').notNull().default(false),
    createdBy: uuid('created_by'),
    createdAt: ts('created_at').notNull(),
    updatedAt: ts('updated_at').notNull(),
    version: integer('version').notNull().default(1),
  },
  (t) => [index('campaigns_period_idx').on(t.startDate, t.endDate)],
);

/** A case in a campaign's scope, with when and why it was tagged (intake, filing, or the campaign's creation/edit). */
export const campaignCases = pgTable(
  'campaign_cases',
  {
    campaignId: uuid('campaign_id')
      .notNull()
      .references(() => campaigns.id),
    caseId: uuid('case_id')
      .notNull()
      .references(() => cases.id),
    taggedAt: ts('tagged_at').notNull(),
    basis: text('basis').notNull(), // intake | filing | campaign
  },
  (t) => [primaryKey({ columns: [t.campaignId, t.caseId] }), index('campaign_cases_case_idx').on(t.caseId)],
);
