// The gazetteer in the database: entries with their search tokens, token search, nearest entries to a point.
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Executor } from '../db/client';
import { gazetteerEntries, gazetteerTokens } from '../db/schema';
import { tokens } from './tokens';

export type GazetteerRow = typeof gazetteerEntries.$inferSelect;
export type GazetteerInsert = Omit<typeof gazetteerEntries.$inferInsert, 'id' | 'location'>;

const x = (col: string) => sql.raw(`excluded.${col}`);

/** Adds or replaces entries by (kind, code) and rewrites their tokens. */
export async function upsertEntries(db: Executor, rows: GazetteerInsert[]): Promise<number> {
  let n = 0;
  for (let i = 0; i < rows.length; i += 500) {
    const part = rows.slice(i, i + 500);
    const saved = await db
      .insert(gazetteerEntries)
      .values(part.map((r) => ({ ...r, location: [r.lng, r.lat] as [number, number] })))
      .onConflictDoUpdate({
        target: [gazetteerEntries.kind, gazetteerEntries.code],
        set: {
          name: x('name'),
          road: x('road'),
          houseNumber: x('house_number'),
          streetCode: x('street_code'),
          communityCode: x('community_code'),
          lng: x('lng'),
          lat: x('lat'),
          location: x('location'),
          generated: x('generated'),
          source: x('source'),
        },
      })
      .returning({ id: gazetteerEntries.id, name: gazetteerEntries.name });
    await db.delete(gazetteerTokens).where(inArray(gazetteerTokens.entryId, saved.map((s) => s.id)));
    const toks = saved.flatMap((s) => tokens(s.name).map((token) => ({ token, entryId: s.id })));
    for (let j = 0; j < toks.length; j += 2000) await db.insert(gazetteerTokens).values(toks.slice(j, j + 2000)).onConflictDoNothing();
    n += saved.length;
  }
  return n;
}

export async function countEntries(db: Executor): Promise<number> {
  const [r] = await db.select({ n: sql<number>`count(*)::int` }).from(gazetteerEntries);
  return Number(r.n);
}

/**
 * Entries holding at least `minHits` of the query tokens, best first: an exact name, then a name starting with
 * the query, then more tokens matched, then the broader kinds (street, community, road before addresses), then shorter names.
 */
