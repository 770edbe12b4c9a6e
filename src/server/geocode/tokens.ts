// Search tokens for Chinese place names without a word segmenter: character bigrams of each run of Chinese or
// Latin text (a lone character stands for itself) and whole house numbers (#12), so 青年路12号 is found by
// 青年路12, 年路12号 or 青年路 12 号, and 正阳 finds 正阳街道. Works on PGlite (no pg_trgm needed).

const FULL_WIDTH = /[\uFF10-\uFF19\uFF21-\uFF3A\uFF41-\uFF5A]/g;

/** Full-width digits and letters to ASCII, lower case, Chinese numerals of house numbers left alone. */
export function normaliseText(s: string): string {
  return s.replace(FULL_WIDTH, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).toLowerCase();
}

/** Runs of letters (Chinese or Latin) and of digits; everything else separates. */
export function runs(text: string): { kind: 'text' | 'number'; value: string }[] {
  const out: { kind: 'text' | 'number'; value: string }[] = [];
  for (const m of normaliseText(text).matchAll(/(\d+)|([\p{L}]+)/gu)) {
    if (m[1]) out.push({ kind: 'number', value: String(Number(m[1])) });
    else out.push({ kind: 'text', value: m[2] });
  }
  return out;
}

/** The distinct tokens of a text, in order of appearance. */
export function tokens(text: string): string[] {
  const out = new Set<string>();
  for (const r of runs(text)) {
    if (r.kind === 'number') out.add(`#${r.value}`);
    else if (r.value.length === 1) out.add(r.value);
    else for (let i = 0; i + 1 < r.value.length; i++) out.add(r.value.slice(i, i + 2));
  }
  return [...out];
}
