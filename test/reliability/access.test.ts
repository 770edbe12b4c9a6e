// Access: a matrix generated from the app and the policy table, checked through the HTTP API.
// 1. Every route of the OpenAPI document is called by an account of every role with a plausible request; the access
//    checks each request makes (requireAccess, observed) must match the POLICY table: a role the table refuses gets
//    403 FORBIDDEN and nothing is stored; a role it allows is never refused as FORBIDDEN. Every route checks access
//    (or is on the short list of public / session-only routes), and every role × every action of the table is met.
// 2. Data scope, own and other: for each scoped action, each role sees and acts on its own cases and, unless its
//    scope is 'all', not on others' (hidden as CASE_NOT_FOUND); lists and exports hold only what is in scope.
// 3. Sessions expire; sign-in is rate-limited (and a forged X-Forwarded-For does not escape the limit).
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import fc from 'fast-check';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { freshDatabase, testDatabaseKinds } from '../support/db';
import { buildCase, buildWorld, caseInput, tinyJpeg, type World } from '../support/world';
import { buildApp } from '../../src/server/app';
import { login } from '../../src/server/auth/auth.service';
import { hashPassword } from '../../src/server/auth/password';
import { POLICY, scopeFor, type PolicyAction, type Scope } from '../../src/server/auth/policy';
import { createCase, actOnCase } from '../../src/server/cases/case.service';
import { ROLES, type Role } from '../../src/domain/workflow';
import * as t from '../../src/server/db/schema';
import { changes, makeFixtures, operationsOf, tableCounts, urlFor, validParams, validQuery, type Fixtures, type Operation } from './support/routes';
import { validValue } from './support/schema-arbitrary';
import { multipartBody } from './support/hostile';

// Observe every access check the services make (the real check runs; this only records what was asked).
const rec = vi.hoisted(() => ({ checks: [] as { action: string; roles: string[]; threw: boolean }[] }));
vi.mock('../../src/server/auth/policy', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/server/auth/policy')>();
  return {
    ...real,
    requireAccess: (...args: Parameters<typeof real.requireAccess>) => {
      const check = { action: args[1], roles: args[0]?.roles ?? [], threw: true };
      rec.checks.push(check);
      const scope = real.requireAccess(...args);
      check.threw = false;
      return scope;
    },
  };
});

/** Routes that check no policy action, and why. A new route lands here only after a thought. */
/**
 * Actions no route answers 403 for as a whole, because they decide a part of an answer or are checked only once the
 * thing exists (a generated id is 404 first). Each is covered by its module's own HTTP tests, named here.
 */
const ACTIONS_CHECKED_INSIDE: Partial<Record<PolicyAction, string>> = {
  'petition.identity': 'which fields of a petition item a reader gets (test/petitions/privacy-reception.test.ts)',
  'illegal_building.owner': "whether a register entry's owner is shown (test/illegal-building/register.test.ts)",
  'inspection.record': 'checked against the drawn inspectors of an existing inspection (test/inspections/inspections.test.ts)',
};

const PUBLIC_ROUTES = [
  /^\/api\/health$/, /^\/api\/meta$/, // liveness and version
  /^\/api\/auth\//, // sign-in, sign-out, who am I
  /^\/api\/public\//, // citizens: no account; the follow token or SMS code is the credential
  /^\/open311\//, // integrators: the API key is the credential (its own action list)
  /^\/api\/integrations\/(export|import|hotline)\//, // the same, for the integration API
  /^\/api\/events$/, // the SSE stream filters each message by the user's case.read scope
  /^\/api\/geo\/district$/, // the district outline is public (the citizens' portal draws it too)
  /^\/api\/basemap$/, // which basemap tiles to draw under the maps (a display setting, nothing about anyone)
  /^\/api\/inspections\/sectors$/, // the inspection sectors and their checklists (published with the results)
  /^\/api\/petitions\/by-case\//, // answers null unless the user may read the item (petition.read scope checked in the service)
  /^\/api\/field\/settings$/, // GET: client settings (position interval, track retention), nothing about anyone
];

const SCOPED: PolicyAction[] = (Object.keys(POLICY) as PolicyAction[]).filter((a) => Object.values(POLICY[a]).some((s) => s !== 'all'));

