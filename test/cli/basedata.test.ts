// `wangge import` and `wangge export` as an administrator runs them: a broken file prints its problems and changes
// nothing, a corrected one is applied as a version, exports read back unchanged, a census with legacy 16-digit codes
// and a gazetteer file come in, and bad usage is refused.
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { migrateDatabase, openDatabase, type Database } from '../../src/server/db/client';
import { testDatabaseKinds, type DbKind } from '../support/db';
import { buildWorld, ORIGIN } from '../support/world';
import { runExport, runImport } from '../../src/cli/basedata';
import { loadConfig } from '../../src/server/config';
import { lockDataDir } from '../../src/server/data-lock';

const root = path.resolve(import.meta.dirname, '../..');

function wangge(env: Record<string, string>, ...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const proc = spawn(process.execPath, [path.join(root, 'bin/wangge.mjs'), ...args], {
    env: { ...process.env, LOG_LEVEL: 'silent', DATABASE_URL: '', ...env },
    cwd: env.WORK_DIR,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  proc.stdout.on('data', (d) => (out += d));
  proc.stderr.on('data', (d) => (err += d));
  return new Promise((resolve) => proc.on('exit', (code) => resolve({ code: code ?? -1, out, err })));
}

type FC = { type: 'FeatureCollection'; features: { type: 'Feature'; properties: Record<string, unknown>; geometry: { type: string; coordinates: number[][][] } }[] };

/**
 * The same commands in this process (each spawn costs seconds of TypeScript start-up): what they print is captured.
 * The first journey below runs the real `bin/wangge.mjs`.
 */
async function inProcess(env: Record<string, string>, ...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const config = loadConfig({ DATA_DIR: env.DATA_DIR, DATABASE_URL: env.DATABASE_URL || undefined, LOG_LEVEL: 'silent' });
  const open = async (c: typeof config) => {
    const release = c.dbKind === 'pglite' ? lockDataDir(c.dataDir) : () => {};
    return { database: await openDatabase({ databaseUrl: c.databaseUrl, dataDir: c.dataDir }), release };
  };
  let out = '';
  let err = '';
  const write = process.stdout.write.bind(process.stdout);
  const error = console.error;
  process.stdout.write = ((chunk: string | Uint8Array) => ((out += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8')), true)) as typeof process.stdout.write;
  console.error = (...a: unknown[]) => void (err += a.join(' ') + '\n');
  try {
    // Files named as in the spawned runs, relative to the work folder.
    const [command, ...rest] = args.map((a) => (/\.(geojson|csv|zip)$/.test(a) && !path.isAbsolute(a) ? path.join(env.WORK_DIR, a) : a));
    const code = await (command === 'import' ? runImport : runExport)(config, open, rest);
    return { code, out, err };
  } finally {
    process.stdout.write = write;
    console.error = error;
  }
}

/** A database the CLI can open: a PGlite data directory, or a throw-away PostgreSQL database. */
async function cliDatabase(kind: DbKind) {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'wangge-cli-'));
  let url: string | null = null;
  if (kind === 'postgres') {
    const base = process.env.TEST_DATABASE_URL!;
    const name = `wg_t_${crypto.randomBytes(6).toString('hex')}`;
    const c = new pg.Client({ connectionString: base });
    await c.connect();
    await c.query(`create database ${name}`);
    await c.end();
    const u = new URL(base);
    u.pathname = `/${name}`;
    url = u.toString();
  }
  const open = async () => openDatabase({ databaseUrl: url, dataDir: path.join(work, 'data') });
  const database = await open();
  await migrateDatabase(database);
  await buildWorld(database);
  await database.close();
  return {
    work,
    env: { DATA_DIR: path.join(work, 'data'), DATABASE_URL: url ?? '', WORK_DIR: work },
    /** Opens the database between commands (PGlite allows one process at a time). */
    async read<T>(f: (d: Database) => Promise<T>): Promise<T> {
      const d = await open();
      try {
        return await f(d);
      } finally {
        await d.close();
      }
    },
    async drop() {
      fs.rmSync(work, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
      if (kind === 'postgres') {
        const c = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL! });
        await c.connect();
        await c.query(`drop database if exists ${new URL(url!).pathname.slice(1)} with (force)`);
        await c.end();
      }
    },
  };
}

const versions = (d: Database) => d.db.execute(sql`select number, kind, note from basedata_versions order by number`).then((r) => (r as unknown as { rows: { number: number; kind: string; note: string }[] }).rows);

describe.each(testDatabaseKinds())('wangge import / export (%s)', (kind) => {
  let db: Awaited<ReturnType<typeof cliDatabase>>;
  const file = (name: string) => path.join(db.work, name);

  beforeAll(async () => {
    db = await cliDatabase(kind);
  }, 300_000);
  afterAll(async () => {
    await db?.drop();
  });

  it('refuses a broken grid file with its problems, then applies the corrected one as a version', async () => {
    const exported = await wangge(db.env, 'export', 'grids', '--out', 'grids.geojson');
    expect(exported.code, exported.err + exported.out).toBe(0);
    const grids = JSON.parse(fs.readFileSync(file('grids.geojson'), 'utf8')) as FC;
    expect(grids.features).toHaveLength(18);

    // Grid 002 moved onto grid 001; grid 003's code names another district.
    const broken: FC = structuredClone(grids);
    broken.features[1].geometry = structuredClone(grids.features[0].geometry);
    broken.features[2].properties.code = '220107001001003';
    fs.writeFileSync(file('broken.geojson'), JSON.stringify(broken));
    const refused = await wangge(db.env, 'import', 'grids', 'broken.geojson');
    expect(refused.code, refused.err).toBe(1);
    expect(refused.out).toMatch(/\[error\] grids #2 220106001001002: 单元网格“220106001001002”与“220106001001001”重叠/);
    expect(refused.out).toMatch(/\[error\] grids #3 220107001001003: .*不属于本区/);
    expect(refused.out).toMatch(/Nothing applied 未应用/);
    expect(await db.read(versions)).toEqual([]);

    // The corrected file: grid 002 slightly smaller (a correction of its east edge), the code fixed.
    const fixed: FC = structuredClone(grids);
    const ring = fixed.features[1].geometry.coordinates[0];
    const east = Math.max(...ring.map((p) => p[0]));
    for (const p of ring) if (p[0] === east) p[0] = Math.round((east - 0.0001) * 1e7) / 1e7;
    fs.writeFileSync(file('fixed.geojson'), JSON.stringify(fixed));
    const dry = await inProcess(db.env, 'import', 'grids', 'fixed.geojson', '--dry-run');
    expect(dry.code, dry.out + dry.err).toBe(0);
    expect(dry.out).toMatch(/grids 18 read, \+0 ~1 -0 =17 → 18/);
    expect(await db.read(versions)).toEqual([]);

    const applied = await wangge(db.env, 'import', 'grids', 'fixed.geojson', '--note', '东边界修正');
    expect(applied.code, applied.out + applied.err).toBe(0);
    expect(applied.out).toMatch(/Applied as version 已应用为版本 1/);
    expect(await db.read(versions)).toEqual([{ number: 1, kind: 'import', note: '东边界修正' }]);
    const again = await inProcess(db.env, 'export', 'grids', '--out', '-');
    expect((JSON.parse(again.out) as FC).features[1].geometry).toEqual(fixed.features[1].geometry);
  }, 600_000);

  it('exports a Shapefile that imports back without a difference; knows Gauss-Krüger needs its meridian', async () => {
    const zip = await inProcess(db.env, 'export', 'communities', '--format', 'zip', '--out', 'communities.zip');
    expect(zip.code, zip.err).toBe(0);
    expect(fs.readFileSync(file('communities.zip')).subarray(0, 2).toString()).toBe('PK');
    const back = await inProcess(db.env, 'import', 'communities', 'communities.zip');
    expect(back.code, back.out + back.err).toBe(0);
    expect(back.out).toMatch(/No differences: nothing to apply/);

    const gk = await inProcess(db.env, 'import', 'communities', 'communities.zip', '--crs', 'GK');
    expect(gk.code).toBe(1);
    expect(gk.out).toMatch(/Refused 拒绝: VALIDATION_FAILED/);
    expect(gk.out).toMatch(/高斯-克吕格/);
  }, 120_000);

  it('imports a component census with legacy 16-digit identifiers, refusing a census with a broken row', async () => {
    const lng = ORIGIN.lng + 0.0015;
    const lat = ORIGIN.lat + 0.0015;
    const header = '部件标识码,部件名称,主管部门代码,主管部门名称,部件状态,初始日期,经度,纬度';
    const legacyId = '2201060101000001'; // 6 district + 2 major + 2 minor (old) + 6 serial
    fs.writeFileSync(file('census-bad.csv'), `${header}\n${legacyId},供水井盖,11220106MB0000001X,绿园区水务局,完好,2020-01-02,${lng},${lat}\n2201060101000002,供水井盖,11220106MB0000001X,绿园区水务局,坏了,2020-13-02,${lng},${lat}\n`);
    const bad = await inProcess(db.env, 'import', 'components', 'census-bad.csv');
    expect(bad.code).toBe(1);
    expect(bad.out).toMatch(/row 2 .*state: 部件状态“坏了”/);
    expect(bad.out).toMatch(/row 2 .*initialDate/);
    expect(bad.out).toMatch(/nothing imported 未导入/);
    const count = () => db.read(async (d) => Number(((await d.db.execute(sql`select count(*)::int n from components`)) as unknown as { rows: { n: number }[] }).rows[0].n));
    expect(await count()).toBe(0);

    fs.writeFileSync(file('census.csv'), `${header}\n${legacyId},供水井盖,11220106MB0000001X,绿园区水务局,完好,2020-01-02,${lng},${lat}\n`);
    const ok = await inProcess(db.env, 'import', 'components', 'census.csv');
    expect(ok.code, ok.out + ok.err).toBe(0);
    expect(ok.out).toMatch(/legacy 16-digit ids converted 16位旧编码已转换: 1/);
    expect(await count()).toBe(1);
    const csv = await inProcess(db.env, 'export', 'components', '--out', '-');
    expect(csv.out).toMatch(/^\uFEFF?标识码,部件名称/);
    expect(csv.out).toMatch(/22010601001000001,供水井盖/);
  }, 120_000);

  it('imports gazetteer entries and exports them; refuses bad usage with exit code 2', async () => {
    fs.writeFileSync(file('places.csv'), `类型,名称,编码,经度,纬度\n地名,绿园区图书馆,poi-lib,${ORIGIN.lng + 0.0045},${ORIGIN.lat + 0.0015}\n`);
    const imported = await inProcess(db.env, 'import', 'gazetteer', 'places.csv');
    expect(imported.code, imported.out + imported.err).toBe(0);
    expect(imported.out).toMatch(/Imported 已导入: 1 entries/);
    const exported = await inProcess(db.env, 'export', 'gazetteer', '--format', 'geojson', '--out', '-');
    const fc = JSON.parse(exported.out);
    expect(fc.features.find((f: { properties: { code: string } }) => f.properties.code === 'poi-lib').properties).toMatchObject({ name: '绿园区图书馆', streetCode: '220106002' });

    expect((await inProcess(db.env, 'import', 'parks', 'places.csv')).code).toBe(2);
    expect((await inProcess(db.env, 'import', 'grids', 'missing.geojson')).code).toBe(2);
    expect((await inProcess(db.env, 'export', 'grids', '--format', 'xlsx')).code).toBe(2);
    const asNobody = await inProcess(db.env, 'import', 'gazetteer', 'places.csv', '--as', 'operator');
    expect(asNobody.code).toBe(2);
    expect(asNobody.err).toMatch(/not an administrator/);
  }, 120_000);
});
