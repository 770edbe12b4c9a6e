// Keyset pages of cases and case events for streamed exports: each page starts after the last row of the previous one,
// so a year of data is read a thousand rows at a time, never all at once and never with growing offsets.
import { and, asc, eq, gt, gte, lte, or, sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../db/client';
import { caseEvents, cases, catalogueClasses, departments } from '../db/schema';

export type ExportScope =
  | { kind: 'all' }
  | { kind: 'department'; departmentId: string | null; streetCode: string | null }
  | { kind: 'createdBy'; userId: string };

function scopeWhere(scope: ExportScope): SQL | undefined {
  switch (scope.kind) {
    case 'all':
      return undefined;
    case 'department': {
      const parts: SQL[] = [];
      if (scope.departmentId) parts.push(eq(cases.departmentId, scope.departmentId), sql`${scope.departmentId}::uuid = any(${cases.coDepartmentIds})`);
      if (scope.streetCode) parts.push(eq(cases.streetCode, scope.streetCode));
      return parts.length ? or(...parts) : sql`false`;
    }
    case 'createdBy':
      return eq(cases.createdBy, scope.userId);
  }
}

export async function casesPage(db: Executor, q: { from: Date; to: Date; scope: ExportScope; after: { createdAt: Date; id: string } | null; limit: number }) {
  const after = q.after ? or(gt(cases.createdAt, q.after.createdAt), and(eq(cases.createdAt, q.after.createdAt), gt(cases.id, q.after.id))) : undefined;
  return db
    .select({
      c: cases,
      classNameZh: catalogueClasses.nameZh,
      classNameEn: catalogueClasses.nameEn,
      departmentNameZh: departments.nameZh,
      departmentNameEn: departments.nameEn,
    })
    .from(cases)
    .leftJoin(catalogueClasses, and(eq(catalogueClasses.kind, cases.kind), eq(catalogueClasses.code, cases.classCode)))
    .leftJoin(departments, eq(departments.id, cases.departmentId))
    .where(and(gte(cases.createdAt, q.from), lte(cases.createdAt, q.to), scopeWhere(q.scope), after))
    .orderBy(asc(cases.createdAt), asc(cases.id))
    .limit(q.limit);
}

export async function eventsPage(db: Executor, q: { from: Date; to: Date; scope: ExportScope; afterId: number; limit: number }) {
  return db
    .select({ e: caseEvents, number: cases.number })
    .from(caseEvents)
    .innerJoin(cases, eq(cases.id, caseEvents.caseId))
    .where(and(gte(caseEvents.at, q.from), lte(caseEvents.at, q.to), gt(caseEvents.id, q.afterId), scopeWhere(q.scope)))
    .orderBy(asc(caseEvents.id))
    .limit(q.limit);
}
