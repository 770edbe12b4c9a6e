// The migrations describe the schema: generating from the TypeScript tables into a copy of the migrations folder
// must find nothing to add. Fails when a table or column was changed without `npm run db:generate`.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const migrations = path.join(root, 'src/server/db/migrations');

describe('migrations', () => {
  it('are up to date with the schema (drizzle-kit generate finds no changes)', () => {
    const scratch = path.join('tmp', `migration-check-${process.pid}`);
    fs.rmSync(path.join(root, scratch), { recursive: true, force: true });
    fs.mkdirSync(path.join(root, 'tmp'), { recursive: true });
    fs.cpSync(migrations, path.join(root, scratch), { recursive: true });
    try {
      const out = execFileSync(path.join(root, 'node_modules/.bin/drizzle-kit'), ['generate', '--name', 'drift'], {
        cwd: root,
        env: { ...process.env, DRIZZLE_OUT: `./${scratch}` },
        encoding: 'utf8',
      });
      const added = fs.readdirSync(path.join(root, scratch)).filter((f) => f.endsWith('.sql') && !fs.existsSync(path.join(migrations, f)));
      expect(added, `schema changes without a migration (run npm run db:generate):\n${out}`).toEqual([]);
      expect(out).toMatch(/No schema changes/);
    } finally {
      fs.rmSync(path.join(root, scratch), { recursive: true, force: true });
    }
  });
});
