// Citizen reports, phone codes, the SMS outbox, banned numbers, moderation decisions and the public map query.
// The only place that writes SQL for the public portal.
import { and, asc, desc, eq, gt, gte, inArray, isNull, notInArray, sql } from 'drizzle-orm';
import type { Executor } from '../db/client';
import {
  auditLog,
  bannedPhones,
  caseEvents,
  cases,
  catalogueClasses,
  citizenReports,
  communities,
  departments,
  phoneCodes,
  photos,
  publicModeration,
  smsOutbox,
  streets,
  users,
} from '../db/schema';

export type CitizenReportRow = typeof citizenReports.$inferSelect;
export type ModerationRow = typeof publicModeration.$inferSelect;

// ------------------------------------------------------------------ the portal's system user

export async function findUserByUsername(db: Executor, username: string) {
  const rows = await db.select().from(users).where(eq(users.username, username));
  return rows[0] ?? null;
}

export async function insertSystemUser(db: Executor, row: typeof users.$inferInsert) {
  const rows = await db.insert(users).values(row).onConflictDoNothing().returning();
  return rows[0] ?? null;
}

// ------------------------------------------------------------------ citizen reports

export async function insertCitizenReport(db: Executor, row: typeof citizenReports.$inferInsert): Promise<CitizenReportRow> {
  // Concurrent retries of one report insert the same row: whichever unique index (case or idempotency key) the
  // loser meets first, the winner's row is the one to answer with.
  await db.insert(citizenReports).values(row).onConflictDoNothing();
  return (await findCitizenReport(db, row.caseId))!;
}

export async function findCitizenReport(db: Executor, caseId: string): Promise<CitizenReportRow | null> {
  const rows = await db.select().from(citizenReports).where(eq(citizenReports.caseId, caseId));
  return rows[0] ?? null;
}

export async function findByToken(db: Executor, token: string): Promise<CitizenReportRow | null> {
  const rows = await db.select().from(citizenReports).where(eq(citizenReports.followToken, token));
  return rows[0] ?? null;
}

export async function findReopening(db: Executor, caseId: string): Promise<{ caseId: string; number: string } | null> {
  const rows = await db
    .select({ caseId: citizenReports.caseId, number: cases.number })
    .from(citizenReports)
    .innerJoin(cases, eq(cases.id, citizenReports.caseId))
    .where(eq(citizenReports.reopenOf, caseId))
    .orderBy(asc(citizenReports.createdAt))
    .limit(1);
  return rows[0] ?? null;
}

export async function countReportsByPhoneSince(db: Executor, phone: string, since: Date): Promise<number> {
  const [{ n }] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(citizenReports)
    .where(and(eq(citizenReports.phone, phone), gte(citizenReports.createdAt, since)));
  return Number(n);
}

/** The case with its class and place names: what the public views are built from. */
export async function publicCaseRow(db: Executor, where: { id: string } | { number: string }) {
  const rows = await db
    .select({
      c: cases,
      classNameZh: catalogueClasses.nameZh,
      classNameEn: catalogueClasses.nameEn,
      privatePoint: catalogueClasses.privatePoint,
      streetName: streets.name,
      communityName: communities.name,
      departmentNameZh: departments.nameZh,
      departmentNameEn: departments.nameEn,
    })
    .from(cases)
    .leftJoin(catalogueClasses, and(eq(catalogueClasses.kind, cases.kind), eq(catalogueClasses.code, cases.classCode)))
    .leftJoin(streets, eq(streets.code, cases.streetCode))
    .leftJoin(communities, eq(communities.code, cases.communityCode))
    .leftJoin(departments, eq(departments.id, cases.departmentId))
    .where('id' in where ? eq(cases.id, where.id) : eq(cases.number, where.number));
  return rows[0] ?? null;
}
export type PublicCaseRow = NonNullable<Awaited<ReturnType<typeof publicCaseRow>>>;

