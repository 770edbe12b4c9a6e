// Mapbox vector tiles (MVT) for the map layers. Indexes are built in memory on first use (geojson-vt for
// polygons; a typed-array grid-cluster index for points, so 500,000 components or 1,000,000 cases come out as
// clusters) and rebuilt when the layer's revision moves; encoded tiles are kept in a small LRU cache.
import { createHash } from 'node:crypto';
import GeoJSONVT from 'geojson-vt';
import vtpbf from 'vt-pbf';
import type { Feature, FeatureCollection } from 'geojson';
import { requireAccess, type Actor } from '../auth/policy';
import type { ListScope } from '../cases/case.repository';
import type { AppContext } from '../context';
import { AppError } from '../errors';
import type { CaseMapFilter, CaseMapSummary } from '../map/map.schema';
import { caseClusterIndex, caseColumns, countLights, filterKey, selectCases, type CaseColumns } from './case-index';
import { PointIndex } from './point-index';
import * as repo from './tiles.repository';

export const TILE_LAYERS = ['grids', 'communities', 'streets', 'components', 'cases'] as const;
export type TileLayer = (typeof TILE_LAYERS)[number];

export interface TileQuery {
  /** components: only this 5-digit class. */
  class?: string;
  /** cases: open (default) or every case. */
  state?: 'open' | 'all';
  /** cases: the command map's filter, applied before clustering. */
  filter?: CaseMapFilter;
}

/**
 * Zoom levels: polygons are detailed up to 16 (MapLibre over-zooms beyond). Unit grids start at 12: below it
 * 30,000 grids are a grey smear of several hundred kilobytes per tile. Points cluster up to 15, single above.
 */
export const LAYER_ZOOM: Record<TileLayer, { minzoom: number; maxzoom: number }> = {
  streets: { minzoom: 0, maxzoom: 16 },
  communities: { minzoom: 0, maxzoom: 16 },
  grids: { minzoom: 12, maxzoom: 16 },
  components: { minzoom: 0, maxzoom: 18 },
  cases: { minzoom: 0, maxzoom: 18 },
};

/** How often a request may ask the database whether a layer changed. */
const REVISION_TTL_MS = 2000;
/** Case lights turn yellow and red with time alone: rebuild at least this often. */
const CASES_MAX_AGE_MS = 60_000;
/** The least time between two rebuilds of a case index (its data changes all day long). */
const MIN_CASE_REBUILD_MS = 2000;
/** Per-scope case indexes (departments, inspectors) live this long without use. */
const SCOPED_TTL_MS = 5 * 60_000;
const TILE_CACHE_SIZE = 4000;
/** Cluster indexes of filtered case sets kept per process (a filter costs one pass and one index build). */
const CASE_FILTER_CACHE_SIZE = 24;

type VtIndex = { kind: 'vt'; index: GeoJSONVT };
type ClusterIndex = { kind: 'cluster'; index: PointIndex };
/** Cases are kept as columns; each filter of them gets its own cluster index (see `filteredCases`). */
type CaseIndex = { kind: 'cases'; columns: CaseColumns };
type Built = (VtIndex | ClusterIndex | CaseIndex) & { revision: string; builtAt: number; count: number; buildMs: number };

interface FilteredCases {
  columns: CaseColumns;
  selection: Uint32Array | null;
  lights: ReturnType<typeof countLights>;
  index: PointIndex | null;
}

interface Slot {
  current: Built | null;
  building: Promise<Built> | null;
  lastUsed: number;
}

class TileStore {
  readonly slots = new Map<string, Slot>();
  readonly tiles = new Map<string, Buffer>();
  readonly caseFilters = new Map<string, FilteredCases>();
  revisions = new Map<string, string>();
  revisionsCheckedAt = 0;
  revisionsPending: Promise<void> | null = null;
  constructor(readonly ctx: AppContext) {}

  /** The revision of each layer, at most REVISION_TTL_MS old. */
  async revision(layer: TileLayer): Promise<string> {
    if (Date.now() - this.revisionsCheckedAt > REVISION_TTL_MS) {
      this.revisionsPending ??= (async () => {
        try {
          const [revs, caseRev] = await Promise.all([repo.layerRevisions(this.ctx.db), repo.caseRevision(this.ctx.db)]);
          const next = new Map<string, string>();
          for (const l of TILE_LAYERS) next.set(l, String(revs.get(l) ?? 0));
          next.set('cases', String(caseRev));
          this.revisions = next;
          this.revisionsCheckedAt = Date.now();
        } finally {
          this.revisionsPending = null;
        }
      })();
      await this.revisionsPending;
    }
    return this.revisions.get(layer) ?? '0';
  }

