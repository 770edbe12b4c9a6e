// Browser journeys: Debian's chromium driven by playwright-core against the real app, started in-process on a free
// port with a fresh PGlite data directory and a small seeded Lvyuan demo. No downloads, no network.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { buildApp } from '../../src/server/app';
import { loadConfig } from '../../src/server/config';
import { createContext, type AppContext } from '../../src/server/context';
import { startNotifyWorkers } from '../../src/server/notify/worker';
import { migrateDatabase, openDatabase, type Database } from '../../src/server/db/client';
import { loadBaseData } from '../../src/server/seed/base-data';
import { seedDemo } from '../../src/demo/seed';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const SCREENSHOTS = path.join(root, 'test-artifacts/screenshots');

const CHROMIUM_CANDIDATES = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter(Boolean) as string[];

/**
 * The chromium to drive, or null (tests skip loudly). In CI a missing browser is a failure, never a skip.
 */
export function findChromium(): string | null {
  const found = CHROMIUM_CANDIDATES.find((p) => fs.existsSync(p));
  if (found) return found;
  const why = `no chromium at ${CHROMIUM_CANDIDATES.join(', ')} (install Debian's "chromium" and "fonts-wqy-microhei", or set CHROMIUM_PATH)`;
  if (process.env.CI === 'true') throw new Error(`CI=true but the browser tests cannot run: ${why}`);
  console.warn(`\n*** SKIPPED: browser journeys (test/e2e) because ${why} ***\n`);
  return null;
}

export const chromiumPath = findChromium();

// ---------------------------------------------------------------- web build

function newest(dir: string): number {
  return fs.readdirSync(dir, { withFileTypes: true }).reduce((m, e) => {
    const p = path.join(dir, e.name);
    return Math.max(m, e.isDirectory() ? newest(p) : fs.statSync(p).mtimeMs);
  }, 0);
}

/**
 * Builds web/dist when missing or older than web/src. Test files run in parallel, so one builds while the others
 * wait; and it is built at most once per test run (keyed by the runner's pid), because a rebuild replaces the
 * hashed files that the servers of the other test files are serving.
 */
export async function ensureWebBuilt(): Promise<void> {
  const dist = path.join(root, 'web/dist/index.html');
  const runStamp = path.join(os.tmpdir(), `wangge-web-built-${process.ppid}-${Buffer.from(root).toString('hex').slice(-16)}`);
  const fresh = () =>
    fs.existsSync(dist) &&
    ((fs.existsSync(runStamp) && Date.now() - fs.statSync(runStamp).mtimeMs < 3_600_000) || fs.statSync(dist).mtimeMs >= Math.max(newest(path.join(root, 'web/src')), fs.statSync(path.join(root, 'web/index.html')).mtimeMs));
  if (fresh()) return void fs.writeFileSync(runStamp, '');
  const lock = path.join(os.tmpdir(), `wangge-web-build-${Buffer.from(root).toString('hex').slice(-16)}.lock`);
  for (let waited = 0; ; waited += 500) {
    try {
      fs.writeFileSync(lock, String(process.pid), { flag: 'wx' });
      break;
    } catch {
      // Another test file is building; a lock older than 3 minutes is left over from a killed run.
      if (fs.existsSync(lock) && Date.now() - fs.statSync(lock).mtimeMs > 180_000) fs.rmSync(lock, { force: true });
      await new Promise((r) => setTimeout(r, 500));
      if (fresh()) return;
      if (waited > 240_000) throw new Error('timed out waiting for another process to build web/dist');
    }
  }
  try {
    if (!fresh()) {
      const { build } = await import('vite');
      // Vitest sets NODE_ENV=test, which would make Vite bundle React's and antd's development builds.
      const env = process.env.NODE_ENV;
      process.env.NODE_ENV = 'production';
      try {
        await build({ configFile: path.join(root, 'web/vite.config.ts'), mode: 'production', logLevel: 'warn' });
      } finally {
        process.env.NODE_ENV = env;
      }
    }
    fs.writeFileSync(runStamp, '');
  } finally {
    fs.rmSync(lock, { force: true });
  }
}

