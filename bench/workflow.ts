// Workflow benchmark: case transitions per second over HTTP, one transition at a time through the whole lifecycle
// (register → file → dispatch → accept → handle → sendCheck → check → close), each done by its demo role on N cases
// prepared in the state before it, with a fixed number of requests in flight; server in its own process. Against
// the minimal durable transition on the same database, measured in the same run: one UPDATE of a row plus one
// INSERT of an event row in one transaction (pgbench on PostgreSQL; the same transaction in-process on a PGlite
// data directory). Case creation and photo uploads are preparation and not counted (bench/intake.ts measures intake).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import sharp from 'sharp';
import { generateDemoGeography } from '../src/demo/geo/geography';
import { login, machine, percentile, pgbench, startCluster, startServerProcess, table } from './support';

const CASES = Number(process.env.BENCH_WORKFLOW_CASES ?? 2000);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 16);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10); // pgbench duration
const CEILING_ROWS = 10_000; // rows the ceiling's UPDATE picks from at random
// The demo geography, people and programmes without its generated cases: the benchmark makes its own.
const DEMO_CASES = 0;
// Cases walked through the whole lifecycle first, not counted, so that no step pays for cold code paths alone.
const WARMUP = 2 * CONNECTIONS;

type Who = 'operator' | 'chief' | 'dispatcher' | 'dept' | 'inspector';
interface Session {
  cookie: string;
  csrf: string;
  id: string;
  departmentId: string | null;
}
interface Prepared {
  id: string;
  photoId: string;
}
interface Step {
  action: string;
  who: Who;
  to: string;
  body(c: Prepared): unknown;
}

