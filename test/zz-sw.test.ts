import { it } from 'vitest';
import { freshDatabase } from './support/db';
import { buildWorld } from './support/world';
import { appFor, signIn } from './support/http';
it('x', async () => {
  const d = await freshDatabase('pglite');
  const w = await buildWorld(d);
  const app = await appFor(w);
  for (const u of ['admin', 'dept', 'street', 'inspector', 'leader'] as const) {
    const c = await signIn(app, u, w.users[u].password);
    try { await c.get('/api/sweeping/board'); console.log(u, 'ok'); } catch (e) { console.log(u, 'ERR', String(e).slice(0, 300)); }
  }
}, 60000);