export async function eventsOf(db: Executor, caseId: string) {
  return db.select().from(caseEvents).where(eq(caseEvents.caseId, caseId)).orderBy(asc(caseEvents.seq));
}

export async function photosOf(db: Executor, caseId: string) {
  return db.select().from(photos).where(eq(photos.caseId, caseId)).orderBy(asc(photos.createdAt));
}

export async function findPhoto(db: Executor, id: string) {
  const rows = await db.select().from(photos).where(eq(photos.id, id));
  return rows[0] ?? null;
}

/** Of the given photo ids, those uploaded by the user and not attached to a case yet. */
export async function freePhotosOf(db: Executor, ids: string[], uploadedBy: string): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db
    .select({ id: photos.id })
    .from(photos)
    .where(and(inArray(photos.id, ids), eq(photos.uploadedBy, uploadedBy), isNull(photos.caseId)));
  return new Set(rows.map((r) => r.id));
}

// ------------------------------------------------------------------ phone codes, outbox, bans

export async function insertCode(db: Executor, row: typeof phoneCodes.$inferInsert): Promise<void> {
  await db.insert(phoneCodes).values(row);
}

export async function countCodesSince(db: Executor, phone: string, since: Date): Promise<number> {
  const [{ n }] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(phoneCodes)
    .where(and(eq(phoneCodes.phone, phone), gte(phoneCodes.createdAt, since)));
  return Number(n);
}

/** The newest code of a number that is unused and not expired. */
export async function latestLiveCode(db: Executor, phone: string, now: Date) {
  const rows = await db
    .select()
    .from(phoneCodes)
    .where(and(eq(phoneCodes.phone, phone), isNull(phoneCodes.usedAt), gt(phoneCodes.expiresAt, now)))
    .orderBy(desc(phoneCodes.createdAt))
    .limit(1);
  return rows[0] ?? null;
}

export async function countAttempt(db: Executor, id: string): Promise<void> {
  await db.update(phoneCodes).set({ attempts: sql`${phoneCodes.attempts} + 1` }).where(eq(phoneCodes.id, id));
}

/** Marks the code used; false when another request used it first. */
export async function useCode(db: Executor, id: string, at: Date): Promise<boolean> {
  const rows = await db.update(phoneCodes).set({ usedAt: at }).where(and(eq(phoneCodes.id, id), isNull(phoneCodes.usedAt))).returning({ id: phoneCodes.id });
  return rows.length === 1;
}

export async function insertOutbox(db: Executor, row: typeof smsOutbox.$inferInsert): Promise<void> {
  await db.insert(smsOutbox).values(row);
}

export async function listOutbox(db: Executor, limit: number) {
  return db.select().from(smsOutbox).orderBy(desc(smsOutbox.id)).limit(limit);
}

export async function isBanned(db: Executor, phone: string): Promise<boolean> {
  const rows = await db.select({ phone: bannedPhones.phone }).from(bannedPhones).where(eq(bannedPhones.phone, phone));
  return rows.length > 0;
}

export async function listBanned(db: Executor) {
  return db.select().from(bannedPhones).orderBy(desc(bannedPhones.createdAt));
}

export async function ban(db: Executor, row: typeof bannedPhones.$inferInsert): Promise<void> {
  await db.insert(bannedPhones).values(row).onConflictDoUpdate({ target: bannedPhones.phone, set: { reason: row.reason, bannedBy: row.bannedBy, createdAt: row.createdAt } });
}

export async function unban(db: Executor, phone: string): Promise<boolean> {
  const rows = await db.delete(bannedPhones).where(eq(bannedPhones.phone, phone)).returning({ phone: bannedPhones.phone });
  return rows.length > 0;
}

export async function audit(db: Executor, row: typeof auditLog.$inferInsert): Promise<void> {
  await db.insert(auditLog).values(row);
}

// ------------------------------------------------------------------ moderation

