// Tables in files: CSV (RFC 4180; UTF-8, or GB18030 as Excel on Chinese Windows saves it) and xlsx (first sheet),
// read into header + rows of strings; and CSV cells for writing, safe against spreadsheet formulas.
import ExcelJS from 'exceljs';
import { assertZipWithinLimits } from '../zip-guard';

export interface Table {
  headers: string[];
  rows: string[][];
}

/** Decodes bytes as UTF-8 (dropping a BOM) or, when they are not valid UTF-8, as GB18030. */
export function decodeText(data: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(data);
  } catch {
    return new TextDecoder('gb18030').decode(data);
  }
}

/** Parses CSV text: quoted fields may hold commas, quotes ("") and line breaks; a tab-separated header switches to tabs. */
export function parseCsv(text: string): string[][] {
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  const sep = firstLine.includes('\t') && !firstLine.includes(',') ? '\t' : ',';
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          cell += '"';
          i++;
        } else quoted = false;
      } else cell += ch;
    } else if (ch === '"' && cell === '') quoted = true;
    else if (ch === sep) {
      row.push(cell);
      cell = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += ch;
  }
  if (cell !== '' || row.length) {
    row.push(cell);
    rows.push(row);
  }
  return rows.filter((r) => r.some((c) => c.trim() !== ''));
}

async function parseXlsx(data: Buffer): Promise<string[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(data as unknown as ArrayBuffer);
  const ws = wb.worksheets[0];
  if (!ws) return [];
  const rows: string[][] = [];
  ws.eachRow({ includeEmpty: false }, (row) => {
    const cells: string[] = [];
    for (let c = 1; c <= row.cellCount; c++) cells.push(row.getCell(c).text ?? '');
    rows.push(cells);
  });
  return rows.filter((r) => r.some((c) => c.trim() !== ''));
}

/** Reads a CSV or xlsx file (xlsx is recognised by its ZIP signature, whatever the file name says). */
export async function readTable(data: Buffer): Promise<Table> {
  const isZip = data.length > 4 && data[0] === 0x50 && data[1] === 0x4b && data[2] === 0x03 && data[3] === 0x04;
  if (isZip) await assertZipWithinLimits(data);
  const all = isZip ? await parseXlsx(data) : parseCsv(decodeText(data).replace(/^\uFEFF/, ''));
  const [headers = [], ...rows] = all;
  return { headers: headers.map((h) => h.trim()), rows };
}

/** One CSV cell; text starting with = + - @ gets a leading apostrophe so that spreadsheets do not run it as a formula. */
export function csvCell(v: string | number | boolean | null | undefined): string {
  if (v === null || v === undefined) return '';
  if (typeof v !== 'string') return String(v);
  const safe = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
  return /[",\r\n]/.test(safe) || safe !== v ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function csvLine(cells: (string | number | boolean | null | undefined)[]): string {
  return cells.map(csvCell).join(',') + '\r\n';
}