// ---------------------------------------------------------------- the app

export const DEMO_PASSWORD = 'demo';

export interface E2EApp {
  baseUrl: string;
  app: FastifyInstance;
  database: Database;
  /** The server's application context (its clock, bus and database), as `wangge serve` has it. */
  ctx: AppContext;
  browser: Browser;
  /** A fresh browser context (own cookies) at desktop size, in Chinese unless told otherwise. */
  newPage(opts?: { lang?: 'zh' | 'en' }): Promise<Page>;
  /** Signs in through the login form (clicking the demo account) and waits for the console. */
  login(page: Page, username: string): Promise<void>;
  /** Saves test-artifacts/screenshots/<name>.png. */
  screenshot(page: Page, name: string): Promise<string>;
  /** A point (WGS84) inside a grid of the street, e.g. 220106001 正阳街道. */
  pointInStreet(streetCode: string): Promise<{ lng: number; lat: number; gridCode: string }>;
  query<T extends Record<string, unknown>>(text: ReturnType<typeof sql>): Promise<T[]>;
  /** An HTTP client signed in as a demo account, for setting up data around a journey. */
  apiAs(username: string): Promise<ApiClient>;
  /** Errors the pages threw or logged (besides expected 401s before sign-in). */
  pageErrors: string[];
  close(): Promise<void>;
}

export interface ApiClient {
  get<T = unknown>(path: string): Promise<T>;
  post<T = unknown>(path: string, body: unknown, headers?: Record<string, string>): Promise<T>;
}

async function signIn(baseUrl: string, username: string): Promise<ApiClient> {
  const res = await fetch(`${baseUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: DEMO_PASSWORD }) });
  if (!res.ok) throw new Error(`sign-in ${username}: ${res.status} ${await res.text()}`);
  const cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const { user } = (await res.json()) as { user: { csrfToken: string } };
  const call = async <T>(method: string, p: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> => {
    const r = await fetch(`${baseUrl}${p}`, {
      method,
      headers: { cookie, ...(body !== undefined ? { 'content-type': 'application/json', 'x-csrf-token': user.csrfToken } : {}), ...headers },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
    if (!r.ok) throw new Error(`${method} ${p}: ${r.status} ${await r.text()}`);
    return (await r.json()) as T;
  };
  return { get: (p) => call('GET', p), post: (p, body, headers) => call('POST', p, body, headers) };
}

export async function startE2E(opts: { cases?: number } = {}): Promise<E2EApp> {
  if (!chromiumPath) throw new Error('startE2E without chromium');
  await ensureWebBuilt();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wangge-e2e-'));
  const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent' });
  const database = await openDatabase({ databaseUrl: null, dataDir });
  await migrateDatabase(database);
  const now = new Date();
  await loadBaseData(database.db, now);
  // 300 cases seed in a few seconds and leave a few dozen open ones in every state; the full demo has 3,000.
  await seedDemo(database.db, { now, uploadsDir: config.uploadsDir, cases: opts.cases ?? 300 });
  const ctx = createContext(config, database);
  const app = await buildApp(ctx);
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  // The notification workers run as in `wangge serve` (notifications, citizens' texts, escalations, emergencies).
  const notifyWorkers = startNotifyWorkers(ctx, { intervalMs: 1000, onError: (e) => console.error('notify worker:', e) });
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  const contexts: BrowserContext[] = [];
  const pageErrors: string[] = [];
  fs.mkdirSync(SCREENSHOTS, { recursive: true });

  const newPage = async ({ lang = 'zh' }: { lang?: 'zh' | 'en' } = {}) => {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: lang === 'en' ? 'en-US' : 'zh-CN', timezoneId: 'Asia/Shanghai' });
    // The starting language; a choice made in the page (the header toggle) is kept across reloads.
    await context.addInitScript((l) => {
      if (!localStorage.getItem('wangge.lang')) localStorage.setItem('wangge.lang', l);
    }, lang);
    contexts.push(context);
    const page = await context.newPage();
    page.setDefaultTimeout(30_000); // generous: several browsers share the CPU when test files run in parallel
    page.on('pageerror', (e) => pageErrors.push(`pageerror: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() !== 'error') return;
      const text = m.text();
      // API refusals (401 before sign-in, 404 for a case out of scope…) are shown in the page and asserted there.
      if (/Failed to load resource: the server responded with a status of 4\d\d/.test(text)) return;
      pageErrors.push(`console: ${text}`);
    });
    return page;
  };

  return {
    baseUrl: address,
    app,
    database,
    ctx,
    browser,
    newPage,
    pageErrors,
    async login(page, username) {
      await page.goto(`${address}/login`);
      await page.locator(`.wg-demo-account[data-username="${username}"]`).click();
      await page.locator('form button[type=submit]').click();
      await page.locator('[data-testid=current-user]').waitFor();
    },
    apiAs: (username) => signIn(address, username),
    async screenshot(page, name) {
      const file = path.join(SCREENSHOTS, `${name}.png`);
      await page.screenshot({ path: file, animations: 'disabled' });
      return file;
    },
    async pointInStreet(streetCode) {
      const rows = (await database.db.execute(
        sql`select code, centroid_lng as lng, centroid_lat as lat from grids where street_code = ${streetCode} order by code limit 1 offset 5`,
      )) as unknown as { rows: { code: string; lng: number; lat: number }[] };
      const r = rows.rows[0];
      return { lng: Number(r.lng), lat: Number(r.lat), gridCode: r.code };
    },
    async query<T extends Record<string, unknown>>(text: ReturnType<typeof sql>) {
      const res = (await database.db.execute(text)) as unknown as { rows: T[] };
      return res.rows;
    },
    async close() {
      for (const c of contexts) await c.close().catch(() => {});
      await browser.close().catch(() => {});
      await notifyWorkers.stop();
      // Live-update streams (SSE) stay open until their client goes; do not wait for them.
      app.server.closeAllConnections();
      await app.close();
      await database.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

// ---------------------------------------------------------------- UI helpers (Ant Design)

/** The open dialog (antd Modal). */
export function dialog(page: Page): Locator {
  return page.locator('.ant-modal:visible');
}

/** Chooses an option of an antd Select: opens it, types to filter, clicks the option holding `text`. */
export async function pickOption(page: Page, select: Locator, text: string, typed = text): Promise<void> {
  await select.click();
  if (typed) await select.pressSequentially(typed, { delay: 10 });
  const option = page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: text }).first();
  await option.click();
}

