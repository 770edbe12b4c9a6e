// Class codes, component identifiers and matter codes of GB/T 47678.5-2026, with the 16-digit legacy component form.
import { GridCodeError, checkDistrict, checkNonZero, digitsOf, serialDigits } from './code-error';

export interface ParsedClassCode {
  major: string; // 2 digits, e.g. 09 街面秩序类
  minor: string; // 3 digits
  code: string; // 5 digits
}

export interface ParsedComponentId {
  district: string;
  major: string;
  minor: string; // always 3 digits
  classCode: string; // 5 digits
  serial: string; // 6 digits
  code: string; // canonical 17 digits
  /** The input was a 16-digit legacy identifier (2-digit minor). */
  legacy: boolean;
}

export interface ParsedMatterCode {
  district: string;
  major: string;
  minor: string;
  classCode: string;
  code: string; // 11 digits
}

function rethrowAs<T>(kind: 'component' | 'matter', input: unknown, f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof GridCodeError) throw e.within(kind, input);
    throw e;
  }
}

function isValid(parse: (s: string) => unknown, s: unknown): boolean {
  try {
    parse(s as string);
    return true;
  } catch (e) {
    if (e instanceof GridCodeError) return false;
    throw e;
  }
}

/** Validates a 5-digit class code: 2-digit major + 3-digit minor, neither all zeros. */
export function parseClassCode(code: string): ParsedClassCode {
  const s = digitsOf('class', code, [5]);
  const major = s.slice(0, 2);
  const minor = s.slice(2);
  checkNonZero('class', code, major, 'zero_major', 'major');
  checkNonZero('class', code, minor, 'zero_minor', 'minor');
  return { major, minor, code: s };
}

export const isClassCode = (s: unknown): boolean => isValid(parseClassCode, s);

/**
 * Parses a component identifier (部件标识码): 17 digits = 6 district + 2 major + 3 minor + 6 serial.
 * The 16-digit legacy form (2-digit minor) is accepted and normalised by left-padding the minor.
 */
export function parseComponentId(code: string): ParsedComponentId {
  const s = digitsOf('component', code, [17, 16]);
  const legacy = s.length === 16;
  const district = s.slice(0, 6);
  const classPart = legacy ? s.slice(6, 8) + '0' + s.slice(8, 10) : s.slice(6, 11);
  const serial = s.slice(-6);
  checkDistrict('component', code, district);
  const cls = rethrowAs('component', code, () => parseClassCode(classPart));
  checkNonZero('component', code, serial, 'zero_serial', 'serial');
  return { district, major: cls.major, minor: cls.minor, classCode: cls.code, serial, code: district + cls.code + serial, legacy };
}

export const isComponentId = (s: unknown): boolean => isValid(parseComponentId, s);

/** The canonical 17-digit form of a (possibly legacy) component identifier. */
export function normaliseComponentId(s: string): string {
  return parseComponentId(s).code;
}

/** Builds a 17-digit component identifier from a district, a 5-digit class code and a serial (1–999999). */
export function buildComponentId(district: string, classCode: string, serial: number): string {
  const d = digitsOf('district', district, [6]);
  checkDistrict('district', district, d);
  return d + parseClassCode(classCode).code + serialDigits('component', serial, 6);
}

/** Parses a matter code (事项编码): 11 digits = 6 district + 5 class. It names a type of matter, not an instance. */
export function parseMatterCode(code: string): ParsedMatterCode {
  const s = digitsOf('matter', code, [11]);
  const district = s.slice(0, 6);
  checkDistrict('matter', code, district);
  const cls = rethrowAs('matter', code, () => parseClassCode(s.slice(6)));
  return { district, major: cls.major, minor: cls.minor, classCode: cls.code, code: s };
}

export const isMatterCode = (s: unknown): boolean => isValid(parseMatterCode, s);

export function buildMatterCode(district: string, classCode: string): string {
  const d = digitsOf('district', district, [6]);
  checkDistrict('district', district, d);
  return d + parseClassCode(classCode).code;
}
