// SQL of mechanised sweeping: road segments and their daily records. Takes the database or a transaction.
import { and, asc, desc, eq, gte, ilike, inArray, lte, or, sql, type SQL } from 'drizzle-orm';
import type { SegmentCredit } from '../../domain/sweeping';
import type { Executor } from '../db/client';
import { departments, streets } from '../db/schema';
import { sweepingRecords, sweepingSegments } from './sweeping.tables';

export type SegmentRow = typeof sweepingSegments.$inferSelect;
export type SegmentInsert = typeof sweepingSegments.$inferInsert;
export type RecordInsert = typeof sweepingRecords.$inferInsert;

const segmentColumns = { s: sweepingSegments, streetName: streets.name, maintainerName: departments.nameZh };

export async function listSegments(db: Executor, f: { street?: string; grade?: string; q?: string } = {}) {
  const where: SQL[] = [];
  if (f.street) where.push(eq(sweepingSegments.streetCode, f.street));
  if (f.grade) where.push(eq(sweepingSegments.grade, f.grade));
  if (f.q) where.push(or(ilike(sweepingSegments.name, `%${f.q}%`), ilike(sweepingSegments.code, `%${f.q}%`))!);
  return db
    .select(segmentColumns)
    .from(sweepingSegments)
    .leftJoin(streets, eq(streets.code, sweepingSegments.streetCode))
    .leftJoin(departments, eq(departments.id, sweepingSegments.maintainerDepartmentId))
    .where(where.length ? and(...where) : undefined)
    .orderBy(asc(sweepingSegments.streetCode), asc(sweepingSegments.code));
}

export async function findSegment(db: Executor, by: { id?: string; code?: string }) {
  const rows = await db
    .select(segmentColumns)
    .from(sweepingSegments)
    .leftJoin(streets, eq(streets.code, sweepingSegments.streetCode))
    .leftJoin(departments, eq(departments.id, sweepingSegments.maintainerDepartmentId))
    .where(by.id ? eq(sweepingSegments.id, by.id) : eq(sweepingSegments.code, by.code ?? ''));
  return rows[0] ?? null;
}

export async function segmentsByCode(db: Executor, codes: string[]): Promise<Map<string, SegmentRow>> {
  if (!codes.length) return new Map();
  const rows = await db.select().from(sweepingSegments).where(inArray(sweepingSegments.code, codes));
  return new Map(rows.map((r) => [r.code, r]));
}

export async function countSegmentsOfStreet(db: Executor, streetCode: string): Promise<number> {
  return db.$count(sweepingSegments, eq(sweepingSegments.streetCode, streetCode));
}

export async function insertSegment(db: Executor, row: SegmentInsert): Promise<SegmentRow> {
  const [r] = await db.insert(sweepingSegments).values(row).returning();
  return r;
}

export async function updateSegment(db: Executor, id: string, patch: Partial<SegmentInsert>): Promise<void> {
  await db.update(sweepingSegments).set(patch).where(eq(sweepingSegments.id, id));
}

/** Inserts or replaces the records of (segment, day, method); returns how many existed before. */
export async function upsertRecords(db: Executor, rows: RecordInsert[]): Promise<{ replaced: number }> {
  let replaced = 0;
  for (let i = 0; i < rows.length; i += 1000) {
    const chunk = rows.slice(i, i + 1000);
    const res = await db
      .insert(sweepingRecords)
      .values(chunk)
      .onConflictDoUpdate({
        target: [sweepingRecords.segmentId, sweepingRecords.date, sweepingRecords.method],
        set: {
          areaM2: sql`excluded.area_m2`,
          source: sql`excluded.source`,
          note: sql`excluded.note`,
          enteredBy: sql`excluded.entered_by`,
          enteredAt: sql`excluded.entered_at`,
        },
      })
      // xmax = 0 for a row that was inserted, not updated
      .returning({ inserted: sql<boolean>`(xmax = 0)` });
    replaced += res.filter((r) => !r.inserted).length;
  }
  return { replaced };
}

