// Special campaigns and their tagged cases in the database. The only place with campaign SQL.
import { and, asc, desc, eq, gte, inArray, lt, or, sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../db/client';
import { cases, catalogueClasses, departments, photos, streets } from '../db/schema';
import { scopeWhere, type ListScope } from '../cases/case.repository';
import { campaignCases, campaigns } from './campaigns.tables';

export type CampaignRow = typeof campaigns.$inferSelect;
export type CampaignInsert = typeof campaigns.$inferInsert;

export async function insertCampaign(tx: Executor, row: CampaignInsert): Promise<CampaignRow> {
  const [c] = await tx.insert(campaigns).values(row).returning();
  return c;
}

/** Optimistic update: null when the version changed meanwhile. */
export async function updateCampaign(tx: Executor, id: string, version: number, patch: Partial<CampaignInsert>): Promise<CampaignRow | null> {
  const rows = await tx
    .update(campaigns)
    .set({ ...patch, version: version + 1 })
    .where(and(eq(campaigns.id, id), eq(campaigns.version, version)))
    .returning();
  return rows[0] ?? null;
}

export async function findCampaign(db: Executor, id: string, forUpdate = false): Promise<CampaignRow | null> {
  const q = db.select().from(campaigns).where(eq(campaigns.id, id));
  const rows = forUpdate ? await q.for('update') : await q;
  return rows[0] ?? null;
}

export async function listCampaigns(db: Executor, opts: { includeArchived: boolean }): Promise<CampaignRow[]> {
  return db
    .select()
    .from(campaigns)
    .where(opts.includeArchived ? undefined : eq(campaigns.archived, false))
    .orderBy(desc(campaigns.startDate), asc(campaigns.nameZh));
}

/** Campaigns that may tag cases or set limits (not archived). A district runs a handful at a time. */
export async function liveCampaigns(db: Executor): Promise<CampaignRow[]> {
  return db.select().from(campaigns).where(eq(campaigns.archived, false));
}

// ---------------------------------------------------------------- tags

export async function tagsOfCase(db: Executor, caseId: string): Promise<string[]> {
  const rows = await db.select({ id: campaignCases.campaignId }).from(campaignCases).where(eq(campaignCases.caseId, caseId));
  return rows.map((r) => r.id);
}

export async function addTags(tx: Executor, caseId: string, campaignIds: string[], basis: string, at: Date): Promise<void> {
  if (!campaignIds.length) return;
  await tx
    .insert(campaignCases)
    .values(campaignIds.map((campaignId) => ({ campaignId, caseId, basis, taggedAt: at })))
    .onConflictDoNothing();
}

export async function removeTags(tx: Executor, caseId: string, campaignIds: string[]): Promise<void> {
  if (!campaignIds.length) return;
  await tx.delete(campaignCases).where(and(eq(campaignCases.caseId, caseId), inArray(campaignCases.campaignId, campaignIds)));
}

/** The campaigns a case is tagged to, with when and why. */
export async function campaignsOfCase(db: Executor, caseId: string) {
  return db
    .select({ campaign: campaigns, basis: campaignCases.basis, taggedAt: campaignCases.taggedAt })
    .from(campaignCases)
    .innerJoin(campaigns, eq(campaigns.id, campaignCases.campaignId))
    .where(eq(campaignCases.caseId, caseId))
    .orderBy(asc(campaigns.startDate));
}

/**
 * Cases that may be in a campaign's scope: of its classes (or their local sub-classes) and reported between two
 * instants. The tagging rule itself (area, whole days) is applied by the caller with the domain's `inScope`.
 */
export async function candidateCases(db: Executor, classes: { kind: string; code: string }[], from: Date, to: Date) {
  const byClass = classes.map((c) => and(eq(cases.kind, c.kind), or(eq(cases.classCode, c.code), sql`${cases.classCode} like ${c.code + '_%'}`))!);
  return db
    .select({ id: cases.id, kind: cases.kind, classCode: cases.classCode, streetCode: cases.streetCode, communityCode: cases.communityCode, createdAt: cases.createdAt })
    .from(cases)
    .where(and(or(...byClass), gte(cases.createdAt, from), lt(cases.createdAt, to)));
}

/** Makes the campaign's tags exactly `caseIds`: adds the missing ones (basis 'campaign'), removes the others. */
export async function setCampaignTags(tx: Executor, campaignId: string, caseIds: string[], at: Date): Promise<{ added: number; removed: number }> {
  const existing = new Set((await tx.select({ id: campaignCases.caseId }).from(campaignCases).where(eq(campaignCases.campaignId, campaignId))).map((r) => r.id));
  const want = new Set(caseIds);
  const add = caseIds.filter((id) => !existing.has(id));
  const remove = [...existing].filter((id) => !want.has(id));
  for (let i = 0; i < add.length; i += 1000) {
    await tx
      .insert(campaignCases)
      .values(add.slice(i, i + 1000).map((caseId) => ({ campaignId, caseId, basis: 'campaign', taggedAt: at })))
      .onConflictDoNothing();
  }
  for (let i = 0; i < remove.length; i += 1000) {
    await tx.delete(campaignCases).where(and(eq(campaignCases.campaignId, campaignId), inArray(campaignCases.caseId, remove.slice(i, i + 1000))));
  }
  return { added: add.length, removed: remove.length };
}

// ---------------------------------------------------------------- what the boards read

/** Every tagged case of the given campaigns with what progress, recurrence and hot spots need. */
export async function taggedCaseFacts(db: Executor, campaignIds: string[]) {
  if (!campaignIds.length) return [];
  return db
    .select({
      campaignId: campaignCases.campaignId,
      id: cases.id,
      number: cases.number,
      kind: cases.kind,
      classCode: cases.classCode,
      state: cases.state,
      closeType: cases.closeType,
      lng: cases.lng,
      lat: cases.lat,
      locationText: cases.locationText,
      gridCode: cases.gridCode,
      streetCode: cases.streetCode,
      createdAt: cases.createdAt,
      closedAt: cases.closedAt,
      stepDeadline: cases.stepDeadline,
    })
    .from(campaignCases)
    .innerJoin(cases, eq(cases.id, campaignCases.caseId))
    .where(inArray(campaignCases.campaignId, campaignIds));
}

/** Counts per campaign by state group, for the big screen (no per-case data needed). */
export async function countsByCampaign(db: Executor, campaignIds: string[]) {
  if (!campaignIds.length) return [];
  return db
    .select({ campaignId: campaignCases.campaignId, state: cases.state, n: sql<number>`count(*)::int` })
    .from(campaignCases)
    .innerJoin(cases, eq(cases.id, campaignCases.caseId))
    .where(inArray(campaignCases.campaignId, campaignIds))
    .groupBy(campaignCases.campaignId, cases.state);
}

const OPEN = sql`${cases.state} not in ('invalid','cancelled','closed')`;

function listFilter(campaignId: string, filter: string, now: Date, scope: ListScope, streetCode: string | undefined, caseIds: string[] | null): SQL | undefined {
  const w: (SQL | undefined)[] = [eq(campaignCases.campaignId, campaignId), scopeWhere(scope)];
  if (streetCode) w.push(eq(cases.streetCode, streetCode));
  if (filter === 'open') w.push(OPEN);
  if (filter === 'closed') w.push(eq(cases.state, 'closed'));
  if (filter === 'overdue') w.push(and(OPEN, sql`${cases.state} <> 'suspended'`, lt(cases.stepDeadline, now)));
  if (caseIds) w.push(caseIds.length ? inArray(cases.id, caseIds) : sql`false`);
  return and(...w);
}

/** A page of a campaign's cases the actor may see (the case list's own scope rule). */
export async function listCampaignCases(
  db: Executor,
  campaignId: string,
  q: { filter: string; streetCode?: string; offset: number; limit: number },
  scope: ListScope,
  now: Date,
  caseIds: string[] | null,
) {
  const where = listFilter(campaignId, q.filter, now, scope, q.streetCode, caseIds);
  const rows = await db
    .select({
      c: cases,
      basis: campaignCases.basis,
      className: catalogueClasses.nameZh,
      classNameEn: catalogueClasses.nameEn,
      streetName: streets.name,
      departmentName: departments.nameZh,
      departmentNameEn: departments.nameEn,
    })
    .from(campaignCases)
    .innerJoin(cases, eq(cases.id, campaignCases.caseId))
    .leftJoin(catalogueClasses, and(eq(catalogueClasses.kind, cases.kind), eq(catalogueClasses.code, cases.classCode)))
    .leftJoin(streets, eq(streets.code, cases.streetCode))
    .leftJoin(departments, eq(departments.id, cases.departmentId))
    .where(where)
    .orderBy(desc(cases.createdAt), desc(cases.number))
    .limit(q.limit)
    .offset(q.offset);
  const [{ n }] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(campaignCases)
    .innerJoin(cases, eq(cases.id, campaignCases.caseId))
    .where(where);
  return { rows, total: Number(n) };
}

/**
 * Closed cases of the campaign that have a before and an after photo (the photo wall), most recently closed first,
 * within the actor's case scope. The before photo is the first report photo; the after photo the latest one.
 */
export async function beforeAfterPhotos(db: Executor, campaignId: string, scope: ListScope, limit: number) {
  const before = sql<string>`(select p.id from ${photos} p where p.case_id = ${cases.id} and p.stage = 'before' order by p.created_at asc limit 1)`;
  const after = sql<string>`(select p.id from ${photos} p where p.case_id = ${cases.id} and p.stage = 'after' order by p.created_at desc limit 1)`;
  const rows = await db
    .select({
      id: cases.id,
      number: cases.number,
      locationText: cases.locationText,
      createdAt: cases.createdAt,
      closedAt: cases.closedAt,
      className: catalogueClasses.nameZh,
      classNameEn: catalogueClasses.nameEn,
      before,
      after,
    })
    .from(campaignCases)
    .innerJoin(cases, eq(cases.id, campaignCases.caseId))
    .leftJoin(catalogueClasses, and(eq(catalogueClasses.kind, cases.kind), eq(catalogueClasses.code, cases.classCode)))
    .where(
      and(
        eq(campaignCases.campaignId, campaignId),
        eq(cases.state, 'closed'),
        scopeWhere(scope),
        sql`exists (select 1 from ${photos} p where p.case_id = ${cases.id} and p.stage = 'before')`,
        sql`exists (select 1 from ${photos} p where p.case_id = ${cases.id} and p.stage = 'after')`,
      ),
    )
    .orderBy(desc(cases.closedAt))
    .limit(limit);
  return rows;
}
