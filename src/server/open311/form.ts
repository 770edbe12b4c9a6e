// Form fields of Open311 POSTs (application/x-www-form-urlencoded): repeated keys become lists,
// attribute[code]=v and attribute[code][]=v1&attribute[code][]=v2 become attribute values by code.

export type FormFields = Record<string, string | string[]>;

/** Parses a urlencoded body; a key sent more than once (media_url, attribute[x][]) keeps every value in order. */
export function parseForm(body: string): FormFields {
  const out: FormFields = {};
  for (const [k, v] of new URLSearchParams(body)) add(out, k, v);
  return out;
}

function add(out: FormFields, k: string, v: string): void {
  const prev = out[k];
  if (prev === undefined) out[k] = k.endsWith('[]') ? [v] : v;
  else out[k] = Array.isArray(prev) ? [...prev, v] : [prev, v];
}

/**
 * Any object of query or body fields (Fastify's query parser, JSON bodies) as form fields of strings.
 * A JSON body may give attributes as an object: { "attribute": { "hazards": ["noise"] } } reads as attribute[hazards][].
 */
export function asFormFields(input: unknown): FormFields {
  const out: FormFields = {};
  if (!input || typeof input !== 'object') return out;
  for (const [k, v] of Object.entries(input as Record<string, unknown>)) {
    if (k === 'attribute' && v && typeof v === 'object' && !Array.isArray(v)) {
      for (const [code, value] of Object.entries(v as Record<string, unknown>)) {
        if (Array.isArray(value)) out[`attribute[${code}][]`] = value.map((x) => String(x));
        else if (value !== undefined && value !== null) out[`attribute[${code}]`] = String(value);
      }
    } else if (Array.isArray(v)) out[k] = v.map((x) => (x !== null && typeof x === 'object' ? JSON.stringify(x) : String(x)));
    else if (v !== undefined && v !== null) out[k] = typeof v === 'object' ? JSON.stringify(v) : String(v);
  }
  return out;
}

/** One value of a field: the first when it was sent several times; empty strings count as absent (the spec's "optional"). */
export function field(f: FormFields, name: string): string | undefined {
  const v = f[name];
  const s = Array.isArray(v) ? v[0] : v;
  if (s === undefined) return undefined;
  const t = s.trim();
  return t === '' ? undefined : t;
}

/** Every non-empty value of a field. */
export function fieldList(f: FormFields, name: string): string[] {
  const v = f[name];
  const all = v === undefined ? [] : Array.isArray(v) ? v : [v];
  return all.map((s) => s.trim()).filter((s) => s !== '');
}

/** attribute[code] and attribute[code][] fields, by code, every value kept (empty values dropped). */
export function attributeFields(f: FormFields): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const [k, v] of Object.entries(f)) {
    const m = /^attribute\[([^\]]{1,64})\](\[\])?$/.exec(k);
    if (!m) continue;
    const values = (Array.isArray(v) ? v : [v]).map((s) => s.trim()).filter((s) => s !== '');
    if (values.length === 0) continue;
    out.set(m[1], [...(out.get(m[1]) ?? []), ...values]);
  }
  return out;
}
