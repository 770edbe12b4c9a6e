// Backup and restore of a whole deployment (`wangge backup` / `wangge restore`): the database and the photos in one
// tar file, with a manifest that lists every file and its SHA-256, so that a damaged or tampered backup is refused
// before anything is replaced. The embedded database is backed up as PGlite's own data directory dump (offline: the
// data directory lock keeps a running server out); PostgreSQL with pg_dump (online, one consistent snapshot).
// Restoring never deletes: what it replaces is moved aside (a directory, or a renamed schema) and named on screen.
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Config } from '../config';
import { VERSION } from '../version';

export const BACKUP_FORMAT = 'wangge-backup';
const FORMAT_VERSION = 1;
const PGLITE_FILE = 'database.pglite.tar.gz';
const PG_FILE = 'database.pgdump';
const UPLOADS = 'uploads';

export interface BackupManifest {
  format: typeof BACKUP_FORMAT;
  formatVersion: number;
  appVersion: string;
  createdAt: string;
  database: { kind: 'pglite' | 'postgres'; file: string; lastMigration: string | null };
  counts: { cases: number; caseEvents: number; photos: number; users: number };
  /** Every file of the backup except this manifest, by its path inside the archive. */
  files: Record<string, { bytes: number; sha256: string }>;
}

/** A refusal the operator can act on, in Chinese and English. */
export class BackupError extends Error {
  constructor(zh: string, en: string) {
    super(`${zh}\n${en}`);
    this.name = 'BackupError';
  }
}

const migrationsJournal = path.join(path.dirname(fileURLToPath(import.meta.url)), '../db/migrations/meta/_journal.json');

/** The tag of the newest migration applied, from drizzle's bookkeeping (its created_at is the journal's `when`). */
function migrationTag(createdAt: unknown): string | null {
  if (createdAt === null || createdAt === undefined) return null;
  const journal = JSON.parse(fs.readFileSync(migrationsJournal, 'utf8')) as { entries: { when: number; tag: string }[] };
  return journal.entries.find((e) => e.when === Number(createdAt))?.tag ?? `unknown (${createdAt})`;
}

const FACTS_SQL = `select
  (select count(*)::int from cases) as cases,
  (select count(*)::int from case_events) as "caseEvents",
  (select count(*)::int from photos) as photos,
  (select count(*)::int from users) as users,
  (select max(created_at) from drizzle.__drizzle_migrations) as migration`;

type Facts = { cases: number; caseEvents: number; photos: number; users: number; migration: unknown };

function run(cmd: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const p = spawn(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    p.stderr.on('data', (d) => (err += d));
    p.on('error', (e) => reject((e as NodeJS.ErrnoException).code === 'ENOENT' ? new BackupError(`找不到命令 ${cmd}，请先安装。`, `The command ${cmd} was not found; install it first (PostgreSQL client tools of the server's major version, and tar).`) : e));
    p.on('close', (code) => (code === 0 ? resolve() : reject(new BackupError(`${cmd} 失败（${code}）：${err.trim()}`, `${cmd} failed (${code}): ${err.trim()}`))));
  });
}

function listFiles(dir: string, base = dir): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return listFiles(p, base);
    return e.isFile() ? [path.relative(base, p).split(path.sep).join('/')] : [];
  });
}

async function sha256(file: string): Promise<string> {
  const h = crypto.createHash('sha256');
  for await (const chunk of fs.createReadStream(file)) h.update(chunk as Buffer);
  return h.digest('hex');
}

