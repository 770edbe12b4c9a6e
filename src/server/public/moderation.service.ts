// The operators' side of the portal: the moderation queue (审核) of what the public sees, banned numbers, and the
// SMS outbox for administrators.
import { requireAccess, type Actor } from '../auth/policy';
import type { AppContext } from '../context';
import { AppError } from '../errors';
import * as repo from './public.repository';
import type { ModerationDecision } from './public.schema';

type Item = 'case' | 'report_text' | 'report_photo' | 'reply' | 'after_photo';
type Status = 'pending' | 'published' | 'hidden' | 'redacted';

export interface ModerationItem {
  caseId: string;
  number: string;
  className: { zh: string; en: string };
  item: Item;
  ref: string;
  text: string | null;
  photoUrl: string | null;
  status: Status;
  redactedText: string | null;
  at: string;
}

/**
 * What the public may see and who decided: citizens' texts and photos wait for an operator (pending) before they
 * appear on the public case page; department replies and after photos are public unless hidden or redacted.
 */
export async function moderationQueue(ctx: AppContext, actor: Actor, q: { status: 'pending' | 'all'; days: number }): Promise<{ items: ModerationItem[] }> {
  requireAccess(actor, 'public.moderate');
  const since = new Date(ctx.now().getTime() - q.days * 86_400_000);
  const cases = await repo.moderationCandidates(ctx.db, since, 300);
  const ids = cases.map((c) => c.id);
  const [decisions, replies, photos] = await Promise.all([repo.decisionsOf(ctx.db, ids), repo.replyEvents(ctx.db, ids), repo.photosOfCases(ctx.db, ids)]);
  const d = new Map(decisions.map((x) => [`${x.caseId}:${x.item}:${x.ref}`, x]));
  const items: ModerationItem[] = [];
  for (const c of cases) {
    const base = { caseId: c.id, number: c.number, className: { zh: c.classNameZh ?? '', en: c.classNameEn ?? c.classNameZh ?? '' } };
    const push = (item: Item, ref: string, text: string | null, photoUrl: string | null, fallback: Status, at: Date) => {
      const dec = d.get(`${c.id}:${item}:${ref}`);
      items.push({ ...base, item, ref, text, photoUrl, status: (dec?.status as Status | undefined) ?? fallback, redactedText: dec?.redactedText ?? null, at: at.toISOString() });
    };
    if (c.source === 'citizen') {
      push('report_text', '', c.description, null, 'pending', c.createdAt);
      for (const p of photos.filter((p) => p.caseId === c.id && p.stage === 'before')) push('report_photo', p.id, null, `/api/photos/${p.id}/thumb`, 'pending', p.createdAt);
    }
    for (const r of replies.filter((r) => r.caseId === c.id)) push('reply', String(r.seq), r.note, null, 'published', r.at);
    for (const p of photos.filter((p) => p.caseId === c.id && p.stage === 'after')) push('after_photo', p.id, null, `/api/photos/${p.id}/thumb`, 'published', p.createdAt);
  }
  return { items: q.status === 'pending' ? items.filter((i) => i.status === 'pending') : items };
}

export async function decide(ctx: AppContext, actor: Actor, input: ModerationDecision): Promise<{ ok: true }> {
  requireAccess(actor, 'public.moderate');
  const notFound = () => new AppError('MODERATION_ITEM_NOT_FOUND');
  const row = await repo.publicCaseRow(ctx.db, { id: input.caseId });
  if (!row) throw notFound();
  const c = row.c;
  switch (input.item) {
    case 'case':
    case 'report_text':
      if (input.ref !== '') throw notFound();
      break;
    case 'report_photo':
    case 'after_photo': {
      const p = await repo.findPhoto(ctx.db, input.ref);
      if (!p || p.caseId !== c.id || p.stage !== (input.item === 'report_photo' ? 'before' : 'after')) throw notFound();
      break;
    }
    case 'reply': {
      const events = await repo.eventsOf(ctx.db, c.id);
      if (!events.some((e) => e.action === 'handle' && String(e.seq) === input.ref)) throw notFound();
      break;
    }
  }
  const status = input.action === 'publish' ? 'published' : input.action === 'hide' ? 'hidden' : 'redacted';
  const now = ctx.now();
  await ctx.db.transaction(async (tx) => {
    await repo.upsertDecision(tx, {
      caseId: c.id,
      item: input.item,
      ref: input.ref,
      status,
      redactedText: input.action === 'redact' ? input.text! : null,
      reason: input.reason ?? null,
      decidedBy: actor.id,
      decidedAt: now,
    });
    await repo.audit(tx, { actorId: actor.id, action: `public.${input.action}`, subject: `${c.number}/${input.item}/${input.ref}`, at: now, detail: { reason: input.reason ?? null } });
  });
  return { ok: true };
}

export async function listBanned(ctx: AppContext, actor: Actor) {
  requireAccess(actor, 'public.moderate');
  const rows = await repo.listBanned(ctx.db);
  return { items: rows.map((r) => ({ phone: r.phone, reason: r.reason, createdAt: r.createdAt.toISOString() })) };
}

export async function ban(ctx: AppContext, actor: Actor, phone: string, reason: string) {
  requireAccess(actor, 'public.moderate');
  if (!/^1[3-9]\d{9}$/.test(phone)) throw new AppError('PHONE_INVALID');
  const now = ctx.now();
  await repo.ban(ctx.db, { phone, reason, bannedBy: actor.id, createdAt: now });
  await repo.audit(ctx.db, { actorId: actor.id, action: 'public.ban', subject: phone, at: now, detail: { reason } });
  return listBanned(ctx, actor);
}

export async function unban(ctx: AppContext, actor: Actor, phone: string) {
  requireAccess(actor, 'public.moderate');
  if (!(await repo.unban(ctx.db, phone))) throw new AppError('NOT_FOUND', phone);
  await repo.audit(ctx.db, { actorId: actor.id, action: 'public.unban', subject: phone, at: ctx.now(), detail: {} });
  return listBanned(ctx, actor);
}

export async function outbox(ctx: AppContext, actor: Actor, limit: number) {
  requireAccess(actor, 'public.sms.read');
  const rows = await repo.listOutbox(ctx.db, limit);
  return { items: rows.map((r) => ({ ...r, createdAt: r.createdAt.toISOString() })) };
}
