// The one error type for malformed grid, component, matter and class codes, plus the checks they share.

export type CodeKind = 'grid' | 'community' | 'component' | 'matter' | 'class' | 'district';

export type CodeErrorReason =
  | 'not_a_string'
  | 'not_digits'
  | 'bad_length'
  | 'bad_district'
  | 'zero_street'
  | 'zero_community'
  | 'zero_serial'
  | 'zero_major'
  | 'zero_minor'
  | 'bad_serial';

/** Thrown for any malformed code; `reason` is stable for callers and messages, `kind` says which code it was. */
export class GridCodeError extends Error {
  readonly reason: CodeErrorReason;
  readonly kind: CodeKind;
  readonly input: unknown;
  /** What is wrong, without the code itself, e.g. 'the street segment cannot be 000'. */
  readonly detail: string;
  constructor(kind: CodeKind, reason: CodeErrorReason, input: unknown, detail: string) {
    super(`Invalid ${kind} code ${JSON.stringify(input)}: ${detail}`);
    this.name = 'GridCodeError';
    this.kind = kind;
    this.reason = reason;
    this.input = input;
    this.detail = detail;
  }

  /** The same problem reported against an enclosing code (a grid code's community part, say). */
  within(kind: CodeKind, input: unknown): GridCodeError {
    return new GridCodeError(kind, this.reason, input, this.detail);
  }
}

// Province-level prefixes of the national administrative division codes (GB/T 2260), so junk
// such as 000000 or 990000 is rejected at the door.
const PROVINCES = new Set([
  '11', '12', '13', '14', '15', '21', '22', '23', '31', '32', '33', '34', '35', '36', '37',
  '41', '42', '43', '44', '45', '46', '50', '51', '52', '53', '54', '61', '62', '63', '64', '65',
  '71', '81', '82',
]);

/** Trims the input and checks it is all digits with one of the allowed lengths; returns the digits. */
export function digitsOf(kind: CodeKind, input: unknown, lengths: readonly number[]): string {
  if (typeof input !== 'string') throw new GridCodeError(kind, 'not_a_string', input, 'expected a string of digits');
  const s = input.trim();
  if (!/^\d*$/.test(s)) throw new GridCodeError(kind, 'not_digits', input, 'may contain only the digits 0–9');
  if (!lengths.includes(s.length)) {
    throw new GridCodeError(kind, 'bad_length', input, `expected ${lengths.join(' or ')} digits, got ${s.length}`);
  }
  return s;
}

export function checkDistrict(kind: CodeKind, input: unknown, district: string): void {
  if (!PROVINCES.has(district.slice(0, 2)) || district.slice(2) === '0000') {
    throw new GridCodeError(kind, 'bad_district', input, `${district} is not a county-level division code`);
  }
}

/** Rejects an all-zero segment: numbering of streets, communities, classes and serials starts at 1. */
export function checkNonZero(kind: CodeKind, input: unknown, segment: string, reason: CodeErrorReason, what: string): void {
  if (/^0+$/.test(segment)) throw new GridCodeError(kind, reason, input, `the ${what} segment cannot be ${segment}`);
}

/** Zero-pads an integer serial to `width` digits, rejecting non-integers and out-of-range values. */
export function serialDigits(kind: CodeKind, serial: number, width: number): string {
  const max = 10 ** width - 1;
  if (!Number.isInteger(serial) || serial < 1 || serial > max) {
    throw new GridCodeError(kind, 'bad_serial', serial, `serial must be an integer from 1 to ${max}`);
  }
  return String(serial).padStart(width, '0');
}
