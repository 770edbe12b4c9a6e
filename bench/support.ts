// Shared benchmark plumbing: throw-away PostgreSQL cluster, a seeded server on loopback, printing results.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { loadConfig } from '../src/server/config';
import { createContext, type AppContext } from '../src/server/context';
import { buildApp } from '../src/server/app';
import { migrateDatabase, openDatabase, type Database } from '../src/server/db/client';
import { loadBaseData } from '../src/server/seed/base-data';
import { seedDemo } from '../src/demo/seed';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export interface Cluster {
  url: string;
  stop(): void;
}

/** A throw-away PostgreSQL cluster (scripts/pg-cluster.sh), or null when the server binaries are missing. */
export function startCluster(): Cluster | null {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wangge-bench-pg-'));
  const res = spawnSync('bash', [path.join(root, 'scripts/pg-cluster.sh'), 'start', dir], { encoding: 'utf8' });
  if (res.status !== 0) {
    console.warn(`PostgreSQL not available (${res.stderr.trim()}): PostgreSQL figures skipped`);
    return null;
  }
  return {
    url: res.stdout.trim(),
    stop: () => {
      spawnSync('bash', [path.join(root, 'scripts/pg-cluster.sh'), 'stop', dir]);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function pgBin(name: string): string {
  const dirs = fs.readdirSync('/usr/lib/postgresql').sort();
  return path.join('/usr/lib/postgresql', dirs[dirs.length - 1], 'bin', name);
}

/** pgbench with a custom script: transactions per second as the machine's ceiling for that statement. */
export function pgbench(url: string, script: string, clients: number, seconds: number): number {
  const file = path.join(os.tmpdir(), `wangge-pgbench-${process.pid}.sql`);
  fs.writeFileSync(file, script);
  const u = new URL(url);
  let out: string;
  try {
    out = execFileSync(
      pgBin('pgbench'),
      ['-n', '-h', u.hostname, '-p', u.port, '-U', u.username, '-c', String(clients), '-j', String(Math.min(clients, 2)), '-T', String(seconds), '-f', file, u.pathname.slice(1)],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
    );
  } finally {
    fs.rmSync(file, { force: true });
  }
  const m = out.match(/tps = ([\d.]+)/);
  if (!m) throw new Error(`pgbench output not understood:\n${out}`);
  return Number(m[1]);
}

export interface BenchServer {
  app: FastifyInstance;
  ctx: AppContext;
  database: Database;
  url: string;
  close(): Promise<void>;
}

/** A real server on loopback over the given database, seeded with the Lvyuan demo geography and `cases` cases. */
export async function startServer(databaseUrl: string | null, cases: number): Promise<BenchServer> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wangge-bench-'));
  const config = loadConfig({ DATA_DIR: dataDir, ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}) });
  const database = await openDatabase({ databaseUrl, dataDir });
  await migrateDatabase(database);
  await loadBaseData(database.db, new Date());
  await seedDemo(database.db, { now: new Date(), uploadsDir: config.uploadsDir, cases });
  const ctx = createContext(config, database);
  const app = await buildApp(ctx);
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  return {
    app,
    ctx,
    database,
    url,
    close: async () => {
      await app.close();
      await database.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * The server as its own process (`wangge seed` then `wangge serve`), so that a load generator in this process
 * does not share the server's event loop.
 */
export async function startServerProcess(databaseUrl: string | null, cases: number): Promise<{ url: string; stop(): Promise<void> }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wangge-bench-'));
  const env = { ...process.env, DATA_DIR: dataDir, DATABASE_URL: databaseUrl ?? '', PORT: '0', LOG_LEVEL: 'warn', WEB_BUILD: 'off' };
  const seed = spawnSync(process.execPath, [path.join(root, 'bin/wangge.mjs'), 'seed', '--cases', String(cases)], { env, encoding: 'utf8' });
  if (seed.status !== 0) {
    fs.rmSync(dataDir, { recursive: true, force: true });
    throw new Error(`seed failed:\n${seed.stdout}${seed.stderr}`);
  }
  const { spawn } = await import('node:child_process');
  const proc = spawn(process.execPath, [path.join(root, 'bin/wangge.mjs'), 'serve'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  proc.stdout.on('data', (d) => (out += d));
  proc.stderr.on('data', (d) => (out += d));
  const url = await new Promise<string>((resolve, reject) => {
    const t = setInterval(() => {
      const m = out.match(/已启动: (http:\/\/\S+)\n/);
      if (m) {
        clearInterval(t);
        resolve(m[1].replace('localhost', '127.0.0.1'));
      }
    }, 50);
    proc.on('exit', (c) => reject(new Error(`server exited ${c}: ${out}`)));
  });
  return {
    url,
    stop: async () => {
      const done = new Promise((r) => proc.once('exit', r));
      proc.kill('SIGTERM');
      await done;
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export async function login(url: string, username: string): Promise<{ cookie: string; csrf: string }> {
  const res = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: 'demo' }) });
  if (!res.ok) throw new Error(`login failed: ${res.status}`);
  return { cookie: res.headers.get('set-cookie')!.split(';')[0], csrf: (await res.json()).user.csrfToken };
}

export function machine(): string {
  return `${os.cpus()[0]?.model ?? 'cpu'} × ${os.cpus().length}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${os.platform()} ${os.release()}`;
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

export function table(rows: Record<string, string | number>[]): void {
  console.table(rows);
}
