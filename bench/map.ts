// Map queries at scale: the command map's server side over districts of 10,000, 100,000 and 1,000,000 cases generated
// with bench/lib/district.ts (a year of cases over the Lvyuan grids, a few percent open), on PostgreSQL (a throw-away
// cluster, a fresh database per size) and on PGlite (10,000 and 100,000). The server runs as its own process
// (`wangge serve`); this process is the client: N keep-alive connections on loopback, signed in as the dispatcher
// (command centre, whole district). Measured, each as p50/p95/p99 latency and requests/s:
//   - case vector tiles GET /api/tiles/cases/{z}/{x}/{y}.pbf at zooms 11–17 over the district's extent (from the
//     grids): tiles where open cases are plus tiles drawn at random in the extent; "cold" is the first request of each
//     tile (cluster and encode), one at a time; "warm" is the same tiles again under load (the server's tile cache);
//     also tiles of a light filter (light=red,yellow), whose first tile builds the filter's cluster index;
//   - GET /api/map/summary without a filter, with a set of filters (warm), and the first request of new filters (cold);
//   - GET /api/map/cases, the full list of open points (gzip). It has no bbox parameter: there is no viewport query
//     in the API, so this is what a client that wants points rather than tiles must load;
//   - the case index build: the first /api/map/summary after the server starts reads every open case.
// Ceiling, same server, same client, same run: GET /api/auth/me, the cheapest authenticated request. Every map request
// pays what it pays (HTTP on loopback, the cookie's session looked up in the database, a small answer), so the ratio
// to it is what the map work itself adds. Rows under load are compared with it under the same load (N connections),
// "cold" rows (one request at a time) with it one at a time; it is measured at the start, the middle and the end and
// the best figure is kept (other work on a shared machine only ever adds time). GET /api/health (the session lookup the
// cookie brings plus a `select 1`) and `select 1` from this process (no HTTP: the database's floor, PostgreSQL only)
// are printed for reference; neither is the ceiling, as no map request can skip the HTTP and session work.
//   npm run bench -- map
//   BENCH_MAP_SIZES=2000,10000 npm run bench -- map          sizes on PostgreSQL (default 10000,100000,1000000)
//   BENCH_MAP_PGLITE_SIZES=10000                             PGlite sizes (default: those of BENCH_MAP_SIZES up to
//                                                            100,000; "none" for none)
//   BENCH_MAP_SECONDS=3 BENCH_MAP_CONNECTIONS=8 BENCH_MAP_TILES=24
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { sql } from 'drizzle-orm';
import { mulberry32 } from '../src/demo/geo/prng';
import { prepareDistrict } from './lib/district';
import { machine, percentile, root, startCluster, table } from './support';

const SIZES = (process.env.BENCH_MAP_SIZES ?? '10000,100000,1000000').split(',').filter(Boolean).map(Number);
const PGLITE_SIZES =
  process.env.BENCH_MAP_PGLITE_SIZES === 'none'
    ? []
    : (process.env.BENCH_MAP_PGLITE_SIZES?.split(',').filter(Boolean).map(Number) ?? SIZES.filter((n) => n <= 100_000));
const SECONDS = Number(process.env.BENCH_MAP_SECONDS ?? 3);
const CONNECTIONS = Number(process.env.BENCH_MAP_CONNECTIONS ?? 8);
/** Tiles per zoom: this many where open cases are, and as many drawn at random in the district's extent. */
const TILES = Number(process.env.BENCH_MAP_TILES ?? 24);
const ZOOMS = [11, 12, 13, 14, 15, 16, 17];

interface Extent {
  minLng: number;
  maxLng: number;
  minLat: number;
  maxLat: number;
}

// ---------------------------------------------------------------- the server process and an HTTP client

