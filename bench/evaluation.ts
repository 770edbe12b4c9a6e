// Evaluation benchmark: a month's (and a year's) rankings and the leader dashboard over a year of a large district
// (100,000 and 1,000,000 cases), counted directly from the facts and from the daily rollup, on PostgreSQL; beside the
// same run's ceilings (a `select 1` round trip, and one scan of the year's facts). Also checks that both strategies
// give the same numbers, and measures a full rollup rebuild.
//
// The facts (eval_cases, eval_tasks) and the cases are generated in SQL with a deterministic hash, shaped like the demo
// (sources, classes, late handling, rework, suspension, hotline responses and ratings, a few thousand open cases):
// deriving them from tens of millions of generated events would take hours here and measure the generator, not the
// counting. How fast events become facts is the intake path (bench/intake.ts) plus refreshFacts, measured at the end.
//
// BENCH_DATABASE_URL=postgres://…/any  uses that server (a fresh database per size is created in it); otherwise a
// throw-away cluster (scripts/pg-cluster.sh). BENCH_EVAL_SIZES=100000,1000000 picks the sizes.
import { sql } from 'drizzle-orm';
import pg from 'pg';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/server/app';
import { loadConfig } from '../src/server/config';
import { createContext, type AppContext } from '../src/server/context';
import { migrateDatabase, openDatabase, type Database } from '../src/server/db/client';
import { loadBaseData } from '../src/server/seed/base-data';
import { seedDemo } from '../src/demo/seed';
import { evaluationOptions, refreshFacts, rebuildRollup } from '../src/server/evaluation/evaluation.service';
import { machine, startCluster, table } from './support';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const SIZES = (process.env.BENCH_EVAL_SIZES ?? '100000,1000000').split(',').map(Number);
const RUNS = Number(process.env.BENCH_EVAL_RUNS ?? 5);

/** A uniform number in [0, 1) from the case number and a salt: deterministic, no session state. */
const h = (salt: number) => sql.raw(`((hashint8(i * 64 + ${salt})::float8 + 2147483648) / 4294967296.0::float8)`);

