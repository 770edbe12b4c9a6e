// The sweeping demo: road segments along the demo gazetteer's generated roads, cut at about 2 km and named by
// chainage, with a year of daily records (machine or manual) — most streets above the 85 % target, a few below, a dip
// in the snowy months, and some narrow lanes no sweeper went down this month (gaps on the map). Deterministic.
import crypto from 'node:crypto';
import { asc, sql } from 'drizzle-orm';
import { dayIndexToString, dayToIndex } from '../domain/calendar/shanghai-time';
import { shanghaiDay } from '../domain/calendar';
import type { LngLat } from '../domain/geo';
import type { Db } from '../server/db/client';
import { departments, streets } from '../server/db/schema';
import { demoRoadLines } from '../server/geocode/demo-gazetteer';
import { lineLength } from '../server/sweeping/sweeping.service';
import { sweepingRecords, sweepingSegments } from '../server/sweeping/sweeping.tables';
import { mulberry32, seedOf } from './geo/prng';

/** Streets whose sweeping falls short of the target in the demo (machine capacity per street). */
const WEAK_STREETS: Record<string, number> = { '220106005': 0.74, '220106011': 0.79, '220106100': 0.71 };
const POINTS_PER_SEGMENT = 50; // 40 m apart: about 2 km

const chainage = (m: number) => `K${Math.floor(m / 1000)}+${String(Math.round(m % 1000)).padStart(3, '0')}`;

export async function seedDemoSweeping(db: Db, opts: { now: Date; days?: number }): Promise<string> {
  const today = shanghaiDay(opts.now);
  const days = opts.days ?? 365;
  const firstDay = dayToIndex(today) - days + 1;
  const prng = mulberry32(seedOf('sweeping'));
  const ss = await db.select({ code: streets.code, geometry: streets.geometry }).from(streets).orderBy(asc(streets.code));
  const depts = await db.select({ id: departments.id, kind: departments.kind, streetCode: departments.streetCode }).from(departments);
  const sanitation = depts.find((d) => d.kind === 'sanitation')?.id ?? null;
  const officeOf = new Map(depts.filter((d) => d.streetCode).map((d) => [d.streetCode!, d.id]));

  const segRows: (typeof sweepingSegments.$inferInsert)[] = [];
  const plan: { id: string; area: number; street: string; narrow: boolean; from: number }[] = [];
  for (const road of demoRoadLines(ss)) {
    // Contiguous runs of the line inside the street (a zone may be crossed twice).
    const runs: LngLat[][] = [];
    let prevT = -Infinity;
    for (const { p, t } of road.inside) {
      if (t - prevT > 40.5) runs.push([]);
      runs.at(-1)!.push(p);
      prevT = t;
    }
    let offset = 0;
    let k = 0;
    for (const run of runs) {
      for (let i = 0; i + 2 < run.length; i += POINTS_PER_SEGMENT) {
        const coords = run.slice(i, Math.min(run.length, i + POINTS_PER_SEGMENT + 1)).map(([x, y]) => [Math.round(x * 1e7) / 1e7, Math.round(y * 1e7) / 1e7] as LngLat);
        const lengthM = Math.round(lineLength(coords) * 10) / 10;
        const grade = road.horizontal ? (prng.next() < 0.5 ? '1' : '2') : prng.next() < 0.6 ? '3' : '4';
        const widthM = { '1': 26, '2': 18, '3': 12, '4': 8 }[grade]! + Math.round(prng.range(-2, 2));
        const id = crypto.randomUUID();
        k++;
        // A few segments came into service in the last months (new roads handed over for cleaning).
        const from = prng.next() < 0.05 ? dayToIndex(today) - Math.floor(prng.range(60, 150)) : firstDay;
        segRows.push({
          id,
          code: `${road.streetCode}-S${String(segRows.filter((s) => s.streetCode === road.streetCode).length + 1).padStart(3, '0')}`,
          name: `${road.name}（${chainage(offset)}—${chainage(offset + lengthM)}）`,
          roadName: road.name,
          streetCode: road.streetCode,
          grade,
          geometry: { type: 'LineString', coordinates: coords },
          lengthM,
          widthM,
          areaM2: Math.round(lengthM * widthM),
          maintainerDepartmentId: grade === '1' || grade === '2' ? sanitation : (officeOf.get(road.streetCode) ?? null),
          inServiceFrom: dayIndexToString(from),
          inServiceUntil: null,
          createdAt: opts.now,
          updatedAt: opts.now,
        });
        plan.push({ id, area: Math.round(lengthM * widthM), street: road.streetCode, narrow: grade === '4' && prng.next() < 0.35, from });
        offset += lengthM;
      }
    }
  }

  // A year of daily records, one per segment and day, generated in the database (tens of thousands of rows; sending
  // them as parameters takes far longer on the embedded database). The dice are md5 of (segment code, day): the same
  // every run. A segment is machine-swept with its street's probability (less in the snowy months) and otherwise swept
  // by hand; narrow lanes saw no sweeper in the last seven weeks.
  const odds = plan.map((s) => ({ id: s.id, p: WEAK_STREETS[s.street] ?? 0.93 + prng.next() * 0.05, narrow: s.narrow }));
  const dice = (a: string, b: string) => sql.raw(`(('x' || lpad(substr(md5(${a} || '|' || ${b}), 1, 8), 16, '0'))::bit(64)::bigint / 4294967296.0)`);
  await db.transaction(async (tx) => {
    await tx.insert(sweepingSegments).values(segRows);
    await tx.execute(sql`
      insert into ${sweepingRecords} (segment_id, date, method, area_m2, source, entered_at)
      select id, day, case when machine then 'machine' else 'manual' end,
             round(area * case when machine then (case when v < 0.8 then 1 else 0.9 + 0.1 * v end) else 0.85 + 0.15 * v end),
             'demo', ${opts.now}
        from (select s.id, s.area_m2 as area, d::date as day, ${dice('s.code', "d::date::text")} as v,
                     not (o.narrow and d::date > ${today}::date - 50)
                       and ${dice("d::date::text", 's.code')} < o.p - (case when extract(month from d) in (12, 1, 2) then 0.03 else 0 end) as machine
                from ${sweepingSegments} s
                join jsonb_to_recordset(${JSON.stringify(odds)}::jsonb) as o(id text, p float8, narrow boolean) on o.id = s.id::text
               cross join generate_series(greatest(s.in_service_from, ${dayIndexToString(firstDay)}::date)::timestamp, ${today}::date::timestamp, interval '1 day') d) x`);
  });
  await db.execute(sql`analyze sweeping_records`);
  const records = await db.$count(sweepingRecords);
  return `${segRows.length} road segments, ${records} sweeping records`;
}