  forget(layers: string[]) {
    this.revisionsCheckedAt = 0;
    for (const key of [...this.slots.keys()]) if (layers.some((l) => key === l || key.startsWith(`${l}|`))) this.slots.delete(key);
    for (const key of [...this.tiles.keys()]) if (layers.some((l) => key.startsWith(`${l}|`))) this.tiles.delete(key);
    if (layers.includes('cases')) this.caseFilters.clear();
  }

  cacheTile(key: string, body: Buffer) {
    if (this.tiles.size >= TILE_CACHE_SIZE) this.tiles.delete(this.tiles.keys().next().value!);
    this.tiles.set(key, body);
  }
}

const stores = new WeakMap<AppContext, TileStore>();
function storeOf(ctx: AppContext): TileStore {
  let s = stores.get(ctx);
  if (!s) {
    s = new TileStore(ctx);
    stores.set(ctx, s);
  }
  return s;
}

/** Drops this process's indexes of the layers (other processes notice through the revision counters). */
export function invalidateTiles(ctx: AppContext, layers: string[]): void {
  const names = new Set<string>();
  for (const l of layers) {
    // Base data layer names → tile layers.
    if (l === 'grids' || l === 'beats') names.add('grids');
    else names.add(l);
  }
  stores.get(ctx)?.forget([...names]);
}

/** Small dictionaries so that 1,000,000 points keep one number per property, not one string. */
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

async function buildIndex(ctx: AppContext, layer: TileLayer, variant: { class?: string; state?: 'open' | 'all'; scope?: ListScope }, revision: string): Promise<Built> {
  const t0 = Date.now();
  const db = ctx.db;
  let built: VtIndex | ClusterIndex | CaseIndex;
  let count = 0;
  if (layer === 'grids' || layer === 'communities' || layer === 'streets') {
    const features: Feature[] = [];
    if (layer === 'grids') {
      for (const g of await repo.gridRows(db)) {
        const ring = g.ring.length && (g.ring[0][0] !== g.ring[g.ring.length - 1][0] || g.ring[0][1] !== g.ring[g.ring.length - 1][1]) ? [...g.ring, g.ring[0]] : g.ring;
        features.push({ type: 'Feature', geometry: { type: 'Polygon', coordinates: [ring] }, properties: { code: g.code, communityCode: g.communityCode, streetCode: g.streetCode, serial: g.code.slice(-3) } });
      }
    } else if (layer === 'communities') {
      for (const c of await repo.communityRows(db)) features.push({ type: 'Feature', geometry: c.geometry as Feature['geometry'], properties: { code: c.code, name: c.name, streetCode: c.streetCode } });
    } else {
      for (const s of await repo.streetRows(db)) features.push({ type: 'Feature', geometry: s.geometry as Feature['geometry'], properties: { code: s.code, name: s.name } });
    }
    count = features.length;
    const fc: FeatureCollection = { type: 'FeatureCollection', features };
    built = { kind: 'vt', index: new GeoJSONVT(fc, { maxZoom: LAYER_ZOOM[layer].maxzoom, indexMaxZoom: 5, tolerance: 3, extent: 4096, buffer: 64 }) };
  } else if (layer === 'components') {
    const rows = await repo.componentPoints(db, variant.class);
    count = rows.length;
    const classes = interner();
    const states = interner();
    const lng = new Float64Array(count);
    const lat = new Float64Array(count);
    const cls = new Uint16Array(count);
    const state = new Uint8Array(count);
    const broken = new Uint8Array(count);
    const ids: string[] = new Array(count);
    rows.forEach((r, i) => {
      lng[i] = r.lng;
      lat[i] = r.lat;
      ids[i] = r.id;
      cls[i] = classes.of(r.classCode);
      state[i] = states.of(r.state);
      broken[i] = r.state === 'intact' ? 0 : 1;
    });
    const index = new PointIndex({ lng, lat, sums: { broken }, properties: (i) => ({ id: ids[i], class: classes.values[cls[i]], state: states.values[state[i]] }) });
    built = { kind: 'cluster', index };
  } else {
    const rows = await repo.casePoints(db, variant.scope ?? { kind: 'all' }, variant.state !== 'all', ctx.now());
    count = rows.length;
    built = { kind: 'cases', columns: caseColumns(rows) };
  }
  return { ...built, revision, builtAt: Date.now(), count, buildMs: Date.now() - t0 };
}

