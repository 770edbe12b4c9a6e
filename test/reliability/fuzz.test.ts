// Bad input: every public route — enumerated from the app's own OpenAPI document, so routes added later are fuzzed
// too — gets malformed and hostile input (broken and deep JSON, huge bodies, wrong types, injection and markup
// payloads, traversal in paths and file names, zip bombs, images with lying headers). The answer is never a 5xx and
// never a hang; every refusal is a 4xx in the one error shape with a stable code, and a refusal stores nothing
// (no row in any table, no file under the data directory). Nothing comes back as live markup in HTML or XML.
// FUZZ_RUNS (default 2, `npm run test:reliability` raises it) sets the random runs per route and attack.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { sql } from 'drizzle-orm';
import { freshDatabase, testDatabaseKinds } from '../support/db';
import { buildWorld, type World } from '../support/world';
import { buildApp } from '../../src/server/app';
import { ERRORS } from '../../src/server/errors';
import { login, sessionUser } from '../../src/server/auth/auth.service';
import { portalActor } from '../../src/server/public/public.service';
import { hashPassword } from '../../src/server/auth/password';
import * as t from '../../src/server/db/schema';
import { bodyWithHostileStrings, bodyWithOneFault } from './support/schema-arbitrary';
import { changes, makeFixtures, operationsOf, tableCounts, urlFor, validParams as paramsOf, validQuery as queryOf, type Fixtures, type Operation } from './support/routes';
import { badImages, DANGEROUS_MARKUP, deepJson, deepObjectJson, HOSTILE_FILE_NAMES, HOSTILE_STRINGS, hostilePathParam, hostileString, multipartBody, zipBomb } from './support/hostile';

const RUNS = Number(process.env.FUZZ_RUNS ?? 2);
const REQUEST_TIMEOUT_MS = 20_000;
/** Tables that rightly record refused requests: the usage log of integration keys (status included). */
const LOGS_REFUSALS = new Set(['api_key_usage']);

interface Req {
  method: string;
  url: string;
  /** Signed in as the all-roles account (cookie and CSRF header added when sent: fuzzed sign-outs end sessions). */
  as: 'anonymous' | 'fuzzer' | 'fuzzer, wrong CSRF token';
  headers: Record<string, string>;
  payload?: string | Buffer;
  /** 'reject': the input is wrong, so the answer must be a 4xx; 'any': it may be valid, so only "no 5xx" holds. */
  expect: 'reject' | 'any';
  /** The error code the refusal must carry, when one is certain. */
  code?: string;
  label: string;
}