describe.each(testDatabaseKinds())('access matrix (%s)', (kind) => {
  let db: Awaited<ReturnType<typeof freshDatabase>>;
  let w: World;
  let app: FastifyInstance;
  let ops: Operation[];
  let f: Fixtures;
  /** One account per role (two for department: a department handler and a street office). */
  const accounts: { label: string; role: Role; id: string; username: string; cookie: string; csrf: string }[] = [];
  const password = 'matrix-password-1';

  beforeAll(async () => {
    db = await freshDatabase(kind);
    w = await buildWorld(db);
    f = await makeFixtures(w);
    app = await buildApp(w.ctx);
    await app.ready();
    ops = operationsOf(app).filter((o) => o.path !== '/api/events');
    const hash = await hashPassword(password);
    const make = async (label: string, role: Role, departmentId: string | null = null) => {
      const [u] = await w.ctx.db.insert(t.users).values({ username: `m-${label}`, displayName: label, passwordHash: hash, roles: [role], departmentId }).returning();
      const s = await login(w.ctx, u.username, password);
      accounts.push({ label, role, id: u.id, username: u.username, cookie: `wg_session=${s.token}`, csrf: s.user.csrfToken });
    };
    // Every staff role at once: finds for each route a request that passes validation and reaches the access check.
    {
      const [u] = await w.ctx.db.insert(t.users).values({ username: 'm-all', displayName: 'all roles', passwordHash: hash, roles: ['admin', 'operator', 'chief', 'dispatcher', 'inspector', 'leader', 'department'], departmentId: w.departments.enforcement }).returning();
      const s = await login(w.ctx, u.username, password);
      accounts.push({ label: 'all-roles', role: 'admin', id: u.id, username: u.username, cookie: `wg_session=${s.token}`, csrf: s.user.csrfToken });
    }
    for (const role of ROLES) {
      if (role === 'department') {
        await make('department', role, w.departments.enforcement);
        await make('street-office', role, w.departments.street1);
      } else await make(role, role);
    }
  });
  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  const inject = (a: (typeof accounts)[number] | null, method: string, url: string, body?: unknown): Promise<LightMyRequestResponse> =>
    app.inject({
      method: method as 'GET',
      url,
      headers: a ? { cookie: a.cookie, 'x-csrf-token': a.csrf, ...(body === undefined ? {} : { 'content-type': 'application/json' }) } : {},
      payload: body === undefined ? undefined : JSON.stringify(body),
    });

  /** The stable error code of an answer (Open311 answers in its own XML/JSON error list, which has none). */
  function errorCode(res: LightMyRequestResponse): string | null {
    try {
      return res.json().error?.code ?? null;
    } catch {
      return null;
    }
  }

  /** Re-signs an account whose session a request ended (sign-out is one of the routes). */
  async function fresh(a: (typeof accounts)[number]) {
    const me = await app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: a.cookie } });
    if (me.statusCode === 200) return;
    const s = await login(w.ctx, a.username, password);
    a.cookie = `wg_session=${s.token}`;
    a.csrf = s.user.csrfToken;
  }

  /** A request the all-roles account gets through validation with, so that it reaches the service's access check. */
  async function reachingRequest(op: Operation): Promise<{ url: string; body: unknown; multipart?: { payload: Buffer; headers: Record<string, string> }; reached: boolean }> {
    const all = accounts.find((a) => a.label === 'all-roles')!;
    const multipart = op.consumes.includes('multipart/form-data') ? multipartBody('file', { name: 'photo.jpg', type: 'image/jpeg', data: await tinyJpeg() }) : undefined;
    let first: { url: string; body: unknown; multipart?: typeof multipart } | null = null;
    for (let seed = 0; seed < 6; seed++) {
      const [params] = fc.sample(validParams(op, f), { numRuns: 1, seed });
      // Seed 0: only what is required (defaults fill the rest), the likeliest to pass validation.
      const query = seed === 0 ? Object.fromEntries(op.query.filter((q) => q.required).map((q) => [q.name, fc.sample(f.hints[q.name] ?? validValue(q.schema, f.hints), { numRuns: 1, seed })[0]])) : fc.sample(validQuery(op, f), { numRuns: 1, seed })[0];
      const body = op.jsonBody ? fc.sample(validValue(op.jsonBody, f.hints), { numRuns: 1, seed })[0] : op.method === 'GET' ? undefined : {};
      const candidate = { url: urlFor(op, params, query), body, multipart };
      first ??= candidate;
      await fresh(all);
      rec.checks = [];
      await send(all, op.method, candidate);
      if (rec.checks.length) return { ...candidate, reached: true };
    }
    return { ...first!, reached: false };
  }

  function send(a: (typeof accounts)[number], method: string, r: { url: string; body: unknown; multipart?: { payload: Buffer; headers: Record<string, string> } }) {
    if (!r.multipart) return inject(a, method, r.url, r.body);
    return app.inject({ method: method as 'POST', url: r.url, headers: { cookie: a.cookie, 'x-csrf-token': a.csrf, ...r.multipart.headers }, payload: r.multipart.payload });
  }

  it('every role on every route gets what the policy table says, and a refusal stores nothing', async () => {
    const seen = new Map<string, Set<string>>(); // action → roles met
    const unchecked: string[] = [];
    const unreached: string[] = [];
    const wrong: string[] = [];
    for (const op of ops) {
      const req = await reachingRequest(op);
      if (!req.reached) unreached.push(`${op.method} ${op.path}`);
      for (const a of accounts) {
        if (a.label === 'all-roles') continue;
        await fresh(a);
        rec.checks = [];
        const before = await tableCounts(w);
        const res = await send(a, op.method, req);
        const code = res.statusCode >= 400 ? errorCode(res) : null;
        if (res.statusCode >= 500) wrong.push(`${a.label} ${op.method} ${op.path} → ${res.statusCode}: server error`);
        const first = rec.checks.find((c) => c.roles.length === 1 && c.roles[0] === a.role);
        if (!first) {
          // Served or changed something without asking the policy: only the short list of public routes may.
          if (res.statusCode < 400 && !PUBLIC_ROUTES.some((re) => re.test(op.path))) unchecked.push(`${a.label} ${op.method} ${op.path} → ${res.statusCode}`);
          continue;
        }
        const action = first.action as PolicyAction;
        (seen.get(action) ?? seen.set(action, new Set()).get(action)!).add(a.label);
        const allowed = scopeFor({ roles: [a.role] }, action) !== null;
        const where = `${a.label} ${op.method} ${op.path} (${action}, policy: ${allowed ? POLICY[action][a.role] : 'no'}) → ${res.statusCode} ${code ?? ''}`;
        if (!allowed) {
          if (res.statusCode !== 403 || code !== 'FORBIDDEN') wrong.push(`${where}: expected 403 FORBIDDEN`);
          const changed = changes(before, await tableCounts(w), new Set(['api_key_usage']));
          if (changed.length) wrong.push(`${where}: a refused request stored ${changed.join(', ')}`);
        } else if (code === 'FORBIDDEN' && POLICY[action][a.role] === 'all' && rec.checks.every((c) => !c.threw)) {
          // With scope 'all' there is no data to keep from the role: a FORBIDDEN contradicts the table. (A narrower
          // scope may rightly refuse a request for data outside it, e.g. another department's evaluation row.)
          wrong.push(`${where}: the policy allows it`);
        }
      }
    }
    const missing: string[] = [];
    for (const action of Object.keys(POLICY) as PolicyAction[]) {
      if (ACTIONS_CHECKED_INSIDE[action]) continue;
      for (const a of accounts) if (a.label !== 'all-roles' && !seen.get(action)?.has(a.label)) missing.push(`${action} × ${a.label}`);
    }
    const matrix = (Object.keys(POLICY) as PolicyAction[]).map((action) => `${action.padEnd(22)} ${accounts.filter((a) => a.label !== 'all-roles').map((a) => `${a.label}:${POLICY[action][a.role] ?? '-'}`).join(' ')}`);
    console.log(`access matrix (${kind}): ${ops.length} routes × ${accounts.length - 1} accounts; ${seen.size}/${Object.keys(POLICY).length} actions met\n${matrix.join('\n')}`);
    if (unreached.length) console.log(`routes no generated request got through validation (their access is checked only for what reached it):\n${unreached.join('\n')}`);
    expect(wrong, 'responses that contradict the policy table').toEqual([]);
    expect(unchecked, 'answers given without an access check (add requireAccess, or list the route in PUBLIC_ROUTES with the reason)').toEqual([]);
    expect(missing, 'role × action pairs no route exercised').toEqual([]);
  }, 1_200_000);

  // ---------------------------------------------------------------- data scope: own and other

  it('each role reads and acts on its own cases, and on others only with scope "all"', async () => {
    // "own" for each account, "other" outside every scoped account's reach (street 2, sanitation, other people).
    const other = await buildCase(w, 'dispatched', { lng: w.pointIn2.lng, lat: w.pointIn2.lat });
    await actOnCase(w.ctx, w.users.dispatcher, other.id, 'comment', { note: '-' });
    const byLabel = Object.fromEntries(accounts.map((a) => [a.label, a]));
    const own: Record<string, string> = {};
    // Department: a case dispatched to its department, in street 2 (so that the street office does not see it).
    const deptCase = await buildCase(w, 'dispatched', { lng: w.pointIn2.lng, lat: w.pointIn2.lat });
    own.department = deptCase.id;
    // Street office: a case in its street, held by no department yet.
    own['street-office'] = (await buildCase(w, 'filed')).id;
    // Inspector and citizen: a case each reported itself; every other role: a case in street 1 (their scope is all).
    own.inspector = (await createCase(w.ctx, { ...byLabel.inspector, roles: ['inspector'], departmentId: null, streetCode: null }, caseInput(w, { lng: w.pointIn2.lng, lat: w.pointIn2.lat }))).case.id;
    own.citizen = (await createCase(w.ctx, { ...byLabel.citizen, roles: ['citizen'], departmentId: null, streetCode: null }, caseInput(w, { source: 'citizen', lng: w.pointIn2.lng, lat: w.pointIn2.lat }))).case.id;
    // Petition staff: a case they made (from a petition item, as the convert action does).
    if (byLabel.petition) own.petition = (await createCase(w.ctx, { ...byLabel.petition, roles: ['petition'], departmentId: null, streetCode: null }, caseInput(w, { source: 'hotline', lng: w.pointIn2.lng, lat: w.pointIn2.lat }))).case.id;
    // The sanitation department holds `other` after a redispatch? No: keep it with enforcement but show it is not the
    // street office's, the inspector's or the citizen's; for the department account, use a case of sanitation.
    const sanitation = await buildCase(w, 'filed', { lng: w.pointIn2.lng, lat: w.pointIn2.lat });
    await actOnCase(w.ctx, w.users.dispatcher, sanitation.id, 'dispatch', { departmentId: w.departments.sanitation });
    const otherFor = (label: string) => (label === 'department' ? sanitation.id : other.id);

    const problems: string[] = [];
    for (const a of accounts) {
      if (a.label === 'all-roles') continue;
      await fresh(a);
      const readScope: Scope | null = scopeFor({ roles: [a.role] }, 'case.read');
      const actScope: Scope | null = scopeFor({ roles: [a.role] }, 'case.act');
      const mine = own[a.label] ?? other.id;
      const theirs = otherFor(a.label);
      const status = async (method: string, url: string, body?: unknown) => {
        const r = await inject(a, method, url, body);
        return { s: r.statusCode, code: r.statusCode >= 400 ? r.json().error?.code : null, r };
      };
      const expectRead = async (id: string, visible: boolean, what: string) => {
        const { s, code } = await status('GET', `/api/cases/${id}`);
        const ok = visible ? s === 200 : readScope ? s === 404 && code === 'CASE_NOT_FOUND' : s === 403 && code === 'FORBIDDEN';
        if (!ok) problems.push(`${a.label} case.read ${what} → ${s} ${code ?? ''} (scope ${readScope}, expected ${visible ? 'visible' : 'hidden'})`);
      };
      await expectRead(mine, readScope !== null, 'own');
      await expectRead(theirs, readScope === 'all', 'other');

      // case.act through a note on the timeline (any state, any staff role): own allowed, other hidden unless 'all'.
      for (const [id, what, visible] of [[mine, 'own', actScope !== null], [theirs, 'other', actScope === 'all']] as const) {
        const { s, code } = await status('POST', `/api/cases/${id}/comment`, { note: `access ${a.label}` });
        const mayComment = ['operator', 'chief', 'dispatcher', 'department', 'leader', 'inspector'].includes(a.role);
        const expected = !actScope ? [403, 'FORBIDDEN'] : !visible ? [404, 'CASE_NOT_FOUND'] : mayComment ? [200, null] : [403, 'ROLE_NOT_ALLOWED'];
        if (s !== expected[0] || code !== expected[1]) problems.push(`${a.label} case.act ${what} → ${s} ${code ?? ''}, expected ${expected.join(' ')}`);
      }

      // Lists and exports hold only what is in scope.
      if (readScope) {
        const list = (await status('GET', '/api/cases?pageSize=200')).r.json();
        const ids = new Set(list.items.map((c: { id: string }) => c.id));
        if (!ids.has(mine)) problems.push(`${a.label}: own case missing from the list`);
        if (readScope !== 'all' && ids.has(theirs)) problems.push(`${a.label}: other's case in the list`);
        const map = await status('GET', '/api/map/cases');
        if (map.s === 200 && readScope !== 'all' && map.r.body.includes(theirs)) problems.push(`${a.label}: other's case on the map`);
      }
      const exportScope = scopeFor({ roles: [a.role] }, 'case.export');
      const csv = await status('GET', '/api/export/cases?format=csv');
      if (!exportScope) {
        if (csv.s !== 403) problems.push(`${a.label}: export → ${csv.s}, expected 403`);
      } else if (csv.s !== 200) problems.push(`${a.label}: export → ${csv.s}`);
      else {
        const numberOf = async (id: string) => (await inject(byLabel.admin, 'GET', `/api/cases/${id}`)).json().number as string;
        if (!csv.r.body.includes(await numberOf(mine))) problems.push(`${a.label}: own case missing from the export`);
        if (exportScope !== 'all' && csv.r.body.includes(await numberOf(theirs))) problems.push(`${a.label}: other's case in the export`);
      }
    }
    expect(SCOPED.length).toBeGreaterThan(0);
    expect(problems).toEqual([]);
  }, 600_000);

  // ---------------------------------------------------------------- sessions and sign-in

  it('ends sessions after their lifetime, for reads and writes alike', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'm-operator', password }, remoteAddress: '198.51.100.20' });
    expect(res.statusCode).toBe(200);
    const cookie = res.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
    const csrf = res.json().user.csrfToken;
    const exp = res.cookies.find((c) => c.name === 'wg_session')!.expires!;
    expect(Math.abs(new Date(exp).getTime() - (w.clock.now.getTime() + w.ctx.config.sessionTtlHours * 3600_000))).toBeLessThan(2000);
    expect((await app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } })).statusCode).toBe(200);
    w.clock.advance(w.ctx.config.sessionTtlHours * 60 - 1);
    expect((await app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } })).statusCode).toBe(200);
    w.clock.advance(2);
    const me = await app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } });
    expect(me.statusCode).toBe(401);
    expect(me.json().error.code).toBe('UNAUTHENTICATED');
    const write = await app.inject({ method: 'POST', url: '/api/cases', headers: { cookie, 'x-csrf-token': csrf }, payload: caseInput(w) });
    expect(write.statusCode).toBe(401);
    expect(write.json().error.code).toBe('UNAUTHENTICATED');
  });

  it('rate-limits sign-in per client address; a forged X-Forwarded-For does not reset the count', async () => {
    const attempt = (i: number, pw: string) =>
      app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'm-leader', password: pw }, remoteAddress: '203.0.113.9', headers: { 'x-forwarded-for': `10.0.${i}.1` } });
    const answers: number[] = [];
    for (let i = 0; i < 12; i++) answers.push((await attempt(i, `guess-${i}`)).statusCode);
    expect(answers.slice(0, 10).every((s) => s === 401)).toBe(true);
    expect(answers.slice(10)).toEqual([429, 429]);
    // Even the right password is refused while limited: guessing cannot test it.
    const right = await attempt(99, password);
    expect(right.statusCode).toBe(429);
    expect(right.json().error.code).toBe('RATE_LIMITED');
    expect(right.json().error.messageZh).toMatch(/[\u4e00-\u9fff]/);
    // Another client address is not affected.
    const other = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'm-leader', password }, remoteAddress: '203.0.113.10' });
    expect(other.statusCode).toBe(200);
    // Nor is a colleague signing in from the same address (an office behind one NAT): the count is per account.
    const colleague = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'm-leader', password: 'wrong' }, remoteAddress: '203.0.113.9' });
    expect(colleague.statusCode).toBe(429);
    const another = accounts.find((a) => a.username !== 'm-leader')!.username;
    const colleagueIn = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: another, password }, remoteAddress: '203.0.113.9' });
    expect(colleagueIn.statusCode).toBe(200);
  });
});