async function startServe(env: Record<string, string>): Promise<{ url: string; stop(): Promise<void> }> {
  const proc = spawn(process.execPath, [path.join(root, 'bin/wangge.mjs'), 'serve'], {
    env: { ...process.env, ...env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', WEB_BUILD: 'off' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  proc.stdout.on('data', (d) => (out += d));
  proc.stderr.on('data', (d) => (out += d));
  const exited = new Promise<void>((r) => proc.once('exit', () => r()));
  const url = await new Promise<string>((resolve, reject) => {
    const t = setInterval(() => {
      const m = out.match(/已启动: (http:\/\/\S+)\n/);
      if (m) {
        clearInterval(t);
        resolve(m[1].replace('localhost', '127.0.0.1'));
      }
    }, 50);
    proc.once('exit', (c) => {
      clearInterval(t);
      reject(new Error(`server exited ${c}: ${out}`));
    });
  });
  return {
    url,
    stop: async () => {
      if (proc.exitCode === null) proc.kill('SIGTERM');
      await exited;
    },
  };
}

interface Answer {
  ms: number;
  status: number;
  bytes: number;
  body: Buffer;
}

function client(base: string, cookie: string) {
  const u = new URL(base);
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONNECTIONS });
  const get = (p: string, keepBody = false): Promise<Answer> =>
    new Promise((resolve, reject) => {
      const t = performance.now();
      const req = http.get({ host: u.hostname, port: u.port, path: p, agent, headers: { cookie, 'accept-encoding': 'gzip' } }, (res) => {
        const chunks: Buffer[] = [];
        let bytes = 0;
        res.on('data', (c: Buffer) => {
          bytes += c.length;
          if (keepBody) chunks.push(c);
        });
        res.on('end', () => {
          const status = res.statusCode ?? 0;
          if (status >= 400) reject(new Error(`GET ${p}: ${status} ${Buffer.concat(chunks).toString().slice(0, 300)}`));
          else resolve({ ms: performance.now() - t, status, bytes, body: Buffer.concat(chunks) });
        });
        res.on('error', reject);
      });
      req.on('error', reject);
    });
  return { get, close: () => agent.destroy() };
}

interface Figures {
  n: number;
  p50: number;
  p95: number;
  p99: number;
  rps: number;
  kb: number;
  empty: number;
}

function figures(lat: number[], seconds: number, bytes: number, empty: number): Figures {
  const s = [...lat].sort((a, b) => a - b);
  return { n: s.length, p50: percentile(s, 50), p95: percentile(s, 95), p99: percentile(s, 99), rps: s.length / seconds, kb: bytes / s.length / 1024, empty };
}

/** `paths` cycled over CONNECTIONS connections for SECONDS (and at least `min` requests). */
async function load(get: (p: string) => Promise<Answer>, paths: string[], min = CONNECTIONS * 2): Promise<Figures> {
  const lat: number[] = [];
  let bytes = 0;
  let empty = 0;
  let k = 0;
  const t0 = performance.now();
  const end = t0 + SECONDS * 1000;
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      while (performance.now() < end || k < min) {
        const r = await get(paths[k++ % paths.length]);
        lat.push(r.ms);
        bytes += r.bytes;
        if (r.status === 204) empty++;
      }
    }),
  );
  return figures(lat, (performance.now() - t0) / 1000, bytes, empty);
}

/** Each path once, one at a time (first requests: nothing cached). */
async function once(get: (p: string) => Promise<Answer>, paths: string[]): Promise<Figures> {
  const lat: number[] = [];
  let bytes = 0;
  let empty = 0;
  const t0 = performance.now();
  for (const p of paths) {
    const r = await get(p);
    lat.push(r.ms);
    bytes += r.bytes;
    if (r.status === 204) empty++;
  }
  return figures(lat, (performance.now() - t0) / 1000, bytes, empty);
}

// ---------------------------------------------------------------- tiles over the district

const tileX = (lng: number, z: number) => Math.floor(((lng + 180) / 360) * 2 ** z);
const tileY = (lat: number, z: number) => {
  const r = (lat * Math.PI) / 180;
  return Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * 2 ** z);
};

