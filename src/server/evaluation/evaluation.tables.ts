// Tables of the evaluation's daily rollup: the indicator counts per scope member and Shanghai day of every fact whose
// contribution no longer depends on the clock, kept as deltas in the transaction that re-derives a case's facts.
// Rankings and dashboards add the few clock-dependent facts (open cases, running steps) live; see evaluation.repository.ts.
import { integer, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { CASE_COUNT_KEYS, TASK_COUNT_KEYS } from '../../domain/evaluation/indicators';
import { ts } from '../db/schema';

/** The dashboard's flow: reports of every source by report day, first dispatches by their day, closings by closing day. */
export const FLOW_COUNT_KEYS = ['reportedAll', 'dispatchedAll', 'closedAll'] as const;
export type FlowCountKey = (typeof FLOW_COUNT_KEYS)[number];

/** The counts a rollup row holds: every indicator count, plus the flow. */
export const ROLLUP_KEYS = [...CASE_COUNT_KEYS, ...TASK_COUNT_KEYS, ...FLOW_COUNT_KEYS] as const;
export type RollupKey = (typeof ROLLUP_KEYS)[number];

/** The column of a count: validReports → valid_reports. */
export const rollupColumn = (k: RollupKey): string => k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

const count = (k: RollupKey) => integer(rollupColumn(k)).notNull().default(0);
const countColumns = Object.fromEntries(ROLLUP_KEYS.map((k) => [k, count(k)])) as Record<RollupKey, ReturnType<typeof count>>;

/**
 * One row per scope member and day. Scopes: all, street, community, grid, class (kind:code), department, reporter
 * (the inspector who reported: reports), beat (the inspector whose beat holds the grid: filed cases), person (whoever a
 * step belongs to). The day is the Shanghai day index (days since 1970-01-01 local) of the instant that places a count in
 * a period: reported, filed, closed, or when the step fell due.
 */
export const evalRollup = pgTable(
  'eval_rollup',
  {
    scope: text('scope').notNull(),
    day: integer('day').notNull(),
    key: text('key').notNull(),
    ...countColumns,
  },
  (t) => [primaryKey({ columns: [t.scope, t.day, t.key] })],
);

/**
 * What the rollup was built with: the settings that change its counts (public and hotline sources, satisfied levels,
 * the rollup's own version) and the beats (which inspector's beat holds which grid). A mismatch rebuilds it.
 */
export const evalRollupState = pgTable('eval_rollup_state', {
  name: text('name').primaryKey(),
  fingerprint: text('fingerprint').notNull(),
  updatedAt: ts('updated_at').notNull(),
});
