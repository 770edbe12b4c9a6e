// Turns the compact open-case rows of GET /api/map/cases into GeoJSON features, and filters them fast (100,000 points).
import type { CasePoints } from '../../shared/types';

export interface PointFilter {
  lights: ('red' | 'yellow' | 'green' | 'none')[];
  kind?: 'component' | 'matter';
  classKey?: string;
  streetCode?: string;
  source?: string;
  states?: string[];
  urgentOnly?: boolean;
}

export interface PointIndex {
  data: CasePoints;
  features: GeoJSON.Feature<GeoJSON.Point, { n: string; l: number }>[];
}

const LIGHT_NAMES = ['green', 'yellow', 'red'] as const;

export function indexPoints(data: CasePoints): PointIndex {
  const features = data.rows.map((r) => ({
    type: 'Feature' as const,
    geometry: { type: 'Point' as const, coordinates: [r[1] as number, r[2] as number] },
    // Few, short properties keep clustering of 100,000 points quick.
    properties: { n: r[0] as string, l: r[3] === null ? -1 : (r[3] as number) },
  }));
  return { data, features };
}

export function filterPoints(idx: PointIndex, f: PointFilter): GeoJSON.FeatureCollection {
  const { data } = idx;
  const lightOk = new Set(f.lights);
  const classIdx = f.classKey ? data.classes.findIndex((c) => `${c.kind}:${c.code}` === f.classKey) : -2;
  const streetIdx = f.streetCode ? data.streets.indexOf(f.streetCode) : -2;
  const sourceIdx = f.source ? data.sources.indexOf(f.source) : -2;
  const stateIdx = f.states?.length ? new Set(f.states.map((s) => data.states.indexOf(s))) : null;
  const kindOk = f.kind ? new Set(data.classes.map((c, i) => (c.kind === f.kind ? i : -1)).filter((i) => i >= 0)) : null;
  const out: GeoJSON.Feature[] = [];
  for (let i = 0; i < data.rows.length; i++) {
    const r = data.rows[i];
    const light = r[3] === null ? 'none' : LIGHT_NAMES[r[3] as number];
    if (!lightOk.has(light)) continue;
    if (classIdx !== -2 && r[4] !== classIdx) continue;
    if (kindOk && !kindOk.has(r[4] as number)) continue;
    if (streetIdx !== -2 && r[8] !== streetIdx) continue;
    if (sourceIdx !== -2 && r[6] !== sourceIdx) continue;
    if (stateIdx && !stateIdx.has(r[5] as number)) continue;
    if (f.urgentOnly && r[7] !== 1) continue;
    out.push(idx.features[i]);
  }
  return { type: 'FeatureCollection', features: out };
}

export function lightCounts(fc: GeoJSON.FeatureCollection) {
  const n = { red: 0, yellow: 0, green: 0, none: 0 };
  for (const f of fc.features) {
    const l = (f.properties as { l: number }).l;
    if (l === 2) n.red++;
    else if (l === 1) n.yellow++;
    else if (l === 0) n.green++;
    else n.none++;
  }
  return n;
}
