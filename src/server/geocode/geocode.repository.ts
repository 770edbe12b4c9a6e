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
