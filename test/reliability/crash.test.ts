// Crash safety: under sustained intake, kill -9 the server at random moments; after each restart every case that
// got a 2xx is present with its report event, exactly once. RELIABILITY_ROUNDS raises the number of kills.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
const ROUNDS = Number(process.env.RELIABILITY_ROUNDS ?? 2);

function serve(env: NodeJS.ProcessEnv): Promise<{ proc: ChildProcess; url: string }> {
  const proc = spawn(process.execPath, [path.join(root, 'bin/wangge.mjs'), 'serve'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  proc.stdout!.on('data', (d) => (out += d));
  proc.stderr!.on('data', (d) => (out += d));
  return new Promise((resolve, reject) => {
    const t = setInterval(() => {
      const m = out.match(/已启动: (http:\/\/\S+)\n/);
      if (m) {
        clearInterval(t);
        resolve({ proc, url: m[1] });
      }
    }, 50);
    proc.once('exit', (c) => {
      clearInterval(t);
      reject(new Error(`server exited ${c}: ${out}`));
    });
  });
}

async function session(url: string) {
  const res = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'operator', password: 'demo' }) });
  return { cookie: res.headers.get('set-cookie')!.split(';')[0], csrf: (await res.json()).user.csrfToken as string };
}

describe('crash safety (PGlite, kill -9)', () => {
  it(`keeps every acknowledged case through ${ROUNDS} kills`, async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wangge-crash-'));
    const env = { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '', PORT: '0', LOG_LEVEL: 'warn', WEB_BUILD: 'off' };
    const seeded = spawnSync(process.execPath, [path.join(root, 'bin/wangge.mjs'), 'seed', '--cases', '0'], { env, encoding: 'utf8' });
    expect(seeded.status, seeded.stderr).toBe(0);
    const acknowledged = new Map<string, string>(); // idempotency key → case number
    let point: { lng: number; lat: number } | null = null;
    try {
      for (let round = 0; round < ROUNDS; round++) {
        const { proc, url } = await serve(env);
        const s = await session(url);
        if (!point) {
          const g = await (await fetch(`${url}/api/geo/resolve?lng=125.27&lat=43.89`, { headers: { cookie: s.cookie } })).json();
          point = { lng: g.lng, lat: g.lat };
        }
        let stop = false;
        const worker = async (w: number) => {
          for (let i = 0; !stop; i++) {
            const key = `crash-${round}-${w}-${i}`;
            try {
              const res = await fetch(`${url}/api/cases`, {
                method: 'POST',
                headers: { cookie: s.cookie, 'x-csrf-token': s.csrf, 'content-type': 'application/json', 'idempotency-key': key },
                body: JSON.stringify({ source: 'hotline', kind: 'matter', classCode: '06002', description: `崩溃测试 ${key}`, ...point }),
              });
              if (res.status === 201) acknowledged.set(key, (await res.json()).number);
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
        await new Promise((r) => proc.exitCode !== null || proc.signalCode ? r(null) : proc.once('exit', r));
      }
      expect(acknowledged.size).toBeGreaterThan(0);
      const { proc, url } = await serve(env);
      const s = await session(url);
      for (const [key, number] of acknowledged) {
        const res = await fetch(`${url}/api/cases/${number}`, { headers: { cookie: s.cookie } });
        expect(res.status, `${key} → ${number}`).toBe(200);
        const c = await res.json();
        expect(c.description).toBe(`崩溃测试 ${key}`);
        expect(c.events.map((e: { action: string }) => e.action)).toEqual(['report']);
      }
      // None twice: every acknowledged key is one case.
      const list = await (await fetch(`${url}/api/cases?q=${encodeURIComponent('崩溃测试')}&pageSize=1000`, { headers: { cookie: s.cookie } })).json();
      const descriptions = list.items.map((c: { description: string }) => c.description);
      expect(new Set(descriptions).size).toBe(descriptions.length);
      proc.kill('SIGTERM');
      await new Promise((r) => proc.once('exit', r));
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }, 300_000);
});
