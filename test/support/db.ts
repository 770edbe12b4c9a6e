// Test databases: PGlite always; PostgreSQL too when TEST_DATABASE_URL is set (CI sets it, and must not skip it).
import crypto from 'node:crypto';
import pg from 'pg';
import { migrateDatabase, openDatabase, type Database } from '../../src/server/db/client';

export type DbKind = 'pglite' | 'postgres';

let warned = false;

/** The database kinds this run tests against. */
export function testDatabaseKinds(): DbKind[] {
  if (process.env.TEST_DATABASE_URL) return ['pglite', 'postgres'];
  if (process.env.CI === 'true') throw new Error('CI=true but TEST_DATABASE_URL is not set: the PostgreSQL tests must run in CI');
  if (!warned) {
    warned = true;
    console.warn('\n*** SKIPPED: PostgreSQL variants of the database tests (TEST_DATABASE_URL is not set; .ci/run sets it) ***\n');
  }
  return ['pglite'];
}

/** A fresh, migrated database of the given kind; PostgreSQL gets a throw-away database of its own. */
export async function freshDatabase(kind: DbKind, opts: { migrationsFolder?: string } = {}): Promise<Database & { drop(): Promise<void> }> {
  if (kind === 'pglite') {
    const d = await openDatabase({ databaseUrl: null, memory: true });
    await migrateDatabase(d, opts.migrationsFolder);
    return { ...d, drop: () => d.close() };
  }
  const base = process.env.TEST_DATABASE_URL!;
  const name = `wg_t_${crypto.randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${name}`;
  const d = await openDatabase({ databaseUrl: url.toString() });
  await migrateDatabase(d, opts.migrationsFolder);
  return {
    ...d,
    drop: async () => {
      await d.close();
      const a = new pg.Client({ connectionString: base });
      await a.connect();
      await a.query(`drop database if exists ${name} with (force)`);
      await a.end();
    },
  };
}
