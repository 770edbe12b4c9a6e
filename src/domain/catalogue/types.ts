// Types of the classification catalogue (DOMAIN.md §4, §5): the classes of problems a case is
// filed under, their competent department kind and their filing conditions with handling limits.

/** 部件 (component: a public object) or 事项 (matter: an event or behaviour). */
export type ProblemKind = 'component' | 'matter';

/** The kind of department a class is dispatched to by default (a local catalogue maps it to real units). */
export type DepartmentKind =
  | 'enforcement'
  | 'housing'
  | 'market'
  | 'ecology'
  | 'transport'
  | 'water'
  | 'greening'
  | 'sanitation'
  | 'street'
  | 'utility_power'
  | 'utility_telecom'
  | 'utility_gas'
  | 'utility_heating'
  | 'traffic_police'
  | 'public_security'
  | 'natural_resources'
  | 'emergency';

/** Units of a time limit: working time follows the working calendar, clock/natural time does not. */
export type TimeUnit =
  | 'working_minutes'
  | 'working_hours'
  | 'working_days'
  | 'clock_minutes'
  | 'clock_hours'
  | 'natural_days';

export interface TimeLimit {
  amount: number;
  unit: TimeUnit;
}

/** 立案条件: a condition a case is filed under, with its handling limit and closing condition (CJ/T 315). */
export interface FilingCondition {
  /** Class code + '-' + 2 digits, e.g. '01001-01'; unique within a class. */
  code: string;
  nameZh: string;
  nameEn: string;
  /** Handling limit (处置时限) of the whole handling step. */
  limit: TimeLimit;
  /**
   * Optional urgent on-site step inside the handling limit (e.g. arrive and cordon off a missing
   * manhole cover within 30 clock minutes, fix it within 6 clock hours).
   */
  firstResponse?: TimeLimit;
  /** 结案条件 */
  closeConditionZh: string;
  closeConditionEn: string;
}

export interface CatalogueClass {
  kind: ProblemKind;
  /** 5 digits: 2 major + 3 minor. Unique only together with kind. */
  code: string;
  majorCode: string;
  majorNameZh: string;
  majorNameEn: string;
  nameZh: string;
  nameEn: string;
  departmentKind: DepartmentKind;
  /** true: handled by the street/town first (matters: 先属地后属主; components whose owner is unknown: 属地兜底). */
  locality: boolean;
  /** Safety-critical: may skip verification, urgent limits. */
  urgent: boolean;
  /** The exact point is coarsened on the public map (e.g. illegal building with a private owner). */
  privatePoint: boolean;
  filingConditions: FilingCondition[];
}

/** 大类 */
export interface MajorClass {
  kind: ProblemKind;
  /** 2 digits */
  code: string;
  nameZh: string;
  nameEn: string;
}