/** Generates `n` cases over the year before `now`: the cases, their case-level facts and their timed steps. */
async function generate(database: Database['db'], n: number, now: Date, log: (s: string) => void): Promise<void> {
  const t0 = performance.now();
  const db = {
    execute: async (q: ReturnType<typeof sql>) => {
      const t = performance.now();
      const r = await database.execute(q);
      if (process.env.BENCH_EVAL_VERBOSE) log(`    ${((performance.now() - t) / 1000).toFixed(1)} s`);
      return r;
    },
  };
  await db.execute(sql`create unlogged table bench_grids as
    select (row_number() over (order by g.code) - 1)::int as n, g.code, g.community_code, g.street_code, g.centroid_lng, g.centroid_lat, b.inspector_id
    from grids g left join beats b on b.id = g.beat_id`);
  await db.execute(sql`create unlogged table bench_classes as
    select (row_number() over (order by kind desc, code) - 1)::int as n, kind, code from catalogue_classes where active`);
  await db.execute(sql`create unlogged table bench_depts as select (row_number() over (order by code) - 1)::int as n, id from departments`);
  for (const t of ['bench_grids', 'bench_classes', 'bench_depts']) await db.execute(sql.raw(`alter table ${t} add primary key (n); analyze ${t}`));
  await db.execute(sql`create unlogged table bench_people as
    select role, array_agg(id order by username) as ids from users, unnest(roles) role group by role`);
  const counts = (await db.execute(sql`select (select count(*) from bench_grids)::int g, (select count(*) from bench_classes)::int c, (select count(*) from bench_depts)::int d`)) as unknown as {
    rows: { g: number; c: number; d: number }[];
  };
  const { g: ng, c: nc, d: nd } = counts.rows[0];
  const people = (await db.execute(sql`select role, ids from bench_people`)) as unknown as { rows: { role: string; ids: string[] }[] };
  const person = (role: string, k = 0) => sql.raw(`'${people.rows.find((r) => r.role === role)!.ids[k]}'::uuid`);
  const operator = sql`case when g.i % 2 = 0 then ${person('operator', 0)} else ${person('operator', 1)} end`;
  const nowSql = sql`${now.toISOString()}::timestamptz`;
  const chunk = 100_000;
  for (let start = 0; start < n; start += chunk) {
    const end = Math.min(n, start + chunk);
    // One row per case with every time it went through; null where it has not happened (yet).
    await db.execute(sql`create unlogged table bench_gen as
      with base as materialized (
        select i, ${h(1)} r1, ${h(2)} r2, ${h(3)} r3, ${h(4)} r4, ${h(5)} r5, ${h(6)} r6, ${h(7)} r7, ${h(8)} r8, ${h(9)} r9, ${h(10)} r10, ${h(11)} r11, ${h(12)} r12
        from generate_series(${start}::bigint, ${end - 1}::bigint) i
      ), placed as materialized (
        select b.*, gr.code grid_code, gr.community_code, gr.street_code, gr.centroid_lng lng, gr.centroid_lat lat, gr.inspector_id beat_inspector,
          cl.kind, cl.code class_code, d.id dept_id,
          -- a year back from now, working hours mostly (08:30 + up to 9 h, Beijing time)
          date_trunc('day', ${nowSql} - (r1 * 365) * interval '1 day', 'Asia/Shanghai') + interval '30 minutes' + r2 * interval '9 hours' + interval '8 hours' reported_at,
          case when r3 < 0.70 then 'inspector' when r3 < 0.82 then 'hotline' when r3 < 0.92 then 'citizen' when r3 < 0.95 then 'video_ai' when r3 < 0.97 then 'superior' when r3 < 0.99 then 'leader' else 'media' end source
        from base b
        join bench_grids gr on gr.n = floor(r4 * ${ng})::int
        join bench_classes cl on cl.n = floor(${nc} * r5 * r5 * r5)::int
        join bench_depts d on d.n = floor(${nd} * r6 * r6)::int
      ), timed as materialized (
        select p.*,
          p.reported_at + (3 + 17 * r7) * interval '1 minute' intake_end,
          (4 + 68 * r8) * interval '1 hour' handle_limit,
          case when r9 < 0.14 then 1.05 + 0.75 * r10 else 0.1 + 0.85 * r10 end handle_share
        from placed p
      ), flow as materialized (
        select t.*,
          case when r11 < 0.03 then null else t.intake_end + (case when t.source = 'inspector' then 2 else 30 end + 10 * r12) * interval '1 minute' end filed_at0
        from timed t
      ), flow2 as materialized (
        select f.*,
          case when f.filed_at0 <= ${nowSql} then f.filed_at0 end filed_at,
          (r12 * 1000)::int % 100 < 1 cancelled0,
          (r11 * 1000)::int % 100 < 2 suspended0,
          (r10 * 1000)::int % 100 < 5 reworked,
          (r9 * 1000)::int % 100 < 5 redispatched
        from flow f
      ), handled as materialized (
        select f.*,
          case when f.filed_at is not null and not f.cancelled0 then f.filed_at + (2 + 8 * r7) * interval '1 minute' end dispatched_at,
          case when f.filed_at is not null and not f.cancelled0 then f.filed_at + interval '10 minutes' + f.handle_limit end handle_deadline
        from flow2 f
      ), done as materialized (
        select x.*,
          case when x.dispatched_at is not null and not x.suspended0 and x.dispatched_at + x.handle_limit * x.handle_share <= ${nowSql}
               then x.dispatched_at + x.handle_limit * x.handle_share end handled_at
        from handled x
      )
      select d.*,
        case when d.handled_at is not null and d.handled_at + (20 + 60 * r8) * interval '1 minute' <= ${nowSql} and (r4 * 1000)::int % 100 < 99
             then d.handled_at + (20 + 60 * r8) * interval '1 minute' end closed_at,
        case when d.source = 'hotline' and d.dispatched_at is not null then d.dispatched_at + interval '2 hours' end respond_deadline,
        case when d.source = 'hotline' and d.dispatched_at is not null and d.dispatched_at + (10 + 200 * r5) * interval '1 minute' <= ${nowSql}
             then d.dispatched_at + (10 + 200 * r5) * interval '1 minute' end responded_at
      from done d`);

    await db.execute(sql`insert into cases (id, number, district_code, source, kind, class_code, description, location_text, lng, lat,
        grid_code, community_code, street_code, urgency, state, department_id, handle_deadline, handled_at, step_deadline, closed_at,
        reporter_id, created_at, updated_at, version)
      select overlay(overlay(md5('case' || i) placing '4' from 13) placing '8' from 17)::uuid, '220106-B-' || lpad(i::text, 7, '0'), '220106', source, kind, class_code, '基准测试案件', '基准测试位置', lng, lat,
        grid_code, community_code, street_code, case when r2 < 0.03 then 'urgent' else 'normal' end,
        case when filed_at is null then case when r11 < 0.03 then 'invalid' else 'reported' end
             when cancelled0 then 'cancelled' when suspended0 then 'suspended' when closed_at is not null then 'closed'
             when handled_at is not null then 'checking' else 'handling' end,
        case when dispatched_at is not null and not cancelled0 then dept_id end,
        handle_deadline, handled_at,
        case when filed_at is null and r11 >= 0.03 then intake_end
             when cancelled0 or suspended0 or closed_at is not null then null
             when handled_at is not null then handled_at + interval '30 minutes' else handle_deadline end,
        closed_at, case when source = 'inspector' then beat_inspector end, reported_at, coalesce(closed_at, handled_at, filed_at, reported_at), 1
      from bench_gen`);

    await db.execute(sql`insert into eval_cases (case_id, version, source, self_fix, kind, class_code, grid_code, community_code, street_code,
        reported_at, reporter_id, valid, filed_at, cancelled, department_id, handle_deadline, handled_at, handled_in_time, closed_at, suspended,
        reworks, reworks_at_department, first_dispatch_at, respond_deadline, responded_at, satisfaction, rated_at)
      select overlay(overlay(md5('case' || i) placing '4' from 13) placing '8' from 17)::uuid, 1, source, false, kind, class_code, grid_code, community_code, street_code,
        reported_at, case when source = 'inspector' then beat_inspector end, filed_at is not null, filed_at, cancelled0,
        case when dispatched_at is not null then dept_id end, handle_deadline, handled_at, handled_at is not null and handled_at <= handle_deadline,
        closed_at, suspended0, case when reworked and handled_at is not null then 1 else 0 end, case when reworked and handled_at is not null then 1 else 0 end,
        dispatched_at, respond_deadline, responded_at,
        case when source = 'hotline' and closed_at is not null and r3 < 0.80 then case when r6 < 0.7 then 'satisfied' when r6 < 0.9 then 'basic' else 'unsatisfied' end end,
        case when source = 'hotline' and closed_at is not null and r3 < 0.80 then closed_at + interval '1 day' end
      from bench_gen`);

    // The timed steps: intake, verify (public reports), file, dispatch, send for check, check, close.
    await db.execute(sql`insert into eval_tasks (case_id, ord, step, person_id, kind, class_code, grid_code, community_code, street_code,
        started_at, deadline, ended_at, done, in_time, flag, settled_at)
      select overlay(overlay(md5('case' || g.i) placing '4' from 13) placing '8' from 17)::uuid, s.ord, s.step, s.person, g.kind, g.class_code, g.grid_code, g.community_code, g.street_code,
        s.started, s.deadline, s.ended, s.ended is not null, s.ended is not null and s.ended <= s.deadline, s.flag,
        case when s.ended is null then s.deadline when s.ended > s.deadline then s.deadline else s.ended end
      from bench_gen g
      cross join lateral (values
        (1, 'intake', ${operator}, g.reported_at, g.reported_at + interval '30 minutes',
            case when g.intake_end <= ${nowSql} then g.intake_end end, false),
        (2, 'verify', g.beat_inspector, g.intake_end, g.intake_end + interval '30 minutes',
            case when g.source <> 'inspector' and g.filed_at0 - interval '2 minutes' <= ${nowSql} then g.filed_at0 - interval '2 minutes' end, false),
        (3, 'file', ${person('chief')}, g.filed_at0 - interval '2 minutes', g.filed_at0 + interval '10 minutes', g.filed_at, g.cancelled0),
        (4, 'dispatch', ${person('dispatcher')}, g.filed_at, g.filed_at + interval '10 minutes', g.dispatched_at, g.redispatched),
        (5, 'sendCheck', ${operator}, g.handled_at, g.handled_at + interval '30 minutes',
            case when g.handled_at + (5 + 20 * g.r9) * interval '1 minute' <= ${nowSql} then g.handled_at + (5 + 20 * g.r9) * interval '1 minute' end, false),
        (6, 'check', g.beat_inspector, g.handled_at + (5 + 20 * g.r9) * interval '1 minute', g.handled_at + (35 + 20 * g.r9) * interval '1 minute',
            case when g.closed_at is not null then g.closed_at - interval '5 minutes' end, false),
        (7, 'close', ${person('chief')}, g.closed_at - interval '5 minutes', g.closed_at + interval '25 minutes', g.closed_at, false)
      ) as s(ord, step, person, started, deadline, ended, flag)
      where s.started is not null and s.started <= ${nowSql} and (s.step <> 'verify' or g.source <> 'inspector')
        and (s.step <> 'file' or g.filed_at0 is not null)`);
    await db.execute(sql`drop table bench_gen`);
    log(`  generated ${end.toLocaleString('en')} cases (${((performance.now() - t0) / 1000).toFixed(0)} s)`);
  }
  for (const t of ['bench_grids', 'bench_classes', 'bench_depts', 'bench_people']) await db.execute(sql.raw(`drop table ${t}`));
  await db.execute(sql`analyze`);
}

