// Factories: a small, valid world (district, streets, communities, grids, departments, users per role)
// and cases in any state, built through the real services so that every parent exists.
import crypto from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import fs from 'node:fs';
import { GB47678_5_CLASSES } from '../../src/domain/catalogue';
import type { Role } from '../../src/domain/workflow';
import { hashPassword } from '../../src/server/auth/password';
import type { Actor } from '../../src/server/auth/policy';
import { loadConfig } from '../../src/server/config';
import { createContext, type AppContext } from '../../src/server/context';
import type { Database } from '../../src/server/db/client';
import * as t from '../../src/server/db/schema';
import { loadBaseData } from '../../src/server/seed/base-data';
import { actOnCase, createCase } from '../../src/server/cases/case.service';
import type { CaseCreate } from '../../src/server/cases/case.schema';
import type { ActionName, CaseState } from '../../src/domain/workflow';

/** A tiny district near Lvyuan: 2 streets × 1 community × a 3×3 block of 0.001° grids each. */
export const ORIGIN = { lng: 125.25, lat: 43.88 };
const STEP = 0.001;

export interface World {
  ctx: AppContext;
  clock: { now: Date; advance(minutes: number): void };
  users: Record<'admin' | 'operator' | 'chief' | 'dispatcher' | 'inspector' | 'inspector2' | 'dept' | 'dept2' | 'street' | 'leader', Actor & { password: string }>;
  departments: { enforcement: string; sanitation: string; street1: string; street2: string };
  /** A point inside street 1 (community 220106001001). */
  pointIn1: { lng: number; lat: number };
  /** A point inside street 2 (community 220106002001). */
  pointIn2: { lng: number; lat: number };
}

function square(lng: number, lat: number): [number, number][] {
  return [
    [lng, lat],
    [lng + STEP, lat],
    [lng + STEP, lat + STEP],
    [lng, lat + STEP],
  ];
}

export async function buildWorld(database: Database, start = new Date('2026-11-16T01:00:00Z') /* Mon 09:00 Shanghai */): Promise<World> {
  const db = database.db;
  const clock = {
    now: new Date(start),
    advance(minutes: number) {
      clock.now = new Date(clock.now.getTime() + minutes * 60_000);
    },
  };
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wangge-test-'));
  const config = loadConfig({ DATA_DIR: dataDir });
  const ctx = createContext(config, database, () => clock.now);
  await loadBaseData(db, clock.now);

  const streetsDef = [
    { code: '220106001', name: '正阳街道', community: '220106001001', cname: '爱民社区', dx: 0 },
    { code: '220106002', name: '春城街道', community: '220106002001', cname: '春城社区', dx: 3 * STEP },
  ];
  for (const s of streetsDef) {
    const x0 = ORIGIN.lng + s.dx;
    const ring: [number, number][] = [
      [x0, ORIGIN.lat],
      [x0 + 3 * STEP, ORIGIN.lat],
      [x0 + 3 * STEP, ORIGIN.lat + 3 * STEP],
      [x0, ORIGIN.lat + 3 * STEP],
      [x0, ORIGIN.lat],
    ];
    await db.insert(t.streets).values({ code: s.code, districtCode: '220106', name: s.name, type: '街道', geometry: { type: 'Polygon', coordinates: [ring] } });
    await db.insert(t.communities).values({ code: s.community, streetCode: s.code, name: s.cname, type: '居委会', areaClass: 'A', geometry: { type: 'Polygon', coordinates: [ring] } });
    let serial = 1;
    for (let row = 2; row >= 0; row--) {
      for (let col = 0; col < 3; col++) {
        const lng = x0 + col * STEP;
        const lat = ORIGIN.lat + row * STEP;
        await db.insert(t.grids).values({
          code: `${s.community}${String(serial++).padStart(3, '0')}`,
          communityCode: s.community,
          streetCode: s.code,
          ring: square(lng, lat),
          areaM2: 9000,
          centroidLng: lng + STEP / 2,
          centroidLat: lat + STEP / 2,
        });
      }
    }
  }

  const dept = async (code: string, nameZh: string, kind: string, streetCode: string | null = null) => {
    const [d] = await db.insert(t.departments).values({ code, nameZh, nameEn: code, kind, streetCode }).returning();
    return d.id;
  };
  const departments = {
    enforcement: await dept('enforcement', '城管执法局', 'enforcement'),
    sanitation: await dept('sanitation', '环卫中心', 'sanitation'),
    street1: await dept('220106001', '正阳街道办事处', 'street', '220106001'),
    street2: await dept('220106002', '春城街道办事处', 'street', '220106002'),
  };
  // The responsibility list: every class to its department kind, street-first classes to the locality.
  const kindToDept: Record<string, string> = { enforcement: departments.enforcement, sanitation: departments.sanitation };
  const rules = GB47678_5_CLASSES.map((c) => ({
    kind: c.kind,
    classCode: c.code,
    departmentId: c.locality ? null : (kindToDept[c.departmentKind] ?? departments.enforcement),
  }));
  for (let i = 0; i < rules.length; i += 200) await db.insert(t.responsibilityRules).values(rules.slice(i, i + 200));

  const password = 'test-password';
  const hash = await hashPassword(password);
  const mk = async (username: string, roles: Role[], departmentId: string | null = null, streetCode: string | null = null) => {
    const [u] = await db.insert(t.users).values({ username, displayName: username, passwordHash: hash, roles, departmentId }).returning();
    return { id: u.id, username, roles, departmentId, streetCode, password };
  };
  const users = {
    admin: await mk('admin', ['admin']),
    operator: await mk('operator', ['operator']),
    chief: await mk('chief', ['chief']),
    dispatcher: await mk('dispatcher', ['dispatcher']),
    inspector: await mk('inspector', ['inspector']),
    inspector2: await mk('inspector2', ['inspector']),
    dept: await mk('dept', ['department'], departments.enforcement),
    dept2: await mk('dept2', ['department'], departments.sanitation),
    street: await mk('street', ['department'], departments.street1, '220106001'),
    leader: await mk('leader', ['leader']),
  };
  return {
    ctx,
    clock,
    users,
    departments,
    pointIn1: { lng: ORIGIN.lng + 1.5 * STEP, lat: ORIGIN.lat + 1.5 * STEP },
    pointIn2: { lng: ORIGIN.lng + 4.5 * STEP, lat: ORIGIN.lat + 1.5 * STEP },
  };
}

