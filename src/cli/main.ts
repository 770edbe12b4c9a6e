// The `wangge` command line: start, serve, migrate, seed, user, import, export, plan import, backup, restore.
import { parseArgs } from 'node:util';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ROLES, type Role } from '../domain/workflow';
import { ConfigError, loadConfig, type Config } from '../server/config';
import { buildApp } from '../server/app';
import { createContext } from '../server/context';
import { migrateDatabase, openDatabase, type Database } from '../server/db/client';
import { DataDirLockedError, lockDataDir } from '../server/data-lock';
import { loadBaseData } from '../server/seed/base-data';
import { hashPassword } from '../server/auth/password';
import { insertUser, findUserByUsername } from '../server/auth/auth.repository';
import { getSetting } from '../server/settings/settings.repository';
import type { DemoInfo } from '../server/health/health.routes';

const HELP = `wangge — digital grid-based city management (网格化数字城管)

Usage:
  wangge start              migrate, load the Lvyuan demo on first run (embedded mode), build the web app if needed, serve
  wangge serve              serve (no migration, no seeding)
  wangge migrate            apply database migrations and the base data (catalogue, calendar)
  wangge seed [--force] [--cases N]
                            load the Lvyuan demo (refuses a database that already has users unless --force)
  wangge user create --username NAME --password PW --roles admin[,operator…] [--name 显示名]
  wangge import <streets|communities|grids|beats|basedata|components|gazetteer> FILE [--crs …] [--dry-run] …
                            import base data, a component census or gazetteer entries (checked; a broken file is refused whole)
  wangge export <streets|communities|grids|beats|components|gazetteer> [--format …] [--out FILE]
                            (wangge import --help, wangge export --help for the options)
  wangge plan import FILE [--code C --title T --year Y] [--dry-run]
                            import a work plan (督查督办) from JSON or xlsx; any problem refuses the whole file
  wangge backup [--out FILE]
                            the database and the photos in one checked file (embedded database: stop the server first)
  wangge restore FILE [--force]
                            restore a backup, then migrate it to this release (--force: replace present data, which is
                            moved aside, not deleted)

Environment: PORT, HOST, DATA_DIR, DATABASE_URL, SESSION_SECRET, SESSION_TTL_HOURS, DEMO (auto|on|off),
MAX_UPLOAD_MB, LOG_LEVEL, DISTRICT_CODE, PUBLIC_URL, WEB_BUILD (auto|off). See README.md.`;

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

async function open(config: Config): Promise<{ database: Database; release: () => void }> {
  // One process owns an embedded data directory; PostgreSQL handles many.
  const release = config.dbKind === 'pglite' ? lockDataDir(config.dataDir) : () => {};
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  return { database, release };
}

async function ensureWebBuilt(): Promise<void> {
  const dist = path.join(root, 'web/dist/index.html');
  const src = path.join(root, 'web/src');
  if (!fs.existsSync(src)) return;
  const newest = (dir: string): number =>
    fs.readdirSync(dir, { withFileTypes: true }).reduce((m, e) => {
      const p = path.join(dir, e.name);
      return Math.max(m, e.isDirectory() ? newest(p) : fs.statSync(p).mtimeMs);
    }, 0);
  if (fs.existsSync(dist) && fs.statSync(dist).mtimeMs >= newest(src)) return;
  console.log('Building the web app (first start, about a minute)… 正在构建前端…');
  try {
    const { build } = await import('vite');
    await build({ configFile: path.join(root, 'web/vite.config.ts'), logLevel: 'warn' });
  } catch (e) {
    // The API still serves; say loudly that the screens are missing.
    console.error('*** The web app failed to build; serving the API only. 前端构建失败，仅提供接口。***\n', e);
  }
}

