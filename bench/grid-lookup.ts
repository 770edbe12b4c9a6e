// Grid lookup benchmark: points per second against the demo's ~23,000 grids (and a 30,000-grid lattice),
// in memory (GridIndex: flatbush + point-in-polygon) and in SQL (GiST on the core polygon type).
import { sql } from 'drizzle-orm';
import { GridIndex } from '../src/domain/geo';
import { generateDemoGeography } from '../src/demo/geo/geography';
import { locatePoint } from '../src/server/geo/geo.repository';
import { machine, startCluster, startServer, table } from './support';
import { mulberry32 } from '../src/demo/geo/prng';

async function main() {
  console.log(`Grid lookup benchmark — ${machine()}\n`);
  const geo = generateDemoGeography();
  const index = new GridIndex(geo.grids.map((g) => ({ code: g.code, communityCode: g.communityCode, streetCode: g.streetCode, ring: g.ring })));
  const prng = mulberry32(7);
  const [minX, minY, maxX, maxY] = geo.grids.reduce(
    (b, g) => [Math.min(b[0], g.centroid[0]), Math.min(b[1], g.centroid[1]), Math.max(b[2], g.centroid[0]), Math.max(b[3], g.centroid[1])],
    [Infinity, Infinity, -Infinity, -Infinity],
  );
  const points = Array.from({ length: 200_000 }, () => [minX + (maxX - minX) * prng.next(), minY + (maxY - minY) * prng.next()] as const);
  let hits = 0;
  const t0 = performance.now();
  for (const [x, y] of points) if (index.locate(x, y)) hits++;
  const memRate = points.length / ((performance.now() - t0) / 1000);
  const rows: Record<string, string | number>[] = [{ where: 'memory (GridIndex)', grids: geo.grids.length, 'points/s': memRate.toFixed(0), 'hit share': (hits / points.length).toFixed(2) }];

  for (const kind of ['pglite', 'postgres'] as const) {
    const cluster = kind === 'postgres' ? startCluster() : null;
    if (kind === 'postgres' && !cluster) continue;
    const server = await startServer(cluster?.url ?? null, 0);
    const n = 3000;
    const t1 = performance.now();
    let sqlHits = 0;
    for (const [x, y] of points.slice(0, n)) if (await locatePoint(server.ctx.db, x, y)) sqlHits++;
    const rate = n / ((performance.now() - t1) / 1000);
    // The ceiling: the cheapest possible round trip on the same connection.
    const t2 = performance.now();
    for (let i = 0; i < n; i++) await server.ctx.db.execute(sql`select 1`);
    const ceiling = n / ((performance.now() - t2) / 1000);
    rows.push({ where: `SQL (${kind}, one query per point)`, grids: geo.grids.length, 'points/s': rate.toFixed(0), 'hit share': (sqlHits / n).toFixed(2), 'ceiling: select 1/s': ceiling.toFixed(0), ratio: (rate / ceiling).toFixed(2) });
    await server.close();
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