describe.each(testDatabaseKinds())('fuzzing every route (%s)', (kind) => {
  let db: Awaited<ReturnType<typeof freshDatabase>>;
  let w: World;
  let app: FastifyInstance;
  let ops: Operation[];
  let auth: { cookie: string; csrf: string; token: string };
  let signInFuzzer: () => Promise<void>;
  let f: Fixtures;
  let tables: string[];
  const failures: string[] = [];
  let requests = 0;
  let known: Map<string, number> | null = null;

  beforeAll(async () => {
    db = await freshDatabase(kind);
    w = await buildWorld(db);
    // One account holding every staff role, so that fuzzing gets past the access check into the code behind it.
    const password = 'fuzz-password-1';
    await w.ctx.db.insert(t.users).values({
      username: 'fuzzer',
      displayName: 'fuzzer',
      passwordHash: await hashPassword(password),
      roles: ['admin', 'operator', 'chief', 'dispatcher', 'inspector', 'leader', 'department'],
      departmentId: w.departments.enforcement,
    });
    signInFuzzer = async () => {
      const session = await login(w.ctx, 'fuzzer', password);
      auth = { cookie: `wg_session=${session.token}`, csrf: session.user.csrfToken, token: session.token };
    };
    await signInFuzzer();
    f = await makeFixtures(w);
    // The portal's system user is made on first use; make it now, so that its creation is not taken for a stored refusal.
    await portalActor(w.ctx);
    app = await buildApp(w.ctx);
    await app.ready();
    ops = operationsOf(app);
    tables = [...(await tableCounts(w)).keys()];
  });

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  /** Row counts of every table and the files under the data directory: what "nothing stored" compares. A query that
   * does not come back means the database is blocked (PGlite's one connection held by a transaction left open). */
  async function fingerprint(): Promise<Map<string, number>> {
    const out = await withTimeout(tableCounts(w), 'the database did not answer (blocked?)');
    out.set('files under DATA_DIR', countFiles(w.ctx.config.dataDir));
    return out;
  }

  function withTimeout<T>(p: Promise<T>, what: string): Promise<T> {
    let timer: NodeJS.Timeout;
    return Promise.race([p, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what}: no answer within ${REQUEST_TIMEOUT_MS} ms`)), REQUEST_TIMEOUT_MS)))]).finally(() => clearTimeout(timer));
  }

  function countFiles(dir: string): number {
    if (!fs.existsSync(dir)) return 0;
    let n = 0;
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) n += e.isDirectory() ? countFiles(path.join(dir, e.name)) : 1;
    return n;
  }

  const validParams = (op: Operation) => paramsOf(op, f);
  const validQuery = (op: Operation) => queryOf(op, f);

  const signedIn = () => ({ cookie: auth.cookie, 'x-csrf-token': auth.csrf });

  async function send(op: Operation, req: Req): Promise<void> {
    requests++;
    // A fuzzed sign-out (or account change) ends the session: sign in again, outside HTTP (sign-in is rate-limited).
    if (req.as !== 'anonymous' && !(await withTimeout(sessionUser(w.ctx, auth.token), 'session lookup'))) await signInFuzzer();
    const headers = req.as === 'anonymous' ? req.headers : { cookie: auth.cookie, 'x-csrf-token': req.as === 'fuzzer' ? auth.csrf : 'wrong', ...req.headers };
    // The fingerprint after the last refusal still holds unless something was accepted since.
    const before = known ?? (await fingerprint());
    known = null;
    progress(`${op.method} ${op.path} [${req.label.slice(0, 80)}]`);
    let res: LightMyRequestResponse;
    try {
      res = await withTimeout(app.inject({ method: req.method as 'GET', url: req.url, headers, payload: req.payload }), 'request');
    } catch (e) {
      failures.push(`${op.method} ${op.path} [${req.label}]: ${(e as Error).message}`);
      return;
    }
    const where = `${op.method} ${op.path} [${req.label}] → ${res.statusCode}`;
    const body = res.body;
    if (res.statusCode >= 500) failures.push(`${where}: ${body.slice(0, 300)}`);
    if (req.expect === 'reject' && !(res.statusCode >= 400 && res.statusCode < 500)) failures.push(`${where}: accepted input that is wrong (${body.slice(0, 200)})`);
    const type = String(res.headers['content-type'] ?? '');
    if (/html|xml/.test(type) && DANGEROUS_MARKUP.some((re) => re.test(body))) failures.push(`${where}: hostile markup rendered unescaped in ${type}`);
    if (res.statusCode >= 400) {
      if (!errorShapeOk(op, res)) failures.push(`${where}: error without a stable code: ${body.slice(0, 200)}`);
      else if (req.code && !op.path.startsWith('/open311/') && res.json().error.code !== req.code) failures.push(`${where}: expected ${req.code}, got ${body.slice(0, 200)}`);
      const after = await fingerprint();
      const changed = changes(before, after, LOGS_REFUSALS);
      if (changed.length) failures.push(`${where}: a refused request stored something: ${changed.join(', ')}`);
      known = after;
    }
  }

  /** FUZZ_LOG=file: the request under way, for finding the one that hangs. */
  function progress(line: string): void {
    if (process.env.FUZZ_LOG) fs.appendFileSync(process.env.FUZZ_LOG, `${new Date().toISOString()} ${kind} ${line}\n`);
  }

  function errorShapeOk(op: Operation, res: LightMyRequestResponse): boolean {
    // Open311's own error list (XML or JSON), as the GeoReport spec wants; a URL refused before routing (too long,
    // malformed) cannot know the route's format and gets the one error shape below.
    if (op.path.startsWith('/open311/') && /<errors>|"description"/.test(res.body)) return true;
    try {
      const e = res.json().error;
      return typeof e?.code === 'string' && e.code in ERRORS && /[\u4e00-\u9fff]/.test(e.messageZh) && /[a-z]/i.test(e.messageEn);
    } catch {
      return false;
    }
  }

  /** The fixed attacks, each once per route. */
  function fixedAttacks(op: Operation, params: Record<string, string>, query: Record<string, unknown>): Req[] {
    const url = urlFor(op, params, query);
    const base = { method: op.method, url, as: 'fuzzer' as const };
    const json = { 'content-type': 'application/json' };
    const reqs: Req[] = [{ ...base, as: 'anonymous', headers: {}, expect: 'any', label: 'anonymous' }];
    const mutating = op.method !== 'GET' && op.method !== 'HEAD';
    if (mutating) {
      const hasBody = !!op.jsonBody;
      const exp = hasBody ? 'reject' : 'any';
      reqs.push(
        { ...base, headers: json, payload: '{"kind": "matter", ', expect: 'reject', label: 'truncated JSON' },
        { ...base, headers: json, payload: '{"a":1,}', expect: 'reject', label: 'invalid JSON' },
        { ...base, headers: json, payload: deepJson(100_000), expect: exp, label: 'arrays 100,000 deep' },
        { ...base, headers: json, payload: deepObjectJson(Object.keys(op.jsonBody?.properties ?? { a: 1 })[0], 20_000), expect: exp, label: 'object 20,000 deep in the first field' },
        { ...base, headers: json, payload: JSON.stringify({ pad: 'x'.repeat(3 * 1024 * 1024) }), expect: 'reject', label: '3 MiB body' },
        { ...base, headers: { 'content-type': 'text/plain' }, payload: '{}', expect: exp, label: 'text/plain body' },
        { ...base, as: 'fuzzer, wrong CSRF token', headers: json, payload: '{}', expect: op.path === '/api/auth/login' ? 'any' : 'reject', label: 'wrong CSRF token' },
      );
    }
    if (op.consumes.includes('multipart/form-data')) {
      const xlsx = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
      const files: { name: string; type: string; data: Buffer; code?: string }[] = [
        ...badImages(),
        // Zip bombs: refused as too large before anything unpacks them, whatever the headers claim.
        { name: 'grids.zip', type: 'application/zip', data: zipBomb(['grids.shp', 'grids.dbf'], 300), code: 'ARCHIVE_TOO_LARGE' },
        { name: 'cases.xlsx', type: xlsx, data: zipBomb(['[Content_Types].xml', 'xl/workbook.xml', 'xl/worksheets/sheet1.xml'], 300), code: 'ARCHIVE_TOO_LARGE' },
        { name: 'lying.zip', type: 'application/zip', data: zipBomb(['grids.shp'], 300, true), code: 'ARCHIVE_TOO_LARGE' },
      ];
      files.forEach((file, i) => {
        const name = HOSTILE_FILE_NAMES[i % HOSTILE_FILE_NAMES.length].replace(/\.jpg$/, path.extname(file.name));
        for (const field of op.path.includes('basedata') ? ['file', 'grids'] : ['file']) {
          const m = multipartBody(field, { ...file, name }, { dryRun: 'false' });
          // A photo route refuses any archive as not an image, before it could unpack anything.
          const code = file.code && /\/photos$/.test(op.path) ? 'UNSUPPORTED_MEDIA_TYPE' : file.code;
          reqs.push({ ...base, headers: m.headers, payload: m.payload, expect: 'reject', code, label: `upload ${file.name} as "${name.slice(0, 30)}" in field ${field}` });
        }
      });
      reqs.push({ ...base, headers: { 'content-type': 'multipart/form-data; boundary=nope' }, payload: 'garbage', expect: 'reject', label: 'broken multipart' });
    }
    for (const p of op.pathParams) {
      for (const v of ['..%2F..%2F..%2Fetc%2Fpasswd', "1'%20or%20'1'='1", '%3Cscript%3Ealert(1)%3C%2Fscript%3E', 'a'.repeat(3000)]) {
        reqs.push({ ...base, url: urlFor(op, { ...params, [p.name]: v }, query), headers: mutating ? json : {}, payload: mutating ? '{}' : undefined, expect: 'any', label: `path ${p.name}=${v.slice(0, 20)}` });
      }
    }
    return reqs;
  }

  it('never answers with a 5xx or hangs; refusals are 4xx with a stable code and store nothing; nothing renders unescaped', async () => {
    expect(ops.length).toBeGreaterThan(100);
    const slow: string[] = [];
    try {
    for (const op of ops) {
      const started = performance.now();
      if (op.path === '/api/events') continue; // a Server-Sent Events stream never ends by design; its input is the session alone
      const [params] = fc.sample(validParams(op), { numRuns: 1, seed: 1 });
      const [query] = fc.sample(validQuery(op), { numRuns: 1, seed: 1 });
      for (const req of fixedAttacks(op, params, query)) await send(op, req);

      const mutating = op.method !== 'GET';
      const json = { 'content-type': 'application/json' };
      const arbitraries: fc.Arbitrary<Req>[] = [
        // Random query values, some hostile, some of the wrong kind.
        fc.tuple(validParams(op), validQuery(op), fc.array(fc.tuple(fc.constantFrom(...(op.query.length ? op.query.map((q) => q.name) : ['q'])), hostileString), { maxLength: 3 })).map(([pp, qq, bad]) => ({
          method: op.method,
          url: urlFor(op, pp, { ...qq, ...Object.fromEntries(bad) }),
          as: 'fuzzer' as const,
          headers: mutating ? json : {},
          payload: mutating ? '{}' : undefined,
          expect: 'any' as const,
          label: `query ${JSON.stringify(bad).slice(0, 60)}`,
        })),
        // Hostile path parameters.
        ...(op.pathParams.length
          ? [fc.tuple(validParams(op), fc.constantFrom(...op.pathParams.map((p) => p.name)), hostilePathParam).map(([pp, name, v]) => ({ method: op.method, url: urlFor(op, { ...pp, [name]: v }, query), as: 'fuzzer' as const, headers: mutating ? json : {}, payload: mutating ? '{}' : undefined, expect: 'any' as const, label: `path ${name}=${v.slice(0, 30)}` }))]
          : []),
      ];
      if (op.jsonBody) {
        const faulty = bodyWithOneFault(op.jsonBody, f.hints);
        if (faulty) arbitraries.push(fc.tuple(validParams(op), faulty).map(([pp, x]) => ({ method: op.method, url: urlFor(op, pp, query), as: 'fuzzer' as const, headers: json, payload: JSON.stringify(x.body), expect: 'reject' as const, label: `body fault: ${x.fault}` })));
        arbitraries.push(
          fc.tuple(validParams(op), bodyWithHostileStrings(op.jsonBody, f.hints, hostileString)).map(([pp, body]) => ({ method: op.method, url: urlFor(op, pp, query), as: 'fuzzer' as const, headers: { ...json, 'idempotency-key': `fuzz-${Math.random()}` }, payload: JSON.stringify(body), expect: 'any' as const, label: `hostile strings ${JSON.stringify(body).slice(0, 80)}` })),
          fc.tuple(validParams(op), fc.jsonValue({ maxDepth: 4 })).map(([pp, body]) => ({ method: op.method, url: urlFor(op, pp, query), as: 'fuzzer' as const, headers: json, payload: JSON.stringify(body), expect: 'any' as const, label: `random JSON ${JSON.stringify(body).slice(0, 60)}` })),
        );
      }
      for (const arb of arbitraries) {
        await fc.assert(fc.asyncProperty(arb, async (req) => void (await send(op, req))), { numRuns: RUNS, seed: Number(process.env.FUZZ_SEED ?? 20260101) });
      }
      const ms = performance.now() - started;
      if (ms > 3000) slow.push(`${op.method} ${op.path}: ${(ms / 1000).toFixed(1)} s`);
    }
    } finally {
      if (failures.length) console.log(`fuzz failures (${kind}):\n${failures.join('\n')}`);
      if (slow.length) console.log(`slow routes (${kind}):\n${slow.join('\n')}`);
    }
    // The hostile strings above were stored by requests that were valid; injection did nothing to the schema.
    const after = (await w.ctx.db.execute(sql`select count(*)::int as n from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'`)) as unknown as { rows: { n: number }[] };
    expect(Number(after.rows[0].n)).toBe(tables.length);
    expect(fs.existsSync('/tmp/wg-evil.jpg')).toBe(false);
    console.log(`fuzz (${kind}): ${ops.length} operations, ${requests} requests, ${failures.length} failures`);
    expect(failures).toEqual([]);
  }, 1_800_000);

  it('gives back stored hostile text escaped: XML escaped, spreadsheet formulas defused', async () => {
    const hostile = HOSTILE_STRINGS[0];
    const formula = "=HYPERLINK(\"http://evil\",\"x\")";
    const res = await app.inject({ method: 'POST', url: '/api/cases', headers: { ...signedIn(), 'content-type': 'application/json' }, payload: JSON.stringify({ source: 'hotline', kind: 'matter', classCode: '09006', description: `${hostile} ${formula}`, locationText: formula, lng: w.pointIn1.lng, lat: w.pointIn1.lat }) });
    expect(res.statusCode, res.body).toBe(201);
    const number = res.json().number;
    // Every GET route without path parameters, as the all-roles account: no answer carries live markup.
    for (const op of ops.filter((o) => o.method === 'GET' && o.pathParams.length === 0 && o.path !== '/api/events')) {
      const r = await app.inject({ method: 'GET', url: urlFor(op, {}, { api_key: f.apiKey }), headers: signedIn() });
      expect(r.statusCode, `${op.path}: ${r.body.slice(0, 200)}`).toBeLessThan(500);
      const type = String(r.headers['content-type'] ?? '');
      if (/html|xml/.test(type)) for (const re of DANGEROUS_MARKUP) expect(re.test(r.body), `${op.path} (${type})`).toBe(false);
    }
    const key = f.apiKey;
    const xml = await app.inject({ method: 'GET', url: `/open311/v2/requests/${number}.xml?api_key=${key}` });
    expect(xml.statusCode, xml.body).toBe(200);
    expect(xml.body).toContain('&lt;script&gt;');
    expect(xml.body).not.toContain('<script>');
    for (const url of ['/api/export/cases?format=csv', `/api/integrations/export/cases.csv?api_key=${key}&from=2026-01-01T00:00:00Z&to=2026-12-31T00:00:00Z`]) {
      const csv = await app.inject({ method: 'GET', url, headers: { ...signedIn(), 'x-api-key': key } });
      expect(csv.statusCode, `${url}: ${csv.body.slice(0, 200)}`).toBe(200);
      const cells = csv.body.split(/[\n,]/).map((c) => c.replace(/^"|"$/g, ''));
      expect(cells.some((c) => c.startsWith('=HYPERLINK')), `${url} has a live formula`).toBe(false);
    }
  }, 300_000);
});
