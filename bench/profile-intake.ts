// Profiles case creation in-process (sequential app.inject) to see where the time goes: node --cpu-prof.
import { sql } from 'drizzle-orm';
import { startServer } from './support';

const s = await startServer(process.env.PROFILE_DATABASE_URL || null, 0);
const rows = ((await s.ctx.db.execute(sql`select centroid_lng as lng, centroid_lat as lat from grids order by code limit 1 offset 5000`)) as unknown as { rows: { lng: number; lat: number }[] }).rows;
const r = await s.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'operator', password: 'demo' } });
const cookie = r.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
const csrf = r.json().user.csrfToken;
const payload = { source: 'hotline', kind: 'matter', classCode: '09006', description: 'x', lng: rows[0].lng, lat: rows[0].lat };
const n = Number(process.env.N ?? 300);
const t = performance.now();
for (let i = 0; i < n; i++) {
  const res = await s.app.inject({ method: 'POST', url: '/api/cases', headers: { cookie, 'x-csrf-token': csrf }, payload });
  if (res.statusCode !== 201) throw new Error(res.body);
}
console.log(`${((performance.now() - t) / n).toFixed(2)} ms per case (${s.database.kind}, sequential, in-process)`);
await s.close();
process.exit(0);
