// Makes a district of N generated cases (bench/lib/district.ts) in a data directory (embedded PGlite) or a PostgreSQL
// database: migrates, loads the base data and the Lvyuan demo (geography, organisation, accounts) into an empty
// database, generates the cases with their events and photos, derives the evaluation facts. Then `npm start` serves it.
//
//   npx tsx bench/lib/district-cli.ts --cases 1000000 [--data-dir DIR] [--database-url URL]
//       [--demo-cases K] [--batch B] [--seed S] [--skip-facts]
//   DATA_DIR=DIR npm start                                  (PGlite)
//   DATABASE_URL=URL DATA_DIR=DIR npm start                 (PostgreSQL; DIR holds the photos)
import path from 'node:path';
import { parseArgs } from 'node:util';
import { lockDataDir } from '../../src/server/data-lock';
import { prepareDistrict } from './district';

const USAGE = `usage: npx tsx bench/lib/district-cli.ts --cases N [--data-dir DIR] [--database-url URL]
       [--demo-cases K] [--batch B] [--seed S] [--skip-facts]
  --cases N          cases to generate (with their events and photo rows), spread over the past year
  --data-dir DIR     the data directory: the embedded database and the uploads (default: $DATA_DIR or ./data)
  --database-url URL a PostgreSQL database instead of the embedded one (default: $DATABASE_URL)
  --demo-cases K     cases the demo seed walks itself when the database is empty (default 0)
  --batch B          cases per statement (default 100000)
  --seed S           same seed, same district (default 1)
  --skip-facts       do not derive the evaluation facts now (the first evaluation request will)`;

async function main(): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        cases: { type: 'string' },
        'data-dir': { type: 'string' },
        'database-url': { type: 'string' },
        'demo-cases': { type: 'string' },
        batch: { type: 'string' },
        seed: { type: 'string' },
        'skip-facts': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (e) {
    console.error(`${(e as Error).message}\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const int = (name: string, v: string | undefined, min: number): number | undefined => {
    if (v === undefined) return undefined;
    const n = Number(v);
    if (!Number.isInteger(n) || n < min) throw new Error(`--${name}: a whole number ≥ ${min}`);
    return n;
  };
  let cases: number | undefined, demoCases: number | undefined, batch: number | undefined, seed: number | undefined;
  try {
    cases = int('cases', values.cases, 0);
    demoCases = int('demo-cases', values['demo-cases'], 0);
    batch = int('batch', values.batch, 1);
    seed = int('seed', values.seed, 0);
  } catch (e) {
    console.error(`${(e as Error).message}\n${USAGE}`);
    return 2;
  }
  if (cases === undefined) {
    console.error(`--cases is required\n${USAGE}`);
    return 2;
  }
  const databaseUrl = values['database-url'] ?? (process.env.DATABASE_URL || null);
  const dataDir = path.resolve(values['data-dir'] ?? (process.env.DATA_DIR || './data'));
  // One process owns an embedded data directory (a server running on it must be stopped first).
  const release = databaseUrl ? () => {} : lockDataDir(dataDir);
  const started = performance.now();
  console.log(`District of ${cases.toLocaleString('en')} cases in ${databaseUrl ? databaseUrl.replace(/\/\/[^@/]*@/, '//…@') : dataDir}`);
  try {
    const { database, result, seeded } = await prepareDistrict({ databaseUrl, dataDir, cases, demoCases, batch, seed, facts: !values['skip-facts'], log: console.log });
    await database.close();
    const states = Object.entries(result.byState)
      .sort((a, b) => b[1] - a[1])
      .map(([s, n]) => `${s} ${n.toLocaleString('en')}`)
      .join(', ');
    console.log(`\nDone in ${((performance.now() - started) / 1000).toFixed(0)} s${seeded ? ' (demo loaded first)' : ''}: ${result.cases.toLocaleString('en')} cases (${states}), ` +
      `${result.events.toLocaleString('en')} events, ${result.photos.toLocaleString('en')} photo rows.`);
    console.log(`Serve it:  ${databaseUrl ? `DATABASE_URL='${databaseUrl}' ` : ''}DATA_DIR='${dataDir}' npm start    (demo accounts, password demo: dispatcher, chief, operator, leader, admin …)`);
    return 0;
  } finally {
    release();
  }
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
