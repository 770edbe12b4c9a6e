// Export of case searches over HTTP: CSV (UTF-8 with BOM, safe against spreadsheet formulas) and xlsx, with the
// filters and the data scope of the case list, headers in the asked language.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { freshDatabase, testDatabaseKinds } from '../../../test/support/db';
import { appFor, signIn, type Client } from '../../../test/support/http';
import { buildCase, buildWorld, type World } from '../../../test/support/world';

/** Splits CSV text into rows of cells (quotes and doubled quotes handled). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') (cell += '"'), i++;
      else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') row.push(cell), (cell = '');
    else if (ch === '\r' && text[i + 1] === '\n') row.push(cell), rows.push(row), (row = []), (cell = ''), i++;
    else cell += ch;
  }
  if (cell || row.length) row.push(cell), rows.push(row);
  return rows;
}

describe.each(testDatabaseKinds())('case export (%s)', (kind) => {
  let db: Awaited<ReturnType<typeof freshDatabase>>;
  let w: World;
  let app: FastifyInstance;
  const as: Record<string, Client> = {};

  beforeAll(async () => {
    db = await freshDatabase(kind);
    w = await buildWorld(db);
    app = await appFor(w);
    for (const name of ['operator', 'dept2', 'inspector'] as const) as[name] = await signIn(app, w.users[name].username, w.users[name].password);
    await buildCase(w, 'reported', { description: '=HYPERLINK("http://evil","点我")', source: 'hotline' });
    await buildCase(w, 'handling', { description: '路边烧烤, 油烟 "扰民"' });
    await buildCase(w, 'closed');
  });
  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it('exports CSV with a BOM, Chinese headers, every matching case, and formulas neutralised', async () => {
    const res = await as.operator.get('/api/export/cases?format=csv');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    expect(res.headers['content-disposition']).toMatch(/attachment; filename="cases-\d{12}\.csv"; filename\*=UTF-8''/);
    expect(res.body.charCodeAt(0)).toBe(0xfeff);
    const rows = parseCsv(res.body.slice(1).trimEnd());
    expect(rows[0].slice(0, 3)).toEqual(['案件编号', '状态', '时限灯']);
    expect(rows.length - 1).toBe(3);
    expect(res.headers['x-export-total']).toBe('3');
    const descCol = rows[0].indexOf('问题描述');
    const descriptions = rows.slice(1).map((r) => r[descCol]);
    expect(descriptions).toContain(`'=HYPERLINK("http://evil","点我")`);
    expect(descriptions).toContain('路边烧烤, 油烟 "扰民"');
    expect(rows.slice(1).map((r) => r[rows[0].indexOf('状态')]).sort()).toEqual(['已结案', '处置中', '待受理'].sort());

    // Filters as in the case list.
    const open = parseCsv((await as.operator.get('/api/export/cases?format=csv&open=true')).body.slice(1).trimEnd());
    expect(open.length - 1).toBe(2);
    const en = parseCsv((await as.operator.get('/api/export/cases?format=csv&lang=en&state=handling')).body.slice(1).trimEnd());
    expect(en[0][0]).toBe('Case number');
    expect(en[1][en[0].indexOf('State')]).toBe('Handling');
  });

  it('exports xlsx that Excel opens, with the same rows', async () => {
    const res = await as.operator.get('/api/export/cases?format=xlsx&open=true');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const sheet = wb.worksheets[0];
    expect(sheet.name).toBe('案件');
    expect(sheet.getRow(1).getCell(1).value).toBe('案件编号');
    expect(sheet.rowCount).toBe(3);
    expect(String(sheet.getRow(2).getCell(1).value)).toMatch(/^220106-\d{4}-\d{6}$/);
  });

  it('keeps to the user’s scope and refuses those who may not export', async () => {
    // The sanitation department holds none of these cases.
    const dept = parseCsv((await as.dept2.get('/api/export/cases?format=csv')).body.slice(1).trimEnd());
    expect(dept.length - 1).toBe(0);
    expect((await as.inspector.get('/api/export/cases?format=csv')).statusCode).toBe(403);
    expect((await as.operator.get('/api/export/cases?format=pdf')).statusCode).toBe(400);
  });
});