/** Runs `fn` over the items with at most `limit` calls in flight. */
async function pool<T>(items: T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await fn(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

async function session(url: string, username: Who): Promise<Session> {
  const { cookie, csrf } = await login(url, username);
  const me = await fetch(`${url}/api/auth/me`, { headers: { cookie } });
  if (!me.ok) throw new Error(`/api/auth/me for ${username}: ${me.status}`);
  const { user } = await me.json();
  return { cookie, csrf, id: user.id, departmentId: user.departmentId };
}

function post(url: string, s: Session, route: string, body: unknown): Promise<Response> {
  return fetch(`${url}${route}`, {
    method: 'POST',
    headers: { cookie: s.cookie, 'x-csrf-token': s.csrf, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

async function uploadPhoto(url: string, s: Session, jpeg: Buffer): Promise<string> {
  const boundary = '----wgbench' + Math.random().toString(16).slice(2);
  const body = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="after.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`),
    jpeg,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  const res = await fetch(`${url}/api/photos`, {
    method: 'POST',
    headers: { cookie: s.cookie, 'x-csrf-token': s.csrf, 'content-type': `multipart/form-data; boundary=${boundary}` },
    body,
  });
  if (res.status !== 201) throw new Error(`photo upload: ${res.status} ${await res.text()}`);
  return (await res.json()).id;
}

/** N reported cases, each with a free after-photo for its `handle` step (not timed as part of the benchmark). */
async function prepare(url: string, as: Record<Who, Session>, n: number, lng: number, lat: number): Promise<Prepared[]> {
  const jpeg = await sharp({ create: { width: 64, height: 48, channels: 3, background: { r: 200, g: 80, b: 40 } } }).jpeg().toBuffer();
  const slots = Array.from({ length: n }, (_, i) => i);
  const cases: Prepared[] = new Array(n);
  await pool(slots, CONNECTIONS, async (i) => {
    const body = { source: 'hotline', kind: 'matter', classCode: '09006', description: `基准测试：流转 ${i}`, lng, lat };
    const res = await post(url, as.operator, '/api/cases', body);
    if (res.status !== 201) throw new Error(`case creation: ${res.status} ${await res.text()}`);
    const id = (await res.json()).id as string;
    cases[i] = { id, photoId: await uploadPhoto(url, as.dept, jpeg) };
  });
  return cases;
}

interface PhaseResult {
  ok: Prepared[];
  rate: number;
  seconds: number;
  latencies: number[];
  errors: number;
  sample: string | null;
}

async function phase(url: string, as: Record<Who, Session>, step: Step, cases: Prepared[]): Promise<PhaseResult> {
  const ok: Prepared[] = [];
  const latencies: number[] = [];
  let errors = 0;
  let sample: string | null = null;
  const t0 = performance.now();
  await pool(cases, CONNECTIONS, async (c) => {
    const t = performance.now();
    let status = 0;
    let text = '';
    try {
      const res = await post(url, as[step.who], `/api/cases/${c.id}/${step.action}`, step.body(c));
      status = res.status;
      text = await res.text();
    } catch (e) {
      text = String(e);
    }
    latencies.push(performance.now() - t);
    let state: string | undefined;
    if (status === 200) {
      try {
        state = JSON.parse(text).state;
      } catch {
        state = undefined;
      }
    }
    if (state === step.to) ok.push(c);
    else {
      errors++;
      sample ??= `${status} ${state ?? ''} ${text.slice(0, 300)}`;
    }
  });
  const seconds = (performance.now() - t0) / 1000;
  latencies.sort((a, b) => a - b);
  return { ok, rate: ok.length / seconds, seconds, latencies, errors, sample };
}

async function workflow(url: string, lng: number, lat: number, db: string, ceiling: number): Promise<Record<string, string | number>[]> {
  const as = {} as Record<Who, Session>;
  for (const who of ['operator', 'chief', 'dispatcher', 'dept', 'inspector'] as const) as[who] = await session(url, who);
  const departmentId = as.dept.departmentId;
  if (!departmentId) throw new Error('the demo account "dept" has no department');
  const conditions = await (await fetch(`${url}/api/catalogue/matter/09006/filing-conditions`, { headers: { cookie: as.chief.cookie } })).json();
  const filingCondition = conditions[0]?.code as string | undefined;
  if (!filingCondition) throw new Error(`no filing condition for matter 09006: ${JSON.stringify(conditions)}`);

  const steps: Step[] = [
    { action: 'register', who: 'operator', to: 'verified', body: () => ({}) },
    { action: 'file', who: 'chief', to: 'filed', body: () => ({ filingCondition }) },
    { action: 'dispatch', who: 'dispatcher', to: 'dispatched', body: () => ({ departmentId }) },
    { action: 'accept', who: 'dept', to: 'handling', body: () => ({}) },
    { action: 'handle', who: 'dept', to: 'handled', body: (c) => ({ note: '已处置', photoIds: [c.photoId] }) },
    { action: 'sendCheck', who: 'operator', to: 'checking', body: () => ({ inspectorId: as.inspector.id }) },
    { action: 'check', who: 'inspector', to: 'checked', body: () => ({ result: 'fixed' }) },
    { action: 'close', who: 'chief', to: 'closed', body: () => ({}) },
  ];

  const t0 = performance.now();
  const prepared = await prepare(url, as, WARMUP + CASES, lng, lat);
  let warm = prepared.slice(0, WARMUP);
  for (const step of steps) {
    const r = await phase(url, as, step, warm);
    if (r.sample) throw new Error(`${db} warm-up ${step.action}: ${r.errors} errors, e.g. ${r.sample}`);
    warm = r.ok;
  }
  console.log(`${db}: prepared ${CASES} reported cases with a photo each, and ${WARMUP} warm-up cases walked through, in ${((performance.now() - t0) / 1000).toFixed(1)} s (not counted)`);

  const rows: Record<string, string | number>[] = [];
  let cases = prepared.slice(WARMUP);
  let all = { done: 0, seconds: 0, errors: 0, latencies: [] as number[] };
  for (const step of steps) {
    const r = await phase(url, as, step, cases);
    if (r.sample) console.warn(`${db} ${step.action}: ${r.errors} errors, e.g. ${r.sample}`);
    rows.push({
      db,
      transition: `${step.action} → ${step.to}`,
      by: step.who,
      'transitions/s': r.rate.toFixed(1),
      'p50 ms': percentile(r.latencies, 50).toFixed(1),
      'p95 ms': percentile(r.latencies, 95).toFixed(1),
      'p99 ms': percentile(r.latencies, 99).toFixed(1),
      errors: r.errors,
      'ceiling tx/s': ceiling.toFixed(0),
      ratio: (r.rate / ceiling).toFixed(4),
    });
    all = { done: all.done + r.ok.length, seconds: all.seconds + r.seconds, errors: all.errors + r.errors, latencies: all.latencies.concat(r.latencies) };
    cases = r.ok; // a case that failed a step is not driven further
  }
  all.latencies.sort((a, b) => a - b);
  const rate = all.done / all.seconds;
  rows.push({
    db,
    transition: 'all 8 (whole lifecycle)',
    by: '',
    'transitions/s': rate.toFixed(1),
    'p50 ms': percentile(all.latencies, 50).toFixed(1),
    'p95 ms': percentile(all.latencies, 95).toFixed(1),
    'p99 ms': percentile(all.latencies, 99).toFixed(1),
    errors: all.errors,
    'ceiling tx/s': ceiling.toFixed(0),
    ratio: (rate / ceiling).toFixed(4),
  });
  return rows;
}

const CEILING_TABLES = [
  'create table bench_case (id int primary key, state text not null, version int not null, updated_at timestamptz not null)',
  'create table bench_event (id bigserial primary key, case_id int not null, seq int not null, action text not null, at timestamptz not null)',
  `insert into bench_case select g, 'a', 1, now() from generate_series(1, ${CEILING_ROWS}) g`,
];

async function main() {
  console.log(`Workflow benchmark — ${machine()}; ${CASES} cases × 8 transitions, ${CONNECTIONS} requests in flight\n`);
  const rows: Record<string, string | number>[] = [];
  const [lng, lat] = generateDemoGeography().grids[5000].centroid; // a point inside the demo district

  const cluster = startCluster();
  if (cluster) {
    try {
      const server = await startServerProcess(cluster.url, DEMO_CASES);
      try {
        const client = new pg.Client({ connectionString: cluster.url });
        await client.connect();
        for (const s of CEILING_TABLES) await client.query(s);
        await client.end();
        const script = [
          `\\set id random(1, ${CEILING_ROWS})`,
          'begin;',
          "update bench_case set state = 'b', version = version + 1, updated_at = now() where id = :id;",
          "insert into bench_event (case_id, seq, action, at) values (:id, 1, 'x', now());",
          'commit;',
          '',
        ].join('\n');
        const ceiling = pgbench(cluster.url, script, CONNECTIONS, SECONDS);
        fs.rmSync(path.join(os.tmpdir(), `wangge-pgbench-${process.pid}.sql`), { force: true }); // pgbench()'s script file
        console.log(`postgres ceiling: pgbench UPDATE + INSERT in one transaction, ${CONNECTIONS} clients × ${SECONDS} s: ${ceiling.toFixed(0)} tps`);
        rows.push(...(await workflow(server.url, lng, lat, 'postgres', ceiling)));
      } finally {
        await server.stop();
      }
    } finally {
      cluster.stop();
    }
  }

  // PGlite's ceiling: the same transaction in-process (one connection), on a data directory of the same kind.
  const { openDatabase } = await import('../src/server/db/client');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wangge-bench-lite-'));
  let liteCeiling: number;
  try {
    const raw = await openDatabase({ databaseUrl: null, dataDir: dir });
    for (const s of CEILING_TABLES) await raw.db.execute(sql.raw(s));
    const n = 2000;
    let seed = 1;
    const t0 = performance.now();
    for (let i = 0; i < n; i++) {
      seed = (seed * 48271) % 2147483647;
      const id = (seed % CEILING_ROWS) + 1;
      await raw.db.transaction(async (tx) => {
        await tx.execute(sql`update bench_case set state = 'b', version = version + 1, updated_at = now() where id = ${id}`);
        await tx.execute(sql`insert into bench_event (case_id, seq, action, at) values (${id}, 1, 'x', now())`);
      });
    }
    liteCeiling = n / ((performance.now() - t0) / 1000);
    await raw.close();
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  console.log(`pglite ceiling: in-process UPDATE + INSERT in one transaction: ${liteCeiling.toFixed(0)}/s`);
  const lite = await startServerProcess(null, DEMO_CASES);
  try {
    rows.push(...(await workflow(lite.url, lng, lat, 'pglite', liteCeiling)));
  } finally {
    await lite.stop();
  }
  table(rows);
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
