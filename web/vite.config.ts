// Builds the browser apps into web/dist, served by the Wangge server. One entry per app: index.html is the
// command and dispatch console; other apps (e.g. a field.html PWA) are picked up when their HTML file exists.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const webRoot = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(webRoot, '..');
const entries = ['index', 'field', 'portal', 'public'].filter((name) => fs.existsSync(path.join(webRoot, `${name}.html`)));

/**
 * Libraries that change rarely get chunks of their own (long-cached); MapLibre and ECharts are loaded only by the
 * screens that draw maps and charts. Ant Design is left to the default splitting, so that each screen's chunk
 * carries the components only it uses (one antd chunk would be ~360 KB gzip on the first screen).
 */
const VENDOR_GROUPS: [string, RegExp][] = [
  ['maplibre', /node_modules[\\/](maplibre-gl|@maplibre|@mapbox|earcut|kdbush|pbf|gl-matrix|potpack|quickselect|tinyqueue|murmurhash-js|bidi-js)[\\/]/],
  ['echarts', /node_modules[\\/](echarts|zrender)[\\/]/],
  ['react', /node_modules[\\/](react|react-dom|scheduler|react-router|@tanstack)[\\/]/],
  ['zod', /node_modules[\\/]zod[\\/]/],
];

export default defineConfig({
  root: webRoot,
  base: '/',
  plugins: [react()],
  build: {
    outDir: path.join(webRoot, 'dist'),
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
    rolldownOptions: {
      input: Object.fromEntries(entries.map((name) => [name, path.join(webRoot, `${name}.html`)])),
      output: {
        codeSplitting: {
          groups: VENDOR_GROUPS.map(([name, test]) => ({ name, test })),
        },
      },
    },
  },
  server: {
    // The web app imports pure modules (schemas, labels, workflow rules) from ../src.
    fs: { allow: [repoRoot] },
    proxy: { '/api': { target: process.env.WANGGE_API ?? 'http://localhost:3000', changeOrigin: false } },
  },
});
