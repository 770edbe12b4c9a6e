// The whole evaluation in one call, over plain event logs: derive facts, count a period, score the ranking.
// The server does the same with the facts stored and the counting in SQL; tests use this as the reference.
import type { EvaluationConfig } from './config';
import { countBy, type CountQuery, type ScopeLookups } from './counts';
import { deriveFacts, type DeriveOptions, type EvalCase, type EvalEvent, type CaseFacts, type TaskFacts } from './facts';
import type { ScopeKind } from './indicators';
import { scoreRanking, type ScoredRow } from './scoring';

export interface CaseLog {
  case: EvalCase;
  events: readonly EvalEvent[];
}

export function deriveAll(logs: readonly CaseLog[], opts: DeriveOptions = {}): { facts: CaseFacts[]; tasks: TaskFacts[] } {
  const facts: CaseFacts[] = [];
  const tasks: TaskFacts[] = [];
  for (const log of logs) {
    const d = deriveFacts(log.case, log.events, opts);
    facts.push(d.facts);
    tasks.push(...d.tasks);
  }
  return { facts, tasks };
}

export interface EvaluateOptions extends DeriveOptions, ScopeLookups {
  config: EvaluationConfig;
  from: Date;
  to: Date;
  now: Date;
}

/** Scores every scope of a kind that has something counted in the period, best composite first. */
export function evaluate(logs: readonly CaseLog[], scope: ScopeKind, o: EvaluateOptions): ScoredRow[] {
  const { facts, tasks } = deriveAll(logs, o);
  const q: CountQuery = {
    from: o.from,
    to: o.to,
    now: o.now,
    publicSources: o.config.publicSources,
    hotlineSources: o.config.hotlineSources,
    satisfiedLevels: o.config.satisfiedLevels,
  };
  const counts = countBy(scope, facts, tasks, q, o);
  const rows = scoreRanking(scope, [...counts].map(([id, c]) => ({ id, counts: c })), o.config);
  return rows.sort((a, b) => (b.composite ?? -1) - (a.composite ?? -1) || a.id.localeCompare(b.id));
}
