// Open311 service codes of the class catalogue: a component and a matter can share 5 digits, so the code carries the kind.
//   C + component class code  (C01001 上水井盖)
//   M + matter class code     (M09006 占道经营)
// Local sub-classes keep their longer codes (M0900601). Filing conditions already use the same prefixes (M09006-01).
import type { ProblemKind } from '../../domain/catalogue';

const PREFIX: Record<ProblemKind, string> = { component: 'C', matter: 'M' };

export function serviceCodeOf(kind: ProblemKind | string, classCode: string): string {
  return `${PREFIX[kind as ProblemKind] ?? '?'}${classCode}`;
}

export interface ClassRef {
  kind: ProblemKind;
  code: string;
}

/** Parses C01001 / M09006 (either case); anything else (a bare 5-digit code is ambiguous) is null. */
export function parseServiceCode(serviceCode: string): ClassRef | null {
  const m = /^([CMcm])(\d{5,8})$/.exec(serviceCode.trim());
  if (!m) return null;
  return { kind: m[1].toUpperCase() === 'C' ? 'component' : 'matter', code: m[2] };
}
