// Rates, composite scores and grades of a ranking: the last step from counts to what leaders read.
import { compositeFor, type Composite, type EvaluationConfig, type Grade } from './config';
import { INDICATORS, SCOPE_INDICATORS, indicatorValue, round2, type Counts, type IndicatorKey, type IndicatorValue, type ScopeKind } from './indicators';

export interface ScoredRow {
  id: string;
  counts: Counts;
  indicators: IndicatorValue[];
  /** 100 × own volume ÷ the largest in the ranking; null when the composite has no volume or nobody has any. */
  volumeScore: number | null;
  composite: number | null;
  grade: Grade | null;
}

export function gradeOf(score: number, grades: EvaluationConfig['grades']): Grade {
  if (score >= grades.A) return 'A';
  if (score >= grades.B) return 'B';
  if (score >= grades.C) return 'C';
  if (score >= grades.D) return 'D';
  return 'E';
}

/** A 0–100 score where higher is better: the rate in per cent, or 100 minus it for "lower is better" indicators. */
export function pointsOf(key: IndicatorKey, rate: number | null): number | null {
  if (rate === null) return null;
  return INDICATORS[key].better === 'higher' ? rate * 100 : 100 - rate * 100;
}

/**
 * The weighted score of a composite. Indicators with nothing to count (and a volume score that cannot be computed)
 * are left out and the remaining weights rescaled, so that a quiet month neither rewards nor punishes. Null when no
 * indicator has anything to count: a volume score alone is no evaluation.
 */
export function compositeScore(composite: Composite, counts: Counts, volumeScore: number | null): number | null {
  let sum = 0;
  let total = 0;
  let rated = false;
  for (const [key, weight] of Object.entries(composite.weights) as [IndicatorKey | 'volume', number][]) {
    if (!weight) continue;
    const points = key === 'volume' ? volumeScore : pointsOf(key, indicatorValue(key, counts).rate);
    if (points === null) continue;
    if (key !== 'volume') rated = true;
    sum += weight * points;
    total += weight;
  }
  return rated && total > 0 ? round2(sum / total) : null;
}

/** Scores every row of one ranking (the volume score is relative to the ranking, so score the whole group at once). */
export function scoreRanking(scope: ScopeKind, rows: readonly { id: string; counts: Counts }[], config: EvaluationConfig): ScoredRow[] {
  const composite = compositeFor(config, scope);
  const volumeKey = composite?.weights.volume ? composite.volume : undefined;
  const maxVolume = volumeKey ? Math.max(0, ...rows.map((r) => r.counts[volumeKey])) : 0;
  return rows.map((r) => {
    const volumeScore = volumeKey && maxVolume > 0 ? round2((100 * r.counts[volumeKey]) / maxVolume) : null;
    const score = composite ? compositeScore(composite, r.counts, volumeScore) : null;
    return {
      id: r.id,
      counts: r.counts,
      indicators: SCOPE_INDICATORS[scope].map((k) => indicatorValue(k, r.counts)),
      volumeScore,
      composite: score,
      grade: score === null ? null : gradeOf(score, config.grades),
    };
  });
}

/** Competition ranking (1, 2, 2, 4) by composite, best first; rows without a composite come last, unranked. */
export function rankOf(rows: readonly { composite: number | null }[]): (number | null)[] {
  const sorted = rows.map((r) => r.composite).filter((c): c is number => c !== null).sort((a, b) => b - a);
  const first = new Map<number, number>();
  sorted.forEach((c, i) => first.has(c) || first.set(c, i + 1));
  return rows.map((r) => (r.composite === null ? null : first.get(r.composite)!));
}
