// Open cases in memory for the command map: the points of one scope as typed columns (read from the database once
// and shared by every filter), a filter applied to them, their counts by light, and a cluster index per filter for
// the vector tiles. 100,000 cases are a few megabytes here; a filter is one pass over the columns.
import type { CaseMapFilter } from '../map/map.schema';
import { PointIndex } from './point-index';

export interface CasePointRow {
  number: string;
  lng: number;
  lat: number;
  /** 0 green, 1 yellow, 2 red, null when no clock runs. */
  light: number | null;
  kind: string;
  classCode: string;
  state: string;
  urgency: string;
  source: string;
  streetCode: string | null;
}

export interface CaseColumns {
  size: number;
  lng: Float64Array;
  lat: Float64Array;
  /** 0 green, 1 yellow, 2 red, −1 none. */
  light: Int8Array;
  cls: Uint16Array;
  state: Uint8Array;
  source: Uint8Array;
  street: Uint16Array;
  urgent: Uint8Array;
  numbers: string[];
  /** Dictionaries the columns index into: classes as "kind:code", streets as codes ("" for none). */
  classes: string[];
  states: string[];
  sources: string[];
  streets: string[];
}

function interner() {
  const values: string[] = [];
  const index = new Map<string, number>();
  return {
    values,
    of(v: string): number {
      let i = index.get(v);
      if (i === undefined) {
        i = values.length;
        values.push(v);
        index.set(v, i);
      }
      return i;
    },
  };
}

export function caseColumns(rows: CasePointRow[]): CaseColumns {
  const n = rows.length;
  const classes = interner();
  const states = interner();
  const sources = interner();
  const streets = interner();
  const c: CaseColumns = {
    size: n,
    lng: new Float64Array(n),
    lat: new Float64Array(n),
    light: new Int8Array(n),
    cls: new Uint16Array(n),
    state: new Uint8Array(n),
    source: new Uint8Array(n),
    street: new Uint16Array(n),
    urgent: new Uint8Array(n),
    numbers: new Array<string>(n),
    classes: classes.values,
    states: states.values,
    sources: sources.values,
    streets: streets.values,
  };
  rows.forEach((r, i) => {
    c.lng[i] = r.lng;
    c.lat[i] = r.lat;
    c.light[i] = r.light === null ? -1 : Number(r.light);
    c.cls[i] = classes.of(`${r.kind}:${r.classCode}`);
    c.state[i] = states.of(r.state);
    c.source[i] = sources.of(r.source);
    c.street[i] = streets.of(r.streetCode ?? '');
    c.urgent[i] = r.urgency === 'urgent' ? 1 : 0;
    c.numbers[i] = r.number;
  });
  return c;
}

const LIGHT_OF: Record<string, number> = { green: 0, yellow: 1, red: 2, none: -1 };

/** A stable text for a filter ("" when it lets every case through), to key caches and tiles by. */
export function filterKey(f: CaseMapFilter): string {
  const parts: string[] = [];
  if (f.light && f.light.length < 4) parts.push(`l=${[...f.light].sort().join(',')}`);
  if (f.kind) parts.push(`k=${f.kind}`);
  if (f.class) parts.push(`c=${f.class}`);
  if (f.street) parts.push(`t=${f.street}`);
  if (f.source) parts.push(`s=${f.source}`);
  if (f.states?.length) parts.push(`st=${[...f.states].sort().join(',')}`);
  if (f.urgent) parts.push('u');
  return parts.join('&');
}

/** The positions of the cases that pass the filter, or null when it lets every case through. */
export function selectCases(c: CaseColumns, f: CaseMapFilter): Uint32Array | null {
  if (!filterKey(f)) return null;
  const lightOk = new Set((f.light ?? ['red', 'yellow', 'green', 'none']).map((l) => LIGHT_OF[l]));
  const classOk = f.class || f.kind ? new Set(c.classes.flatMap((k, i) => {
    const [kind, code] = k.split(':');
    return (!f.kind || kind === f.kind) && (!f.class || code === f.class) ? [i] : [];
  })) : null;
  const streetIdx = f.street ? c.streets.indexOf(f.street) : -2;
  const sourceIdx = f.source ? c.sources.indexOf(f.source) : -2;
  const stateOk = f.states?.length ? new Set(f.states.map((s) => c.states.indexOf(s))) : null;
  const out = new Uint32Array(c.size);
  let k = 0;
  for (let i = 0; i < c.size; i++) {
    if (!lightOk.has(c.light[i])) continue;
    if (classOk && !classOk.has(c.cls[i])) continue;
    if (streetIdx !== -2 && c.street[i] !== streetIdx) continue;
    if (sourceIdx !== -2 && c.source[i] !== sourceIdx) continue;
    if (stateOk && !stateOk.has(c.state[i])) continue;
    if (f.urgent && !c.urgent[i]) continue;
    out[k++] = i;
  }
  return out.slice(0, k);
}

export function countLights(c: CaseColumns, sel: Uint32Array | null) {
  const n = { red: 0, yellow: 0, green: 0, none: 0 };
  const count = (i: number) => {
    const l = c.light[i];
    if (l === 2) n.red++;
    else if (l === 1) n.yellow++;
    else if (l === 0) n.green++;
    else n.none++;
  };
  if (sel) for (let j = 0; j < sel.length; j++) count(sel[j]);
  else for (let i = 0; i < c.size; i++) count(i);
  return n;
}

/** The cluster index of the selected cases (all when `sel` is null): clusters carry red, yellow and urgent sums. */
export function caseClusterIndex(c: CaseColumns, sel: Uint32Array | null): PointIndex {
  const n = sel ? sel.length : c.size;
  const at = (j: number) => (sel ? sel[j] : j);
  const lng = new Float64Array(n);
  const lat = new Float64Array(n);
  const red = new Uint8Array(n);
  const yellow = new Uint8Array(n);
  const urgent = new Uint8Array(n);
  for (let j = 0; j < n; j++) {
    const i = at(j);
    lng[j] = c.lng[i];
    lat[j] = c.lat[i];
    red[j] = c.light[i] === 2 ? 1 : 0;
    yellow[j] = c.light[i] === 1 ? 1 : 0;
    urgent[j] = c.urgent[i];
  }
  return new PointIndex({
    lng,
    lat,
    sums: { red, yellow, urgent },
    properties: (j) => {
      const i = at(j);
      return { number: c.numbers[i], light: c.light[i], class: c.classes[c.cls[i]], state: c.states[c.state[i]], urgent: c.urgent[i] };
    },
  });
}
