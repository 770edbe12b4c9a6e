// Base data in the database: the current streets/communities/grids/beats as records, staged imports,
// applying a change set, versions with their per-record changes, and map layer revisions.
import { and, asc, desc, eq, gt, inArray, lte, sql } from 'drizzle-orm';
import type { BaseDataState, BaseLayer, BeatRecord, CommunityRecord, GridRecord, LayerRecords, StreetRecord } from '../../domain/geo/basedata';
import { emptyState, ringAreaM2 } from '../../domain/geo/basedata';
import { pointOnSurface, type PolygonGeometry, type Ring } from '../../domain/geo';
import type { Executor } from '../db/client';
import {
  basedataChanges,
  basedataImportFeatures,
  basedataImports,
  basedataVersions,
  beats,
  communities,
  components,
  grids,
  mapLayerRevisions,
  streets,
  users,
} from '../db/schema';

const CHUNK = 500;
async function chunked<T>(rows: T[], f: (part: T[]) => Promise<unknown>, size = CHUNK): Promise<void> {
  for (let i = 0; i < rows.length; i += size) await f(rows.slice(i, i + size));
}

const round7 = (v: number) => Math.round(v * 1e7) / 1e7;
const roundRing = (ring: Ring): Ring => ring.map(([x, y]) => [round7(x), round7(y)]);
/** Stored geometry at the precision imports keep (1e-7°), so that unrounded rows do not look changed. */
function roundGeom(g: PolygonGeometry): PolygonGeometry {
  return g.type === 'Polygon' ? { type: 'Polygon', coordinates: g.coordinates.map(roundRing) } : { type: 'MultiPolygon', coordinates: g.coordinates.map((p) => p.map(roundRing)) };
}

const closed = (ring: Ring): Ring => {
  if (ring.length === 0) return ring;
  const [a, b] = [ring[0], ring[ring.length - 1]];
  return a[0] === b[0] && a[1] === b[1] ? ring : [...ring, [a[0], a[1]]];
};

/** Everything, as records keyed by code. */
export async function loadState(db: Executor): Promise<BaseDataState> {
  const state = emptyState();
  for (const s of await db.select().from(streets)) {
    state.streets.set(s.code, { code: s.code, name: s.name, type: s.type, geometry: roundGeom(s.geometry as PolygonGeometry) });
  }
  for (const c of await db.select().from(communities)) {
    state.communities.set(c.code, { code: c.code, streetCode: c.streetCode, name: c.name, type: c.type, areaClass: c.areaClass, geometry: roundGeom(c.geometry as PolygonGeometry) });
  }
  const beatCodes = new Map<string, BeatRecord>();
  const beatRows = await db
    .select({ id: beats.id, code: beats.code, name: beats.name, communityCode: beats.communityCode, inspector: users.username })
    .from(beats)
    .leftJoin(users, eq(users.id, beats.inspectorId));
  const beatById = new Map<string, BeatRecord>();
  for (const b of beatRows) {
    const rec: BeatRecord = { code: b.code, name: b.name, communityCode: b.communityCode, inspector: b.inspector ?? null, gridCodes: [] };
    beatById.set(b.id, rec);
    beatCodes.set(b.code, rec);
  }
  const gridRows = await db.select({ code: grids.code, communityCode: grids.communityCode, streetCode: grids.streetCode, ring: grids.ring, beatId: grids.beatId }).from(grids).orderBy(asc(grids.code));
  for (const g of gridRows) {
    state.grids.set(g.code, { code: g.code, communityCode: g.communityCode, streetCode: g.streetCode, ring: closed(roundRing(g.ring)) });
    if (g.beatId) beatById.get(g.beatId)?.gridCodes.push(g.code);
  }
  for (const b of beatCodes.values()) state.beats.set(b.code, b);
  return state;
}

export async function inspectorUsernames(db: Executor): Promise<Set<string>> {
  const rows = await db.select({ username: users.username }).from(users).where(sql`'inspector' = any(${users.roles})`);
  return new Set(rows.map((r) => r.username));
}

