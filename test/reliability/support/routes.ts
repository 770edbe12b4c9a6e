// The app's routes as the OpenAPI document declares them, and plausible requests for each: the reliability tests
// walk every route this way, so that routes added later by anyone are covered without editing the tests.
import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { sql } from 'drizzle-orm';
import type { World } from '../../support/world';
import { addPhoto, buildCase } from '../../support/world';
import { createApiKey } from '../../../src/server/integrations/api-key.service';
import { validValue, type Hints, type JsonSchema } from './schema-arbitrary';
import { wellFormed } from './hostile';

export interface Operation {
  method: string;
  /** OpenAPI form: /api/cases/{id} */
  path: string;
  pathParams: { name: string; schema: JsonSchema }[];
  query: { name: string; schema: JsonSchema; required: boolean }[];
  headers: { name: string; schema: JsonSchema }[];
  jsonBody: JsonSchema | null;
  consumes: string[];
}

type OpenApi = {
  paths: Record<string, Record<string, { summary?: string; description?: string; parameters?: { in: string; name: string; schema: JsonSchema; required?: boolean }[]; requestBody?: { content: Record<string, { schema: JsonSchema }> } }>>;
};

/** Every operation of the OpenAPI document the app serves. */
export function operationsOf(app: FastifyInstance): Operation[] {
  const doc = app.swagger() as unknown as OpenApi;
  const ops: Operation[] = [];
  for (const [p, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      const params = op.parameters ?? [];
      const content = op.requestBody?.content ?? {};
      ops.push({
        method: method.toUpperCase(),
        path: p,
        pathParams: params.filter((x) => x.in === 'path').map((x) => ({ name: x.name, schema: x.schema })),
        query: params.filter((x) => x.in === 'query').map((x) => ({ name: x.name, schema: x.schema, required: !!x.required })),
        headers: params.filter((x) => x.in === 'header').map((x) => ({ name: x.name, schema: x.schema })),
        jsonBody: content['application/json']?.schema ?? null,
        // Upload routes declare `consumes` without a body schema, which the OpenAPI transform drops; they say
        // "multipart" in their summary or description instead (every upload route does).
        consumes: [...Object.keys(content), ...(!content['multipart/form-data'] && /multipart/i.test(`${op.summary ?? ''} ${op.description ?? ''}`) ? ['multipart/form-data'] : [])],
      });
    }
  }
  return ops;
}

export function urlFor(op: Operation, params: Record<string, string>, query: Record<string, unknown>): string {
  let url = op.path.replace(/\{(\w+)\}/g, (_, n) => params[n] ?? 'x');
  const qs = Object.entries(query)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(wellFormed(typeof v === 'object' ? JSON.stringify(v) : String(v)))}`)
    .join('&');
  if (qs) url += `?${qs}`;
  return url;
}

/** Real values for path parameters and body fields, so that requests get past the first lookup into the code behind. */
export interface Fixtures {
  pools: Record<string, string[]>;
  hints: Hints;
  apiKey: string;
  cases: { dispatched: { id: string; number: string }; checking: { id: string; number: string } };
  photo: string;
}

export async function makeFixtures(w: World): Promise<Fixtures> {
  const c1 = await buildCase(w, 'dispatched');
  const c2 = await buildCase(w, 'checking');
  const photo = await addPhoto(w, w.users.inspector);
  const key = await createApiKey(w.ctx, w.users.admin, { name: 'fixtures', channels: ['hotline', 'citizen'], actions: ['open311.submit', 'open311.updates', 'hotline.submit', 'cases.import', 'cases.export'], scope: 'all' });
  return {
    apiKey: key.key,
    photo,
    cases: { dispatched: { id: c1.id, number: c1.number }, checking: { id: c2.id, number: c2.number } },
    pools: {
      id: [c1.id, c2.id, w.users.inspector2.id, w.departments.sanitation, photo, '00000000-0000-0000-0000-000000000000'],
      number: [c1.number, c2.number],
      photoId: [photo],
      token: ['not-a-token'],
      kind: ['matter', 'component'],
      code: ['09006', '0900601', '220106001001001'],
      format: ['csv', 'xlsx', 'geojson', 'json', 'xml'],
      file: [`${c1.number}.json`, `${c1.number}.xml`, 'M09006.json'],
      layer: ['grids', 'cases', 'streets'],
      z: ['12', '14'],
      x: ['3400', '0'],
      y: ['1500', '0'],
    },
    hints: {
      lng: fc.constant(w.pointIn1.lng),
      lat: fc.constant(w.pointIn1.lat),
      long: fc.constant(w.pointIn1.lng),
      classCode: fc.constant('09006'),
      kind: fc.constant('matter'),
      departmentId: fc.constant(w.departments.sanitation),
      inspectorId: fc.constant(w.users.inspector.id),
      userId: fc.constant(w.users.inspector2.id),
      photoIds: fc.constant([photo]),
      api_key: fc.constant(key.key),
      service_code: fc.constant('M09006'),
      service_request_id: fc.constant(c1.number),
    },
  };
}

export const validParams = (op: Operation, f: Fixtures): fc.Arbitrary<Record<string, string>> =>
  fc.record(Object.fromEntries(op.pathParams.map((p) => [p.name, f.pools[p.name] ? fc.constantFrom(...f.pools[p.name]) : (validValue(p.schema, f.hints).map(String) as fc.Arbitrary<string>)])));

export const validQuery = (op: Operation, f: Fixtures): fc.Arbitrary<Record<string, unknown>> =>
  fc.record(Object.fromEntries(op.query.map((q) => [q.name, f.hints[q.name] ?? validValue(q.schema, f.hints)])), { requiredKeys: op.query.filter((q) => q.required).map((q) => q.name) });

/** Row counts of every table: what "nothing stored" compares. */
export async function tableCounts(w: World): Promise<Map<string, number>> {
  const names = ((await w.ctx.db.execute(sql`select table_name as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by 1`)) as unknown as { rows: { name: string }[] }).rows.map((r) => r.name);
  const q = names.map((n) => `select '${n}' as t, count(*)::int as n from "${n}"`).join(' union all ');
  const res = (await w.ctx.db.execute(sql.raw(q))) as unknown as { rows: { t: string; n: number }[] };
  return new Map(res.rows.map((r) => [r.t, Number(r.n)]));
}

/** What differs between two fingerprints, ignoring the given keys. */
export function changes(before: Map<string, number>, after: Map<string, number>, ignore: Set<string> = new Set()): string[] {
  return [...after].filter(([k, n]) => before.get(k) !== n && !ignore.has(k)).map(([k, n]) => `${k} ${before.get(k)}→${n}`);
}