function fsyncFile(file: string): void {
  const fd = fs.openSync(file, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

function fsyncDir(dir: string): void {
  try {
    fsyncFile(dir);
  } catch {
    // Some platforms cannot fsync a directory; the file itself is synced.
  }
}

function stamp(d: Date): string {
  return d.toISOString().replace(/[-:]/g, '').replace(/\..*/, '').replace('T', '-');
}

/** The default name of a backup made now: wangge-backup-20261204-173000.tar */
export function defaultBackupName(now: Date): string {
  return `wangge-backup-${stamp(now)}.tar`;
}

/**
 * Writes a backup of the database and the photos to `outFile` (made atomically: a crash leaves no half backup under
 * that name). For the embedded database the caller holds the data directory lock.
 */
export async function backup(config: Config, outFile: string, now = new Date()): Promise<BackupManifest> {
  const out = path.resolve(outFile);
  if (fs.existsSync(out)) throw new BackupError(`备份文件 ${out} 已存在。`, `The backup file ${out} exists already.`);
  fs.mkdirSync(path.dirname(out), { recursive: true });
  const staging = fs.mkdtempSync(path.join(path.dirname(out), '.wangge-backup-'));
  try {
    let facts: Facts;
    let dbFile: string;
    if (config.dbKind === 'pglite') {
      const dir = path.join(config.dataDir, 'db');
      if (!fs.existsSync(path.join(dir, 'PG_VERSION'))) throw new BackupError(`数据目录 ${config.dataDir} 中没有数据库。`, `There is no database in the data directory ${config.dataDir}.`);
      const { PGlite } = await import('@electric-sql/pglite');
      const client = new PGlite(dir);
      try {
        facts = (await client.query<Facts>(FACTS_SQL)).rows[0];
        const dump = await client.dumpDataDir('gzip');
        dbFile = PGLITE_FILE;
        fs.writeFileSync(path.join(staging, dbFile), Buffer.from(await dump.arrayBuffer()));
      } finally {
        await client.close();
      }
    } else {
      const pg = (await import('pg')).default;
      const c = new pg.Client({ connectionString: config.databaseUrl! });
      await c.connect();
      try {
        facts = (await c.query<Facts>(FACTS_SQL)).rows[0];
      } finally {
        await c.end();
      }
      dbFile = PG_FILE;
      await run('pg_dump', ['--format=custom', '--no-owner', '--no-privileges', `--file=${path.join(staging, dbFile)}`, `--dbname=${config.databaseUrl}`]);
    }
    // Photos after the database: a photo's file is written before its row, so every row in the dump has its file here.
    if (fs.existsSync(config.uploadsDir)) fs.cpSync(config.uploadsDir, path.join(staging, UPLOADS), { recursive: true });
    const files: BackupManifest['files'] = {};
    for (const rel of listFiles(staging)) {
      const p = path.join(staging, rel);
      files[rel] = { bytes: fs.statSync(p).size, sha256: await sha256(p) };
    }
    const manifest: BackupManifest = {
      format: BACKUP_FORMAT,
      formatVersion: FORMAT_VERSION,
      appVersion: VERSION,
      createdAt: now.toISOString(),
      database: { kind: config.dbKind, file: dbFile, lastMigration: migrationTag(facts.migration) },
      counts: { cases: Number(facts.cases), caseEvents: Number(facts.caseEvents), photos: Number(facts.photos), users: Number(facts.users) },
      files,
    };
    fs.writeFileSync(path.join(staging, 'manifest.json'), JSON.stringify(manifest, null, 2));
    const partial = `${out}.partial`;
    await run('tar', ['-cf', partial, '-C', staging, '.']);
    fsyncFile(partial);
    fs.renameSync(partial, out);
    fsyncDir(path.dirname(out));
    return manifest;
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
    fs.rmSync(`${out}.partial`, { force: true });
  }
}

/** Unpacks a backup into `dir` and checks it whole: the manifest, and every file against its size and SHA-256. */
export async function readBackup(file: string, dir: string): Promise<BackupManifest> {
  if (!fs.existsSync(file)) throw new BackupError(`找不到备份文件 ${file}。`, `The backup file ${file} does not exist.`);
  await run('tar', ['-xf', path.resolve(file), '-C', dir, '--no-same-owner']);
  let manifest: BackupManifest;
  try {
    manifest = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8'));
  } catch {
    throw new BackupError('这不是网格备份文件（没有可读的清单）。', 'This is not a Wangge backup (no readable manifest).');
  }
  if (manifest.format !== BACKUP_FORMAT) throw new BackupError('这不是网格备份文件。', 'This is not a Wangge backup.');
  if (manifest.formatVersion > FORMAT_VERSION) throw new BackupError(`备份格式 ${manifest.formatVersion} 比本版本新，请升级网格。`, `The backup format ${manifest.formatVersion} is newer than this release understands; upgrade Wangge.`);
  const present = new Set(listFiles(dir).filter((f) => f !== 'manifest.json'));
  const problems: string[] = [];
  for (const [rel, want] of Object.entries(manifest.files)) {
    const p = path.join(dir, rel);
    if (!present.delete(rel)) problems.push(`missing ${rel}`);
    else if (fs.statSync(p).size !== want.bytes || (await sha256(p)) !== want.sha256) problems.push(`damaged ${rel}`);
  }
  for (const rel of present) problems.push(`not in the manifest: ${rel}`);
  if (!manifest.files[manifest.database.file]) problems.push(`missing ${manifest.database.file}`);
  if (problems.length) throw new BackupError(`备份已损坏，未做任何更改：${problems.slice(0, 10).join('；')}`, `The backup is damaged; nothing was changed: ${problems.slice(0, 10).join('; ')}`);
  return manifest;
}

/** Whether the target already holds a deployment (restoring over it needs --force). */
async function targetInUse(config: Config): Promise<boolean> {
  const photos = listFiles(config.uploadsDir).length > 0;
  if (config.dbKind === 'pglite') return photos || fs.existsSync(path.join(config.dataDir, 'db', 'PG_VERSION'));
  const pg = (await import('pg')).default;
  const c = new pg.Client({ connectionString: config.databaseUrl! });
  await c.connect();
  try {
    const r = await c.query<{ n: number }>(`select count(*)::int as n from information_schema.tables where table_schema in ('public', 'drizzle')`);
    return photos || r.rows[0].n > 0;
  } finally {
    await c.end();
  }
}

export interface RestoreResult {
  manifest: BackupManifest;
  /** Where what the restore replaced was moved (directories, or a PostgreSQL schema). */
  movedAside: string[];
}

/**
 * Restores a backup into the configured deployment. Refuses a target that holds data unless `force`; then moves that
 * data aside instead of deleting it. The caller migrates afterwards (a backup of an older release is upgraded then).
 * For the embedded database the caller holds the data directory lock.
 */
export async function restore(config: Config, file: string, opts: { force?: boolean; now?: Date } = {}): Promise<RestoreResult> {
  fs.mkdirSync(config.dataDir, { recursive: true });
  const staging = fs.mkdtempSync(path.join(config.dataDir, '.restore-'));
  const movedAside: string[] = [];
  const suffix = `before-restore-${stamp(opts.now ?? new Date())}`;
  try {
    const manifest = await readBackup(file, staging);
    if (manifest.database.kind !== config.dbKind) {
      throw manifest.database.kind === 'pglite'
        ? new BackupError('该备份来自内置数据库（PGlite）：请不设置 DATABASE_URL 来恢复。', 'This backup is of an embedded (PGlite) database: restore it without DATABASE_URL.')
        : new BackupError('该备份来自 PostgreSQL：请设置 DATABASE_URL 指向要恢复到的数据库。', 'This backup is of a PostgreSQL database: set DATABASE_URL to the database to restore into.');
    }
    if ((await targetInUse(config)) && !opts.force) {
      throw new BackupError('目标已有数据。若确定要用备份替换，请加 --force（原有数据会被移到一旁，不会删除）。', 'The target holds data already. To replace it with the backup, add --force (the present data is moved aside, not deleted).');
    }
    const moveAside = (p: string) => {
      if (!fs.existsSync(p)) return;
      const to = `${p}.${suffix}`;
      fs.renameSync(p, to);
      movedAside.push(to);
    };
    const dbFile = path.join(staging, manifest.database.file);
    if (config.dbKind === 'pglite') {
      const dir = path.join(config.dataDir, 'db');
      // Unpack into a new directory first; only a complete database takes the place of the present one.
      const fresh = path.join(staging, 'db');
      const { PGlite } = await import('@electric-sql/pglite');
      const client = new PGlite(fresh, { loadDataDir: new Blob([new Uint8Array(fs.readFileSync(dbFile))]) });
      await client.waitReady;
      await client.query('select 1');
      await client.close();
      moveAside(dir);
      fs.renameSync(fresh, dir);
    } else {
      // The dump as SQL, run in one transaction after moving the present schemas aside: all of it or none of it.
      const script = path.join(staging, 'restore.sql');
      await run('pg_restore', ['--no-owner', '--no-privileges', `--file=${script}`, dbFile]);
      const schema = `wangge_${suffix.replace(/-/g, '_')}`;
      // Only schemas that hold something are moved aside (a new database's public schema is empty: it stays).
      const pgc = new (await import('pg')).default.Client({ connectionString: config.databaseUrl! });
      await pgc.connect();
      let present: { public: boolean; drizzle: boolean };
      try {
        present = (
          await pgc.query<{ public: boolean; drizzle: boolean }>(`select
            exists (select 1 from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = 'public')
              or exists (select 1 from pg_type t join pg_namespace n on n.oid = t.typnamespace where n.nspname = 'public') as public,
            exists (select 1 from pg_namespace where nspname = 'drizzle') as drizzle`)
        ).rows[0];
      } finally {
        await pgc.end();
      }
      const prelude = path.join(staging, 'prelude.sql');
      fs.writeFileSync(
        prelude,
        [
          present.public ? `alter schema public rename to ${schema};\ncreate schema public;` : '',
          present.drizzle ? `alter schema drizzle rename to ${schema}_drizzle;` : '',
          'select 1;',
        ].join('\n'),
      );
      await run('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '--single-transaction', '-f', prelude, '-f', script, '-d', config.databaseUrl!]);
      const aside = [present.public ? schema : null, present.drizzle ? `${schema}_drizzle` : null].filter(Boolean);
      if (aside.length) movedAside.push(`PostgreSQL schemas ${aside.join(', ')}`);
    }
    const uploads = path.join(staging, UPLOADS);
    moveAside(config.uploadsDir);
    if (fs.existsSync(uploads)) fs.renameSync(uploads, config.uploadsDir);
    else fs.mkdirSync(config.uploadsDir, { recursive: true });
    fsyncDir(config.dataDir);
    return { manifest, movedAside };
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}
