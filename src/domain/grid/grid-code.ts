// Unit grid codes (单元网格编码): 15 digits = 6 district + 3 street + 3 community + 3 serial; 14-digit legacy codes accepted.
import { GridCodeError, checkDistrict, checkNonZero, digitsOf, serialDigits } from './code-error';

export interface ParsedGridCode {
  district: string; // 6 digits, e.g. 220106
  street: string; // 3 digits within the district
  community: string; // 3 digits within the street
  serial: string; // 3 digits within the community
  code: string; // the canonical 15-digit code
  streetCode: string; // 9 digits
  communityCode: string; // 12 digits
  /** The input was a 14-digit legacy code (2-digit serial). */
  legacy: boolean;
}

export interface ParsedCommunityCode {
  district: string;
  street: string;
  community: string;
  streetCode: string;
  communityCode: string;
}

/** Validates a 12-digit community/village code (统计用区划代码), e.g. 220106001001. */
export function parseCommunityCode(code: string): ParsedCommunityCode {
  const s = digitsOf('community', code, [12]);
  const district = s.slice(0, 6);
  const street = s.slice(6, 9);
  const community = s.slice(9, 12);
  checkDistrict('community', code, district);
  checkNonZero('community', code, street, 'zero_street', 'street');
  checkNonZero('community', code, community, 'zero_community', 'community');
  return { district, street, community, streetCode: s.slice(0, 9), communityCode: s };
}

/**
 * Parses a unit grid code. Accepts the 15-digit form and the 14-digit legacy form (2-digit serial),
 * which is normalised by left-padding the serial; surrounding whitespace is ignored.
 * Throws GridCodeError (see `reason`) for anything else.
 */
export function parseGridCode(code: string): ParsedGridCode {
  const s = digitsOf('grid', code, [15, 14]);
  const legacy = s.length === 14;
  let parts: ParsedCommunityCode;
  try {
    parts = parseCommunityCode(s.slice(0, 12));
  } catch (e) {
    // Re-issue against the grid code the caller passed, keeping the reason.
    if (e instanceof GridCodeError) throw e.within('grid', code);
    throw e;
  }
  const serial = s.slice(12).padStart(3, '0');
  checkNonZero('grid', code, serial, 'zero_serial', 'serial');
  return { ...parts, serial, code: parts.communityCode + serial, legacy };
}

/** True for a valid 15-digit or 14-digit legacy grid code. */
export function isGridCode(s: unknown): boolean {
  try {
    parseGridCode(s as string);
    return true;
  } catch (e) {
    if (e instanceof GridCodeError) return false;
    throw e;
  }
}

/** The canonical 15-digit form of a (possibly legacy) grid code. */
export function normaliseGridCode(s: string): string {
  return parseGridCode(s).code;
}

/** Builds the 15-digit code of grid number `serial` (1–999) in a 12-digit community. */
export function buildGridCode(communityCode12: string, serial: number): string {
  return parseCommunityCode(communityCode12).communityCode + serialDigits('grid', serial, 3);
}
