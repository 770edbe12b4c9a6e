// Measures the tile endpoints at the scale the command map must handle: the demo's ~23,000 grids, 500,000
// components and 1,000,000 cases (500,000 open). Not a test (timings are not asserted): run it by hand with
//   TEST_DATABASE_URL=postgres://… npx tsx test/tiles/measure-scale.ts [components] [cases]
import os from 'node:os';
import path from 'node:path';
import fs from 'node:fs';
import { sql } from 'drizzle-orm';
import { generateDemoGeography } from '../../src/demo/geo';
import { loadConfig } from '../../src/server/config';
import { createContext } from '../../src/server/context';
import * as t from '../../src/server/db/schema';
import { getTile, tileStats, type TileLayer } from '../../src/server/tiles/tiles.service';
import type { Actor } from '../../src/server/auth/policy';
import { freshDatabase } from '../support/db';

const COMPONENTS = Number(process.argv[2] ?? 500_000);
const CASES = Number(process.argv[3] ?? 1_000_000);

function tileOf(lng: number, lat: number, z: number): [number, number, number] {
  const n = 2 ** z;
  const r = (lat * Math.PI) / 180;
  return [z, Math.floor(((lng + 180) / 360) * n), Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * n)];
}

async function main() {
  const kind = process.env.TEST_DATABASE_URL ? 'postgres' : 'pglite';
  const database = await freshDatabase(kind);
  const db = database.db;
  const ctx = createContext(loadConfig({ DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'wg-scale-')) }), database);
  let t0 = Date.now();
  const geo = generateDemoGeography();
  await db.insert(t.streets).values(geo.streets.map((s) => ({ code: s.code, districtCode: '220106', name: s.name, type: s.type, geometry: s.polygon, generated: true })));
  await db.insert(t.communities).values(geo.communities.map((c) => ({ code: c.code, streetCode: c.streetCode, name: c.name, type: c.type, geometry: c.polygon, generated: true })));
  for (let i = 0; i < geo.grids.length; i += 1000) {
    await db.insert(t.grids).values(
      geo.grids.slice(i, i + 1000).map((g) => ({ code: g.code, communityCode: g.communityCode, streetCode: g.streetCode, ring: g.ring, areaM2: g.areaM2, centroidLng: g.centroid[0], centroidLat: g.centroid[1], generated: true })),
    );
  }
  console.log(`${kind}: ${geo.grids.length} grids loaded in ${Date.now() - t0} ms`);
  t0 = Date.now();
  // Random points over the district's box (about 125.05–125.37 E, 43.76–43.98 N).
  await db.execute(sql`
    insert into components (id, class_code, name, dept_code, dept_name, grid_code, state, initial_date, lng, lat, location, created_at, updated_at)
    select '22010601001' || lpad(i::text, 6, '0'), '01001', '雨水井盖', '11220106MB0000001X', '市政处', '220106001001001',
           case when i % 10 = 0 then 'damaged' else 'intact' end, '2020-01-01', x, y, point(x, y), now(), now()
    from (select i, 125.05 + random() * 0.32 as x, 43.76 + random() * 0.22 as y from generate_series(1, ${COMPONENTS}) i) s`);
  console.log(`${COMPONENTS} components in ${Date.now() - t0} ms`);
  t0 = Date.now();
  await db.execute(sql`
    insert into cases (number, district_code, source, kind, class_code, description, location_text, lng, lat, state, step_deadline, step_warn_at, created_at, updated_at)
    select '220106-2026-' || lpad(i::text, 7, '0'), '220106', 'inspector', 'matter', '09006', '占道经营', '测试', x, y,
           case when i % 2 = 0 then 'closed' else 'handling' end, now() + (i % 7 - 2) * interval '1 hour', now() - interval '1 hour', now(), now()
    from (select i, 125.05 + random() * 0.32 as x, 43.76 + random() * 0.22 as y from generate_series(1, ${CASES}) i) s`);
  console.log(`${CASES} cases in ${Date.now() - t0} ms`);

  const actor: Actor = { id: '00000000-0000-0000-0000-000000000000', username: 'bench', roles: ['leader'], departmentId: null, streetCode: null };
  const centre: [number, number] = [125.25, 43.88];
  const measure = async (layer: TileLayer, q = {}) => {
    const first = Date.now();
    const r0 = await getTile(ctx, actor, layer, ...tileOf(centre[0], centre[1], 12), q);
    const build = Date.now() - first;
    const times: number[] = [];
    let bytes = 0;
    for (const z of [10, 11, 12, 13, 14, 15, 16, 17]) {
      for (let dx = -1; dx <= 1; dx++) {
        for (let dy = -1; dy <= 1; dy++) {
          const [, x, y] = tileOf(centre[0], centre[1], z);
          const s = process.hrtime.bigint();
          const tile = await getTile(ctx, actor, layer, z, x + dx, y + dy, q);
          times.push(Number(process.hrtime.bigint() - s) / 1e6);
          bytes = Math.max(bytes, tile.body.length);
        }
      }
    }
    times.sort((a, b) => a - b);
    const p = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))].toFixed(1);
    const cachedStart = process.hrtime.bigint();
    await getTile(ctx, actor, layer, ...tileOf(centre[0], centre[1], 14), q);
    const cached = Number(process.hrtime.bigint() - cachedStart) / 1e6;
    console.log(
      `${layer.padEnd(10)} first tile (index build) ${build} ms; ${times.length} new tiles z10–17: p50 ${p(0.5)} ms, p95 ${p(0.95)} ms, max ${p(1)} ms; cached ${cached.toFixed(2)} ms; largest ${(bytes / 1024).toFixed(0)} KB (z12 ${(r0.body.length / 1024).toFixed(0)} KB)`,
    );
  };
  await measure('grids');
  await measure('components');
  await measure('cases');
  await measure('cases', { state: 'all' });
  console.log(tileStats(ctx));
  console.log(`heap used ${(process.memoryUsage().heapUsed / 1e6).toFixed(0)} MB, rss ${(process.memoryUsage().rss / 1e6).toFixed(0)} MB`);
  await database.drop();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
