import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { csvCell, csvLine, decodeText, parseCsv } from './table';

describe('CSV', () => {
  it('reads back what it writes, whatever the cells hold (formula-looking text gets a leading apostrophe)', () => {
    const cell = fc.string({ unit: fc.constantFrom('a', '中', ',', '"', '\n', '\r', ' ', '=', '-', '+', '@', '1') });
    fc.assert(
      fc.property(fc.array(fc.array(cell, { minLength: 2, maxLength: 4 }), { minLength: 1, maxLength: 5 }), (rows) => {
        const withMarker = rows.map((r) => ['k', ...r]); // a first cell that is never blank keeps blank lines apart from rows
        const text = withMarker.map((r) => csvLine(r)).join('');
        const expected = withMarker.map((r) => r.map((c) => (/^[=+\-@\t\r]/.test(c) ? `'${c}` : c)));
        expect(parseCsv(text)).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });

  it('quotes only when needed, and writes numbers and booleans as they are', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell(-1.5)).toBe('-1.5');
    expect(csvCell(null)).toBe('');
    expect(csvLine(['a', 1, true])).toBe('a,1,true\r\n');
  });

  it('reads tab-separated text and skips blank lines', () => {
    expect(parseCsv('a\tb\n1\t2\n\n')).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
  });

  it('decodes UTF-8, and GB18030 when the bytes are not UTF-8', () => {
    expect(decodeText(Buffer.from('类型,描述', 'utf8'))).toBe('类型,描述');
    expect(decodeText(Buffer.from([0xc0, 0xe0, 0xd0, 0xcd]))).toBe('类型');
  });
});
