// fast-check arbitraries from the JSON Schemas of the OpenAPI document: values that fit a schema (to reach deep
// into a route) and values that break it in one place (a wrong type, a missing field), so that every route is
// fuzzed from its own declaration, including routes added after this file was written.
import fc from 'fast-check';

export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minItems?: number;
  maxItems?: number;
  default?: unknown;
  nullable?: boolean;
}

/** Values to prefer for fields of a given name (real ids, points inside the district), so that fuzzing gets past the first lookup. */
export type Hints = Record<string, fc.Arbitrary<unknown>>;

const typeOf = (s: JsonSchema): string | undefined => (Array.isArray(s.type) ? s.type.find((t) => t !== 'null') : s.type);

function stringFor(s: JsonSchema): fc.Arbitrary<string> {
  if (s.format === 'uuid') return fc.uuid();
  if (s.format === 'date-time') return fc.date({ min: new Date('2020-01-01'), max: new Date('2030-01-01'), noInvalidDate: true }).map((d) => d.toISOString());
  if (s.format === 'date') return fc.date({ min: new Date('2020-01-01'), max: new Date('2030-01-01'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
  if (s.format === 'email') return fc.emailAddress();
  if (s.format === 'uri' || s.format === 'url') return fc.webUrl();
  if (s.pattern) {
    try {
      const re = new RegExp(s.pattern);
      return fc.stringMatching(re).map((v) => v.slice(0, s.maxLength ?? v.length)); // no filter: one that rarely passes never ends
    } catch {
      // A pattern JavaScript cannot compile: fall back to plain text.
    }
  }
  return fc.string({ unit: 'grapheme', minLength: s.minLength ?? 0, maxLength: Math.min(s.maxLength ?? 40, 40) }).filter((v) => v.trim().length >= Math.min(1, s.minLength ?? 0));
}

function numberFor(s: JsonSchema, integer: boolean): fc.Arbitrary<number> {
  const min = s.minimum ?? (s.exclusiveMinimum !== undefined ? s.exclusiveMinimum + (integer ? 1 : 1e-9) : -1e6);
  const max = s.maximum ?? (s.exclusiveMaximum !== undefined ? s.exclusiveMaximum - (integer ? 1 : 1e-9) : 1e6);
  if (integer) return fc.integer({ min: Math.ceil(Math.max(min, -(2 ** 31))), max: Math.floor(Math.min(max, 2 ** 31)) });
  return fc.double({ min, max, noNaN: true, noDefaultInfinity: true });
}

/** Values that satisfy the schema (as far as it can be read), preferring hinted values for named fields. */
export function validValue(s: JsonSchema | undefined, hints: Hints = {}, depth = 0): fc.Arbitrary<unknown> {
  if (!s || depth > 6) return fc.constant(null);
  if (s.const !== undefined) return fc.constant(s.const);
  if (s.enum) return fc.constantFrom(...s.enum);
  const alternatives = s.anyOf ?? s.oneOf;
  if (alternatives?.length) return fc.oneof(...alternatives.map((a) => validValue(a, hints, depth + 1)));
  if (s.allOf?.length) return validValue(Object.assign({}, ...s.allOf), hints, depth + 1);
  switch (typeOf(s)) {
    case 'string':
      return stringFor(s);
    case 'integer':
      return numberFor(s, true);
    case 'number':
      return numberFor(s, false);
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array':
      return fc.array(validValue(s.items, hints, depth + 1), { minLength: s.minItems ?? 0, maxLength: Math.min(s.maxItems ?? 4, 4) });
    case 'object':
    default: {
      if (!s.properties) return typeOf(s) === 'object' ? fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 }) : fc.jsonValue({ maxDepth: 2 });
      const required = new Set(s.required ?? []);
      const entries: Record<string, fc.Arbitrary<unknown>> = {};
      for (const [k, v] of Object.entries(s.properties)) entries[k] = hints[k] ? fc.oneof({ weight: 3, arbitrary: hints[k] }, { weight: 1, arbitrary: validValue(v, hints, depth + 1) }) : validValue(v, hints, depth + 1);
      return fc.record(entries, { requiredKeys: [...required].filter((k) => k in entries) });
    }
  }
}

/** A value of a JSON type the schema does not allow, or null when the schema is too open to be sure (unions, untyped). */
export function wrongType(s: JsonSchema | undefined): fc.Arbitrary<unknown> | null {
  const t = s ? typeOf(s) : undefined;
  if (!s || !t || s.anyOf || s.oneOf || s.allOf || (Array.isArray(s.type) && s.type.length > 2)) return null;
  const all: Record<string, fc.Arbitrary<unknown>> = {
    // Not numeric or boolean-looking: a schema that coerces would rightly accept those.
    string: fc.string({ minLength: 1, maxLength: 10 }).filter((v) => Number.isNaN(Number(v)) && !['true', 'false'].includes(v.trim())),
    number: fc.double({ noNaN: true, noDefaultInfinity: true }),
    boolean: fc.boolean(),
    object: fc.dictionary(fc.string({ minLength: 1, maxLength: 5 }), fc.jsonValue({ maxDepth: 1 }), { minKeys: 1, maxKeys: 2 }),
    array: fc.array(fc.jsonValue({ maxDepth: 1 }), { minLength: 1, maxLength: 3 }),
  };
  const own = t === 'integer' ? 'number' : t;
  const others = Object.entries(all).filter(([k]) => k !== own).map(([, a]) => a);
  return fc.oneof(...others);
}

/**
 * An object schema's body with exactly one property broken: a wrong type, or a required field left out; null when the
 * schema is not a plain object (a union of shapes accepts too much for a fault to be certain).
 */
export function bodyWithOneFault(s: JsonSchema, hints: Hints): fc.Arbitrary<{ body: unknown; fault: string }> | null {
  const props = Object.entries(s.properties ?? {});
  if (typeOf(s) !== 'object' || !s.properties) return null;
  const candidates: fc.Arbitrary<{ body: unknown; fault: string }>[] = [];
  for (const [name, ps] of props) {
    const wrong = wrongType(ps);
    if (wrong) candidates.push(fc.tuple(validValue(s, hints), wrong).map(([valid, w]) => ({ body: { ...(valid as object), [name]: w }, fault: `${name}: wrong type` })));
    if ((s.required ?? []).includes(name) && ps.default === undefined) {
      candidates.push(
        validValue(s, hints).map((valid) => {
          const copy = { ...(valid as Record<string, unknown>) };
          delete copy[name];
          return { body: copy, fault: `${name}: missing` };
        }),
      );
    }
  }
  if (s.additionalProperties === false) {
    candidates.push(validValue(s, hints).map((valid) => ({ body: { ...(valid as object), __proto_x: 1, unexpected: '<script>x</script>' }, fault: 'unknown property' })));
  }
  const wrongBody = wrongType(s);
  if (wrongBody) candidates.push(wrongBody.map((w) => ({ body: w, fault: 'body of the wrong type' })));
  return candidates.length ? fc.oneof(...candidates) : null;
}

/** Every string field of a valid body replaced by hostile text (the body may still be valid). */
export function bodyWithHostileStrings(s: JsonSchema, hints: Hints, hostile: fc.Arbitrary<string>): fc.Arbitrary<unknown> {
  return fc.tuple(validValue(s, hints), hostile).map(([valid, h]) => replaceStrings(valid, s, h));
}

function replaceStrings(v: unknown, s: JsonSchema | undefined, h: string): unknown {
  if (typeof v === 'string') return s && (s.enum || s.format || s.pattern) ? v : h.slice(0, s?.maxLength ?? h.length) || v;
  if (Array.isArray(v)) return v.map((x) => replaceStrings(x, s?.items, h));
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, replaceStrings(x, s?.properties?.[k], h)]));
  return v;
}
