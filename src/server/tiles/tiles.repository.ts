// What the map tiles are built from: the geometry layers, components and case points, with the cheap
// revision numbers that tell whether an index in memory is still current.
import { and, eq, or, sql, type SQL } from 'drizzle-orm';
import type { ListScope } from '../cases/case.repository';
import type { Executor } from '../db/client';
import { caseEvents, cases, communities, components, grids, mapLayerRevisions, streets } from '../db/schema';

export async function gridRows(db: Executor) {
  return db.select({ code: grids.code, communityCode: grids.communityCode, streetCode: grids.streetCode, ring: grids.ring }).from(grids);
}

export async function streetRows(db: Executor) {
  return db.select({ code: streets.code, name: streets.name, geometry: streets.geometry }).from(streets);
}

export async function communityRows(db: Executor) {
  return db.select({ code: communities.code, name: communities.name, streetCode: communities.streetCode, geometry: communities.geometry }).from(communities);
}

export async function componentPoints(db: Executor, classCode?: string) {
  return db
    .select({ id: components.id, classCode: components.classCode, state: components.state, lng: components.lng, lat: components.lat })
    .from(components)
    .where(classCode ? eq(components.classCode, classCode) : undefined);
}

function scopeWhere(scope: ListScope): SQL | undefined {
  switch (scope.kind) {
    case 'all':
      return undefined;
    case 'department': {
      const parts: SQL[] = [];
      if (scope.departmentId) parts.push(eq(cases.departmentId, scope.departmentId), sql`${scope.departmentId}::uuid = any(${cases.coDepartmentIds})`);
      if (scope.streetCode) parts.push(eq(cases.streetCode, scope.streetCode));
      return parts.length ? or(...parts) : sql`false`;
    }
    case 'own':
      return or(eq(cases.assigneeId, scope.userId), sql`${scope.userId}::uuid = any(${cases.participantIds})`);
  }
}

/** Case points in scope: open ones (with their light as of `now`) or all of them. Only what a map point needs. */
export async function casePoints(db: Executor, scope: ListScope, open: boolean, now: Date) {
  return db
    .select({
      number: cases.number,
      lng: cases.lng,
      lat: cases.lat,
      light: sql<number | null>`case when ${cases.stepDeadline} is null then null when ${cases.stepDeadline} < ${now} then 2 when ${cases.stepWarnAt} <= ${now} then 1 else 0 end`,
      kind: cases.kind,
      classCode: cases.classCode,
      state: cases.state,
      urgency: cases.urgency,
      source: cases.source,
      streetCode: cases.streetCode,
    })
    .from(cases)
    .where(and(scopeWhere(scope), open ? sql`${cases.state} not in ('invalid','cancelled','closed')` : undefined));
}

/** The revision counters bumped by base data and component writes. */
export async function layerRevisions(db: Executor): Promise<Map<string, number>> {
  const rows = await db.select({ layer: mapLayerRevisions.layer, revision: mapLayerRevisions.revision }).from(mapLayerRevisions);
  return new Map(rows.map((r) => [r.layer, r.revision]));
}

/** Every case change appends an event: the newest event id is the cases layer's revision (an index-only lookup). */
export async function caseRevision(db: Executor): Promise<number> {
  const [r] = await db.select({ id: sql<number | null>`max(${caseEvents.id})` }).from(caseEvents);
  return Number(r?.id ?? 0);
}
