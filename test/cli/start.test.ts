// `wangge start` on a fresh data directory seeds the demo once; a second start reuses the data.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');

function start(dataDir: string): Promise<{ proc: ChildProcess; url: string; output: () => string }> {
  const proc = spawn(process.execPath, [path.join(root, 'bin/wangge.mjs'), 'start'], {
    env: { ...process.env, DATA_DIR: dataDir, PORT: '0', WEB_BUILD: 'off', LOG_LEVEL: 'warn', DATABASE_URL: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  proc.stdout!.on('data', (d) => (out += d));
  proc.stderr!.on('data', (d) => (out += d));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no start within 120 s:\n${out}`)), 120_000);
    const check = setInterval(() => {
      const m = out.match(/已启动: (http:\/\/\S+)\n/);
      if (m) {
        clearInterval(check);
        clearTimeout(timer);
        resolve({ proc, url: m[1], output: () => out });
      }
    }, 100);
    proc.on('exit', (code) => {
      clearInterval(check);
      clearTimeout(timer);
      reject(new Error(`exited ${code}:\n${out}`));
    });
  });
}

async function stop(proc: ChildProcess) {
  const done = new Promise((r) => proc.once('exit', r));
  proc.kill('SIGTERM');
  await done;
}

describe('wangge start', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wangge-start-'));
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('loads the Lvyuan demo on first start, prints the accounts, and keeps everything on the next start', async () => {
    const first = await start(dataDir);
    expect(first.output()).toContain('Demo loaded');
    expect(first.output()).toMatch(/operator\s+受理员/);
    const health = await (await fetch(`${first.url}/api/health`)).json();
    expect(health).toMatchObject({ status: 'ok', db: 'pglite' });

    const login = await fetch(`${first.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'operator', password: 'demo' }) });
    expect(login.status).toBe(200);
    const cookie = login.headers.get('set-cookie')!.split(';')[0];
    const { user } = await login.json();
    const list = await (await fetch(`${first.url}/api/cases?pageSize=1`, { headers: { cookie } })).json();
    expect(list.total).toBeGreaterThan(1000);
    const point = list.items[0];
    const created = await fetch(`${first.url}/api/cases`, {
      method: 'POST',
      headers: { cookie, 'x-csrf-token': user.csrfToken, 'content-type': 'application/json' },
      body: JSON.stringify({ source: 'hotline', kind: 'matter', classCode: '06002', description: '重启测试', lng: point.lng, lat: point.lat }),
    });
    expect(created.status).toBe(201);
    const number = (await created.json()).number;
    await stop(first.proc);

    const second = await start(dataDir);
    expect(second.output()).not.toContain('Demo loaded');
    const relog = await fetch(`${second.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'operator', password: 'demo' }) });
    const cookie2 = relog.headers.get('set-cookie')!.split(';')[0];
    const again = await (await fetch(`${second.url}/api/cases?pageSize=1`, { headers: { cookie: cookie2 } })).json();
    expect(again.total).toBe(list.total + 1);
    const found = await fetch(`${second.url}/api/cases/${number}`, { headers: { cookie: cookie2 } });
    expect(found.status).toBe(200);
    await stop(second.proc);
  }, 300_000);
});