/**
 * The index for a layer variant, current to its revision. When an index exists but is out of date, a
 * new one is built in the background and the old one keeps answering (tiles a few seconds old beat a
 * stalled map); with no index yet, the first request waits for it.
 */
async function indexFor(store: TileStore, layer: TileLayer, variantKey: string, variant: Parameters<typeof buildIndex>[2]): Promise<Built> {
  const key = `${layer}|${variantKey}`;
  const revision = await store.revision(layer);
  let slot = store.slots.get(key);
  if (!slot) {
    slot = { current: null, building: null, lastUsed: Date.now() };
    store.slots.set(key, slot);
  }
  slot.lastUsed = Date.now();
  const s = slot;
  const fresh = (b: Built | null) => {
    if (!b) return false;
    const age = Date.now() - b.builtAt;
    // Busy case layers change every few seconds: rebuild at most every few times what a build costs.
    if (layer === 'cases' && age < Math.max(MIN_CASE_REBUILD_MS, 3 * b.buildMs)) return true;
    return b.revision === revision && (layer !== 'cases' || age < CASES_MAX_AGE_MS);
  };
  if (fresh(s.current)) return s.current!;
  if (!s.building) {
    s.building = buildIndex(store.ctx, layer, variant, revision)
      .then((b) => {
        // A slot dropped by invalidation while building must not come back with stale data.
        if (store.slots.get(key) === s) s.current = b;
        return b;
      })
      .finally(() => {
        s.building = null;
      });
  }
  if (s.current) {
    s.building.catch(() => {});
    return s.current;
  }
  return s.building;
}

function caseScope(actor: Actor): { scope: ListScope; key: string } {
  const scope = requireAccess(actor, 'case.read');
  if (scope === 'all') return { scope: { kind: 'all' }, key: 'all' };
  if (scope === 'department') return { scope: { kind: 'department', departmentId: actor.departmentId, streetCode: actor.streetCode }, key: `dept:${actor.departmentId}:${actor.streetCode}` };
  return { scope: { kind: 'own', userId: actor.id }, key: `own:${actor.id}` };
}

function dropIdleScopes(store: TileStore) {
  const now = Date.now();
  for (const [key, slot] of store.slots) if (key.startsWith('cases|') && !key.includes('|all|') && now - slot.lastUsed > SCOPED_TTL_MS) store.slots.delete(key);
}

export interface EncodedTile {
  body: Buffer;
  /** Changes whenever the tile could: layer, variant and revision. */
  etag: string;
}

/** The cases of one scope that pass a filter (cached per filter; rebuilt when the scope's columns are), with their cluster index when asked. */
function filteredCases(store: TileStore, key: string, columns: CaseColumns, filter: CaseMapFilter, withIndex: boolean): FilteredCases {
  let f = store.caseFilters.get(key);
  if (!f || f.columns !== columns) {
    const selection = selectCases(columns, filter);
    f = { columns, selection, lights: countLights(columns, selection), index: null };
    if (store.caseFilters.size >= CASE_FILTER_CACHE_SIZE) store.caseFilters.delete(store.caseFilters.keys().next().value!);
  } else store.caseFilters.delete(key); // re-inserted below: most recently used last
  store.caseFilters.set(key, f);
  if (withIndex && !f.index) f.index = caseClusterIndex(columns, f.selection);
  return f;
}

/** The counts behind the command map's case tiles for a filter, and the version to put in the tile URL. */
export async function caseMapSummary(ctx: AppContext, actor: Actor, filter: CaseMapFilter): Promise<CaseMapSummary> {
  const store = storeOf(ctx);
  const { scope, key } = caseScope(actor);
  const variantKey = `${key}|open`;
  dropIdleScopes(store);
  const built = await indexFor(store, 'cases', variantKey, { scope, state: 'open' });
  if (built.kind !== 'cases') throw new Error('cases index expected');
  const f = filteredCases(store, `${variantKey}|${filterKey(filter)}`, built.columns, filter, false);
  return {
    version: `${built.revision}.${built.builtAt}`,
    dataAt: new Date(built.builtAt).toISOString(),
    total: built.columns.size,
    visible: f.selection ? f.selection.length : built.columns.size,
    lights: f.lights,
  };
}