export async function decisionsOf(db: Executor, caseIds: string[]): Promise<ModerationRow[]> {
  if (caseIds.length === 0) return [];
  return db.select().from(publicModeration).where(inArray(publicModeration.caseId, caseIds));
}

export async function upsertDecision(db: Executor, row: typeof publicModeration.$inferInsert): Promise<void> {
  await db
    .insert(publicModeration)
    .values(row)
    .onConflictDoUpdate({
      target: [publicModeration.caseId, publicModeration.item, publicModeration.ref],
      set: { status: row.status, redactedText: row.redactedText ?? null, reason: row.reason ?? null, decidedBy: row.decidedBy, decidedAt: row.decidedAt },
    });
}

/** Recent cases whose public text or photos may need a decision: citizen reports, and cases with a department reply. */
export async function moderationCandidates(db: Executor, since: Date, limit: number) {
  return db
    .select({ id: cases.id, number: cases.number, source: cases.source, description: cases.description, createdAt: cases.createdAt, classNameZh: catalogueClasses.nameZh, classNameEn: catalogueClasses.nameEn })
    .from(cases)
    .leftJoin(catalogueClasses, and(eq(catalogueClasses.kind, cases.kind), eq(catalogueClasses.code, cases.classCode)))
    .where(
      and(
        gte(cases.createdAt, since),
        sql`(${cases.source} = 'citizen' or exists (select 1 from ${caseEvents} e where e.case_id = ${cases.id} and e.action = 'handle' and e.note is not null and e.note <> ''))`,
      ),
    )
    .orderBy(desc(cases.createdAt))
    .limit(limit);
}

export async function replyEvents(db: Executor, caseIds: string[]) {
  if (caseIds.length === 0) return [];
  return db
    .select({ caseId: caseEvents.caseId, seq: caseEvents.seq, note: caseEvents.note, at: caseEvents.at })
    .from(caseEvents)
    .where(and(inArray(caseEvents.caseId, caseIds), eq(caseEvents.action, 'handle'), sql`${caseEvents.note} is not null and ${caseEvents.note} <> ''`))
    .orderBy(asc(caseEvents.caseId), asc(caseEvents.seq));
}

export async function photosOfCases(db: Executor, caseIds: string[]) {
  if (caseIds.length === 0) return [];
  return db
    .select({ id: photos.id, caseId: photos.caseId, stage: photos.stage, createdAt: photos.createdAt })
    .from(photos)
    .where(inArray(photos.caseId, caseIds))
    .orderBy(asc(photos.createdAt));
}

// ------------------------------------------------------------------ public map

/** Recent cases for the public map: no reporter, no text; the caller coarsens private points. */
export async function recentPublicCases(db: Executor, since: Date, limit: number) {
  return db
    .select({
      id: cases.id,
      number: cases.number,
      kind: cases.kind,
      classCode: cases.classCode,
      classNameZh: catalogueClasses.nameZh,
      classNameEn: catalogueClasses.nameEn,
      privatePoint: catalogueClasses.privatePoint,
      state: cases.state,
      lng: cases.lng,
      lat: cases.lat,
      streetName: streets.name,
      communityName: communities.name,
      createdAt: cases.createdAt,
      updatedAt: cases.updatedAt,
    })
    .from(cases)
    .leftJoin(catalogueClasses, and(eq(catalogueClasses.kind, cases.kind), eq(catalogueClasses.code, cases.classCode)))
    .leftJoin(streets, eq(streets.code, cases.streetCode))
    .leftJoin(communities, eq(communities.code, cases.communityCode))
    .where(
      and(
        gte(cases.createdAt, since),
        notInArray(cases.state, ['invalid', 'cancelled']),
        sql`not exists (select 1 from ${publicModeration} m where m.case_id = ${cases.id} and m.item = 'case' and m.status = 'hidden')`,
      ),
    )
    .orderBy(desc(cases.createdAt))
    .limit(limit);
}
