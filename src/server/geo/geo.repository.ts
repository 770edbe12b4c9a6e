// Grids, communities and streets in the database; point → grid lookup in SQL (GiST on the core polygon type).
import { asc, eq, sql } from 'drizzle-orm';
import type { Executor } from '../db/client';
import { communities, grids, streets } from '../db/schema';

export interface ResolvedPlace {
  gridCode: string;
  communityCode: string;
  communityName: string;
  streetCode: string;
  streetName: string;
  areaClass: string;
  beatId: string | null;
}

export async function locatePoint(db: Executor, lng: number, lat: number): Promise<ResolvedPlace | null> {
  const rows = await db
    .select({
      gridCode: grids.code,
      communityCode: grids.communityCode,
      communityName: communities.name,
      streetCode: grids.streetCode,
      streetName: streets.name,
      areaClass: communities.areaClass,
      beatId: grids.beatId,
    })
    .from(grids)
    .innerJoin(communities, eq(communities.code, grids.communityCode))
    .innerJoin(streets, eq(streets.code, grids.streetCode))
    // polygon @> polygon is in the GiST opclass (polygon @> point is not): the point as a degenerate polygon.
    .where(sql`${grids.ring} @> polygon(box(point(${lng}, ${lat}), point(${lng}, ${lat})))`)
    // No ORDER BY … LIMIT here: it tempts the planner into walking the primary key instead of the GiST index.
    .limit(4);
  // A point exactly on a shared edge lies in two grids: take the lower code, deterministically.
  return rows.sort((a, b) => a.gridCode.localeCompare(b.gridCode))[0] ?? null;
}

export async function listStreets(db: Executor) {
  return db.select().from(streets).orderBy(asc(streets.code));
}

export async function listCommunities(db: Executor) {
  return db.select().from(communities).orderBy(asc(communities.code));
}

export async function listGrids(db: Executor, bbox?: [number, number, number, number]) {
  const where = bbox ? sql`${grids.ring} && polygon(box(point(${bbox[0]}, ${bbox[1]}), point(${bbox[2]}, ${bbox[3]})))` : undefined;
  return db
    .select({ code: grids.code, communityCode: grids.communityCode, streetCode: grids.streetCode, ring: grids.ring, beatId: grids.beatId, generated: grids.generated })
    .from(grids)
    .where(where)
    .orderBy(asc(grids.code));
}