export function caseInput(w: World, over: Partial<CaseCreate> = {}): CaseCreate {
  return {
    source: 'inspector',
    kind: 'matter',
    classCode: '09006', // 占道经营: enforcement by default in this world
    description: '商贩占用人行道经营',
    lng: w.pointIn1.lng,
    lat: w.pointIn1.lat,
    crs: 'WGS84',
    urgency: 'normal',
    photoIds: [],
    selfFix: false,
    afterPhotoIds: [],
    ...over,
  };
}

/** A 1×1 JPEG for photo fields. */
export async function tinyJpeg(): Promise<Buffer> {
  const sharp = (await import('sharp')).default;
  return sharp({ create: { width: 64, height: 48, channels: 3, background: { r: 200, g: 80, b: 40 } } }).jpeg().toBuffer();
}

export async function addPhoto(w: World, by: Actor): Promise<string> {
  const { savePhoto } = await import('../../src/server/photos/photo.service');
  return (await savePhoto(w.ctx, by, await tinyJpeg())).id;
}

/** Builds a case and drives it to the wanted state through the real services. */
export async function buildCase(w: World, state: CaseState = 'reported', over: Partial<CaseCreate> = {}) {
  const u = w.users;
  const { case: c } = await createCase(w.ctx, u.inspector, caseInput(w, over));
  const steps: [ActionName, Actor, Record<string, unknown>][] = [
    ['register', u.operator, {}],
    ['file', u.chief, { filingCondition: await firstCondition(w, c.kind, c.classCode) }],
    ['dispatch', u.dispatcher, { departmentId: w.departments.enforcement }],
    ['accept', u.dept, {}],
    ['handle', u.dept, { photoIds: [] }],
    ['sendCheck', u.operator, { inspectorId: u.inspector.id }],
    ['check', u.inspector, { result: 'fixed' }],
    ['close', u.chief, {}],
  ];
  const order: CaseState[] = ['reported', 'verified', 'filed', 'dispatched', 'handling', 'handled', 'checking', 'checked', 'closed'];
  const target = order.indexOf(state);
  if (target < 0) throw new Error(`buildCase cannot reach ${state}`);
  let detail = c;
  for (let i = 0; i < target; i++) {
    const [action, actor, input] = steps[i];
    if (action === 'handle') input.photoIds = [await addPhoto(w, actor)];
    detail = await actOnCase(w.ctx, actor, detail.id, action, input);
  }
  return detail;
}

export async function firstCondition(w: World, kind: string, classCode: string): Promise<string> {
  const { listFilingConditions } = await import('../../src/server/catalogue/catalogue.repository');
  const rows = await listFilingConditions(w.ctx.db, kind, classCode);
  return rows[0].code;
}

export const uuid = () => crypto.randomUUID();
