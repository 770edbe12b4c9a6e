// Crash safety: under sustained intake and workflow actions, kill -9 the server at random moments; after each restart
// every case that got a 2xx is present with every event that got a 2xx, exactly once. Requests that were in flight
// are then retried with the same Idempotency-Key, as a phone would: each key ends as exactly one case.
// On PGlite (the embedded data directory) and on PostgreSQL (a database of its own on TEST_DATABASE_URL's server).
// RELIABILITY_ROUNDS raises the number of kills.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../support/db';
import { prepareWorld, serve, session } from './support/server';

const ROUNDS = Number(process.env.RELIABILITY_ROUNDS ?? 2);

/** A database of its own on the PostgreSQL server of TEST_DATABASE_URL. */
async function scratchDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const base = process.env.TEST_DATABASE_URL!;
  const name = `wg_crash_${crypto.randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const u = new URL(base);
  u.pathname = `/${name}`;
  return {
    url: u.toString(),
    drop: async () => {
      const a = new pg.Client({ connectionString: base });
      await a.connect();
      await a.query(`drop database if exists ${name} with (force)`);
      await a.end();
    },
  };
}

const post = (url: string, s: { cookie: string; csrf: string }, body: unknown, key?: string) =>
  fetch(url, { method: 'POST', headers: { cookie: s.cookie, 'x-csrf-token': s.csrf, 'content-type': 'application/json', ...(key ? { 'idempotency-key': key } : {}) }, body: JSON.stringify(body) });

describe.each(testDatabaseKinds())('crash safety (%s, kill -9)', (kind) => {
  it(`keeps every acknowledged case and event through ${ROUNDS} kills`, async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wangge-crash-'));
    const database = kind === 'postgres' ? await scratchDatabase() : null;
    const env = { ...process.env, DATA_DIR: dataDir, DATABASE_URL: database?.url ?? '', PORT: '0', LOG_LEVEL: 'warn', WEB_BUILD: 'off' };
    const world = await prepareWorld({ databaseUrl: database?.url ?? null, dataDir });
    const point = world.point;
    const acknowledged = new Map<string, { number: string; registered: boolean }>(); // idempotency key → case
    const inFlight = new Map<string, unknown>(); // keys sent without an answer: retried after the restart
    const body = (key: string) => ({ source: 'hotline', kind: 'matter', classCode: '09006', description: `崩溃测试 ${key}`, ...point });
    try {
      for (let round = 0; round < ROUNDS; round++) {
        const { proc, url } = await serve(env);
        const s = await session(url, 'operator', world.password);
        let stop = false;
        const worker = async (w: number) => {
          for (let i = 0; !stop; i++) {
            const key = `crash-${round}-${w}-${i}`;
            try {
              inFlight.set(key, body(key));
              const res = await post(`${url}/api/cases`, s, body(key), key);
              if (res.status !== 201) continue;
              const c = await res.json();
              inFlight.delete(key);
              acknowledged.set(key, { number: c.number, registered: false });
              // Every other case also moves one step, so that the kill lands in actions too.
              if (i % 2 === 0) {
                const act = await post(`${url}/api/cases/${c.id}/register`, s, {});
                if (act.status === 200) acknowledged.set(key, { number: c.number, registered: true });
              }
            } catch {
              return; // the server died under us
            }
          }
        };
        const workers = [0, 1, 2, 3].map(worker);
        await new Promise((r) => setTimeout(r, 800 + Math.random() * 1500));
        proc.kill('SIGKILL');
        stop = true;
        await Promise.all(workers);
        await new Promise((r) => (proc.exitCode !== null || proc.signalCode ? r(null) : proc.once('exit', r)));
      }
      expect(acknowledged.size).toBeGreaterThan(0);
      const { proc, url } = await serve(env);
      const s = await session(url, 'operator', world.password);
      for (const [key, { number, registered }] of acknowledged) {
        const res = await fetch(`${url}/api/cases/${number}`, { headers: { cookie: s.cookie } });
        expect(res.status, `${key} → ${number}`).toBe(200);
        const c = await res.json();
        expect(c.description).toBe(`崩溃测试 ${key}`);
        const actions = c.events.map((e: { action: string }) => e.action);
        // An acknowledged step is there; an unacknowledged one may or may not be, but never twice.
        if (registered) expect(actions, key).toEqual(['report', 'register']);
        else expect([['report'], ['report', 'register']], key).toContainEqual(actions);
        expect(c.events.map((e: { seq: number }) => e.seq)).toEqual(actions.map((_: string, i: number) => i + 1));
      }
      // The phone retries what it never heard back about: each key becomes exactly one case.
      for (const [key, b] of inFlight) {
        const res = await post(`${url}/api/cases`, s, b, key);
        expect([200, 201], `${key}: ${res.status}`).toContain(res.status);
      }
      const list = await (await fetch(`${url}/api/cases?q=${encodeURIComponent('崩溃测试')}&pageSize=200&page=1`, { headers: { cookie: s.cookie } })).json();
      let items = list.items as { description: string }[];
      for (let page = 2; items.length < list.total; page++) {
        items = items.concat((await (await fetch(`${url}/api/cases?q=${encodeURIComponent('崩溃测试')}&pageSize=200&page=${page}`, { headers: { cookie: s.cookie } })).json()).items);
      }
      const descriptions = items.map((c) => c.description);
      expect(new Set(descriptions).size).toBe(descriptions.length);
      expect(descriptions.length).toBe(acknowledged.size + inFlight.size);
      proc.kill('SIGTERM');
      await new Promise((r) => proc.once('exit', r));
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
      await database?.drop();
    }
  }, 600_000);
});