export async function searchTokens(db: Executor, q: { tokens: string[]; text: string; minHits: number; kinds?: string[]; limit: number }) {
  const hits = sql<number>`count(*)::int`;
  const kindRank = sql`case ${gazetteerEntries.kind} when 'street' then 0 when 'community' then 1 when 'road' then 2 when 'place' then 3 else 4 end`;
  return db
    .select({ entry: gazetteerEntries, hits })
    .from(gazetteerTokens)
    .innerJoin(gazetteerEntries, eq(gazetteerEntries.id, gazetteerTokens.entryId))
    .where(and(inArray(gazetteerTokens.token, q.tokens), q.kinds?.length ? inArray(gazetteerEntries.kind, q.kinds) : undefined))
    .groupBy(gazetteerEntries.id)
    .having(sql`count(*) >= ${q.minHits}`)
    .orderBy(
      sql`(${gazetteerEntries.name} = ${q.text}) desc`,
      sql`(${gazetteerEntries.name} like ${`${q.text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`}) desc`,
      sql`count(*) desc`,
      kindRank,
      sql`length(${gazetteerEntries.name})`,
      asc(gazetteerEntries.name),
    )
    .limit(q.limit);
}

/** Names containing a single character (a one-character query has no bigram). */
export async function searchLike(db: Executor, text: string, kinds: string[] | undefined, limit: number) {
  const esc = text.replace(/[\\%_]/g, (c) => `\\${c}`);
  return db
    .select({ entry: gazetteerEntries })
    .from(gazetteerEntries)
    .where(and(sql`${gazetteerEntries.name} like ${`%${esc}%`}`, kinds?.length ? inArray(gazetteerEntries.kind, kinds) : undefined))
    .orderBy(sql`length(${gazetteerEntries.name})`, asc(gazetteerEntries.name))
    .limit(limit);
}

/** The entries nearest to a point (GiST k-nearest-neighbour on the core point type), in degrees; callers re-rank in metres. */
export async function nearest(db: Executor, lng: number, lat: number, kinds: string[], limit: number) {
  return db
    .select()
    .from(gazetteerEntries)
    .where(inArray(gazetteerEntries.kind, kinds))
    .orderBy(sql`${gazetteerEntries.location} <-> point(${lng}, ${lat})`)
    .limit(limit);
}

export interface GazetteerFilter {
  q?: string;
  kind?: string;
  streetCode?: string;
  communityCode?: string;
  generated?: boolean;
}

function filterWhere(f: GazetteerFilter) {
  const w = [];
  if (f.q) {
    const esc = f.q.replace(/[\\%_]/g, (c) => `\\${c}`);
    w.push(sql`(${gazetteerEntries.name} like ${`%${esc}%`} or ${gazetteerEntries.code} like ${`${esc}%`})`);
  }
  if (f.kind) w.push(eq(gazetteerEntries.kind, f.kind));
  if (f.streetCode) w.push(eq(gazetteerEntries.streetCode, f.streetCode));
  if (f.communityCode) w.push(eq(gazetteerEntries.communityCode, f.communityCode));
  if (f.generated !== undefined) w.push(eq(gazetteerEntries.generated, f.generated));
  return w.length ? and(...w) : undefined;
}

/** One page of entries, broader kinds first, then by name. */
export async function listEntries(db: Executor, f: GazetteerFilter, limit: number, offset: number) {
  const where = filterWhere(f);
  const kindRank = sql`case ${gazetteerEntries.kind} when 'street' then 0 when 'community' then 1 when 'road' then 2 when 'place' then 3 else 4 end`;
  const [rows, [{ n }]] = await Promise.all([
    db.select().from(gazetteerEntries).where(where).orderBy(kindRank, asc(gazetteerEntries.code)).limit(limit).offset(offset),
    db.select({ n: sql<number>`count(*)::int` }).from(gazetteerEntries).where(where),
  ]);
  return { total: Number(n), rows };
}

export async function allEntries(db: Executor, f: GazetteerFilter) {
  return db.select().from(gazetteerEntries).where(filterWhere(f)).orderBy(asc(gazetteerEntries.kind), asc(gazetteerEntries.code));
}

export async function findEntry(db: Executor, id: number): Promise<GazetteerRow | null> {
  const [r] = await db.select().from(gazetteerEntries).where(eq(gazetteerEntries.id, id));
  return r ?? null;
}

export async function existingKeys(db: Executor, keys: { kind: string; code: string }[]): Promise<Set<string>> {
  const out = new Set<string>();
  for (let i = 0; i < keys.length; i += 2000) {
    const part = keys.slice(i, i + 2000);
    const rows = await db
      .select({ kind: gazetteerEntries.kind, code: gazetteerEntries.code })
      .from(gazetteerEntries)
      .where(inArray(gazetteerEntries.code, [...new Set(part.map((k) => k.code))]));
    for (const r of rows) out.add(`${r.kind}\u0000${r.code}`);
  }
  return out;
}

/** Changes one entry and rewrites its tokens when the name changed. */
export async function updateEntry(db: Executor, id: number, patch: Partial<GazetteerInsert>): Promise<GazetteerRow | null> {
  const set: Partial<typeof gazetteerEntries.$inferInsert> = { ...patch };
  if (patch.lng !== undefined && patch.lat !== undefined) set.location = [patch.lng, patch.lat];
  const [r] = await db.update(gazetteerEntries).set(set).where(eq(gazetteerEntries.id, id)).returning();
  if (r && patch.name !== undefined) {
    await db.delete(gazetteerTokens).where(eq(gazetteerTokens.entryId, id));
    const toks = tokens(r.name).map((token) => ({ token, entryId: id }));
    if (toks.length) await db.insert(gazetteerTokens).values(toks).onConflictDoNothing();
  }
  return r ?? null;
}

export async function deleteEntry(db: Executor, id: number): Promise<boolean> {
  await db.delete(gazetteerTokens).where(eq(gazetteerTokens.entryId, id));
  const rows = await db.delete(gazetteerEntries).where(eq(gazetteerEntries.id, id)).returning({ id: gazetteerEntries.id });
  return rows.length > 0;
}