/**
 * The per-day credits of every segment, summed per calendar month, over a range of days: the SQL twin of the domain's
 * `creditsOf` (a day's records of one method added, the day capped at the segment's area, machine first, only days in
 * service). Summing in the database keeps a year of a district's records (hundreds of thousands of rows) off the wire.
 */
export async function creditsBetween(db: Executor, from: string, to: string): Promise<(SegmentCredit & { month: string })[]> {
  const res = await db.execute(sql`
    with day as (
      select r.segment_id, r.date, s.area_m2 as area,
             coalesce(sum(r.area_m2) filter (where r.method = 'machine'), 0) as machine,
             coalesce(sum(r.area_m2) filter (where r.method = 'manual'), 0) as manual
        from ${sweepingRecords} r
        join ${sweepingSegments} s on s.id = r.segment_id
       where r.date between ${from} and ${to}
         and r.date >= s.in_service_from
         and (s.in_service_until is null or r.date <= s.in_service_until)
       group by r.segment_id, r.date, s.area_m2)
    select segment_id, to_char(date, 'YYYY-MM') as month,
           sum(least(machine, area))::float8 as machine_m2,
           sum(least(manual, area - least(machine, area)))::float8 as manual_m2,
           (count(*) filter (where machine > 0))::int as machine_days
      from day
     group by segment_id, to_char(date, 'YYYY-MM')`);
  return (res as unknown as { rows: { segment_id: string; month: string; machine_m2: number; manual_m2: number; machine_days: number }[] }).rows.map((r) => ({
    segmentId: r.segment_id,
    month: r.month,
    machineM2: Number(r.machine_m2),
    manualM2: Number(r.manual_m2),
    machineDays: Number(r.machine_days),
  }));
}

export async function listRecords(
  db: Executor,
  f: { segmentId?: string; street?: string; method?: string; from?: string; to?: string },
  limit: number,
  offset: number,
) {
  const where: SQL[] = [];
  if (f.segmentId) where.push(eq(sweepingRecords.segmentId, f.segmentId));
  if (f.street) where.push(eq(sweepingSegments.streetCode, f.street));
  if (f.method) where.push(eq(sweepingRecords.method, f.method));
  if (f.from) where.push(gte(sweepingRecords.date, f.from));
  if (f.to) where.push(lte(sweepingRecords.date, f.to));
  const cond = where.length ? and(...where) : undefined;
  const [rows, [{ n }]] = await Promise.all([
    db
      .select({ r: sweepingRecords, segmentCode: sweepingSegments.code, segmentName: sweepingSegments.name, streetCode: sweepingSegments.streetCode, segmentAreaM2: sweepingSegments.areaM2 })
      .from(sweepingRecords)
      .innerJoin(sweepingSegments, eq(sweepingSegments.id, sweepingRecords.segmentId))
      .where(cond)
      .orderBy(desc(sweepingRecords.date), asc(sweepingSegments.code), asc(sweepingRecords.method))
      .limit(limit)
      .offset(offset),
    db.select({ n: sql<number>`count(*)::int` }).from(sweepingRecords).innerJoin(sweepingSegments, eq(sweepingSegments.id, sweepingRecords.segmentId)).where(cond),
  ]);
  return { total: Number(n), rows };
}

export async function findRecord(db: Executor, segmentId: string, date: string, method: string) {
  const rows = await db
    .select({ r: sweepingRecords, segmentCode: sweepingSegments.code, segmentName: sweepingSegments.name, streetCode: sweepingSegments.streetCode, segmentAreaM2: sweepingSegments.areaM2 })
    .from(sweepingRecords)
    .innerJoin(sweepingSegments, eq(sweepingSegments.id, sweepingRecords.segmentId))
    .where(and(eq(sweepingRecords.segmentId, segmentId), eq(sweepingRecords.date, date), eq(sweepingRecords.method, method)));
  return rows[0] ?? null;
}
