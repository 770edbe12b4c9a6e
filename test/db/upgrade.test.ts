// Upgrading a database made by the previous release (0000_initial, the first landed schema): the data written then is
// read and worked on by this release after `migrate`, on PGlite and on PostgreSQL. The old database is made with the
// old migrations only and filled with rows the current services wrote into the tables that release had (the core
// tables did not change shape since: see the ALTERs in migrations/ for what did).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { migrateDatabase, type Database } from '../../src/server/db/client';
import { actOnCase, getCase } from '../../src/server/cases/case.service';
import { getRankings } from '../../src/server/evaluation/evaluation.service';
import { RankingQuerySchema } from '../../src/server/evaluation/evaluation.schema';
import { createContext } from '../../src/server/context';
import { freshDatabase, testDatabaseKinds, type DbKind } from '../support/db';
import { buildCase, buildWorld, type World } from '../support/world';

const migrations = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../src/server/db/migrations');
const PREVIOUS_RELEASE = '0000_initial';

/** A migrations folder holding the migrations up to and including `last`, as the previous release shipped them. */
function releaseFolder(last: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wangge-release-'));
  fs.mkdirSync(path.join(dir, 'meta'));
  const journal = JSON.parse(fs.readFileSync(path.join(migrations, 'meta/_journal.json'), 'utf8')) as { entries: { tag: string }[] };
  const upto = journal.entries.findIndex((e) => e.tag === last);
  expect(upto, `${last} in the journal`).toBeGreaterThanOrEqual(0);
  journal.entries = journal.entries.slice(0, upto + 1);
  for (const e of journal.entries) fs.copyFileSync(path.join(migrations, `${e.tag}.sql`), path.join(dir, `${e.tag}.sql`));
  fs.writeFileSync(path.join(dir, 'meta/_journal.json'), JSON.stringify(journal));
  return dir;
}

const rows = async <T,>(d: Database, q: ReturnType<typeof sql>) => ((await d.db.execute(q)) as unknown as { rows: T[] }).rows;

/** The tables the previous release had, in the old database. */
async function tablesOf(d: Database): Promise<string[]> {
  const r = await rows<{ t: string }>(d, sql`select table_name as t from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'`);
  return r.map((x) => x.t).sort();
}

/** Copies every row of `tables` from one database to the other (columns by name; foreign keys checked at the end). */
async function copyRows(from: Database, to: Database, tables: string[]) {
  await to.db.transaction(async (tx) => {
    await tx.execute(sql`set local session_replication_role = replica`);
    for (const table of tables) {
      const data = await rows<{ j: unknown }>(from, sql`select coalesce(json_agg(x), '[]'::json) as j from ${sql.identifier(table)} x`);
      const json = JSON.stringify(data[0].j);
      if (json === '[]') continue;
      await tx.execute(sql`insert into ${sql.identifier(table)} select * from json_populate_recordset(null::${sql.identifier(table)}, ${json}::json)`);
    }
    // The sequences stand where the old release left them (past every id it handed out).
    const serials = ((await tx.execute(
      sql`select table_name as t, column_name as c from information_schema.columns where table_schema = 'public' and column_default like 'nextval%'`,
    )) as unknown as { rows: { t: string; c: string }[] }).rows;
    for (const { t, c } of serials.filter((x) => tables.includes(x.t))) {
      await tx.execute(sql`select setval(pg_get_serial_sequence(${t}, ${c}), coalesce((select max(${sql.identifier(c)}) from ${sql.identifier(t)}), 0) + 1, false)`);
    }
  });
}

describe.each(testDatabaseKinds())('upgrade from the previous release on %s', (kind: DbKind) => {
  const open: (Database & { drop(): Promise<void> })[] = [];
  afterAll(async () => {
    for (const d of open) await d.drop();
  });

  it('keeps every row, migrates to this release, and the old cases go on through the workflow and into the evaluation', { timeout: 240_000 }, async () => {
    // What the previous release's users wrote: a district, its people and cases in several states.
    const current = await freshDatabase(kind);
    open.push(current);
    const w: World = await buildWorld(current);
    const closed = await buildCase(w, 'closed');
    const handling = await buildCase(w, 'handling');
    const reported = await buildCase(w, 'reported');

    // The previous release's database: its migrations only, the same rows in the tables it had.
    const old = await freshDatabase(kind, { migrationsFolder: releaseFolder(PREVIOUS_RELEASE) });
    open.push(old);
    const oldTables = await tablesOf(old);
    expect(oldTables).toContain('cases');
    expect(oldTables).not.toContain('notifications'); // made by a later migration
    const copied = oldTables.filter((t) => !t.startsWith('eval_')); // derived facts: the new release re-derives them
    await copyRows(current, old, copied);
    const count = async (d: Database, table: string) => Number((await rows<{ n: number }>(d, sql`select count(*)::int as n from ${sql.identifier(table)}`))[0].n);
    const before: Record<string, number> = {};
    for (const t of copied) before[t] = await count(old, t);
    expect(before.case_events).toBeGreaterThan(10);

    // The upgrade.
    await migrateDatabase(old);
    const applied = await rows<{ n: number }>(old, sql`select count(*)::int as n from drizzle.__drizzle_migrations`);
    const journal = JSON.parse(fs.readFileSync(path.join(migrations, 'meta/_journal.json'), 'utf8')) as { entries: unknown[] };
    expect(Number(applied[0].n)).toBe(journal.entries.length);
    for (const t of copied) expect(await count(old, t), t).toBe(before[t]);
    expect(await tablesOf(old)).toContain('notifications');

    // This release works on the upgraded data as on its own: the same case pages…
    const ctx = createContext(w.ctx.config, old, () => w.clock.now);
    for (const c of [closed, handling, reported]) {
      const [a, b] = [await getCase(w.ctx, w.users.chief, c.id), await getCase(ctx, w.users.chief, c.id)];
      expect(b.state).toBe(a.state);
      expect(b.events.map((e) => e.action)).toEqual(a.events.map((e) => e.action));
    }
    // …the same evaluation, derived again from the old event log…
    const q = RankingQuerySchema.parse({ scope: 'department', period: 'month', date: '2026-11-16' });
    const [r1, r2] = [await getRankings(w.ctx, w.users.leader, q), await getRankings(ctx, w.users.leader, q)];
    expect(r2.rows).toEqual(r1.rows);
    expect(r2.rows.length).toBeGreaterThan(0);
    // …and an old case moves on, with what the new modules add to every step.
    const next = await actOnCase(ctx, w.users.operator, reported.id, 'register', {});
    expect(next.state).toBe('verified');
    expect(await count(old, 'case_events')).toBe(before.case_events + 1);
  });
});
