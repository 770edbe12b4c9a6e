// Turns what integrations send instead of coordinates into a point: an address id (grid, community or street code),
// or an address text, looked up in the gazetteer (地名地址库) and else by the community or street it names (the point
// is then the centre of a unit grid there).
import { asc, eq } from 'drizzle-orm';
import type { Executor } from '../db/client';
import { communities, grids, streets } from '../db/schema';
import { geocodeText } from '../geocode/geocode.service';

export interface LocatedPlace {
  lng: number;
  lat: number;
  /** What was matched, e.g. 爱民社区 or 220106001001005. */
  matched: string;
}

async function firstGrid(db: Executor, where: { gridCode?: string; communityCode?: string; streetCode?: string }) {
  const cond = where.gridCode ? eq(grids.code, where.gridCode) : where.communityCode ? eq(grids.communityCode, where.communityCode) : eq(grids.streetCode, where.streetCode!);
  const rows = await db.select({ code: grids.code, lng: grids.centroidLng, lat: grids.centroidLat }).from(grids).where(cond).orderBy(asc(grids.code)).limit(1);
  return rows[0] ?? null;
}

/** address_id: a 15-digit grid code, a 12-digit community code or a 9-digit street code. */
export async function locateByCode(db: Executor, code: string): Promise<LocatedPlace | null> {
  const c = code.trim();
  const g = /^\d{15}$/.test(c)
    ? await firstGrid(db, { gridCode: c })
    : /^\d{12}$/.test(c)
      ? await firstGrid(db, { communityCode: c })
      : /^\d{9}$/.test(c)
        ? await firstGrid(db, { streetCode: c })
        : null;
  return g ? { lng: g.lng, lat: g.lat, matched: c } : null;
}

const SUFFIX = /(社区居委会|居委会|村委会|社区|街道办事处|街道|村|镇|乡|园区)$/;

/** Address text: the gazetteer's best entry; else the longest community or street name (with or without its 社区/街道 suffix) in the text. */
export async function locateByText(db: Executor, text: string): Promise<LocatedPlace | null> {
  const t = text.replace(/\s+/g, '');
  if (!t) return null;
  const [hit] = await geocodeText(db, t, { limit: 1 });
  if (hit) return { lng: hit.lng, lat: hit.lat, matched: hit.name };
  const [cs, ss] = await Promise.all([
    db.select({ code: communities.code, name: communities.name }).from(communities),
    db.select({ code: streets.code, name: streets.name }).from(streets),
  ]);
  const score = (name: string): number => {
    if (t.includes(name)) return name.length + 0.5; // the full name beats its stem
    const stem = name.replace(SUFFIX, '');
    return stem.length >= 2 && t.includes(stem) ? stem.length : 0;
  };
  let best: { score: number; community?: string; street?: string; name: string } | null = null;
  for (const c of cs) {
    const s = score(c.name);
    // A community outranks a street of equal length: it is the narrower place.
    if (s > 0 && (!best || s + 0.1 > best.score)) best = { score: s + 0.1, community: c.code, name: c.name };
  }
  for (const s of ss) {
    const v = score(s.name);
    if (v > 0 && (!best || v > best.score)) best = { score: v, street: s.code, name: s.name };
  }
  if (!best) return null;
  const g = await firstGrid(db, best.community ? { communityCode: best.community } : { streetCode: best.street });
  return g ? { lng: g.lng, lat: g.lat, matched: best.name } : null;
}