async function serve(config: Config, database: Database, opts: { banner: boolean }) {
  const ctx = createContext(config, database);
  const app = await buildApp(ctx, { logger: true });
  const address = await app.listen({ port: config.port, host: config.host });
  const { startIntegrationWorkers } = await import('../server/integrations');
  const workers = startIntegrationWorkers(ctx);
  const { startNotifyWorkers } = await import('../server/notify/worker');
  const notifyWorkers = startNotifyWorkers(ctx);
  const shutdown = async () => {
    await workers.stop();
    await notifyWorkers.stop();
    await app.close();
    await database.close();
    process.exit(0);
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
  if (opts.banner) {
    const demo = await getSetting<DemoInfo>(database.db, 'demo');
    const url = config.publicUrl ?? address.replace('127.0.0.1', 'localhost');
    const lines = [
      '',
      `  网格 Wangge is running 已启动: ${url}`,
      `  API docs 接口文档:          ${url}/docs`,
      `  Database 数据库:            ${database.kind}${database.kind === 'pglite' ? ` (${config.dataDir})` : ''}`,
    ];
    if (demo) {
      lines.push('', '  Demo accounts 演示账号 (password 密码: demo):');
      for (const a of demo.accounts) lines.push(`    ${a.username.padEnd(11)} ${a.displayName}  [${a.roles.join(', ')}]`);
    }
    console.log(lines.join('\n') + '\n');
  }
}

async function main(argv: string[]) {
  const [command, sub, ...rest] = argv;
  let config: Config;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(e.message);
      process.exit(2);
    }
    throw e;
  }

  switch (command) {
    case 'start': {
      const { database } = await open(config);
      await migrateDatabase(database);
      await loadBaseData(database.db, new Date());
      const hasUsers = await database.db.$count((await import('../server/db/schema')).users);
      const wantDemo = config.demo === 'on' || (config.demo === 'auto' && config.dbKind === 'pglite');
      if (wantDemo && hasUsers === 0) {
        console.log('First start: loading the Lvyuan demo… 首次启动：正在加载绿园区演示数据…');
        const { seedDemo } = await import('../demo/seed');
        const summary = await seedDemo(database.db, { now: new Date(), uploadsDir: config.uploadsDir, log: console.log });
        console.log(`Demo loaded: ${summary}`);
        // Derive the evaluation facts now, so that the first dashboard does not wait for them.
        const { refreshFacts } = await import('../server/evaluation/evaluation.service');
        await refreshFacts(createContext(config, database));
      } else if (hasUsers === 0) {
        console.log('No users yet. Create the first administrator: wangge user create --username admin --password … --roles admin');
      }
      if (config.webBuild === 'auto') await ensureWebBuilt();
      await serve(config, database, { banner: true });
      return;
    }
    case 'serve': {
      const { database } = await open(config);
      await serve(config, database, { banner: true });
      return;
    }
    case 'migrate': {
      const { database, release } = await open(config);
      await migrateDatabase(database);
      await loadBaseData(database.db, new Date());
      console.log(`Migrated (${database.kind}).`);
      await database.close();
      release();
      return;
    }
    case 'seed': {
      const { values } = parseArgs({ args: [sub, ...rest].filter(Boolean), options: { force: { type: 'boolean' }, cases: { type: 'string' } } });
      const cases = values.cases === undefined ? undefined : Number(values.cases);
      if (cases !== undefined && !(Number.isInteger(cases) && cases >= 0)) {
        console.error('--cases: a whole number ≥ 0');
        process.exit(2);
      }
      const { database, release } = await open(config);
      await migrateDatabase(database);
      await loadBaseData(database.db, new Date());
      const { users } = await import('../server/db/schema');
      if ((await database.db.$count(users)) > 0 && !values.force) {
        console.error('The database already has users; refusing to seed the demo (use --force on a throw-away database).');
        process.exit(2);
      }
      const { seedDemo } = await import('../demo/seed');
      console.log(await seedDemo(database.db, { now: new Date(), uploadsDir: config.uploadsDir, log: console.log, cases }));
      await database.close();
      release();
      return;
    }
    case 'user': {
      if (sub !== 'create') break;
      const { values } = parseArgs({
        args: rest,
        options: { username: { type: 'string' }, password: { type: 'string' }, roles: { type: 'string' }, name: { type: 'string' } },
      });
      const roles = (values.roles ?? '').split(',').filter(Boolean) as Role[];
      const problems: string[] = [];
      if (!values.username || !/^[a-zA-Z0-9_.-]{2,64}$/.test(values.username)) problems.push('--username: 2–64 letters, digits, _ . -');
      if (!values.password || values.password.length < 8) problems.push('--password: at least 8 characters');
      if (roles.length === 0 || roles.some((r) => !ROLES.includes(r))) problems.push(`--roles: comma-separated, from ${ROLES.join(', ')}`);
      if (problems.length) {
        console.error(problems.join('\n'));
        process.exit(2);
      }
      const { database, release } = await open(config);
      await migrateDatabase(database);
      await loadBaseData(database.db, new Date());
      if (await findUserByUsername(database.db, values.username!)) {
        console.error(`User ${values.username} exists.`);
        process.exit(2);
      }
      await insertUser(database.db, {
        username: values.username!,
        displayName: values.name ?? values.username!,
        passwordHash: await hashPassword(values.password!),
        roles,
      });
      console.log(`Created user ${values.username} [${roles.join(', ')}].`);
      await database.close();
      release();
      return;
    }
    case 'import':
    case 'export': {
      const { runImport, runExport } = await import('./basedata');
      const code = await (command === 'import' ? runImport : runExport)(config, open, [sub, ...rest].filter((x) => x !== undefined));
      process.exit(code);
    }
    case 'plan': {
      if (sub !== 'import') break;
      const { values, positionals } = parseArgs({ args: rest, allowPositionals: true, options: { code: { type: 'string' }, title: { type: 'string' }, year: { type: 'string' }, 'dry-run': { type: 'boolean' } } });
      const file = positionals[0];
      if (!file || !fs.existsSync(file)) {
        console.error('wangge plan import FILE: the file is missing');
        process.exit(2);
      }
      const { database, release } = await open(config);
      await migrateDatabase(database);
      const plan = await import('../server/plan/plan.service');
      const { AppError } = await import('../server/errors');
      const ctx = createContext(config, database);
      try {
        const parsed = await plan.parsePlanFile(ctx, { name: file, data: fs.readFileSync(file), code: values.code, title: values.title, year: values.year });
        const n = parsed.plan.sections.reduce((k, x) => k + x.tasks.length, 0);
        if (values['dry-run']) console.log(`OK: ${parsed.plan.code} ${parsed.plan.title}, ${n} tasks in ${parsed.plan.sections.length} sections (not stored)`);
        else console.log(`Imported ${(await plan.storePlan(ctx, null, parsed.plan, parsed.measures, 'import')).code}: ${n} tasks.`);
      } catch (e) {
        if (!(e instanceof AppError)) throw e;
        console.error(`${e.code}: ${e.detail ?? e.message}`);
        for (const f of e.fields ?? []) console.error(`  row ${f.path.replace('/', ', field ')}: ${f.message}`);
        process.exitCode = 2;
      }
      await database.close();
      release();
      return;
    }
    case 'backup':
    case 'restore': {
      const { values, positionals } = parseArgs({ args: [sub, ...rest].filter(Boolean), allowPositionals: true, options: { out: { type: 'string' }, force: { type: 'boolean' } } });
      const b = await import('../server/backup/backup');
      // The embedded database has one owner: a running server keeps the backup out (the lock says which process).
      const release = config.dbKind === 'pglite' ? lockDataDir(config.dataDir) : () => {};
      try {
        if (command === 'backup') {
          const out = values.out ?? b.defaultBackupName(new Date());
          const m = await b.backup(config, out);
          console.log(`Backup written 备份完成: ${path.resolve(out)}
  ${m.database.kind}, migration ${m.database.lastMigration}; ${m.counts.cases} cases, ${m.counts.caseEvents} events, ${m.counts.photos} photos, ${m.counts.users} users`);
        } else {
          if (positionals.length !== 1) {
            console.error('Usage: wangge restore FILE [--force]');
            process.exit(2);
          }
          const r = await b.restore(config, positionals[0], { force: values.force });
          // A backup of an older release is brought up to this one.
          const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
          await migrateDatabase(database);
          await loadBaseData(database.db, new Date());
          await database.close();
          const m = r.manifest;
          console.log(`Restored 已恢复: backup of ${m.createdAt} (release ${m.appVersion}, migration ${m.database.lastMigration}); ${m.counts.cases} cases, ${m.counts.photos} photos`);
          for (const p of r.movedAside) console.log(`  The data it replaced was moved aside 原有数据已移至: ${p}`);
        }
      } catch (e) {
        if (e instanceof b.BackupError) {
          console.error(e.message);
          process.exit(2);
        }
        throw e;
      } finally {
        release();
      }
      return;
    }
    default:
      break;
  }
  console.log(HELP);
  process.exit(command && command !== 'help' && command !== '--help' ? 2 : 0);
}

main(process.argv.slice(2)).catch((e) => {
  if (e instanceof DataDirLockedError) {
    console.error(e.message);
    process.exit(3);
  }
  console.error(e);
  process.exit(1);
});
