// 机械化清扫率 (mechanised sweeping rate): the arithmetic of the Lvyuan plan's "≥ 85 %" target, pure.
//
// Definition (also in GLOSSARY.md). Every road segment in service is due to be swept over its whole area to sweep
// once on every calendar day. For a set of segments S and a period of days D (a month counts only its days up to and
// including the report day: days still to come are not due yet):
//
//   machine credit of segment s on day d = min(area machine-swept on s on d, area to sweep of s)
//   rate(S, D) = Σ_{d∈D} Σ_{s∈S in service on d} machine credit(s, d)  ÷  Σ_{d∈D} Σ_{s∈S in service on d} area to sweep(s)
//
// i.e. the area swept by machine ÷ the area to sweep, both summed over the days of the period (equivalently the daily
// rates averaged with the day's area to sweep as weight). Manual sweeping covers the rest of a day's area but does not
// count; sweeping a segment twice in a day does not count twice. A period with nothing due has no rate (null).
import { dayIndexToString, dayToIndex } from '../calendar/shanghai-time';

export const SWEEP_METHODS = ['machine', 'manual'] as const;
export type SweepMethod = (typeof SWEEP_METHODS)[number];

/** Road grades of the cleaning standard (CJJ/T 126 一级 … 四级道路). */
export const ROAD_GRADES = ['1', '2', '3', '4'] as const;
export type RoadGrade = (typeof ROAD_GRADES)[number];

/** The plan's target: 85 % of the area to sweep swept by machine. Configurable per deployment. */
export const DEFAULT_SWEEPING_TARGET = 0.85;

export interface SweepSegment {
  id: string;
  streetCode: string;
  /** Area to sweep (清扫保洁面积), m². */
  areaM2: number;
  /** First day in service, YYYY-MM-DD (Shanghai). */
  inServiceFrom: string;
  /** Last day in service, or null while in service. */
  inServiceUntil: string | null;
}

export interface SweepRecord {
  segmentId: string;
  /** YYYY-MM-DD (Shanghai). */
  date: string;
  method: SweepMethod;
  areaM2: number;
}

/** A period of whole days, both ends included (YYYY-MM-DD). */
export interface DayRange {
  from: string;
  to: string;
}

export interface SweepTotals {
  /** Σ area to sweep over the days in service in the period, m²·days. */
  dueM2: number;
  /** Σ machine credit (capped per segment and day). */
  machineM2: number;
  /** Σ manual area (capped at what machine sweeping left of the day's area). */
  manualM2: number;
  /** Segment-days due. */
  dueDays: number;
  /** Segment-days with some machine sweeping. */
  machineDays: number;
  /** machineM2 ÷ dueM2, or null when nothing was due. */
  rate: number | null;
}

export interface SegmentSweep extends SweepTotals {
  segmentId: string;
  streetCode: string;
  /** In service on some day of the period but never machine-swept in it: a gap on the map. */
  gap: boolean;
}

export interface SweepReport {
  range: DayRange;
  total: SweepTotals;
  byStreet: (SweepTotals & { streetCode: string })[];
  bySegment: SegmentSweep[];
}

const empty = (): Omit<SweepTotals, 'rate'> => ({ dueM2: 0, machineM2: 0, manualM2: 0, dueDays: 0, machineDays: 0 });
const withRate = (t: Omit<SweepTotals, 'rate'>): SweepTotals => ({ ...t, rate: t.dueM2 > 0 ? t.machineM2 / t.dueM2 : null });
function add(into: Omit<SweepTotals, 'rate'>, t: Omit<SweepTotals, 'rate'>): void {
  into.dueM2 += t.dueM2;
  into.machineM2 += t.machineM2;
  into.manualM2 += t.manualM2;
  into.dueDays += t.dueDays;
  into.machineDays += t.machineDays;
}

/** The days of the range a segment is in service on, as [first, last] day indexes, or null. */
export function serviceDays(segment: Pick<SweepSegment, 'inServiceFrom' | 'inServiceUntil'>, range: DayRange): [number, number] | null {
  const first = Math.max(dayToIndex(segment.inServiceFrom), dayToIndex(range.from));
  const last = Math.min(segment.inServiceUntil ? dayToIndex(segment.inServiceUntil) : Number.POSITIVE_INFINITY, dayToIndex(range.to));
  return first <= last ? [first, last] : null;
}

/** What one segment got in a period: the per-day credits summed over the days (see creditsOf). */
export interface SegmentCredit {
  segmentId: string;
  /** Σ over the days of min(machine area, area to sweep). */
  machineM2: number;
  /** Σ over the days of min(manual area, what machine sweeping left of the day's area). */
  manualM2: number;
  /** Days with some machine sweeping. */
  machineDays: number;
}

/**
 * The per-day credits of each segment over a range of days: several records of one segment, day and method are added,
 * then the day is capped at the segment's area (machine first, manual takes what is left). Records outside the range,
 * outside their segment's service or of unknown segments are ignored. (The server computes the same sums in SQL for
 * long periods: sweeping.repository.ts `creditsBetween`; the HTTP tests hold the two equal.)
 */
