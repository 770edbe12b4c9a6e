// The demo's petition register is plausible and consistent: every channel and state, each item's log replays through
// the petition machine to the stored row, bookings within capacity, linked cases from the petition office, and every
// item readable through the API by the demo petition account.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { asc } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { WorkingCalendar } from '../../src/domain/calendar';
import { applyPetitionAction, DEFAULT_PETITION_LIMITS, PETITION_CHANNELS, registerPetition, type PetitionActionName } from '../../src/domain/petition';
import type { Role } from '../../src/domain/workflow';
import { seedDemo } from '../../src/demo/seed';
import { loadConfig } from '../../src/server/config';
import { createContext } from '../../src/server/context';
import * as t from '../../src/server/db/schema';
import { petitionEvents, petitions, receptionAppointments, receptionDays } from '../../src/server/petitions/petitions.tables';
import { toSnapshot } from '../../src/server/petitions/petitions.service';
import { loadBaseData } from '../../src/server/seed/base-data';
import { DEFAULT_CALENDAR } from '../../src/server/settings/settings.service';
import { freshDatabase, testDatabaseKinds } from '../support/db';
import { appFor, signIn } from '../support/http';

// The demo seed is plain inserts whose SQL paths the HTTP tests cover on both databases; seeding the whole demo takes
// minutes on a shared machine, so this runs on the embedded database, where `npm start` loads the demo.
describe.each(testDatabaseKinds().filter((k) => k === 'pglite'))('demo petition register (%s)', (kind) => {
  let db: Awaited<ReturnType<typeof freshDatabase>>;
  let app: FastifyInstance;
  const now = new Date('2026-11-18T03:00:00Z');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wangge-petition-demo-'));

  beforeAll(async () => {
    db = await freshDatabase(kind);
    const config = loadConfig({ DATA_DIR: dir });
    await loadBaseData(db.db, now);
    await seedDemo(db.db, { now, uploadsDir: config.uploadsDir, cases: 300 });
    app = await appFor({ ctx: createContext(config, db, () => now) } as never);
  }, 240_000);
  afterAll(async () => {
    await app?.close();
    await db?.drop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('covers every channel and the states of the workflow', async () => {
    const rows = await db.db.select().from(petitions);
    expect(rows.length).toBeGreaterThanOrEqual(60);
    expect(new Set(rows.map((r) => r.channel))).toEqual(new Set(PETITION_CHANNELS));
    const states = new Set(rows.map((r) => r.state));
    for (const s of ['registered', 'handling', 'replied', 'closed', 'routed_out']) expect(states, s).toContain(s);
    expect(rows.some((r) => r.caseId)).toBe(true);
    expect(rows.some((r) => r.extensionDays === 30)).toBe(true);
    expect(new Set(rows.map((r) => r.number)).size).toBe(rows.length);
  });

  it('replays each item\'s log through the machine to the stored row', async () => {
    const cal = new WorkingCalendar(DEFAULT_CALENDAR);
    const rows = await db.db.select().from(petitions);
    const events = await db.db.select().from(petitionEvents).orderBy(asc(petitionEvents.petitionId), asc(petitionEvents.seq));
    for (const row of rows) {
      const log = events.filter((e) => e.petitionId === row.id);
      expect(log.map((e) => e.seq)).toEqual(log.map((_, i) => i + 1));
      expect(log[0].action).toBe('register');
      let snap = registerPetition(row.receivedAt, { now: row.receivedAt, calendar: cal, limits: DEFAULT_PETITION_LIMITS });
      for (const e of log.slice(1)) {
        const actor = { id: e.actorId ?? 'citizen', roles: [e.role as Role], departmentId: e.departmentId };
        const input = inputOf(e.action as PetitionActionName, e.note, e.payload as Record<string, unknown>);
        snap = applyPetitionAction(snap, e.action as PetitionActionName, input as never, { now: e.at, actor, calendar: cal, limits: DEFAULT_PETITION_LIMITS }).next;
      }
      expect(toSnapshot(row), row.number).toEqual(snap);
      expect(row.version).toBe(log.length);
    }
  });

  it('keeps bookings within capacity and links cases that came in through the petition office', async () => {
    const days = await db.db.select().from(receptionDays);
    const appts = await db.db.select().from(receptionAppointments);
    for (const d of days) expect(appts.filter((a) => a.dayId === d.id && a.status !== 'cancelled').length).toBeLessThanOrEqual(d.capacity);
    const linked = (await db.db.select().from(petitions)).filter((p) => p.caseId);
    const cases = await db.db.select().from(t.cases);
    for (const p of linked) expect(cases.find((c) => c.id === p.caseId)).toMatchObject({ source: 'petition', reporter: null });
  });

  it('serves every item to the demo petition account', async () => {
    const staff = await signIn(app, 'petition', 'demo');
    const list = await staff.get('/api/petitions?pageSize=200');
    expect(list.statusCode, list.body).toBe(200);
    for (const item of list.json().items) {
      const res = await staff.get(`/api/petitions/${item.id}`);
      expect(res.statusCode, `${item.number}: ${res.body}`).toBe(200);
    }
    const days = await staff.get('/api/reception/days?from=2026-09-01&to=2027-01-31');
    expect(days.json().items.length).toBeGreaterThan(5);
  });
});

/** The action input an event was made from, read back from its note and payload. */
function inputOf(action: PetitionActionName, note: string | null, p: Record<string, unknown>): Record<string, unknown> {
  switch (action) {
    case 'accept':
    case 'close':
      return note ? { note } : {};
    case 'reject':
      return { reason: note, ...(p.referTo ? { referTo: p.referTo } : {}) };
    case 'routeOut':
      return { route: p.route, guidance: p.guidance, ...(p.basis ? { basis: p.basis } : {}) };
    case 'assign':
      return { departmentId: p.departmentId, ...(note ? { note } : {}) };
    case 'returnToOffice':
    case 'requestReview':
      return { reason: note };
    case 'extend':
      return { days: p.days, reason: note };
    case 'reply':
      return { text: note };
    case 'rate':
      return { satisfaction: p.satisfaction, ...(note ? { comment: note } : {}) };
    case 'decideReview':
      return { decision: p.decision, opinion: note };
    case 'linkCase':
      return { caseId: p.caseId, caseNumber: p.caseNumber };
    case 'comment':
      return { note };
  }
}
