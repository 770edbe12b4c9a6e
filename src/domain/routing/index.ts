// Public surface of responsibility routing (权责清单).
export {
  bestRule,
  responsibilityFor,
  ruleMatches,
  specificity,
  type AreaClass,
  type ProblemKind,
  type ResponsibilityRule,
  type RoutingBasis,
  type RoutingQuery,
  type RoutingResult,
} from './responsibility';