export function creditsOf(segments: readonly SweepSegment[], records: readonly SweepRecord[], range: DayRange): SegmentCredit[] {
  const swept = new Map<string, Map<number, [number, number]>>();
  for (const r of records) {
    let days = swept.get(r.segmentId);
    if (!days) swept.set(r.segmentId, (days = new Map()));
    const d = dayToIndex(r.date);
    const cell = days.get(d) ?? [0, 0];
    cell[r.method === 'machine' ? 0 : 1] += Math.max(0, r.areaM2);
    days.set(d, cell);
  }
  const out: SegmentCredit[] = [];
  for (const s of segments) {
    const span = serviceDays(s, range);
    const days = swept.get(s.id);
    if (!span || !days) continue;
    const area = Math.max(0, s.areaM2);
    const c: SegmentCredit = { segmentId: s.id, machineM2: 0, manualM2: 0, machineDays: 0 };
    for (const [d, [machine, manual]] of days) {
      if (d < span[0] || d > span[1]) continue;
      const credit = Math.min(machine, area);
      c.machineM2 += credit;
      c.manualM2 += Math.min(manual, area - credit);
      if (machine > 0) c.machineDays += 1;
    }
    out.push(c);
  }
  return out;
}

/** The rate by segment, by street and in total over a range of days, from the segments' credits in that range. */
export function reportFromCredits(segments: readonly SweepSegment[], credits: readonly SegmentCredit[], range: DayRange): SweepReport {
  if (dayToIndex(range.from) > dayToIndex(range.to)) throw new RangeError(`empty range ${range.from}..${range.to}`);
  const credit = new Map(credits.map((c) => [c.segmentId, c]));
  const bySegment: SegmentSweep[] = [];
  const streets = new Map<string, Omit<SweepTotals, 'rate'>>();
  const total = empty();
  for (const s of segments) {
    const span = serviceDays(s, range);
    if (!span) continue;
    const days = span[1] - span[0] + 1;
    const c = credit.get(s.id);
    const t = { dueM2: Math.max(0, s.areaM2) * days, dueDays: days, machineM2: c?.machineM2 ?? 0, manualM2: c?.manualM2 ?? 0, machineDays: c?.machineDays ?? 0 };
    bySegment.push({ ...withRate(t), segmentId: s.id, streetCode: s.streetCode, gap: t.machineDays === 0 });
    const st = streets.get(s.streetCode) ?? empty();
    add(st, t);
    streets.set(s.streetCode, st);
    add(total, t);
  }
  return {
    range,
    total: withRate(total),
    byStreet: [...streets].sort(([a], [b]) => a.localeCompare(b)).map(([streetCode, t]) => ({ ...withRate(t), streetCode })),
    bySegment,
  };
}

/** The rate by segment, by street and in total over a range of days, from the daily records. */
export function sweepingReport(segments: readonly SweepSegment[], records: readonly SweepRecord[], range: DayRange): SweepReport {
  if (dayToIndex(range.from) > dayToIndex(range.to)) throw new RangeError(`empty range ${range.from}..${range.to}`);
  return reportFromCredits(segments, creditsOf(segments, records, range), range);
}

/** Whether a rate meets the target; null (nothing due) meets nothing and fails nothing. */
export function meetsTarget(rate: number | null, target: number): boolean | null {
  if (rate === null) return null;
  // Rates are quotients of floating sums: compare at a tenth of a basis point so that 0.85 exactly counts as met.
  return rate + 1e-9 >= target;
}

/** The calendar month (YYYY-MM) as a day range, ending at `today` when the month is the current one. */
export function monthRange(month: string, today: string): DayRange | null {
  const m = /^(\d{4})-(\d{2})$/.exec(month);
  if (!m) throw new RangeError(`not a month: ${month}`);
  const from = `${month}-01`;
  const next = Number(m[2]) === 12 ? `${Number(m[1]) + 1}-01-01` : `${m[1]}-${String(Number(m[2]) + 1).padStart(2, '0')}-01`;
  const last = dayIndexToString(dayToIndex(next) - 1);
  const to = last < today ? last : today;
  return from <= to ? { from, to } : null;
}

/** The months (YYYY-MM) from `from` to `to`, both included. */
export function monthsBetween(from: string, to: string): string[] {
  const out: string[] = [];
  let [y, m] = from.split('-').map(Number);
  const [ty, tm] = to.split('-').map(Number);
  while (y < ty || (y === ty && m <= tm)) {
    out.push(`${y}-${String(m).padStart(2, '0')}`);
    if (++m > 12) {
      m = 1;
      y++;
    }
  }
  return out;
}

/** The month `n` months after (or before, n < 0) a YYYY-MM month. */
export function shiftMonth(month: string, n: number): string {
  const [y, m] = month.split('-').map(Number);
  const k = y * 12 + (m - 1) + n;
  return `${String(Math.floor(k / 12)).padStart(4, '0')}-${String((k % 12) + 1).padStart(2, '0')}`;
}
