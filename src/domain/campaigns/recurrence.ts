// Recurrence (反弹 / 复发) in a campaign: the same spot reported again after its case was closed.
import { distanceMeters } from '../geo';
import type { ProblemKind } from './scope';

/**
 * When a later case counts as the same problem coming back: the same kind and class, reported within `radiusM`
 * metres of a closed case, more than 0 and at most `withinDays` days after that case was closed. Configured per
 * campaign; the defaults suit street-trade and barbecue spots (a stall comes back to the same corner).
 */
export interface RecurrenceRule {
  radiusM: number;
  withinDays: number;
}

export const DEFAULT_RECURRENCE: RecurrenceRule = { radiusM: 50, withinDays: 30 };

/** What recurrence reads of a case. */
export interface SpotCase {
  id: string;
  kind: ProblemKind;
  classCode: string;
  lng: number;
  lat: number;
  reportedAt: Date;
  /** Set when the case was closed as dealt with (normal or overdue close). */
  closedAt: Date | null;
  /** False for reports found untrue, duplicates and cancelled cases: they are no evidence of a problem coming back. */
  valid: boolean;
}

export interface Recurrence {
  /** The closed case whose spot came back. */
  closedId: string;
  /** The later report at the same spot. */
  repeatId: string;
  distanceM: number;
  /** Days from the close to the repeat report. */
  daysAfter: number;
}

const DAY_MS = 86_400_000;

/**
 * Every (closed case, later report) pair that the rule calls a recurrence. A report may repeat several closed cases
 * (two stalls closed at one corner) and a closed case may come back several times; all pairs are listed.
 */
export function findRecurrences(cases: readonly SpotCase[], rule: RecurrenceRule): Recurrence[] {
  const reports = cases.filter((c) => c.valid).sort((a, b) => a.reportedAt.getTime() - b.reportedAt.getTime());
  const times = reports.map((c) => c.reportedAt.getTime());
  const out: Recurrence[] = [];
  for (const closed of cases) {
    if (!closed.valid || !closed.closedAt) continue;
    const from = closed.closedAt.getTime();
    const to = from + rule.withinDays * DAY_MS;
    // First report strictly after the close (binary search), then walk while inside the window.
    let lo = 0;
    let hi = times.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (times[mid] <= from) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo; i < reports.length && times[i] <= to; i++) {
      const r = reports[i];
      if (r.id === closed.id || r.kind !== closed.kind || r.classCode !== closed.classCode) continue;
      const d = distanceMeters([closed.lng, closed.lat], [r.lng, r.lat]);
      if (d <= rule.radiusM) out.push({ closedId: closed.id, repeatId: r.id, distanceM: d, daysAfter: (times[i] - from) / DAY_MS });
    }
  }
  return out;
}

export interface RecurrenceSummary {
  /** Valid cases closed as dealt with. */
  closed: number;
  /** Of those, how many came back at least once. */
  recurred: number;
  /** recurred ÷ closed; null when nothing is closed yet. */
  rate: number | null;
  pairs: Recurrence[];
}

/** The campaign's recurrence rate (反弹率): closed cases that came back ÷ closed cases. */
export function recurrenceSummary(cases: readonly SpotCase[], rule: RecurrenceRule): RecurrenceSummary {
  const pairs = findRecurrences(cases, rule);
  const closed = cases.filter((c) => c.valid && c.closedAt).length;
  const recurred = new Set(pairs.map((p) => p.closedId)).size;
  return { closed, recurred, rate: closed ? recurred / closed : null, pairs };
}