interface Timing {
  name: string;
  url: string;
}

const REQUESTS: Timing[] = [
  { name: 'rankings: departments, month', url: '/api/evaluation/rankings?scope=department&period=month' },
  { name: 'rankings: streets, month', url: '/api/evaluation/rankings?scope=street&period=month' },
  { name: 'rankings: inspectors, month', url: '/api/evaluation/rankings?scope=inspector&period=month' },
  { name: 'rankings: classes, month', url: '/api/evaluation/rankings?scope=class&period=month' },
  { name: 'rankings: departments, year', url: '/api/evaluation/rankings?scope=department&period=year' },
  { name: 'rankings: streets, year', url: '/api/evaluation/rankings?scope=street&period=year' },
  { name: 'rankings: inspectors, year', url: '/api/evaluation/rankings?scope=inspector&period=year' },
  { name: 'leader dashboard', url: '/api/evaluation/dashboard' },
];

async function signIn(app: FastifyInstance): Promise<string> {
  const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'leader', password: 'demo' } });
  if (res.statusCode !== 200) throw new Error(`login: ${res.statusCode} ${res.body}`);
  return res.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function timeRequest(app: FastifyInstance, cookie: string, url: string): Promise<{ ms: number; body: string }> {
  const times: number[] = [];
  let body = '';
  for (let i = 0; i < RUNS + 1; i++) {
    const t = performance.now();
    const res = await app.inject({ method: 'GET', url, headers: { cookie } });
    if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode} ${res.body.slice(0, 300)}`);
    if (i > 0) times.push(performance.now() - t); // the first run warms the cache
    body = res.body;
  }
  return { ms: median(times), body };
}

/** What must agree between the strategies: every count of every row (the asOf instant differs). */
function comparable(body: string): unknown {
  const j = JSON.parse(body);
  delete j.asOf;
  return j;
}

async function measureSize(serverUrl: string, n: number): Promise<Record<string, string | number>[]> {
  // BENCH_EVAL_REUSE=1 keeps the generated database between runs (wangge_bench_eval_<n>) and reuses it.
  const reuse = !!process.env.BENCH_EVAL_REUSE;
  const dbName = reuse ? `wangge_bench_eval_${n}` : `wangge_bench_eval_${n}_${process.pid}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  const url = new URL(serverUrl);
  url.pathname = `/${dbName}`;
  let complete = false;
  if (reuse && (await admin.query('select 1 from pg_database where datname = $1', [dbName])).rowCount === 1) {
    const c = new pg.Client({ connectionString: url.toString() });
    await c.connect();
    complete = (await c.query(`select 1 from pg_tables where tablename = 'bench_generated'`)).rowCount === 1;
    await c.end();
  }
  if (!complete) {
    await admin.query(`drop database if exists ${dbName}`);
    await admin.query(`create database ${dbName}`);
  }
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wangge-bench-eval-'));
  const database = await openDatabase({ databaseUrl: url.toString(), dataDir });
  const log = (s: string) => console.log(s);
  try {
    await migrateDatabase(database);
    let now = new Date();
    let generated = 0;
    if (complete) {
      // Generated by an earlier run up to its instant; evaluating "as of now" a little later changes nothing that matters.
      log(`  reusing ${dbName}`);
      await database.db.execute(sql`analyze`);
    } else {
      await loadBaseData(database.db, now);
      await seedDemo(database.db, { now, uploadsDir: path.join(dataDir, 'uploads'), cases: 0 });
      const tg = performance.now();
      await generate(database.db, n, now, log);
      await database.db.execute(sql`create table bench_generated ()`);
      generated = (performance.now() - tg) / 1000;
    }
    now = new Date();
    const config = loadConfig({ DATA_DIR: dataDir, DATABASE_URL: url.toString(), LOG_LEVEL: 'silent' });
    // One evaluation instant for every request, so that both ways of counting answer the same question.
    const at = new Date(now);
    const ctx: AppContext = createContext(config, database, () => at);
    const app = await buildApp(ctx);
    const cookie = await signIn(app);
    await refreshFacts(ctx);

    const sizes = (await database.db.execute(sql`select (select count(*) from eval_cases)::int c, (select count(*) from eval_tasks)::int t,
      (select count(*) from eval_cases where live)::int live`)) as unknown as {
      rows: { c: number; t: number; live: number }[];
    };
    log(`  ${sizes.rows[0].c.toLocaleString('en')} case facts, ${sizes.rows[0].t.toLocaleString('en')} steps, ${sizes.rows[0].live.toLocaleString('en')} live (awaiting handling or a hotline response); generated in ${generated.toFixed(0)} s`);

    // Ceilings of the same run: the cheapest round trip, and reading the year's facts once (what any direct count must do).
    const rtt: number[] = [];
    for (let i = 0; i < 50; i++) {
      const t = performance.now();
      await database.db.execute(sql`select 1`);
      rtt.push(performance.now() - t);
    }
    const scan: number[] = [];
    for (let i = 0; i < 3; i++) {
      const t = performance.now();
      await database.db.execute(sql`select (select count(*) from eval_cases), (select count(*) from eval_tasks)`);
      scan.push(performance.now() - t);
    }
    const rows: Record<string, string | number>[] = [];
    const rttMs = median(rtt);
    const scanMs = median(scan);

    const strategies = (process.env.BENCH_EVAL_STRATEGIES ?? 'direct,rollup').split(',') as ('direct' | 'rollup')[];
    const results = new Map<string, Map<string, { ms: number; body: string }>>();
    let rebuildMs = 0;
    for (const s of strategies) {
      evaluationOptions.rollup = s === 'rollup';
      if (s === 'rollup') {
        const t = performance.now();
        await rebuildRollup(ctx);
        rebuildMs = performance.now() - t;
        log(`  rollup rebuilt in ${(rebuildMs / 1000).toFixed(1)} s`);
      }
      const m = new Map<string, { ms: number; body: string }>();
      for (const r of REQUESTS) {
        m.set(r.name, await timeRequest(app, cookie, r.url));
        log(`  ${s} ${r.name}: ${m.get(r.name)!.ms.toFixed(0)} ms`);
      }
      results.set(s, m);
    }
    for (const r of REQUESTS) {
      const d = results.get('direct')!.get(r.name)!;
      const u = results.get('rollup')?.get(r.name) ?? d;
      const same = JSON.stringify(comparable(d.body)) === JSON.stringify(comparable(u.body));
      if (!same) throw new Error(`${r.name}: the rollup's answer differs from the direct count at ${n} cases`);
      rows.push({
        cases: n.toLocaleString('en'),
        request: r.name,
        'direct ms': d.ms.toFixed(0),
        'rollup ms': u.ms.toFixed(0),
        'rollup ÷ direct': (u.ms / d.ms).toFixed(2),
        'rollup ÷ scan': (u.ms / scanMs).toFixed(2),
        same: 'yes',
      });
    }
    rows.push({ cases: n.toLocaleString('en'), request: 'ceiling: select 1', 'direct ms': rttMs.toFixed(2), 'rollup ms': '', 'rollup ÷ direct': '', 'rollup ÷ scan': '', same: '' });
    rows.push({ cases: n.toLocaleString('en'), request: 'ceiling: count(*) of all facts', 'direct ms': scanMs.toFixed(0), 'rollup ms': '', 'rollup ÷ direct': '', 'rollup ÷ scan': '', same: '' });
    rows.push({ cases: n.toLocaleString('en'), request: 'rollup rebuild (once)', 'direct ms': '', 'rollup ms': rebuildMs.toFixed(0), 'rollup ÷ direct': '', 'rollup ÷ scan': '', same: '' });
    await app.close();
    return rows;
  } finally {
    await database.close();
    if (!reuse) await admin.query(`drop database if exists ${dbName}`);
    await admin.end();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

async function main() {
  console.log(`Evaluation benchmark — ${machine()}\n`);
  const cluster = process.env.BENCH_DATABASE_URL ? null : startCluster();
  const serverUrl = process.env.BENCH_DATABASE_URL ?? cluster?.url;
  if (!serverUrl) throw new Error('no PostgreSQL: set BENCH_DATABASE_URL or install the server binaries');
  const rows: Record<string, string | number>[] = [];
  try {
    for (const n of SIZES) {
      console.log(`\n${n.toLocaleString('en')} cases over one year`);
      rows.push(...(await measureSize(serverUrl, n)));
    }
  } finally {
    cluster?.stop();
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
