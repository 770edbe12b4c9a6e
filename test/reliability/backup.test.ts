// Backup and restore: `wangge backup` of a running deployment's data (cases with their events, photos) restored by
// `wangge restore` into an empty deployment gives back the same cases, events and photo bytes, and the users can sign
// in. A restore refuses a target that holds data (unless --force, which moves that data aside instead of deleting
// it), a damaged backup and a backup of the other database kind, changing nothing. On PGlite and PostgreSQL.
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../support/db';
import { tinyJpeg } from '../support/world';
import { sql } from 'drizzle-orm';
import { restore } from '../../src/server/backup/backup';
import { loadConfig } from '../../src/server/config';
import { openDatabase } from '../../src/server/db/client';
import { prepareWorld, root, serve, session } from './support/server';

/** A database of its own on the PostgreSQL server of TEST_DATABASE_URL. */
async function scratchDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const base = process.env.TEST_DATABASE_URL!;
  const name = `wg_backup_${crypto.randomBytes(5).toString('hex')}`;
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

/** Runs the real command line; resolves with its exit code and output. */
function wangge(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; out: string }> {
  if (process.env.BACKUP_TRACE) console.error(new Date().toISOString(), 'wangge', args.join(' '));
  return new Promise((resolve) => {
    const p = spawn(process.execPath, [path.join(root, 'bin/wangge.mjs'), ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    p.stdout.on('data', (d) => (out += d));
    p.stderr.on('data', (d) => (out += d));
    p.on('close', (code) => resolve({ code, out }));
  });
}

async function stop(proc: Awaited<ReturnType<typeof serve>>['proc']) {
  if (proc.exitCode !== null || proc.signalCode !== null) return;
  const exited = new Promise((r) => proc.once('exit', r));
  proc.kill('SIGTERM');
  await exited;
}

describe.each(testDatabaseKinds())('backup and restore (%s)', (kind) => {
  it('round-trips cases, events and photos into an empty deployment; refuses what would lose data', async () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'wangge-backup-'));
    const dbA = kind === 'postgres' ? await scratchDatabase() : null;
    const dbB = kind === 'postgres' ? await scratchDatabase() : null;
    const envFor = (dir: string, db: { url: string } | null) => ({ ...process.env, DATA_DIR: dir, DATABASE_URL: db?.url ?? '', PORT: '0', LOG_LEVEL: 'warn', WEB_BUILD: 'off', DEMO: 'off' });
    const dirA = path.join(tmp, 'a');
    const dirB = path.join(tmp, 'b');
    const envA = envFor(dirA, dbA);
    const envB = envFor(dirB, dbB);
    const file = path.join(tmp, 'out', 'backup.tar');
    const procs: Awaited<ReturnType<typeof serve>>['proc'][] = [];
    const launch = async (env: NodeJS.ProcessEnv) => {
      if (process.env.BACKUP_TRACE) console.error(new Date().toISOString(), 'serve', env.DATA_DIR);
      const started = await serve(env);
      procs.push(started.proc);
      return started;
    };
    try {
      // A deployment with cases, an action on one, and photos attached.
      const world = await prepareWorld({ databaseUrl: dbA?.url ?? null, dataDir: dirA });
      const a = await launch(envA);
      const s = await session(a.url, 'operator', world.password);
      const headers = { cookie: s.cookie, 'x-csrf-token': s.csrf };
      const photoIds: string[] = [];
      for (let i = 0; i < 2; i++) {
        const form = new FormData();
        form.append('file', new Blob([new Uint8Array(await tinyJpeg())], { type: 'image/jpeg' }), `p${i}.jpg`);
        const res = await fetch(`${a.url}/api/photos`, { method: 'POST', headers, body: form });
        expect(res.status, await res.clone().text()).toBe(201);
        photoIds.push((await res.json()).id);
      }
      const numbers: string[] = [];
      for (let i = 0; i < 3; i++) {
        const res = await fetch(`${a.url}/api/cases`, {
          method: 'POST',
          headers: { ...headers, 'content-type': 'application/json' },
          body: JSON.stringify({ source: 'hotline', kind: 'matter', classCode: '09006', description: `备份测试 ${i}`, ...world.point, photoIds: i === 0 ? photoIds : [] }),
        });
        expect(res.status, await res.clone().text()).toBe(201);
        const c = await res.json();
        numbers.push(c.number);
        if (i === 1) expect((await fetch(`${a.url}/api/cases/${c.id}/register`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: '{}' })).status).toBe(200);
      }
      const snapshot = async (url: string, cookie: string) => {
        const cases = [];
        for (const n of numbers) {
          const res = await fetch(`${url}/api/cases/${n}`, { headers: { cookie } });
          expect(res.status, n).toBe(200);
          const c = await res.json();
          cases.push({ number: c.number, state: c.state, version: c.version, description: c.description, events: c.events.map((e: { seq: number; action: string; at?: string }) => [e.seq, e.action]) });
        }
        const photos = [];
        for (const id of photoIds) {
          const res = await fetch(`${url}/api/photos/${id}`, { headers: { cookie } });
          expect(res.status, id).toBe(200);
          photos.push(crypto.createHash('sha256').update(Buffer.from(await res.arrayBuffer())).digest('hex'));
        }
        return { cases, photos };
      };
      const before = await snapshot(a.url, s.cookie);
      expect(before.cases.map((c) => c.events.length)).toEqual([1, 2, 1]);
      if (kind === 'pglite') {
        // The embedded database has one owner: no backup while the server runs.
        const busy = await wangge(['backup', '--out', file], envA);
        expect(busy.code, busy.out).toBe(3);
        expect(fs.existsSync(file)).toBe(false);
        await stop(a.proc);
      }

      const made = await wangge(['backup', '--out', file], envA);
      expect(made.code, made.out).toBe(0);
      expect(made.out).toMatch(/3 cases, 4 events, 2 photos/);
      if (kind === 'postgres') await stop(a.proc); // PostgreSQL is backed up online

      // Into an empty deployment: the same cases, events and photo bytes; the users sign in with their passwords.
      const restored = await wangge(['restore', file], envB);
      expect(restored.code, restored.out).toBe(0);
      const b = await launch(envB);
      const sb = await session(b.url, 'operator', world.password);
      expect(await snapshot(b.url, sb.cookie)).toEqual(before);
      const created = await fetch(`${b.url}/api/cases`, { method: 'POST', headers: { cookie: sb.cookie, 'x-csrf-token': sb.csrf, 'content-type': 'application/json' }, body: JSON.stringify({ source: 'hotline', kind: 'matter', classCode: '09006', description: '恢复后新建', ...world.point }) });
      expect(created.status, 'the restored deployment takes new cases').toBe(201);
      const afterRestore = (await created.json()).number;
      expect(numbers).not.toContain(afterRestore);
      await stop(b.proc);

      // The refusals change nothing (checked in-process: starting the command line for each costs seconds).
      const configB = loadConfig(envB);
      const casesInB = async () => {
        const d = await openDatabase({ databaseUrl: configB.databaseUrl || null, dataDir: dirB });
        try {
          return Number(((await d.db.execute(sql`select count(*)::int as n from cases`)) as unknown as { rows: { n: number }[] }).rows[0].n);
        } finally {
          await d.close();
        }
      };
      // Over data without --force.
      await expect(restore(configB, file)).rejects.toThrow(/--force/);
      // A damaged backup (one photo byte changed inside the archive), even with --force.
      const unpacked = path.join(tmp, 'unpacked');
      fs.mkdirSync(unpacked);
      await new Promise((r) => spawn('tar', ['-xf', file, '-C', unpacked]).on('close', r));
      const jpg = fs.readdirSync(path.join(unpacked, 'uploads'), { recursive: true }).map(String).find((f) => f.endsWith('.thumb.jpg'))!;
      const p = path.join(unpacked, 'uploads', jpg);
      const bytes = fs.readFileSync(p);
      bytes[bytes.length - 10] ^= 0xff;
      fs.writeFileSync(p, bytes);
      const damaged = path.join(tmp, 'damaged.tar');
      await new Promise((r) => spawn('tar', ['-cf', damaged, '-C', unpacked, '.']).on('close', r));
      await expect(restore(configB, damaged, { force: true })).rejects.toThrow(/damaged .*thumb\.jpg/);
      // A backup of the other database kind.
      const otherEnv = kind === 'pglite' ? { ...envB, DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' } : { ...envB, DATABASE_URL: '', DATA_DIR: path.join(tmp, 'c') };
      await expect(restore(loadConfig(otherEnv), file, { force: true })).rejects.toThrow(kind === 'pglite' ? /without DATABASE_URL/ : /set DATABASE_URL/);
      expect(await casesInB(), 'the case made after the restore is still there').toBe(numbers.length + 1);
      expect(fs.readdirSync(dirB).filter((f) => f.includes('before-restore'))).toEqual([]);

      // With --force: the backup's state comes back (the case made since is gone) and the replaced data is kept aside.
      const forced = await wangge(['restore', file, '--force'], envB);
      expect(forced.code, forced.out).toBe(0);
      expect(forced.out).toMatch(/moved aside/);
      const b3 = await launch(envB);
      const sb3 = await session(b3.url, 'operator', world.password);
      expect(await snapshot(b3.url, sb3.cookie)).toEqual(before);
      expect((await fetch(`${b3.url}/api/cases/${afterRestore}`, { headers: { cookie: sb3.cookie } })).status).toBe(404);
      await stop(b3.proc);
      if (kind === 'pglite') expect(fs.readdirSync(dirB).filter((f) => f.includes('before-restore')).sort()).toEqual([expect.stringMatching(/^db\.before-restore-/), expect.stringMatching(/^uploads\.before-restore-/)]);
      else {
        const c = new pg.Client({ connectionString: dbB!.url });
        await c.connect();
        const aside = await c.query(`select schema_name from information_schema.schemata where schema_name like 'wangge_before_restore_%'`);
        await c.end();
        expect(aside.rows.length).toBe(2);
      }
    } finally {
      for (const p of procs) await stop(p);
      fs.rmSync(tmp, { recursive: true, force: true });
      await dbA?.drop();
      await dbB?.drop();
    }
  }, 300_000);
});