/** One tile as MVT bytes (an empty buffer where the layer has nothing), the layer inside named after the layer. */
export async function getTile(ctx: AppContext, actor: Actor, layer: TileLayer, z: number, x: number, y: number, q: TileQuery): Promise<EncodedTile> {
  if (layer === 'components') requireAccess(actor, 'component.read');
  else if (layer !== 'cases') requireAccess(actor, 'geo.read');
  const n = 2 ** z;
  if (x >= n || y >= n) throw new AppError('VALIDATION_FAILED', `tile ${z}/${x}/${y} does not exist`, [{ path: 'x', message: `x and y must be below 2^z = ${n}` }]);
  // Below the layer's first zoom there is nothing to draw (TileJSON tells MapLibre not to ask).
  if (z < LAYER_ZOOM[layer].minzoom) return { body: Buffer.alloc(0), etag: `"${layer}-below-minzoom"` };
  const store = storeOf(ctx);
  let variantKey = '-';
  const variant: Parameters<typeof buildIndex>[2] = {};
  if (layer === 'components' && q.class) {
    variantKey = q.class;
    variant.class = q.class;
  }
  if (layer === 'cases') {
    const { scope, key } = caseScope(actor);
    variant.scope = scope;
    variant.state = q.state ?? 'open';
    variantKey = `${key}|${variant.state}`;
    dropIdleScopes(store);
  }
  const built = await indexFor(store, layer, variantKey, variant);
  const fkey = layer === 'cases' && q.filter ? filterKey(q.filter) : '';
  const cacheKey = `${layer}|${variantKey}|${fkey}|${built.revision}@${built.builtAt}|${z}/${x}/${y}`;
  const etag = `"${createHash('sha1').update(cacheKey).digest('base64url')}"`;
  const cached = store.tiles.get(cacheKey);
  if (cached) return { body: cached, etag };
  const index = built.kind === 'cases' ? filteredCases(store, `${variantKey}|${fkey}`, built.columns, q.filter ?? {}, true).index! : built.index;
  const tile = index.getTile(z, x, y);
  const body = tile && tile.features.length ? Buffer.from(vtpbf.fromGeojsonVt({ [layer]: tile }, { version: 2, extent: 4096 })) : Buffer.alloc(0);
  store.cacheTile(cacheKey, body);
  return { body, etag };
}

/** TileJSON for MapLibre: where the tiles are and what their features carry. */
export function tileJson(ctx: AppContext, actor: Actor, layer: TileLayer, baseUrl: string) {
  if (layer === 'components') requireAccess(actor, 'component.read');
  else if (layer === 'cases') requireAccess(actor, 'case.read');
  else requireAccess(actor, 'geo.read');
  const fields: Record<TileLayer, Record<string, string>> = {
    grids: { code: '15-digit unit grid code', communityCode: 'community code', streetCode: 'street code', serial: 'serial within the community' },
    communities: { code: '12-digit community code', name: 'name', streetCode: 'street code' },
    streets: { code: '9-digit street code', name: 'name' },
    components: { id: '17-digit component identifier', class: 'class code', state: 'intact|damaged|lost|abandoned|removed', cluster: 'true on clusters', point_count: 'points in the cluster', point_count_abbreviated: 'e.g. 1.2k', broken: 'not intact, in the cluster' },
    cases: { number: 'case number', light: '0 green, 1 yellow, 2 red, -1 no clock', class: 'kind:class code', state: 'state', urgent: '1 urgent', cluster: 'true on clusters', point_count: 'cases in the cluster', red: 'red in the cluster', yellow: 'yellow in the cluster' },
  };
  void ctx;
  return {
    tilejson: '3.0.0',
    name: layer,
    scheme: 'xyz',
    tiles: [`${baseUrl}/api/tiles/${layer}/{z}/{x}/{y}.pbf`],
    minzoom: LAYER_ZOOM[layer].minzoom,
    maxzoom: LAYER_ZOOM[layer].maxzoom,
    vector_layers: [{ id: layer, fields: fields[layer], minzoom: LAYER_ZOOM[layer].minzoom, maxzoom: LAYER_ZOOM[layer].maxzoom }],
  };
}

/** Index sizes and build times (for the admin screen and benchmarks). */
export function tileStats(ctx: AppContext) {
  const store = stores.get(ctx);
  if (!store) return [];
  return [...store.slots].map(([key, s]) => ({ key, count: s.current?.count ?? null, buildMs: s.current?.buildMs ?? null, revision: s.current?.revision ?? null, building: !!s.building }));
}


