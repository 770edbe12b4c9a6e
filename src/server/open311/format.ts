// Renders Open311 answers as XML (declaration, UTF-8, the spec's element names, every text escaped) or JSON,
// following the spec's Spark convention: a list becomes a container element holding one singular element per item.

export type Format = 'xml' | 'json';
export type Value = string | number | boolean | null | undefined | Date | Value[] | { [key: string]: Value };

/** Container → item element names of GeoReport v2 (and the mySociety update extension). */
const SINGULAR: Record<string, string> = {
  service_requests: 'request',
  services: 'service',
  attributes: 'attribute',
  values: 'value',
  endpoints: 'endpoint',
  formats: 'format',
  errors: 'error',
  service_request_updates: 'request_update',
  notes: 'note',
  media_urls: 'media_url',
};

function singular(name: string): string {
  return SINGULAR[name] ?? name.replace(/s$/, '');
}

// Characters XML 1.0 cannot carry at all (C0 controls other than tab, LF, CR; lone surrogates; U+FFFE/U+FFFF).
const INVALID_XML = /[^\x09\x0A\x0D\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

export function escapeXml(text: string): string {
  return text
    .replace(INVALID_XML, '\uFFFD')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** W3C date-time with the Shanghai offset, as the spec requires a zone: 2026-11-16T09:00:00+08:00. */
export function w3cDateTime(d: Date): string {
  const local = new Date(d.getTime() + 8 * 3600_000);
  return local.toISOString().replace(/\.\d{3}Z$/, '+08:00');
}

function scalar(v: string | number | boolean | Date): string {
  if (v instanceof Date) return w3cDateTime(v);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
  return v;
}

function element(name: string, v: Value, depth: number, out: string[]): void {
  if (v === null || v === undefined) return; // absent in XML, null in JSON
  const pad = '  '.repeat(depth);
  if (Array.isArray(v)) {
    if (v.length === 0) {
      out.push(`${pad}<${name}/>`);
      return;
    }
    out.push(`${pad}<${name}>`);
    for (const item of v) element(singular(name), item, depth + 1, out);
    out.push(`${pad}</${name}>`);
    return;
  }
  if (typeof v === 'object' && !(v instanceof Date)) {
    out.push(`${pad}<${name}>`);
    for (const [k, child] of Object.entries(v)) element(k, child, depth + 1, out);
    out.push(`${pad}</${name}>`);
    return;
  }
  const text = scalar(v);
  out.push(text === '' ? `${pad}<${name}></${name}>` : `${pad}<${name}>${escapeXml(text)}</${name}>`);
}

export function renderXml(root: string, value: Value): string {
  const out = ['<?xml version="1.0" encoding="utf-8"?>'];
  element(root, value, 0, out);
  return out.join('\n') + '\n';
}

function jsonValue(v: Value): unknown {
  if (v === undefined) return undefined;
  if (v === null) return null;
  if (v instanceof Date) return w3cDateTime(v);
  if (Array.isArray(v)) return v.map(jsonValue);
  if (typeof v === 'object') {
    const o: Record<string, unknown> = {};
    for (const [k, child] of Object.entries(v)) if (child !== undefined) o[k] = jsonValue(child);
    return o;
  }
  if (typeof v === 'number' && !Number.isFinite(v)) return null;
  return v;
}

/** The JSON form drops the root element, as the Spark convention does. */
export function renderJson(value: Value): string {
  return JSON.stringify(jsonValue(value));
}

export function render(format: Format, root: string, value: Value): { body: string; contentType: string } {
  return format === 'xml'
    ? { body: renderXml(root, value), contentType: 'text/xml; charset=utf-8' }
    : { body: renderJson(value), contentType: 'application/json; charset=utf-8' };
}
