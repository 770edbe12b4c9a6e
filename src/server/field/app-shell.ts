// Serves the phone apps built into web/dist: the field inspector PWA under /field/ (with its service worker,
// web manifest and icons) and the citizen portal under /portal/. Client-side routes get the app's HTML shell.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyReply } from 'fastify';
import sharp from 'sharp';
import { AppError } from '../errors';

const here = path.dirname(fileURLToPath(import.meta.url));
export const WEB_DIST = path.resolve(here, '../../../web/dist');
const SW_SOURCE = path.resolve(here, '../../../web/src/field/sw.js');

function sendShell(reply: FastifyReply, file: string) {
  const full = path.join(WEB_DIST, file);
  if (!fs.existsSync(full)) throw new AppError('NOT_FOUND', `${file} is not built: run npm run build:web`);
  // The shell must never be stale after a deploy: the hashed assets it names are cached for good instead.
  reply.header('cache-control', 'no-cache').type('text/html; charset=utf-8');
  return reply.send(fs.readFileSync(full));
}

/** Registers GET /<base> and /<base>/* → the app's HTML file (except the paths the app serves itself). */
export function shellRoutes(app: FastifyInstance, base: string, file: string) {
  const handler = async (_req: unknown, reply: FastifyReply) => sendShell(reply, file);
  app.get(`/${base}`, { schema: { hide: true } }, handler);
  app.get(`/${base}/*`, { schema: { hide: true } }, handler);
}

/**
 * Every asset the field app may load: the files its HTML names and, transitively, the chunks those import
 * (dynamic imports too, so that the map works offline after one visit online).
 */
export function fieldAssets(): string[] {
  const html = fs.readFileSync(path.join(WEB_DIST, 'field.html'), 'utf8');
  const seen = new Set<string>();
  const queue = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((m) => m[1]);
  while (queue.length) {
    const url = queue.pop()!;
    if (seen.has(url)) continue;
    const file = path.join(WEB_DIST, url);
    if (!fs.existsSync(file)) continue;
    seen.add(url);
    if (!/\.(js|css)$/.test(url)) continue;
    const text = fs.readFileSync(file, 'utf8');
    for (const m of text.matchAll(/["'`(](?:\.\/|\/assets\/)([\w.-]+\.(?:js|css|woff2?|png|svg|mjs))/g)) queue.push(`/assets/${m[1]}`);
  }
  return [...seen].sort();
}

const ICON_SVG = (size: number) => `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}" viewBox="0 0 64 64">
<rect width="64" height="64" rx="12" fill="#1d4f91"/>
<g stroke="#fff" stroke-width="3" fill="none"><rect x="14" y="14" width="36" height="36"/><path d="M26 14v36M38 14v36M14 26h36M14 38h36"/></g>
<circle cx="44" cy="20" r="7" fill="#f5a623"/></svg>`;
const icons = new Map<number, Promise<Buffer>>();

export async function fieldAppRoutes(app: FastifyInstance) {
  shellRoutes(app, 'field', 'field.html');

  app.get('/field/sw.js', { schema: { hide: true } }, async (_req, reply) => {
    const assets = fs.existsSync(path.join(WEB_DIST, 'field.html')) ? fieldAssets() : [];
    const version = crypto.createHash('sha256').update(assets.join('\n')).digest('hex').slice(0, 12);
    const body = fs
      .readFileSync(SW_SOURCE, 'utf8')
      .replace("'__VERSION__'", JSON.stringify(version))
      .replace('[/* __PRECACHE__ */]', JSON.stringify(assets));
    reply.header('cache-control', 'no-cache').header('service-worker-allowed', '/field').type('text/javascript; charset=utf-8');
    return reply.send(body);
  });

  app.get('/field/manifest.webmanifest', { schema: { hide: true } }, async (_req, reply) => {
    reply.header('cache-control', 'no-cache').type('application/manifest+json; charset=utf-8');
    return reply.send(
      JSON.stringify({
        name: '绿园区数字城管 · 城管通',
        short_name: '城管通',
        description: '监督员移动采集：上报、核实、核查、巡查 · Field inspector app',
        lang: 'zh-CN',
        start_url: '/field/',
        scope: '/field',
        display: 'standalone',
        orientation: 'portrait',
        background_color: '#f2f5f9',
        theme_color: '#123a6b',
        icons: [192, 512].map((s) => ({ src: `/field/icon-${s}.png`, sizes: `${s}x${s}`, type: 'image/png', purpose: 'any maskable' })),
      }),
    );
  });

  app.get('/field/icon-:size.png', { schema: { hide: true } }, async (req, reply) => {
    const size = Number((req.params as { size: string }).size);
    if (size !== 192 && size !== 512) throw new AppError('NOT_FOUND');
    let png = icons.get(size);
    if (!png) icons.set(size, (png = sharp(Buffer.from(ICON_SVG(size))).png().toBuffer()));
    reply.header('cache-control', 'public, max-age=86400').type('image/png');
    return reply.send(await png);
  });
}