/** A small JPEG for photo uploads. */
export async function jpegFile(): Promise<{ name: string; mimeType: string; buffer: Buffer }> {
  const sharp = (await import('sharp')).default;
  const buffer = await sharp({ create: { width: 320, height: 240, channels: 3, background: { r: 90, g: 140, b: 200 } } })
    .jpeg()
    .toBuffer();
  return { name: 'after.jpg', mimeType: 'image/jpeg', buffer };
}

/** Waits for a named map (window.__wangge.maps) to be loaded and still. */
export async function mapIdle(page: Page, name: string): Promise<void> {
  await page.waitForFunction(
    (n) => {
      const m = window.__wangge?.maps?.[n];
      return !!m && m.loaded() && !m.isMoving();
    },
    name,
    { timeout: 20_000 },
  );
}

/** Centres a named map on a point at a zoom, waits until it settles, and clicks the point. */
export async function clickMapAt(page: Page, name: string, lng: number, lat: number, zoom = 16): Promise<void> {
  await mapIdle(page, name);
  await page.evaluate(
    ([n, x, y, z]) => {
      window.__wangge!.maps[n as string].jumpTo({ center: [x as number, y as number], zoom: z as number });
    },
    [name, lng, lat, zoom] as const,
  );
  await mapIdle(page, name);
  const at = await page.evaluate(
    ([n, x, y]) => {
      const m = window.__wangge!.maps[n as string];
      const p = m.project([x as number, y as number]);
      const r = m.getCanvas().getBoundingClientRect();
      return { x: r.left + p.x, y: r.top + p.y };
    },
    [name, lng, lat] as const,
  );
  await page.mouse.click(at.x, at.y);
}
