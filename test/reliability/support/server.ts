// Real server processes for the reliability tests: `wangge serve` on a free port, and a signed-in session on it.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

export const root = path.resolve(import.meta.dirname, '../../..');

export function serve(env: NodeJS.ProcessEnv): Promise<{ proc: ChildProcess; url: string; output: () => string }> {
  const proc = spawn(process.execPath, [path.join(root, 'bin/wangge.mjs'), 'serve'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  proc.stdout!.on('data', (d) => (out += d));
  proc.stderr!.on('data', (d) => (out += d));
  return new Promise((resolve, reject) => {
    const t = setInterval(() => {
      const m = out.match(/已启动: (http:\/\/\S+)\n/);
      if (m) {
        clearInterval(t);
        resolve({ proc, url: m[1].replace('localhost', '127.0.0.1'), output: () => out });
      }
    }, 50);
    proc.once('exit', (c) => {
      clearInterval(t);
      reject(new Error(`server exited ${c}: ${out}`));
    });
  });
}

export async function session(url: string, username = 'operator', password = 'demo') {
  const res = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
  if (!res.ok) throw new Error(`login ${username}: ${res.status} ${await res.text()}`);
  return { cookie: res.headers.get('set-cookie')!.split(';')[0], csrf: (await res.json()).user.csrfToken as string };
}


/**
 * A small migrated world (two streets of grids, departments, one account per role; see test/support/world.ts) in the
 * database a server process will use: much faster to make than the demo, which these tests do not need.
 */
export async function prepareWorld(opts: { databaseUrl: string | null; dataDir: string }): Promise<{ point: { lng: number; lat: number }; password: string }> {
  const { openDatabase, migrateDatabase } = await import('../../../src/server/db/client');
  const { buildWorld } = await import('../../support/world');
  const database = await openDatabase({ databaseUrl: opts.databaseUrl, dataDir: opts.dataDir });
  try {
    await migrateDatabase(database);
    const w = await buildWorld(database);
    return { point: w.pointIn1, password: w.users.operator.password };
  } finally {
    await database.close();
  }
}
