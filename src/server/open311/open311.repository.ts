// Read queries of the Open311 API: service requests (cases) with their class, department and integration references,
// and case events as service request updates.
import { and, asc, desc, eq, gte, inArray, isNull, lte, ne, or, sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../db/client';
import { caseEvents, cases, catalogueClasses, communities, departments, integrationCaseRefs, publicModeration, streets } from '../db/schema';

export interface RequestFilter {
  numbers?: string[];
  classes?: { kind: string; code: string }[];
  from?: Date;
  to?: Date;
  open?: boolean;
  /**
   * Set for callers who may not see every case: only what the public sees (not invalid, cancelled or hidden by
   * moderation), plus the cases reported by `orCreatedBy` (an API key with scope 'own').
   */
  publicOr?: { createdBy: string | null };
  limit: number;
  offset: number;
}

const lastAction = sql<string | null>`(select ${caseEvents.action} from ${caseEvents} where ${caseEvents.caseId} = ${cases.id} order by ${caseEvents.seq} desc limit 1)`;
// The moderation decisions of the public portal (审核): a hidden case, and whether its report text is published.
const caseHidden = sql<boolean>`exists (select 1 from ${publicModeration} where ${publicModeration.caseId} = ${cases.id} and ${publicModeration.item} = 'case' and ${publicModeration.status} = 'hidden')`;
const textStatus = sql<string | null>`(select ${publicModeration.status} from ${publicModeration} where ${publicModeration.caseId} = ${cases.id} and ${publicModeration.item} = 'report_text' and ${publicModeration.ref} = '')`;
const redactedText = sql<string | null>`(select ${publicModeration.redactedText} from ${publicModeration} where ${publicModeration.caseId} = ${cases.id} and ${publicModeration.item} = 'report_text' and ${publicModeration.ref} = '')`;
const firstMedia = sql<string[] | null>`(select ${integrationCaseRefs.mediaUrls} from ${integrationCaseRefs} where ${integrationCaseRefs.caseId} = ${cases.id} order by ${integrationCaseRefs.createdAt} limit 1)`;

const requestColumns = {
  id: cases.id,
  number: cases.number,
  kind: cases.kind,
  classCode: cases.classCode,
  description: cases.description,
  locationText: cases.locationText,
  lng: cases.lng,
  lat: cases.lat,
  gridCode: cases.gridCode,
  communityCode: cases.communityCode,
  streetCode: cases.streetCode,
  source: cases.source,
  urgency: cases.urgency,
  state: cases.state,
  closeType: cases.closeType,
  duplicateOf: cases.duplicateOf,
  handleDeadline: cases.handleDeadline,
  closedAt: cases.closedAt,
  createdAt: cases.createdAt,
  updatedAt: cases.updatedAt,
  createdBy: cases.createdBy,
  classNameZh: catalogueClasses.nameZh,
  classNameEn: catalogueClasses.nameEn,
  privatePoint: catalogueClasses.privatePoint,
  departmentNameZh: departments.nameZh,
  departmentNameEn: departments.nameEn,
  communityName: communities.name,
  streetName: streets.name,
  lastAction,
  mediaUrls: firstMedia,
  caseHidden,
  textStatus,
  redactedText,
};

export type RequestRow = Awaited<ReturnType<typeof listRequests>>[number];

function requestWhere(f: Omit<RequestFilter, 'limit' | 'offset'>): SQL | undefined {
  const w: SQL[] = [];
  if (f.numbers) w.push(f.numbers.length ? inArray(cases.number, f.numbers) : sql`false`);
  if (f.classes) w.push(f.classes.length ? or(...f.classes.map((c) => and(eq(cases.kind, c.kind), eq(cases.classCode, c.code))!))! : sql`false`);
  if (f.from) w.push(gte(cases.createdAt, f.from));
  if (f.to) w.push(lte(cases.createdAt, f.to));
  if (f.open === true) w.push(sql`${cases.state} not in ('invalid','cancelled','closed')`);
  if (f.open === false) w.push(inArray(cases.state, ['invalid', 'cancelled', 'closed']));
  if (f.publicOr) {
    const isPublic = and(sql`${cases.state} not in ('invalid','cancelled')`, sql`not ${caseHidden}`)!;
    w.push(f.publicOr.createdBy ? or(isPublic, eq(cases.createdBy, f.publicOr.createdBy))! : isPublic);
  }
  return w.length ? and(...w) : undefined;
}

export async function listRequests(db: Executor, f: RequestFilter) {
  return db
    .select(requestColumns)
    .from(cases)
    .leftJoin(catalogueClasses, and(eq(catalogueClasses.kind, cases.kind), eq(catalogueClasses.code, cases.classCode)))
    .leftJoin(departments, eq(departments.id, cases.departmentId))
    .leftJoin(communities, eq(communities.code, cases.communityCode))
    .leftJoin(streets, eq(streets.code, cases.streetCode))
    .where(requestWhere(f))
    .orderBy(desc(cases.createdAt), desc(cases.number))
    .limit(f.limit)
    .offset(f.offset);
}

export async function findRequest(db: Executor, idOrNumber: string) {
  const byId = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(idOrNumber);
  const rows = await db
    .select(requestColumns)
    .from(cases)
    .leftJoin(catalogueClasses, and(eq(catalogueClasses.kind, cases.kind), eq(catalogueClasses.code, cases.classCode)))
    .leftJoin(departments, eq(departments.id, cases.departmentId))
    .leftJoin(communities, eq(communities.code, cases.communityCode))
    .leftJoin(streets, eq(streets.code, cases.streetCode))
    .where(byId ? eq(cases.id, idOrNumber) : eq(cases.number, idOrNumber));
  return rows[0] ?? null;
}

/** The public timeline of a case: the events that changed its state. */
export async function stateEventsOf(db: Executor, caseId: string) {
  return db
    .select({ id: caseEvents.id, seq: caseEvents.seq, action: caseEvents.action, fromState: caseEvents.fromState, toState: caseEvents.toState, at: caseEvents.at, note: caseEvents.note, payload: caseEvents.payload })
    .from(caseEvents)
    .where(and(eq(caseEvents.caseId, caseId), or(isNull(caseEvents.fromState), ne(caseEvents.fromState, caseEvents.toState))))
    .orderBy(asc(caseEvents.seq));
}

export interface UpdateFilter {
  from: Date;
  to: Date;
  createdBy?: string;
  /** Events made by this user are left out (a client is not told its own updates back). */
  excludeActorId: string;
  limit: number;
  offset: number;
}

/** State changes of cases as service request updates, oldest first. */
export async function listUpdates(db: Executor, f: UpdateFilter) {
  const w: SQL[] = [
    gte(caseEvents.at, f.from),
    lte(caseEvents.at, f.to),
    or(isNull(caseEvents.fromState), ne(caseEvents.fromState, caseEvents.toState))!,
    or(isNull(caseEvents.actorId), ne(caseEvents.actorId, f.excludeActorId))!,
  ];
  if (f.createdBy) w.push(eq(cases.createdBy, f.createdBy));
  return db
    .select({
      id: caseEvents.id,
      number: cases.number,
      action: caseEvents.action,
      toState: caseEvents.toState,
      at: caseEvents.at,
      note: caseEvents.note,
      payload: caseEvents.payload,
    })
    .from(caseEvents)
    .innerJoin(cases, eq(cases.id, caseEvents.caseId))
    .where(and(...w))
    .orderBy(asc(caseEvents.at), asc(caseEvents.id))
    .limit(f.limit)
    .offset(f.offset);
}

/** The note event an actor just added to a case (a posted update becomes one). */
export async function latestNoteEvent(db: Executor, caseId: string, actorId: string, note: string): Promise<number | null> {
  const rows = await db
    .select({ id: caseEvents.id })
    .from(caseEvents)
    .where(and(eq(caseEvents.caseId, caseId), eq(caseEvents.actorId, actorId), eq(caseEvents.action, 'comment'), eq(caseEvents.note, note)))
    .orderBy(desc(caseEvents.seq))
    .limit(1);
  return rows[0]?.id ?? null;
}
