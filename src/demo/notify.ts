// The demo's notifications: the duty roster of this week, phone numbers on the demo accounts, department heads and
// leaders in charge, and a few notifications in the demo accounts' bells. Historic demo events are not notified
// (notify.since = the seed time); what people do after the seed is.
import { and, desc, eq, inArray, isNotNull, lt, sql } from 'drizzle-orm';
import { shanghaiDay, shanghaiInstant } from '../domain/calendar';
import { DEFAULT_ESCALATION, type EscalationConfig } from '../domain/escalation';
import { render, type NotificationKind, type Params } from '../domain/notify';
import type { Db } from '../server/db/client';
import * as t from '../server/db/schema';
import { ensureNotifySince } from '../server/notify/case-events';
import { dutyShifts, notifications } from '../server/notify/notify.tables';

const PHONES: Record<string, string> = { chief: '13900000101', dispatcher: '13900000102', inspector: '13900000103', dept: '13900000104', street: '13900000105', leader: '13900000106', operator: '13900000107' };

export async function seedDemoNotifications(db: Db, now: Date): Promise<void> {
  await ensureNotifySince(db, now);
  const accounts = await db.select().from(t.users).where(inArray(t.users.username, Object.keys(PHONES)));
  const id = (u: string) => accounts.find((a) => a.username === u)!.id;
  for (const a of accounts) await db.update(t.users).set({ phone: PHONES[a.username] }).where(eq(t.users.id, a.id));

  // The roster: 24-hour shifts from 08:00, yesterday to a week ahead, for the two centres and the leader on duty.
  const today = shanghaiDay(now);
  const start = new Date(shanghaiInstant(today, '08:00').getTime() - 24 * 3600_000);
  const rows: (typeof dutyShifts.$inferInsert)[] = [];
  for (let d = 0; d < 8; d++) {
    const s = new Date(start.getTime() + d * 24 * 3600_000);
    const e = new Date(s.getTime() + 24 * 3600_000);
    rows.push({ unit: 'supervision', userId: id('chief'), startsAt: s, endsAt: e, createdAt: now });
    rows.push({ unit: 'command', userId: id('dispatcher'), startsAt: s, endsAt: e, createdAt: now });
    rows.push({ unit: 'leader', userId: id('leader'), startsAt: s, endsAt: e, note: '值班领导', createdAt: now });
  }
  const dept = accounts.find((a) => a.username === 'dept')!;
  rows.push({ unit: 'department', departmentId: dept.departmentId, userId: dept.id, startsAt: start, endsAt: new Date(start.getTime() + 8 * 24 * 3600_000), note: '执法值班', createdAt: now });
  await db.insert(dutyShifts).values(rows);

  // The enforcement bureau's head and leader in charge, for escalations.
  const config: EscalationConfig = { ...DEFAULT_ESCALATION, departments: { [dept.departmentId!]: { heads: [dept.id], leaders: [id('leader')] } } };
  await db.insert(t.settings).values({ key: 'escalation', value: config, updatedAt: now }).onConflictDoNothing();

  // A few notifications, as the rule table would have made them, so that the bells are not empty on first start.
  const info = async (where: ReturnType<typeof and>, limit: number) =>
    db
      .select({ c: t.cases, nameZh: t.catalogueClasses.nameZh, nameEn: t.catalogueClasses.nameEn })
      .from(t.cases)
      .leftJoin(t.catalogueClasses, and(eq(t.catalogueClasses.kind, t.cases.kind), eq(t.catalogueClasses.code, t.cases.classCode)))
      .where(where)
      .orderBy(desc(t.cases.updatedAt))
      .limit(limit);
  const notes: (typeof notifications.$inferInsert)[] = [];
  const add = (userId: string, kind: NotificationKind, c: typeof t.cases.$inferSelect, params: Params, at: Date, read = false) => {
    const zh = render(kind, { number: c.number, place: c.locationText, ...params }, 'zh');
    const en = render(kind, { number: c.number, place: c.locationText, ...params }, 'en');
    notes.push({ userId, kind, caseId: c.id, caseNumber: c.number, titleZh: zh.title, titleEn: en.title, bodyZh: zh.body, bodyEn: en.body, link: `/cases/${c.id}`, dedupeKey: `demo:${kind}:${c.id}`, createdAt: at, readAt: read ? at : null });
  };
  const fmt = (d: Date | null) => (d ? `${shanghaiDay(d).slice(5)} ${new Date(d.getTime() + 8 * 3600_000).toISOString().slice(11, 16)}` : '—');
  for (const [i, r] of (await info(and(eq(t.cases.departmentId, dept.departmentId!), inArray(t.cases.state, ['dispatched', 'handling'])), 4)).entries()) {
    add(dept.id, 'caseDispatched', r.c, { class: { zh: r.nameZh ?? r.c.classCode, en: r.nameEn ?? r.c.classCode }, deadline: fmt(r.c.handleDeadline) }, r.c.updatedAt, i > 1);
  }
  for (const r of await info(and(eq(t.cases.state, 'handling'), isNotNull(t.cases.handleDeadline), lt(t.cases.handleDeadline, now)), 2)) {
    add(id('leader'), 'deadlineEscalated', r.c, { step: { zh: '处置', en: 'handle' }, level: 2, holder: { zh: '承办部门', en: 'the department' }, targets: { zh: '监督中心、分管领导', en: 'the supervision centre, the leader in charge' }, deadline: fmt(r.c.handleDeadline) }, now);
  }
  for (const r of await info(sql`${t.cases.pending} is not null and ${t.cases.state} = 'handling'`, 2)) {
    const p = r.c.pending as { kind: string; reason: string };
    add(id('dispatcher'), 'approvalWaiting', r.c, { request: p.kind === 'extension' ? { zh: '延期', en: 'extension' } : { zh: '挂账', en: 'suspension' }, requester: { zh: '承办部门', en: 'The department' }, note: p.reason }, r.c.updatedAt);
  }
  for (const r of await info(eq(t.cases.state, 'verifying'), 2)) {
    add(id('inspector'), 'taskAssigned', r.c, { task: { zh: '核实', en: 'Verify' }, class: { zh: r.nameZh ?? r.c.classCode, en: r.nameEn ?? r.c.classCode }, deadline: fmt(r.c.stepDeadline) }, r.c.updatedAt);
  }
  if (notes.length) await db.insert(notifications).values(notes).onConflictDoNothing();
}
