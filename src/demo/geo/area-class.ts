// Area classes for time limits (DOMAIN.md §5): A urban core, B other urban, C rural.

export type AreaClass = 'A' | 'B' | 'C';

/** The old inner-city 街道 of 绿园区, next to central Changchun. */
const CORE_STREETS = new Set(['220106001', '220106003', '220106005', '220106006', '220106007']);

/**
 * The area class of a 12-digit community code. NBS serials 200–399 are village committees
 * (村委会) → C; communities of the five inner 街道 → A; other 社区 (outer 街道, town seats,
 * development parks) → B. Unknown or malformed codes get B, the general class.
 */
export function areaClassOf(communityCode: string): AreaClass {
  if (!/^\d{12}$/.test(communityCode)) return 'B';
  const serial = Number(communityCode.slice(9));
  if (serial >= 200 && serial <= 399) return 'C';
  if (CORE_STREETS.has(communityCode.slice(0, 9))) return 'A';
  return 'B';
}
