// Responsibility routing (权责清单): which department handles a case, with which co-departments and time limit.
import type { Limit, LimitUnit } from '../calendar';

export type ProblemKind = 'component' | 'matter';
export type AreaClass = 'A' | 'B' | 'C';

/** One line of the power-and-responsibility list. Optional fields left null/undefined match any case. */
export interface ResponsibilityRule {
  id: string;
  kind: ProblemKind;
  classCode: string; // 5-digit class code
  filingCondition?: string | null; // rule applies only to this filing condition code
  areaClass?: AreaClass | null;
  streetCode?: string | null; // rule for one street only
  departmentId: string | null; // competent department (主管/权属部门); null = the locality
  coDepartmentIds: string[];
  limit: { amount: number; unit: LimitUnit } | null;
}

export interface RoutingQuery {
  kind: ProblemKind;
  classCode: string;
  filingCondition?: string | null;
  areaClass?: AreaClass | null;
  streetCode: string; // 9-digit street of the case
  /** For components: the owner department, when the component register knows it. */
  componentOwnerDepartmentId?: string | null;
}

export type RoutingBasis = 'owner' | 'rule' | 'locality' | 'fallback';

export interface RoutingResult {
  departmentId: string;
  coDepartmentIds: string[];
  limit: Limit | null;
  /** owner: the component's owner; rule: a named department; locality: a rule gives it to the street; fallback: no rule (属地兜底). */
  basis: RoutingBasis;
  ruleId: string | null;
}

const OPTIONAL_FIELDS = ['filingCondition', 'areaClass', 'streetCode'] as const;

const isSet = <T>(v: T | null | undefined): v is T => v !== null && v !== undefined && v !== '';

/** A rule matches when kind and class agree and every optional field it sets equals the query's. */
export function ruleMatches(rule: ResponsibilityRule, q: RoutingQuery): boolean {
  if (rule.kind !== q.kind || rule.classCode !== q.classCode) return false;
  return OPTIONAL_FIELDS.every((f) => !isSet(rule[f]) || rule[f] === q[f]);
}

/** Number of optional fields a rule sets: more set fields = a narrower rule. */
export function specificity(rule: ResponsibilityRule): number {
  return OPTIONAL_FIELDS.filter((f) => isSet(rule[f])).length;
}

/**
 * The most specific matching rule, or null. Ties between equally specific rules go to the smallest
 * id (plain string order), and only then to the earlier position in the list, so the answer does
 * not depend on the order in which rules were loaded.
 */
export function bestRule(rules: readonly ResponsibilityRule[], q: RoutingQuery): ResponsibilityRule | null {
  let best: ResponsibilityRule | null = null;
  for (const rule of rules) {
    if (!ruleMatches(rule, q)) continue;
    if (best === null) {
      best = rule;
      continue;
    }
    const diff = specificity(rule) - specificity(best);
    if (diff > 0 || (diff === 0 && rule.id < best.id)) best = rule;
  }
  return best;
}

/**
 * Decides who handles a case.
 *
 * Components, 先属主、后属地: a known owner department takes the case (basis 'owner'; limit and
 * co-departments from the best rule, if any); otherwise the best rule's department ('rule'), or the
 * street office when that rule names none ('locality').
 * Matters, 先属地、后属主: the best rule decides: no department means the street office ('locality'),
 * a named department takes it ('rule'); a component owner is ignored.
 * No matching rule at all: the street office of the case's street (属地兜底, 'fallback', no limit).
 *
 * `localityOf` maps a 9-digit street code to its street office's department id; it is called only
 * when the locality is chosen. Co-departments never repeat the lead department.
 */
export function responsibilityFor(
  rules: readonly ResponsibilityRule[],
  q: RoutingQuery,
  localityOf: (streetCode: string) => string,
): RoutingResult {
  const rule = bestRule(rules, q);
  const locality = (): string => {
    const id = localityOf(q.streetCode);
    if (!isSet(id)) throw new Error(`No street office is known for street ${q.streetCode}`);
    return id;
  };
  const result = (departmentId: string, basis: RoutingBasis): RoutingResult => ({
    departmentId,
    coDepartmentIds: [...new Set(rule?.coDepartmentIds ?? [])].filter((d) => d !== departmentId),
    limit: rule?.limit ? { amount: rule.limit.amount, unit: rule.limit.unit } : null,
    basis,
    ruleId: rule?.id ?? null,
  });

  if (q.kind === 'component' && isSet(q.componentOwnerDepartmentId)) return result(q.componentOwnerDepartmentId, 'owner');
  if (rule === null) return result(locality(), 'fallback');
  if (isSet(rule.departmentId)) return result(rule.departmentId, 'rule');
  return result(locality(), 'locality');
}
