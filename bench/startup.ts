// Start-up benchmark: `wangge start` (what `npm start` runs, without npm's own launch) from spawning the process until
// /api/health answers: the first run on an empty data directory (migrations, base data, the Lvyuan demo) and three
// later runs on the same data, on the embedded PGlite (npm start's default) and on PostgreSQL via DATABASE_URL (a
// fresh database for each first run). Against the same machine's bare start-up measured in the same run: a node
// process that imports nothing (process spawn), and a node process that opens PGlite on a fresh and on an existing
// data directory, or connects to PostgreSQL, and runs `select 1` (the database's own start-up). The web bundle is
// not built in the measured runs: with web/dist up to date `start` only checks it; otherwise WEB_BUILD=off (the
// output says which). BENCH_STARTUP_BUILD_WEB=1 builds web/dist first (timed apart, not counted).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { machine, root, startCluster, table } from './support';

const LATER_RUNS = 3;
const CEILING_RUNS = 5;
const START_TIMEOUT_MS = 15 * 60_000;
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const tmpDir = (prefix: string) => fs.mkdtempSync(path.join(os.tmpdir(), prefix));

/** The same freshness test as `ensureWebBuilt` in src/cli/main.ts. */
function webBundle(): 'up to date' | 'stale' | 'missing' {
  const dist = path.join(root, 'web/dist/index.html');
  if (!fs.existsSync(dist)) return 'missing';
  const newest = (dir: string): number =>
    fs.readdirSync(dir, { withFileTypes: true }).reduce((m, e) => {
      const p = path.join(dir, e.name);
      return Math.max(m, e.isDirectory() ? newest(p) : fs.statSync(p).mtimeMs);
    }, 0);
  return fs.statSync(dist).mtimeMs >= newest(path.join(root, 'web/src')) ? 'up to date' : 'stale';
}

