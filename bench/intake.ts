// Intake benchmark: case creation over HTTP (validation, grid lookup, deadlines, case + event insert) with
// autocannon on loopback, against the raw single-row durable INSERT rate of the same PostgreSQL (pgbench),
// measured in the same run. Also on PGlite (no pgbench there: its ceiling is the same insert done in-process).
import autocannon from 'autocannon';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { generateDemoGeography } from '../src/demo/geo/geography';
import { login, machine, pgbench, startCluster, startServerProcess, table } from './support';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 16);

async function intakeRate(url: string, lng: number, lat: number) {
  const { cookie, csrf } = await login(url, 'operator');
  const body = JSON.stringify({ source: 'hotline', kind: 'matter', classCode: '09006', description: '基准测试：占道经营', lng, lat });
  const result = await autocannon({
    url: `${url}/api/cases`,
    method: 'POST',
    connections: CONNECTIONS,
    duration: SECONDS,
    headers: { cookie, 'x-csrf-token': csrf, 'content-type': 'application/json' },
    body,
  });
  const ok = result['2xx'];
  if (process.env.BENCH_DEBUG) console.log(result);
  return { rps: ok / SECONDS, p50: result.latency.p50, p99: result.latency.p99, errors: result.non2xx + result.errors };
}

async function main() {
  console.log(`Intake benchmark — ${machine()}; ${CONNECTIONS} connections × ${SECONDS} s\n`);
  const rows: Record<string, string | number>[] = [];

  const cluster = startCluster();
  if (cluster) {
    try {
      const server = await startServerProcess(cluster.url, 0);
      const client = new pg.Client({ connectionString: cluster.url });
      await client.connect();
      const g = (await client.query('select centroid_lng as lng, centroid_lat as lat from grids order by code limit 1 offset 5000')).rows[0];
      await client.query('create table bench_ceiling (id bigserial primary key, v text not null, at timestamptz not null default now())');
      await client.end();
      const ceiling = pgbench(cluster.url, "insert into bench_ceiling (v) values ('x');\n", CONNECTIONS, SECONDS);
      const intake = await intakeRate(server.url, g.lng, g.lat);
      rows.push({ db: 'postgres', 'cases/s': intake.rps.toFixed(0), 'p50 ms': intake.p50, 'p99 ms': intake.p99, errors: intake.errors, 'ceiling: pgbench single-row INSERT tps': ceiling.toFixed(0), ratio: (intake.rps / ceiling).toFixed(3) });
      await server.stop();
    } finally {
      cluster.stop();
    }
  }

  // PGlite's ceiling: the same single-row insert, in-process, on a data directory of the same kind.
  const { openDatabase } = await import('../src/server/db/client');
  const fs = await import('node:fs');
  const os = await import('node:os');
  const path = await import('node:path');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wangge-bench-lite-'));
  const raw = await openDatabase({ databaseUrl: null, dataDir: dir });
  await raw.db.execute(sql`create table bench_ceiling (id bigserial primary key, v text not null, at timestamptz not null default now())`);
  const n = 2000;
  const t0 = performance.now();
  for (let i = 0; i < n; i++) await raw.db.execute(sql`insert into bench_ceiling (v) values ('x')`);
  const liteCeiling = n / ((performance.now() - t0) / 1000);
  await raw.close();
  fs.rmSync(dir, { recursive: true, force: true });
  const lite = await startServerProcess(null, 0);
  const [lng, lat] = generateDemoGeography().grids[5000].centroid; // a point inside the demo district
  const intake = await intakeRate(lite.url, lng, lat);
  rows.push({ db: 'pglite', 'cases/s': intake.rps.toFixed(0), 'p50 ms': intake.p50, 'p99 ms': intake.p99, errors: intake.errors, 'ceiling: in-process single-row INSERT/s': liteCeiling.toFixed(0), ratio: (intake.rps / liteCeiling).toFixed(3) });
  await lite.stop();
  table(rows);
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