/** Per zoom: up to TILES tiles with the most open cases and up to TILES drawn at random in the extent (deterministic). */
function tilesOf(extent: Extent, points: [number, number][], z: number): { paths: string[]; inExtent: number } {
  const x0 = tileX(extent.minLng, z);
  const x1 = tileX(extent.maxLng, z);
  const y0 = tileY(extent.maxLat, z);
  const y1 = tileY(extent.minLat, z);
  const inExtent = (x1 - x0 + 1) * (y1 - y0 + 1);
  const counts = new Map<string, number>();
  for (const [lng, lat] of points) {
    const key = `${tileX(lng, z)}/${tileY(lat, z)}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const chosen = new Set([...counts].sort((a, b) => b[1] - a[1]).slice(0, TILES).map(([k]) => k));
  const rand = mulberry32(1000 + z);
  if (inExtent <= 2 * TILES) {
    for (let x = x0; x <= x1; x++) for (let y = y0; y <= y1; y++) chosen.add(`${x}/${y}`);
  } else {
    for (let added = 0, guard = 0; added < TILES && guard < 100 * TILES; guard++) {
      const key = `${x0 + rand.int(x1 - x0 + 1)}/${y0 + rand.int(y1 - y0 + 1)}`;
      if (!chosen.has(key)) {
        chosen.add(key);
        added++;
      }
    }
  }
  return { paths: [...chosen].map((k) => `/api/tiles/cases/${z}/${k}.pbf`), inExtent };
}

// ---------------------------------------------------------------- one district

interface Run {
  db: 'postgres' | 'pglite';
  cases: number;
  rows: Record<string, string | number>[];
  notes: string[];
}

async function measureDistrict(kind: 'postgres' | 'pglite', n: number, clusterUrl: string | null): Promise<Run> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wangge-bench-map-'));
  const dbName = `wangge_bench_map_${n}_${process.pid}`;
  let databaseUrl: string | null = null;
  let admin: pg.Client | null = null;
  let server: Awaited<ReturnType<typeof startServe>> | null = null;
  const notes: string[] = [];
  const log = (s: string) => console.log(s);
  try {
    if (kind === 'postgres') {
      admin = new pg.Client({ connectionString: clusterUrl! });
      await admin.connect();
      await admin.query(`drop database if exists ${dbName}`);
      await admin.query(`create database ${dbName}`);
      const u = new URL(clusterUrl!);
      u.pathname = `/${dbName}`;
      databaseUrl = u.toString();
    }
    const t0 = performance.now();
    const { database, result } = await prepareDistrict({ databaseUrl, dataDir, cases: n, facts: false, log });
    const prepared = (performance.now() - t0) / 1000;
    // The district's extent: the bounding box of every unit grid (box(polygon): [0] upper right, [1] lower left).
    const ext = ((await database.db.execute(sql`select min(((box(ring))[1])[0]) "minLng", max(((box(ring))[0])[0]) "maxLng",
        min(((box(ring))[1])[1]) "minLat", max(((box(ring))[0])[1]) "maxLat" from grids`)) as unknown as { rows: Extent[] }).rows[0];
    await database.close();
    notes.push(
      `${n.toLocaleString('en')} cases generated in ${result.seconds.toFixed(1)} s (${Math.round(n / result.seconds).toLocaleString('en')} cases/s; with migration and the demo seed ${prepared.toFixed(0)} s): ` +
        `${result.open.toLocaleString('en')} open, ${result.events.toLocaleString('en')} events, ${result.photos.toLocaleString('en')} photo rows`,
    );

    server = await startServe({ DATA_DIR: dataDir, DATABASE_URL: databaseUrl ?? '' });
    const login = await fetch(`${server.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'dispatcher', password: 'demo' }) });
    if (!login.ok) throw new Error(`login: ${login.status}`);
    const cookie = login.headers.get('set-cookie')!.split(';')[0];
    const c = client(server.url, cookie);
    try {
      // The case index: the first summary waits for every open case to be read into memory.
      const first = await c.get('/api/map/summary', true);
      const summary = JSON.parse(first.body.toString()) as { total: number };
      // (the demo seed's own few open cases come on top)
      if (summary.total < result.open || summary.total > result.open + 100) throw new Error(`the map shows ${summary.total} open cases, the district has ${result.open}`);
      notes.push(`case index built by the first /api/map/summary: ${first.ms.toFixed(0)} ms for ${summary.total.toLocaleString('en')} open cases`);
      const list = await c.get('/api/map/cases', true);
      const zlib = await import('node:zlib');
      const points = (JSON.parse(zlib.gunzipSync(list.body).toString()) as { rows: [string, number, number][] }).rows.map((r) => [r[1], r[2]] as [number, number]);

      // Warm-up (the server's JIT, its workers' first sweeps), then the ceiling, under load and one at a time. It is
      // measured again at the end and the better of the two is kept: other work on a shared machine only adds time.
      await load(c.get, ['/api/auth/me', '/api/map/summary', '/api/health']);
      const meLoaded = [await load(c.get, ['/api/auth/me'])];
      const meSerial = [await once(c.get, Array<string>(100).fill('/api/auth/me'))];
      const measured: { name: string; f: Figures; serial: boolean; extra: Partial<Record<string, string | number>> }[] = [];
      const row = (name: string, f: Figures, extra: Partial<Record<string, string | number>> = {}, serial = false) => measured.push({ name, f, serial, extra });
      row('(ref) GET /api/health', await load(c.get, ['/api/health']));
      if (databaseUrl) {
        // `select 1` from this process, one round trip per query on CONNECTIONS connections: the database's floor.
        const pool = new pg.Pool({ connectionString: databaseUrl, max: CONNECTIONS });
        const lat: number[] = [];
        const ts = performance.now();
        const end = ts + SECONDS * 1000;
        await Promise.all(
          Array.from({ length: CONNECTIONS }, async () => {
            const cl = await pool.connect();
            try {
              while (performance.now() < end) {
                const t = performance.now();
                await cl.query('select 1');
                lat.push(performance.now() - t);
              }
            } finally {
              cl.release();
            }
          }),
        );
        await pool.end();
        row('(ref) select 1, no HTTP', figures(lat, (performance.now() - ts) / 1000, 0, 0));
      }

      // Tiles, zoom by zoom: first requests one at a time, then the same tiles under load. The very first tile builds
      // the cluster index of all open cases: noted apart.
      const allTiles: string[] = [];
      for (const z of ZOOMS) {
        const { paths, inExtent } = tilesOf(ext, points, z);
        allTiles.push(...paths);
        if (z === ZOOMS[0] && paths.length > 1) notes.push(`the first tile (z${z}: the cluster index of every open case): ${(await c.get(paths.shift()!)).ms.toFixed(0)} ms`);
        const cold = await once(c.get, paths);
        row(`tiles z${z} cold (${paths.length} of ${inExtent.toLocaleString('en')})`, cold, { KB: `${cold.kb.toFixed(1)} (${cold.empty} empty)` }, true);
        const warm = await load(c.get, paths);
        row(`tiles z${z} warm`, warm);
      }
      meLoaded.push(await load(c.get, ['/api/auth/me']));
      meSerial.push(await once(c.get, Array<string>(100).fill('/api/auth/me')));
      // A light filter: its first tile builds the filter's cluster index.
      const filtered = allTiles.map((p) => `${p}?light=red,yellow`);
      const firstFiltered = await c.get(filtered[0]);
      notes.push(`a new filter's first tile (light=red,yellow, z11: selection and cluster index): ${firstFiltered.ms.toFixed(0)} ms`);
      row('tiles z11–17 light=red,yellow cold', await once(c.get, filtered.slice(1)), {}, true);
      row('tiles z11–17 light=red,yellow warm', await load(c.get, filtered));

      // Counts: no filter; a set of filters (cached after their first request); new filters (one pass over the columns).
      row('summary, no filter', await load(c.get, ['/api/map/summary']));
      const filters = ['light=red', 'light=red,yellow', 'states=handling,dispatched', 'source=hotline', 'urgent=1', 'kind=matter&class=09006', 'street=220106001', 'light=red&street=220106102'];
      const filterPaths = filters.map((f) => `/api/map/summary?${f}`);
      const streets = [...new Set(['220106001', '220106003', '220106005', '220106006', '220106007', '220106010', '220106011', '220106012', '220106013', '220106100', '220106101', '220106102', '220106400', '220106401'])];
      row(`summary, ${streets.length} new filters cold`, await once(c.get, streets.map((s) => `/api/map/summary?street=${s}&light=red,yellow,green`)), {}, true);
      await once(c.get, filterPaths);
      row(`summary, ${filters.length} filters warm`, await load(c.get, filterPaths));

      // The full open-point list (no viewport parameter exists).
      row('GET /api/map/cases (all open, gzip)', await load(c.get, ['/api/map/cases'], 3));

      meLoaded.push(await load(c.get, ['/api/auth/me']));
      meSerial.push(await once(c.get, Array<string>(100).fill('/api/auth/me')));
      const best = (xs: Figures[]) => xs.reduce((a, b) => (b.rps > a.rps ? b : a));
      const ceiling = { loaded: best(meLoaded), serial: best(meSerial) };
      const rows: Record<string, string | number>[] = [];
      const fmt = (x: number) => x.toFixed(x < 10 ? 2 : 0);
      const out = (name: string, f: Figures, serial: boolean, extra: Partial<Record<string, string | number>>) => {
        const base = serial ? ceiling.serial : ceiling.loaded;
        rows.push({
          request: name,
          conns: serial ? 1 : CONNECTIONS,
          n: f.n,
          'p50 ms': fmt(f.p50),
          'p95 ms': fmt(f.p95),
          'p99 ms': fmt(f.p99),
          'req/s': f.rps.toFixed(0),
          KB: f.kb.toFixed(1),
          'p50 ÷ ceiling': (f.p50 / base.p50).toFixed(2),
          'req/s ÷ ceiling': (f.rps / base.rps).toFixed(2),
          ...extra,
        });
      };
      out('ceiling: GET /api/auth/me', ceiling.loaded, false, {});
      out('ceiling: GET /api/auth/me, one at a time', ceiling.serial, true, {});
      for (const m of measured) out(m.name, m.f, m.serial, m.extra);
      return { db: kind, cases: n, rows, notes };
    } finally {
      c.close();
    }
  } finally {
    await server?.stop();
    if (admin) {
      await admin.query(`drop database if exists ${dbName}`).catch(() => {});
      await admin.end();
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

async function main() {
  console.log(`Map benchmark — ${machine()}; ${CONNECTIONS} connections × ${SECONDS} s per warm row; ${TILES} + ${TILES} tiles per zoom\n`);
  const runs: Run[] = [];
  const cluster = SIZES.length ? startCluster() : null;
  try {
    if (cluster) {
      for (const n of SIZES) {
        console.log(`\nPostgreSQL, ${n.toLocaleString('en')} cases`);
        const run = await measureDistrict('postgres', n, cluster.url);
        runs.push(run);
        print(run);
      }
    }
  } finally {
    cluster?.stop();
  }
  for (const n of PGLITE_SIZES) {
    console.log(`\nPGlite, ${n.toLocaleString('en')} cases`);
    const run = await measureDistrict('pglite', n, null);
    runs.push(run);
    print(run);
  }
  if (runs.length > 1) {
    console.log('\nAll runs (p50 ms / req/s of the main requests):');
    const pick = ['ceiling: GET /api/auth/me', 'tiles z13 warm', 'tiles z15 cold', 'summary, no filter', 'GET /api/map/cases (all open, gzip)'];
    table(
      runs.map((r) => {
        const out: Record<string, string | number> = { db: r.db, cases: r.cases.toLocaleString('en') };
        for (const p of pick) {
          const x = r.rows.find((row) => String(row.request).startsWith(p.replace(/ \(.*$/, '')));
          if (x) out[p.replace(' (all open, gzip)', '')] = `${x['p50 ms']} / ${x['req/s']}`;
        }
        return out;
      }),
    );
  }
}

function print(run: Run) {
  console.log(`\n${run.db}, ${run.cases.toLocaleString('en')} cases`);
  for (const n of run.notes) console.log(`  ${n}`);
  table(run.rows);
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