/** Milliseconds from spawning `node args…` until its output contains `ready` (the process is left to finish). */
function timeUntilOutput(args: string[], env: NodeJS.ProcessEnv, ready: RegExp): Promise<number> {
  const t0 = performance.now();
  const proc = spawn(process.execPath, args, { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  return new Promise((resolve, reject) => {
    let ms: number | null = null;
    const see = (d: Buffer) => {
      out += d;
      if (ms === null && ready.test(out)) ms = performance.now() - t0;
    };
    proc.stdout.on('data', see);
    proc.stderr.on('data', see);
    proc.on('exit', (code) => (ms !== null && code === 0 ? resolve(ms) : reject(new Error(`node ${args.join(' ')} exited ${code}:\n${out}`))));
  });
}

const PGLITE_SELECT1 = [
  '--input-type=module',
  '-e',
  "import { PGlite } from '@electric-sql/pglite'; const db = new PGlite(process.env.BENCH_PGLITE_DIR); await db.query('select 1'); console.log('ready'); await db.close();",
];
const PG_SELECT1 = [
  '--input-type=module',
  '-e',
  "import pg from 'pg'; const c = new pg.Client({ connectionString: process.env.BENCH_PG_URL }); await c.connect(); await c.query('select 1'); console.log('ready'); await c.end();",
];

interface Started {
  /** Spawn → /api/health answered 200. */
  ready: number;
  /** Spawn → the "running at" banner (after listen). */
  listening: number;
  /** Spawn → "loading the demo" (CLI load, database open, migrations, base data; first runs with the demo only). */
  beforeDemo: number | null;
  /** From "loading the demo" to "Demo loaded" (first runs only). */
  demo: number | null;
  builtWeb: boolean;
  stop(): Promise<void>;
}

/** `node bin/wangge.mjs start` until /api/health answers. */
async function start(env: NodeJS.ProcessEnv): Promise<Started> {
  const t0 = performance.now();
  const proc: ChildProcess = spawn(process.execPath, [path.join(root, 'bin/wangge.mjs'), 'start'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const marks: Record<string, number> = {};
  const markers: [string, RegExp][] = [
    ['demoStart', /First start: loading the Lvyuan demo/],
    ['demoEnd', /Demo loaded/],
    ['web', /Building the web app/],
    ['listening', /已启动: (http:\/\/\S+)\n/],
  ];
  let exited: number | null | undefined;
  const exit = new Promise<void>((r) => proc.once('exit', (code) => ((exited = code), r())));
  let onUrl: (url: string) => void = () => {};
  const urlSeen = new Promise<string>((r) => (onUrl = r));
  const see = (d: Buffer) => {
    out += d;
    for (const [name, re] of markers) {
      if (marks[name] !== undefined) continue;
      const m = out.match(re);
      if (!m) continue;
      marks[name] = performance.now() - t0;
      if (name === 'listening') onUrl(m[1].replace('localhost', '127.0.0.1'));
    }
  };
  proc.stdout!.on('data', see);
  proc.stderr!.on('data', see);
  const stop = async () => {
    if (exited === undefined) {
      proc.kill('SIGTERM');
      await exit;
    }
  };
  try {
    const url = await Promise.race([
      urlSeen,
      exit.then(() => Promise.reject(new Error(`wangge start exited ${exited}:\n${out}`))),
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no start within ${START_TIMEOUT_MS / 1000} s:\n${out}`)), START_TIMEOUT_MS).unref()),
    ]);
    for (;;) {
      const ok = await fetch(`${url}/api/health`).then((r) => r.ok, () => false);
      if (ok) break;
      if (exited !== undefined) throw new Error(`wangge start exited ${exited}:\n${out}`);
      await new Promise((r) => setTimeout(r, 5));
    }
    const ready = performance.now() - t0;
    if (process.env.BENCH_DEBUG) console.log(out);
    return {
      ready,
      listening: marks.listening,
      beforeDemo: marks.demoStart ?? null,
      demo: marks.demoStart !== undefined && marks.demoEnd !== undefined ? marks.demoEnd - marks.demoStart : null,
      builtWeb: marks.web !== undefined,
      stop,
    };
  } catch (e) {
    await stop();
    throw e;
  }
}

function startEnv(dataDir: string, databaseUrl: string | null, webBuild: 'auto' | 'off', demo: 'auto' | 'on'): NodeJS.ProcessEnv {
  return { ...process.env, DATA_DIR: dataDir, DATABASE_URL: databaseUrl ?? '', PORT: '0', HOST: '127.0.0.1', PUBLIC_URL: '', LOG_LEVEL: 'warn', WEB_BUILD: webBuild, DEMO: demo };
}

async function main() {
  console.log(`Start-up benchmark — ${machine()}; first run + ${LATER_RUNS} later runs per database\n`);

  let web = webBundle();
  if (web !== 'up to date' && process.env.BENCH_STARTUP_BUILD_WEB === '1') {
    const t0 = performance.now();
    const r = spawnSync('npm', ['run', 'build:web'], { cwd: root, stdio: 'inherit' });
    if (r.status !== 0) throw new Error('npm run build:web failed');
    console.log(`web build (npm run build:web), not counted: ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    web = webBundle();
  }
  const webBuild = web === 'up to date' ? 'auto' : 'off';
  const webNote =
    webBuild === 'auto'
      ? 'web/dist up to date: WEB_BUILD=auto, start only checks the bundle (no vite build in any figure)'
      : `web/dist ${web}: measured with WEB_BUILD=off (a real first npm start would also run the vite build, about a minute; BENCH_STARTUP_BUILD_WEB=1 builds it first)`;
  console.log(webNote);

  // ---------------------------------------------------------------- ceilings
  const bare: number[] = [];
  for (let i = 0; i < CEILING_RUNS; i++) bare.push(await timeUntilOutput(['-e', "console.log('ready')"], process.env, /ready/));
  const liteFresh: number[] = [];
  const liteAgain: number[] = [];
  for (let i = 0; i < CEILING_RUNS; i++) {
    const dir = tmpDir('wangge-bench-start-lite-');
    try {
      liteFresh.push(await timeUntilOutput(PGLITE_SELECT1, { ...process.env, BENCH_PGLITE_DIR: dir }, /ready/));
      liteAgain.push(await timeUntilOutput(PGLITE_SELECT1, { ...process.env, BENCH_PGLITE_DIR: dir }, /ready/));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
  // The CLI's own load: tsx and the module graph of src/cli/main.ts, no database (`wangge help` exits at once).
  const cliLoad: number[] = [];
  for (let i = 0; i < CEILING_RUNS; i++) {
    const dir = tmpDir('wangge-bench-start-cli-');
    try {
      cliLoad.push(await timeUntilOutput([path.join(root, 'bin/wangge.mjs'), 'help'], startEnv(dir, null, 'off', 'auto'), /Usage:/));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
  const ceilingRows: Record<string, string | number>[] = [
    { ceiling: 'node -e (imports nothing): process spawn', 'runs ms': bare.map((x) => x.toFixed(0)).join(' '), 'median ms': median(bare).toFixed(0) },
    { ceiling: 'node: PGlite on a fresh data dir + select 1', 'runs ms': liteFresh.map((x) => x.toFixed(0)).join(' '), 'median ms': median(liteFresh).toFixed(0) },
    { ceiling: 'node: PGlite on an existing data dir + select 1', 'runs ms': liteAgain.map((x) => x.toFixed(0)).join(' '), 'median ms': median(liteAgain).toFixed(0) },
    { ceiling: '(for reference) wangge help: tsx + CLI module graph, no database', 'runs ms': cliLoad.map((x) => x.toFixed(0)).join(' '), 'median ms': median(cliLoad).toFixed(0) },
  ];

  const rows: Record<string, string | number>[] = [];
  const row = (db: string, run: string, s: Pick<Started, 'ready' | 'listening' | 'beforeDemo' | 'demo' | 'builtWeb'>, ceilingName: string, ceiling: number) => ({
    db,
    run,
    'ready ms': s.ready.toFixed(0),
    'listening ms': s.listening.toFixed(0),
    'before demo ms': s.beforeDemo === null ? '—' : s.beforeDemo.toFixed(0),
    'demo load ms': s.demo === null ? '—' : s.demo.toFixed(0),
    'vite build': s.builtWeb ? 'yes' : 'no',
    ceiling: ceilingName,
    'ceiling ms': ceiling.toFixed(0),
    ratio: (ceiling / s.ready).toFixed(3),
    'ratio to bare node': (median(bare) / s.ready).toFixed(4),
  });
  /** The later runs, each one and their median (by time to ready). */
  const later = async (db: string, env: NodeJS.ProcessEnv, ceilingName: string, ceiling: number) => {
    const runs: Started[] = [];
    for (let i = 0; i < LATER_RUNS; i++) {
      const s = await start(env);
      await s.stop();
      runs.push(s);
      rows.push(row(db, `later ${i + 1}`, s, ceilingName, ceiling));
    }
    const mid = [...runs].sort((a, b) => a.ready - b.ready)[Math.floor(runs.length / 2)];
    rows.push(row(db, 'later, median', { ...mid, ready: median(runs.map((r) => r.ready)), listening: median(runs.map((r) => r.listening)) }, ceilingName, ceiling));
  };

  // ---------------------------------------------------------------- PGlite (npm start's default)
  {
    const dataDir = tmpDir('wangge-bench-start-');
    try {
      const env = startEnv(dataDir, null, webBuild, 'auto');
      const first = await start(env);
      await first.stop();
      rows.push(row('pglite', 'first (migrate + demo)', first, 'PGlite fresh dir + select 1', median(liteFresh)));
      await later('pglite', env, 'PGlite existing dir + select 1', median(liteAgain));
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }

  // ---------------------------------------------------------------- PostgreSQL
  const cluster = startCluster();
  if (cluster) {
    const dirs: string[] = [];
    try {
      const admin = new pg.Client({ connectionString: cluster.url });
      await admin.connect();
      const fresh = async (name: string) => {
        await admin.query(`create database ${name}`);
        const u = new URL(cluster.url);
        u.pathname = `/${name}`;
        return u.toString();
      };
      const pgConnect: number[] = [];
      for (let i = 0; i < CEILING_RUNS; i++) pgConnect.push(await timeUntilOutput(PG_SELECT1, { ...process.env, BENCH_PG_URL: cluster.url }, /ready/));
      ceilingRows.push({ ceiling: 'node: connect to PostgreSQL + select 1', 'runs ms': pgConnect.map((x) => x.toFixed(0)).join(' '), 'median ms': median(pgConnect).toFixed(0) });
      const pgCeiling = median(pgConnect);

      // On PostgreSQL `start` loads the demo only with DEMO=on; DEMO=auto (the default there) migrates only.
      const plainDir = tmpDir('wangge-bench-start-');
      dirs.push(plainDir);
      const plain = await start(startEnv(plainDir, await fresh('wangge_start_plain'), webBuild, 'auto'));
      await plain.stop();
      rows.push(row('postgres', 'first, DEMO=auto (migrate only)', plain, 'pg connect + select 1', pgCeiling));

      const demoDir = tmpDir('wangge-bench-start-');
      dirs.push(demoDir);
      const env = startEnv(demoDir, await fresh('wangge_start_demo'), webBuild, 'on');
      const first = await start(env);
      await first.stop();
      rows.push(row('postgres', 'first, DEMO=on (migrate + demo)', first, 'pg connect + select 1', pgCeiling));
      await later('postgres', env, 'pg connect + select 1', pgCeiling);
      await admin.end();
    } finally {
      cluster.stop();
      for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
    }
  }

  console.log('\nCeilings (same machine, same run):');
  table(ceilingRows);
  console.log(`\nwangge start → /api/health (ratio = ceiling ms ÷ ready ms; ${webNote}):`);
  table(rows);
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