/** Serialises base data changes across processes (an advisory lock held to the end of the transaction). */
export async function lockBaseData(tx: Executor): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(220106, 1)`);
}

// ---------------------------------------------------------------- staged imports

export type ImportRow = typeof basedataImports.$inferSelect;

export async function insertImport(db: Executor, row: typeof basedataImports.$inferInsert): Promise<ImportRow> {
  const [r] = await db.insert(basedataImports).values(row).returning();
  return r;
}

export async function insertImportFeatures(db: Executor, importId: string, rows: { layer: BaseLayer; code: string; position: number; record: unknown }[]) {
  await chunked(rows, (part) => db.insert(basedataImportFeatures).values(part.map((r) => ({ importId, ...r }))));
}

export async function findImport(db: Executor, id: string, forUpdate = false): Promise<ImportRow | null> {
  const q = db.select().from(basedataImports).where(eq(basedataImports.id, id));
  const rows = forUpdate ? await q.for('update') : await q;
  return rows[0] ?? null;
}

export async function listImports(db: Executor, limit: number) {
  return db
    .select({
      id: basedataImports.id,
      status: basedataImports.status,
      kind: basedataImports.kind,
      mode: basedataImports.mode,
      layers: basedataImports.layers,
      source: basedataImports.source,
      summary: basedataImports.summary,
      errorCount: basedataImports.errorCount,
      warningCount: basedataImports.warningCount,
      createdBy: basedataImports.createdBy,
      createdAt: basedataImports.createdAt,
      appliedVersion: basedataImports.appliedVersion,
    })
    .from(basedataImports)
    .orderBy(desc(basedataImports.createdAt))
    .limit(limit);
}

export async function importRecords(db: Executor, importId: string): Promise<{ layer: BaseLayer; code: string; position: number; record: unknown }[]> {
  const rows = await db
    .select({ layer: basedataImportFeatures.layer, code: basedataImportFeatures.code, position: basedataImportFeatures.position, record: basedataImportFeatures.record })
    .from(basedataImportFeatures)
    .where(eq(basedataImportFeatures.importId, importId))
    .orderBy(asc(basedataImportFeatures.position));
  return rows as { layer: BaseLayer; code: string; position: number; record: unknown }[];
}

export async function setImportStatus(db: Executor, id: string, patch: Partial<typeof basedataImports.$inferInsert>) {
  await db.update(basedataImports).set(patch).where(eq(basedataImports.id, id));
}

/** Removes an import that was never applied, with its staged rows. */
export async function deleteImport(db: Executor, id: string) {
  await db.delete(basedataImportFeatures).where(eq(basedataImportFeatures.importId, id));
  await db.delete(basedataImports).where(and(eq(basedataImports.id, id), eq(basedataImports.status, 'previewed')));
}

/** Staged rows of imports left unapplied for a long time are only clutter: drop them (the import row stays). */
export async function dropStaleStaging(db: Executor, before: Date) {
  const stale = db.select({ id: basedataImports.id }).from(basedataImports).where(and(eq(basedataImports.status, 'previewed'), lte(basedataImports.createdAt, before)));
  await db.delete(basedataImportFeatures).where(inArray(basedataImportFeatures.importId, stale));
  await db.update(basedataImports).set({ status: 'expired' }).where(and(eq(basedataImports.status, 'previewed'), lte(basedataImports.createdAt, before)));
}

// ---------------------------------------------------------------- applying a change set

export interface ChangeSet {
  upserts: { [L in BaseLayer]: LayerRecords[L][] };
  removals: { [L in BaseLayer]: string[] };
}

export async function applyChangeSet(tx: Executor, cs: ChangeSet, opts: { districtCode: string; generated: boolean; inspectorIds: Map<string, string> }) {
  const x = (col: string) => sql.raw(`excluded.${col}`);
  await chunked(cs.upserts.streets, (part: StreetRecord[]) =>
    tx
      .insert(streets)
      .values(part.map((s) => ({ code: s.code, districtCode: opts.districtCode, name: s.name, type: s.type, geometry: s.geometry, generated: opts.generated })))
      .onConflictDoUpdate({ target: streets.code, set: { name: x('name'), type: x('type'), geometry: x('geometry'), generated: x('generated') } }),
  );
  await chunked(cs.upserts.communities, (part: CommunityRecord[]) =>
    tx
      .insert(communities)
      .values(part.map((c) => ({ code: c.code, streetCode: c.streetCode, name: c.name, type: c.type, areaClass: c.areaClass, geometry: c.geometry, generated: opts.generated })))
      .onConflictDoUpdate({
        target: communities.code,
        set: { streetCode: x('street_code'), name: x('name'), type: x('type'), areaClass: x('area_class'), geometry: x('geometry'), generated: x('generated') },
      }),
  );
  await chunked(cs.upserts.grids, (part: GridRecord[]) =>
    tx
      .insert(grids)
      .values(
        part.map((g) => {
          const [lng, lat] = pointOnSurface(g.ring);
          return {
            code: g.code,
            communityCode: g.communityCode,
            streetCode: g.streetCode,
            ring: g.ring,
            areaM2: Math.round(ringAreaM2(g.ring) * 10) / 10,
            centroidLng: Math.round(lng * 1e7) / 1e7,
            centroidLat: Math.round(lat * 1e7) / 1e7,
            generated: opts.generated,
          };
        }),
      )
      .onConflictDoUpdate({
        target: grids.code,
        set: {
          communityCode: x('community_code'),
          streetCode: x('street_code'),
          ring: x('ring'),
          areaM2: x('area_m2'),
          centroidLng: x('centroid_lng'),
          centroidLat: x('centroid_lat'),
          generated: x('generated'),
        },
      }),
  );
  for (const b of cs.upserts.beats) {
    const inspectorId = b.inspector ? (opts.inspectorIds.get(b.inspector) ?? null) : null;
    const [row] = await tx
      .insert(beats)
      .values({ code: b.code, name: b.name, communityCode: b.communityCode, inspectorId })
      .onConflictDoUpdate({ target: beats.code, set: { name: b.name, communityCode: b.communityCode, inspectorId } })
      .returning({ id: beats.id });
    await tx.update(grids).set({ beatId: null }).where(eq(grids.beatId, row.id));
    await chunked(b.gridCodes, (part) => tx.update(grids).set({ beatId: row.id }).where(inArray(grids.code, part)), 2000);
  }
  if (cs.removals.beats.length) {
    const ids = tx.select({ id: beats.id }).from(beats).where(inArray(beats.code, cs.removals.beats));
    await tx.update(grids).set({ beatId: null }).where(inArray(grids.beatId, ids));
    await tx.delete(beats).where(inArray(beats.code, cs.removals.beats));
  }
  await chunked(cs.removals.grids, (part) => tx.delete(grids).where(inArray(grids.code, part)), 2000);
  await chunked(cs.removals.communities, (part) => tx.delete(communities).where(inArray(communities.code, part)));
  await chunked(cs.removals.streets, (part) => tx.delete(streets).where(inArray(streets.code, part)));
}

export async function userIdsByUsername(db: Executor, usernames: string[]): Promise<Map<string, string>> {
  if (usernames.length === 0) return new Map();
  const rows = await db.select({ id: users.id, username: users.username }).from(users).where(inArray(users.username, usernames));
  return new Map(rows.map((r) => [r.username, r.id]));
}

// ---------------------------------------------------------------- versions

export type VersionRow = typeof basedataVersions.$inferSelect;

export async function nextVersionNumber(tx: Executor): Promise<number> {
  const [r] = await tx.select({ n: sql<number>`coalesce(max(${basedataVersions.number}), 0)::int` }).from(basedataVersions);
  return Number(r.n) + 1;
}

export async function insertVersion(tx: Executor, row: typeof basedataVersions.$inferInsert): Promise<VersionRow> {
  const [v] = await tx.insert(basedataVersions).values(row).returning();
  return v;
}

export async function insertChanges(tx: Executor, rows: (typeof basedataChanges.$inferInsert)[]) {
  await chunked(rows, (part) => tx.insert(basedataChanges).values(part), 300);
}

export async function listVersions(db: Executor, limit: number) {
  return db.select().from(basedataVersions).orderBy(desc(basedataVersions.number)).limit(limit);
}

export async function findVersion(db: Executor, number: number): Promise<VersionRow | null> {
  const [v] = await db.select().from(basedataVersions).where(eq(basedataVersions.number, number));
  return v ?? null;
}

export async function latestVersionNumber(db: Executor): Promise<number> {
  const [r] = await db.select({ n: sql<number>`coalesce(max(${basedataVersions.number}), 0)::int` }).from(basedataVersions);
  return Number(r.n);
}

export async function versionChanges(db: Executor, number: number, q: { layer?: BaseLayer; limit: number; offset: number }) {
  const where = q.layer ? and(eq(basedataChanges.versionNumber, number), eq(basedataChanges.layer, q.layer)) : eq(basedataChanges.versionNumber, number);
  return db.select().from(basedataChanges).where(where).orderBy(asc(basedataChanges.layer), asc(basedataChanges.code)).limit(q.limit).offset(q.offset);
}

export async function allVersionChanges(db: Executor, number: number) {
  return db.select().from(basedataChanges).where(eq(basedataChanges.versionNumber, number));
}

/** Every change after version `from` up to and including `to`, oldest first. */
export async function changesBetween(db: Executor, from: number, to: number) {
  return db
    .select()
    .from(basedataChanges)
    .where(and(gt(basedataChanges.versionNumber, from), lte(basedataChanges.versionNumber, to)))
    .orderBy(asc(basedataChanges.versionNumber));
}

// ---------------------------------------------------------------- map layer revisions

/** Bumps the revision of map layers so that tile indexes everywhere rebuild. */
export async function bumpLayerRevisions(db: Executor, layers: string[], at: Date) {
  for (const layer of layers) {
    await db
      .insert(mapLayerRevisions)
      .values({ layer, revision: 1, updatedAt: at })
      .onConflictDoUpdate({ target: mapLayerRevisions.layer, set: { revision: sql`${mapLayerRevisions.revision} + 1`, updatedAt: at } });
  }
}

export async function layerRevisions(db: Executor): Promise<Map<string, number>> {
  const rows = await db.select().from(mapLayerRevisions);
  return new Map(rows.map((r) => [r.layer, r.revision]));
}


// ---------------------------------------------------------------- records for lists (no geometry)

export interface RecordFilter {
  /** Code starting with, or name containing. */
  q?: string;
  streetCode?: string;
  communityCode?: string;
  limit: number;
  offset: number;
}

const likeEscape = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

function recordWhere(layer: BaseLayer, f: RecordFilter) {
  const w = [];
  const q = f.q?.trim();
  if (layer === 'streets') {
    if (q) w.push(sql`(${streets.code} like ${likeEscape(q) + '%'} or ${streets.name} ilike ${'%' + likeEscape(q) + '%'})`);
    if (f.streetCode) w.push(eq(streets.code, f.streetCode));
  } else if (layer === 'communities') {
    if (q) w.push(sql`(${communities.code} like ${likeEscape(q) + '%'} or ${communities.name} ilike ${'%' + likeEscape(q) + '%'})`);
    if (f.streetCode) w.push(eq(communities.streetCode, f.streetCode));
    if (f.communityCode) w.push(eq(communities.code, f.communityCode));
  } else if (layer === 'grids') {
    if (q) w.push(sql`${grids.code} like ${'%' + likeEscape(q) + '%'}`);
    if (f.streetCode) w.push(eq(grids.streetCode, f.streetCode));
    if (f.communityCode) w.push(eq(grids.communityCode, f.communityCode));
  } else {
    if (q) w.push(sql`(${beats.code} like ${'%' + likeEscape(q) + '%'} or ${beats.name} ilike ${'%' + likeEscape(q) + '%'})`);
    if (f.communityCode) w.push(eq(beats.communityCode, f.communityCode));
    if (f.streetCode) w.push(sql`${beats.communityCode} like ${f.streetCode + '%'}`);
  }
  return w.length ? and(...w) : undefined;
}

/** One page of a layer's records for the administration lists, with counts of what they hold. */
export async function searchRecords(db: Executor, layer: BaseLayer, f: RecordFilter): Promise<{ total: number; rows: Record<string, unknown>[] }> {
  const where = recordWhere(layer, f);
  const count = sql<number>`count(*)::int`;
  if (layer === 'streets') {
    const [rows, [{ n }]] = await Promise.all([
      db
        .select({
          code: streets.code,
          name: streets.name,
          type: streets.type,
          generated: streets.generated,
          communityCount: sql<number>`(select count(*)::int from communities c2 where c2.street_code = "streets"."code")`,
          gridCount: sql<number>`(select count(*)::int from grids g2 where g2.street_code = "streets"."code")`,
        })
        .from(streets)
        .where(where)
        .orderBy(asc(streets.code))
        .limit(f.limit)
        .offset(f.offset),
      db.select({ n: count }).from(streets).where(where),
    ]);
    return { total: Number(n), rows };
  }
  if (layer === 'communities') {
    const [rows, [{ n }]] = await Promise.all([
      db
        .select({
          code: communities.code,
          name: communities.name,
          type: communities.type,
          areaClass: communities.areaClass,
          streetCode: communities.streetCode,
          streetName: streets.name,
          generated: communities.generated,
          gridCount: sql<number>`(select count(*)::int from grids g2 where g2.community_code = "communities"."code")`,
        })
        .from(communities)
        .leftJoin(streets, eq(streets.code, communities.streetCode))
        .where(where)
        .orderBy(asc(communities.code))
        .limit(f.limit)
        .offset(f.offset),
      db.select({ n: count }).from(communities).where(where),
    ]);
    return { total: Number(n), rows };
  }
  if (layer === 'grids') {
    const [rows, [{ n }]] = await Promise.all([
      db
        .select({
          code: grids.code,
          communityCode: grids.communityCode,
          communityName: communities.name,
          streetCode: grids.streetCode,
          streetName: streets.name,
          areaM2: grids.areaM2,
          lng: grids.centroidLng,
          lat: grids.centroidLat,
          beatCode: beats.code,
          beatName: beats.name,
          inspector: users.displayName,
          generated: grids.generated,
        })
        .from(grids)
        .leftJoin(communities, eq(communities.code, grids.communityCode))
        .leftJoin(streets, eq(streets.code, grids.streetCode))
        .leftJoin(beats, eq(beats.id, grids.beatId))
        .leftJoin(users, eq(users.id, beats.inspectorId))
        .where(where)
        .orderBy(asc(grids.code))
        .limit(f.limit)
        .offset(f.offset),
      db.select({ n: count }).from(grids).where(where),
    ]);
    return { total: Number(n), rows };
  }
  const [rows, [{ n }]] = await Promise.all([
    db
      .select({
        code: beats.code,
        name: beats.name,
        communityCode: beats.communityCode,
        communityName: communities.name,
        inspector: users.username,
        inspectorName: users.displayName,
        gridCount: sql<number>`(select count(*)::int from grids g2 where g2.beat_id = "beats"."id")`,
      })
      .from(beats)
      .leftJoin(communities, eq(communities.code, beats.communityCode))
      .leftJoin(users, eq(users.id, beats.inspectorId))
      .where(where)
      .orderBy(asc(beats.code))
      .limit(f.limit)
      .offset(f.offset),
    db.select({ n: count }).from(beats).where(where),
  ]);
  return { total: Number(n), rows };
}

/** How many components lie in a grid (shown before a grid is renumbered or removed). */
export async function componentCountInGrid(db: Executor, gridCode: string): Promise<number> {
  const [r] = await db.select({ n: sql<number>`count(*)::int` }).from(components).where(eq(components.gridCode, gridCode));
  return Number(r.n);
}

/** One record as it is stored, or null. */
export async function findRecord(db: Executor, layer: BaseLayer, code: string): Promise<LayerRecords[BaseLayer] | null> {
  if (layer === 'streets') {
    const [s] = await db.select().from(streets).where(eq(streets.code, code));
    return s ? { code: s.code, name: s.name, type: s.type, geometry: roundGeom(s.geometry as PolygonGeometry) } : null;
  }
  if (layer === 'communities') {
    const [c] = await db.select().from(communities).where(eq(communities.code, code));
    return c ? { code: c.code, streetCode: c.streetCode, name: c.name, type: c.type, areaClass: c.areaClass, geometry: roundGeom(c.geometry as PolygonGeometry) } : null;
  }
  if (layer === 'grids') {
    const [g] = await db.select({ code: grids.code, communityCode: grids.communityCode, streetCode: grids.streetCode, ring: grids.ring }).from(grids).where(eq(grids.code, code));
    return g ? { code: g.code, communityCode: g.communityCode, streetCode: g.streetCode, ring: closed(roundRing(g.ring)) } : null;
  }
  const [b] = await db
    .select({ id: beats.id, code: beats.code, name: beats.name, communityCode: beats.communityCode, inspector: users.username })
    .from(beats)
    .leftJoin(users, eq(users.id, beats.inspectorId))
    .where(eq(beats.code, code));
  if (!b) return null;
  const gs = await db.select({ code: grids.code }).from(grids).where(eq(grids.beatId, b.id)).orderBy(asc(grids.code));
  return { code: b.code, name: b.name, communityCode: b.communityCode, inspector: b.inspector ?? null, gridCodes: gs.map((g) => g.code) };
}

/** The rings of some unit grids, by code. */
export async function gridRings(db: Executor, codes: string[]): Promise<Map<string, GridRecord>> {
  const out = new Map<string, GridRecord>();
  for (let i = 0; i < codes.length; i += 2000) {
    const rows = await db.select({ code: grids.code, communityCode: grids.communityCode, streetCode: grids.streetCode, ring: grids.ring }).from(grids).where(inArray(grids.code, codes.slice(i, i + 2000)));
    for (const g of rows) out.set(g.code, { code: g.code, communityCode: g.communityCode, streetCode: g.streetCode, ring: closed(roundRing(g.ring)) });
  }
  return out;
}

/** An active user by name, or the longest-serving active administrator: who the command line acts as. */
export async function cliUser(db: Executor, username?: string) {
  const where = username ? and(eq(users.username, username), eq(users.active, true)) : and(sql`'admin' = any(${users.roles})`, eq(users.active, true));
  const [u] = await db.select({ id: users.id, username: users.username, roles: users.roles, departmentId: users.departmentId }).from(users).where(where).orderBy(asc(users.createdAt), asc(users.username)).limit(1);
  return u ?? null;
}
