// A case raised from a registered component: the component is damaged while the case runs and intact once it closes.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, testDatabaseKinds } from '../support/db';
import { appFor, signIn, type Client } from '../support/http';
import { addPhoto, buildWorld, caseInput, firstCondition, type World } from '../support/world';

describe.each(testDatabaseKinds())('cases about components (%s)', (kind) => {
  let db: Awaited<ReturnType<typeof freshDatabase>>;
  let w: World;
  let app: FastifyInstance;
  const as: Record<string, Client> = {};

  beforeAll(async () => {
    db = await freshDatabase(kind);
    w = await buildWorld(db);
    app = await appFor(w);
    for (const name of ['admin', 'operator', 'chief', 'dispatcher', 'dept', 'inspector'] as const) as[name] = await signIn(app, name, w.users[name].password);
  });
  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it('links the case, marks the component damaged, and intact again when the case closes', async () => {
    const created = await as.admin.post('/api/components', {
      classCode: '01001', name: '供水井盖', deptCode: '11220106MB0000001X', deptName: '绿园区水务局', initialDate: '2020-05-01', ...w.pointIn1,
    });
    expect(created.statusCode, created.body).toBe(201);
    const componentId = created.json().id;
    const defaults = (await as.operator.get(`/api/components/${componentId}/case-defaults`)).json();
    const res = await as.operator.post('/api/cases', caseInput(w, { kind: 'component', classCode: defaults.classCode, lng: defaults.lng, lat: defaults.lat, componentId, description: '井盖破损' }));
    expect(res.statusCode, res.body).toBe(201);
    const c = res.json();
    expect(c.componentId).toBe(componentId);
    expect((await as.admin.get(`/api/components/${componentId}`)).json().state).toBe('damaged');

    const dept = w.departments.enforcement;
    const steps: [string, string, Record<string, unknown>][] = [
      ['operator', 'register', {}],
      ['chief', 'file', { filingCondition: await firstCondition(w, 'component', '01001') }],
      ['dispatcher', 'dispatch', { departmentId: dept }],
      ['dept', 'accept', {}],
      ['dept', 'handle', { photoIds: [await addPhoto(w, w.users.dept)] }],
      ['operator', 'sendCheck', { inspectorId: w.users.inspector.id }],
      ['inspector', 'check', { result: 'fixed' }],
      ['chief', 'close', {}],
    ];
    for (const [who, action, body] of steps) {
      const r = await as[who].post(`/api/cases/${c.id}/${action}`, body);
      expect(r.statusCode, `${action}: ${r.body}`).toBe(200);
    }
    expect((await as.admin.get(`/api/components/${componentId}`)).json().state).toBe('intact');
  });

  it('refuses a case about a component that does not exist, storing nothing', async () => {
    const before = (await as.operator.get('/api/cases?pageSize=1')).json().total;
    const res = await as.operator.post('/api/cases', caseInput(w, { kind: 'component', classCode: '01001', componentId: '22010601001999999' }));
    expect(res.statusCode).toBe(404);
    expect((await as.operator.get('/api/cases?pageSize=1')).json().total).toBe(before);
  });
});
