// Open cases as light map points, and same-class cases near a point: the SQL behind the command map and duplicate search.
import { and, desc, eq, gte, ne, or, sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../db/client';
import { cases } from '../db/schema';
import type { ListScope } from '../cases/case.repository';

/** The data scope as SQL; mirrors the case list (a department sees its own and its street's cases, an inspector their own). */
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

export interface CasePointRow {
  number: string;
  lng: number;
  lat: number;
  /** 0 green, 1 yellow, 2 red, null when no clock runs (e.g. suspended). */
  light: number | null;
  kind: string;
  classCode: string;
  state: string;
  source: string;
  urgency: string;
  streetCode: string | null;
  departmentId: string | null;
}

/** Every open case in scope, with its light as of `now`. Only the columns a map point needs. */
export async function openCasePoints(db: Executor, scope: ListScope, now: Date): Promise<CasePointRow[]> {
  return db
    .select({
      number: cases.number,
      lng: cases.lng,
      lat: cases.lat,
      light: sql<number | null>`case when ${cases.stepDeadline} is null then null when ${cases.stepDeadline} < ${now} then 2 when ${cases.stepWarnAt} <= ${now} then 1 else 0 end`,
      kind: cases.kind,
      classCode: cases.classCode,
      state: cases.state,
      source: cases.source,
      urgency: cases.urgency,
      streetCode: cases.streetCode,
      departmentId: cases.departmentId,
    })
    .from(cases)
    .where(and(scopeWhere(scope), sql`${cases.state} not in ('invalid','cancelled','closed')`));
}

/** Cases of one class inside a lng/lat box around a point, created since a time (candidate duplicates). */
export async function sameClassNear(
  db: Executor,
  p: { id: string; kind: string; classCode: string; lng: number; lat: number },
  box: { dLng: number; dLat: number },
  since: Date,
) {
  return db
    .select({
      id: cases.id,
      number: cases.number,
      state: cases.state,
      lng: cases.lng,
      lat: cases.lat,
      createdAt: cases.createdAt,
      description: cases.description,
      locationText: cases.locationText,
    })
    .from(cases)
    .where(
      and(
        ne(cases.id, p.id),
        eq(cases.kind, p.kind),
        eq(cases.classCode, p.classCode),
        gte(cases.createdAt, since),
        sql`${cases.state} not in ('invalid','cancelled')`,
        sql`${cases.lng} between ${p.lng - box.dLng} and ${p.lng + box.dLng}`,
        sql`${cases.lat} between ${p.lat - box.dLat} and ${p.lat + box.dLat}`,
      ),
    )
    .orderBy(desc(cases.createdAt))
    .limit(50);
}
