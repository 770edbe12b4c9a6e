// The default classification catalogue (GB/T 47678.5-2026) and look-ups over it (DOMAIN.md §4).

import { GB47678_5_CLASSES } from './gb47678-5';
import type { CatalogueClass, DepartmentKind, FilingCondition, ProblemKind } from './types';

export type * from './types';
export { GB47678_5_CLASSES } from './gb47678-5';
export { MAJOR_CLASSES, findMajor } from './majors';

/** Default names of the department kinds (a deployment maps each to its real units). */
export const DEPARTMENT_KINDS: Record<DepartmentKind, { nameZh: string; nameEn: string }> = {
  enforcement: { nameZh: '城管执法局', nameEn: 'Urban Management and Law Enforcement Bureau' },
  housing: { nameZh: '住房和城乡建设局', nameEn: 'Housing and Urban-Rural Development Bureau' },
  market: { nameZh: '市场监督管理局', nameEn: 'Market Regulation Bureau' },
  ecology: { nameZh: '生态环境分局', nameEn: 'Ecology and Environment Sub-bureau' },
  transport: { nameZh: '交通运输局', nameEn: 'Transport Bureau' },
  water: { nameZh: '水务局', nameEn: 'Water Affairs Bureau' },
  greening: { nameZh: '园林绿化中心', nameEn: 'Landscaping and Greening Centre' },
  sanitation: { nameZh: '环境卫生管理中心', nameEn: 'Environmental Sanitation Management Centre' },
  street: { nameZh: '街道办事处/乡镇政府', nameEn: 'Sub-district Office / Township Government' },
  utility_power: { nameZh: '供电公司', nameEn: 'Power Supply Company' },
  utility_telecom: { nameZh: '通信运营商', nameEn: 'Telecom Operators' },
  utility_gas: { nameZh: '燃气公司', nameEn: 'Gas Company' },
  utility_heating: { nameZh: '供热公司', nameEn: 'Heating Company' },
  traffic_police: { nameZh: '交警大队', nameEn: 'Traffic Police Brigade' },
  public_security: { nameZh: '公安分局', nameEn: 'Public Security Sub-bureau' },
  natural_resources: { nameZh: '自然资源局', nameEn: 'Natural Resources Bureau' },
  emergency: { nameZh: '应急管理局', nameEn: 'Emergency Management Bureau' },
};

/** A class is keyed by (kind, code): the same 5 digits can be a component and a matter. */
export function classKey(kind: ProblemKind, code: string): string {
  return `${kind}:${code}`;
}

const byKey = new Map(GB47678_5_CLASSES.map((c) => [classKey(c.kind, c.code), c]));

export function findClass(kind: ProblemKind, code: string): CatalogueClass | undefined {
  return byKey.get(classKey(kind, code));
}

export function findFilingCondition(kind: ProblemKind, code: string, conditionCode: string): FilingCondition | undefined {
  return findClass(kind, code)?.filingConditions.find((f) => f.code === conditionCode);
}

export interface SearchOptions {
  kind?: ProblemKind;
  /** At most this many results (default: all). */
  limit?: number;
}

const words = (s: string): string[] => s.toLowerCase().split(/[^a-z0-9]+/).filter(Boolean);

function score(c: CatalogueClass, q: string, qWords: string[]): number {
  // code: "06029", "060", "matter:06029"
  const colon = q.indexOf(':');
  if (colon > 0) {
    const kind = q.slice(0, colon);
    const code = q.slice(colon + 1);
    return kind === c.kind && /^\d{1,5}$/.test(code) && c.code.startsWith(code) ? (code === c.code ? 1000 : 500) : 0;
  }
  if (/^\d{1,5}$/.test(q)) return q === c.code ? 1000 : c.code.startsWith(q) ? 500 : 0;
  // Chinese name, then filing-condition names
  if (c.nameZh === q) return 900;
  const at = c.nameZh.indexOf(q);
  if (at >= 0) return 400 - Math.min(at, 50);
  // English words: every query word starts a word of the English name
  const nameEn = c.nameEn.toLowerCase();
  if (nameEn === q) return 800;
  if (qWords.length > 0) {
    const nameWords = words(c.nameEn);
    const exact = qWords.every((w) => nameWords.includes(w));
    if (exact) return 300;
    if (qWords.every((w) => nameWords.some((n) => n.startsWith(w)))) return 250;
  }
  if (c.filingConditions.some((f) => f.nameZh.includes(q))) return 100;
  if (qWords.length > 0 && c.filingConditions.some((f) => qWords.every((w) => words(f.nameEn).some((n) => n.startsWith(w))))) return 50;
  return 0;
}

/**
 * Search the default catalogue by code (prefix; exact code ranks first; "kind:code" too), Chinese
 * substring of the class name or of a filing condition's name, or English words (case-insensitive
 * word prefixes). Ties: components before matters, then by code.
 */
export function searchClasses(query: string, opts: SearchOptions = {}): CatalogueClass[] {
  const q = query.trim().toLowerCase();
  if (!q) return [];
  const qWords = words(q);
  const hits: { c: CatalogueClass; s: number }[] = [];
  for (const c of GB47678_5_CLASSES) {
    if (opts.kind && c.kind !== opts.kind) continue;
    const s = score(c, q, qWords);
    if (s > 0) hits.push({ c, s });
  }
  hits.sort(
    (a, b) =>
      b.s - a.s ||
      (a.c.kind === b.c.kind ? 0 : a.c.kind === 'component' ? -1 : 1) ||
      a.c.code.localeCompare(b.c.code),
  );
  const out = hits.map((h) => h.c);
  return opts.limit !== undefined ? out.slice(0, opts.limit) : out;
}
