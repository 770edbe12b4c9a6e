// Passwords are never logged: a real server process at the most talkative log level signs people in (rightly and
// wrongly), creates a user, meets a duplicate (a constraint error whose query parameters hold a password hash) and
// changes a password. Its whole output holds no password, no password hash and no session token, while it does log
// the requests themselves. On PGlite and PostgreSQL (their drivers put different things on errors).
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../support/db';
import { prepareWorld, serve } from './support/server';

async function scratchDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const base = process.env.TEST_DATABASE_URL!;
  const name = `wg_logs_${crypto.randomBytes(5).toString('hex')}`;
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

describe.each(testDatabaseKinds())('passwords in the log (%s)', (kind) => {
  it('never writes a password, a password hash or a session token to the log', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wangge-logs-'));
    const database = kind === 'postgres' ? await scratchDatabase() : null;
    let server: Awaited<ReturnType<typeof serve>> | null = null;
    try {
      const { password } = await prepareWorld({ databaseUrl: database?.url ?? null, dataDir });
      server = await serve({ ...process.env, DATA_DIR: dataDir, DATABASE_URL: database?.url ?? '', PORT: '0', LOG_LEVEL: 'trace', WEB_BUILD: 'off' });
      const url = server.url;
      const secrets = [password, 'Wrong-Secret-4711', 'New-Secret-0815', 'Dup-Secret-2342', 'Changed-Secret-1234'];
      const tokens: string[] = [];
      const login = async (username: string, pw: string) => {
        const res = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: pw }) });
        const cookie = res.headers.get('set-cookie')?.split(';')[0] ?? '';
        if (cookie) tokens.push(cookie.split('=')[1]);
        return { status: res.status, cookie, csrf: res.ok ? ((await res.json()).user.csrfToken as string) : '' };
      };
      const admin = await login('admin', password);
      expect(admin.status).toBe(200);
      expect((await login('admin', secrets[1])).status).toBe(401);
      // Too long for the schema: a validation error, which must not echo the value.
      expect((await login('admin', `${secrets[1]}${'x'.repeat(300)}`)).status).toBe(400);
      const post = (p: string, method: string, body: unknown) =>
        fetch(`${url}${p}`, { method, headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf, 'content-type': 'application/json' }, body: JSON.stringify(body) });
      const created = await post('/api/admin/users', 'POST', { username: 'log-test', displayName: '日志测试', password: secrets[2], roles: ['operator'] });
      expect(created.status, await created.clone().text()).toBe(201);
      const id = (await created.json()).id;
      const dup = await post('/api/admin/users', 'POST', { username: 'log-test', displayName: '日志测试', password: secrets[3], roles: ['operator'] });
      expect(dup.status).toBe(409);
      expect((await post(`/api/admin/users/${id}`, 'PATCH', { password: secrets[4] })).status).toBe(200);
      expect((await login('log-test', secrets[4])).status).toBe(200);
      // Let the last lines reach the pipe.
      await new Promise((r) => setTimeout(r, 300));

      const log = server.output();
      expect(log, 'the requests themselves are logged').toContain('/api/auth/login');
      for (const s of secrets) expect(log.includes(s), `password ${s} in the log`).toBe(false);
      for (const t of tokens) expect(log.includes(t), 'a session token in the log').toBe(false);
      expect(log).not.toMatch(/\$argon2/);
    } finally {
      if (server) {
        server.proc.kill('SIGTERM');
        await new Promise((r) => (server!.proc.exitCode !== null ? r(null) : server!.proc.once('exit', r)));
      }
      fs.rmSync(dataDir, { recursive: true, force: true });
      await database?.drop();
    }
  }, 180_000);
});
