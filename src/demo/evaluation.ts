// Demo data of the evaluation: citizens' ratings (回访评价) of closed hotline and citizen cases, as the hotline's
// callbacks record them, so that the satisfaction rate (满意率) has something to show. Deterministic (seeded PRNG).
import { and, asc, inArray, isNotNull, sql } from 'drizzle-orm';
import { RATE_ACTION, type Satisfaction } from '../domain/evaluation/rating';
import type { Db } from '../server/db/client';
import * as t from '../server/db/schema';
import { mulberry32 } from './geo/prng';

const COMMENTS: Record<Satisfaction, string[]> = {
  satisfied: ['处理及时，很满意', '问题已解决，谢谢', '态度很好，效率高'],
  basic: ['基本解决，希望保持', '处理有点慢'],
  unsatisfied: ['问题反复出现，不满意', '处理结果不理想'],
};

/** Rates three in four closed hotline and citizen cases, a day or two after closing. Returns how many were rated. */
export async function seedDemoEvaluation(db: Db, now: Date, seed = 20261105): Promise<number> {
  const prng = mulberry32(seed);
  const closed = await db
    .select({ id: t.cases.id, version: t.cases.version, closedAt: t.cases.closedAt, departmentId: t.cases.departmentId })
    .from(t.cases)
    .where(and(inArray(t.cases.state, ['closed']), inArray(t.cases.source, ['hotline', 'citizen']), isNotNull(t.cases.closedAt)))
    .orderBy(asc(t.cases.number));
  const events: (typeof t.caseEvents.$inferInsert)[] = [];
  const rated: { id: string; version: number; at: Date }[] = [];
  for (const c of closed) {
    const r = prng.next();
    const x = prng.next();
    const delay = prng.range(2, 48) * 3_600_000;
    const at = new Date(c.closedAt!.getTime() + delay);
    if (r >= 0.75 || at.getTime() > now.getTime() - 10 * 60_000) continue;
    const satisfaction: Satisfaction = x < 0.76 ? 'satisfied' : x < 0.92 ? 'basic' : 'unsatisfied';
    const comments = COMMENTS[satisfaction];
    events.push({
      caseId: c.id,
      seq: c.version + 1,
      action: RATE_ACTION,
      fromState: 'closed',
      toState: 'closed',
      actorId: null,
      role: 'citizen',
      at,
      note: comments[Math.floor(prng.next() * comments.length)],
      photoIds: [],
      payload: { satisfaction, channel: 'callback', resolved: satisfaction !== 'unsatisfied' },
      stepDeadline: null,
      departmentId: c.departmentId,
    });
    rated.push({ id: c.id, version: c.version + 1, at });
  }
  if (rated.length === 0) return 0;
  await db.transaction(async (tx) => {
    for (let i = 0; i < events.length; i += 500) await tx.insert(t.caseEvents).values(events.slice(i, i + 500));
    const rows = JSON.stringify(rated.map((r) => ({ id: r.id, version: r.version, at: r.at.toISOString() })));
    await tx.execute(sql`update ${t.cases} c set version = x.version, updated_at = x.at
      from json_to_recordset(${rows}::json) as x(id uuid, version int, at timestamptz) where c.id = x.id`);
  });
  return rated.length;
}
