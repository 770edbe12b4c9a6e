// Command-map data: all open cases in the user's scope as compact points, and candidate duplicates near a case.
import { inScope, requireAccess, scopeFor, type Actor } from '../auth/policy';
import { findCase, findCaseByNumber, type ListScope } from '../cases/case.repository';
import { listClasses } from '../catalogue/catalogue.repository';
import type { AppContext } from '../context';
import { AppError } from '../errors';
import * as tiles from '../tiles/tiles.service';
import { openCasePoints, sameClassNear } from './map.repository';
import { CASE_POINT_COLUMNS, type CaseMapFilter, type CaseMapSummary, type CasePoints, type NearbyCase } from './map.schema';

function listScope(actor: Actor): ListScope {
  const scope = requireAccess(actor, 'case.read');
  if (scope === 'all') return { kind: 'all' };
  if (scope === 'department') return { kind: 'department', departmentId: actor.departmentId, streetCode: actor.streetCode };
  return { kind: 'own', userId: actor.id };
}

/** Interns values into a dictionary and returns their indexes, so that 100,000 rows stay small on the wire. */
function interner<T>() {
  const values: T[] = [];
  const index = new Map<T, number>();
  return {
    values,
    of(v: T): number {
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

const round6 = (x: number) => Math.round(x * 1e6) / 1e6;

export async function casePoints(ctx: AppContext, actor: Actor): Promise<CasePoints> {
  const scope = listScope(actor);
  const now = ctx.now();
  const [rows, classRows] = await Promise.all([openCasePoints(ctx.db, scope, now), listClasses(ctx.db)]);
  const names = new Map(classRows.map((c) => [`${c.kind}:${c.code}`, c]));
  const classes = interner<string>();
  const states = interner<string>();
  const sources = interner<string>();
  const streets = interner<string | null>();
  const departments = interner<string | null>();
  const out = rows.map((r) => [
    r.number,
    round6(r.lng),
    round6(r.lat),
    r.light === null ? null : Number(r.light),
    classes.of(`${r.kind}:${r.classCode}`),
    states.of(r.state),
    sources.of(r.source),
    r.urgency === 'urgent' ? 1 : 0,
    streets.of(r.streetCode),
    departments.of(r.departmentId),
  ]);
  return {
    generatedAt: now.toISOString(),
    count: out.length,
    columns: [...CASE_POINT_COLUMNS],
    lights: ['green', 'yellow', 'red'],
    classes: classes.values.map((key) => {
      const [kind, code] = key.split(':');
      const c = names.get(key);
      return { kind, code, nameZh: c?.nameZh ?? code, nameEn: c?.nameEn ?? code };
    }),
    states: states.values,
    sources: sources.values,
    streets: streets.values,
    departments: departments.values,
    rows: out,
  };
}

/** How many open cases in scope pass the command map's filter, by light (the tiles draw the same cases). */
export async function caseMapSummary(ctx: AppContext, actor: Actor, filter: CaseMapFilter): Promise<CaseMapSummary> {
  requireAccess(actor, 'case.read');
  return tiles.caseMapSummary(ctx, actor, filter);
}

const EARTH_M = 6_371_000;
function distanceM(aLng: number, aLat: number, bLng: number, bLat: number): number {
  const rad = Math.PI / 180;
  const dLat = (bLat - aLat) * rad;
  const dLng = (bLng - aLng) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(aLat * rad) * Math.cos(bLat * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_M * Math.asin(Math.sqrt(h));
}

/** Same-class cases within `radius` metres that were reported in the `days` before the case (or since): merge candidates. */
export async function nearbyDuplicates(ctx: AppContext, actor: Actor, idOrNumber: string, radius: number, days: number): Promise<NearbyCase[]> {
  const readScope = requireAccess(actor, 'case.read');
  const c = /^[0-9a-f-]{36}$/i.test(idOrNumber) ? await findCase(ctx.db, idOrNumber) : await findCaseByNumber(ctx.db, idOrNumber);
  const subject = { departmentIds: c ? [c.departmentId, ...c.coDepartmentIds] : [], streetCode: c?.streetCode, ownerIds: c ? [c.assigneeId, ...c.participantIds] : [] };
  if (!c || !inScope(actor, readScope, subject)) throw new AppError('CASE_NOT_FOUND');
  // Only centre staff see the whole district; others would learn of cases outside their scope.
  if (scopeFor(actor, 'case.read') !== 'all') return [];
  const dLat = radius / 111_320;
  const dLng = radius / (111_320 * Math.cos((c.lat * Math.PI) / 180));
  const since = new Date(c.createdAt.getTime() - days * 86_400_000);
  const rows = await sameClassNear(ctx.db, c, { dLng, dLat }, since);
  return rows
    .map((r) => ({
      id: r.id,
      number: r.number,
      state: r.state,
      lng: r.lng,
      lat: r.lat,
      distanceM: Math.round(distanceM(c.lng, c.lat, r.lng, r.lat)),
      createdAt: r.createdAt.toISOString(),
      description: r.description,
      locationText: r.locationText,
    }))
    .filter((r) => r.distanceM <= radius)
    .sort((a, b) => a.distanceM - b.distanceM);
}
