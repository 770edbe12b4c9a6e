// The petitioner's side on the public portal (no account): the online petition form (网上信访), the private follow
// page (link, or item number + query code), rating the reply and asking for a review; reception days to book.
// What a petitioner sees is built here field by field; nobody sees another person's item.
import crypto from 'node:crypto';
import { isPetitionOpen, PETITION_PUBLIC_STATE_TEXT, petitionRefusal, type PetitionState } from '../../domain/petition';
import { shanghaiDay } from '../../domain/calendar';
import { PUBLIC_STATE_TEXT } from '../open311/status';
import type { CaseState } from '../../domain/workflow';
import type { AppContext } from '../context';
import { AppError } from '../errors';
import { isBanned } from '../public/public.repository';
import { portalActor, publicSettings, verifyCode } from '../public/public.service';
import { maskPhone, sendSms } from '../public/sms';
import * as repo from './petitions.repository';
import type { OnlinePetition, Petitioner, PetitionFollowView, PublicAppointment } from './petitions.schema';
import { applyStep, followUrl, registerItem, toSnapshot } from './petitions.service';
import { book } from './reception.service';

const MOBILE = /^1[3-9]\d{9}$/;
/** Wrong query codes an item takes before its number + code lookup locks (the private link still works). */
const MAX_QUERY_FAILURES = 10;

async function checkPhone(ctx: AppContext, phone: string, code: string | undefined) {
  if (!MOBILE.test(phone)) throw new AppError('PHONE_INVALID');
  if (await isBanned(ctx.db, phone)) throw new AppError('PHONE_BANNED');
  if ((await publicSettings(ctx)).requirePhoneCode) await verifyCode(ctx, phone, code);
}

export async function submitOnline(ctx: AppContext, input: OnlinePetition, idempotencyKey?: string) {
  const actor = await portalActor(ctx);
  // A retry of an item already registered gets the same answer, before the (used-up) phone code is checked again.
  const prior = idempotencyKey ? await repo.findByIdempotencyKey(ctx.db, actor.id, idempotencyKey) : null;
  if (!prior) await checkPhone(ctx, input.petitioner.phone, input.code);
  const { row, replayed } = await registerItem(
    ctx,
    actor,
    'citizen',
    {
      channel: 'online',
      petitioner: input.petitioner,
      peopleCount: 1,
      topic: input.topic,
      subject: input.subject,
      content: input.content,
      locationText: input.locationText,
    },
    idempotencyKey,
  );
  return { replayed, receipt: { number: row.number, queryCode: row.queryCode, followToken: row.followToken, followUrl: followUrl(row.followToken) } };
}

async function byToken(ctx: AppContext, token: string): Promise<repo.PetitionRow> {
  const p = token.length >= 16 && token.length <= 64 ? await repo.findByFollowToken(ctx.db, token) : null;
  if (!p) throw new AppError('FOLLOW_LINK_INVALID');
  return p;
}

/** Number + query code → the private link. Wrong codes count; after too many the lookup stays locked. */
export async function lookup(ctx: AppContext, number: string, code: string) {
  const p = await repo.findPetitionByNumber(ctx.db, number.toUpperCase());
  if (!p) throw new AppError('PETITION_LOOKUP_FAILED');
  if (p.queryFailures >= MAX_QUERY_FAILURES) throw new AppError('PETITION_LOOKUP_LOCKED');
  const ok = crypto.timingSafeEqual(Buffer.from(p.queryCode.padEnd(6)), Buffer.from(code.padEnd(6).slice(0, 6)));
  if (!ok) {
    await repo.countQueryFailure(ctx.db, p.id);
    throw new AppError('PETITION_LOOKUP_FAILED');
  }
  return { followToken: p.followToken, followUrl: followUrl(p.followToken) };
}

/** 张* / 欧阳** : enough for a person to recognise, not enough to identify. */
export function maskName(name: string): string {
  const chars = [...name];
  return chars.length <= 1 ? '*' : chars[0] + '*'.repeat(Math.min(chars.length - 1, 3));
}

export async function followView(ctx: AppContext, token: string): Promise<PetitionFollowView> {
  const p = await byToken(ctx, token);
  const [r, events] = await Promise.all([repo.petitionRowWithNames(ctx.db, p.id), repo.eventsOf(ctx.db, p.id)]);
  const linked = p.caseId ? await repo.caseBrief(ctx.db, p.caseId) : null;
  const state = p.state as PetitionState;
  const now = ctx.now();
  const citizen = { now, actor: { id: 'citizen', roles: ['citizen' as const], departmentId: null } };
  const timeline: PetitionFollowView['timeline'] = [];
  for (const e of events) {
    if (e.fromState === e.toState && e.seq !== 1) continue;
    const s = e.toState as PetitionState;
    timeline.push({ at: e.at.toISOString(), state: s, text: PETITION_PUBLIC_STATE_TEXT[s] });
  }
  const reply = [...events].reverse().find((e) => e.action === 'reply');
  const review = events.find((e) => e.action === 'decideReview');
  const rating = events.find((e) => e.action === 'rate');
  const petitioner = p.petitioner as Petitioner;
  return {
    number: p.number,
    channel: p.channel as PetitionFollowView['channel'],
    topic: p.topic as PetitionFollowView['topic'],
    subject: p.subject,
    content: p.content,
    receivedAt: p.receivedAt.toISOString(),
    state,
    stateText: PETITION_PUBLIC_STATE_TEXT[state],
    open: isPetitionOpen(state),
    department: r?.departmentNameZh ? { zh: r.departmentNameZh, en: r.departmentNameEn ?? r.departmentNameZh } : null,
    handleDeadline: p.handleDeadline?.toISOString() ?? null,
    timeline,
    notices: events
      .filter((e) => typeof (e.payload as { notice?: unknown }).notice === 'string')
      .map((e) => ({ at: e.at.toISOString(), action: e.action, text: (e.payload as { notice: string }).notice })),
    reply: reply?.note ? { text: reply.note, at: reply.at.toISOString() } : null,
    reviewUntil: p.reviewUntil?.toISOString() ?? null,
    reviewDecision: review && p.reviewDecision ? { decision: p.reviewDecision as 'upheld' | 'changed', opinion: review.note ?? '', at: review.at.toISOString() } : null,
    rating: rating && p.satisfaction ? { satisfaction: p.satisfaction as 'satisfied' | 'basic' | 'unsatisfied', comment: rating.note, at: rating.at.toISOString() } : null,
    canRate: petitionRefusal(toSnapshot(p), 'rate', citizen) === null,
    canRequestReview: petitionRefusal(toSnapshot(p), 'requestReview', citizen) === null,
    linkedCase: linked ? { number: linked.number, stateText: PUBLIC_STATE_TEXT[linked.state as CaseState] } : null,
    petitionerMasked: [maskName(petitioner.name), petitioner.phone ? maskPhone(petitioner.phone) : null].filter(Boolean).join(' '),
  };
}

export async function rate(ctx: AppContext, token: string, input: { satisfaction: 'satisfied' | 'basic' | 'unsatisfied'; comment?: string }) {
  const p = await byToken(ctx, token);
  await applyStep(ctx, await portalActor(ctx), p.id, 'rate', input, { extraPayload: { channel: 'app' } });
  return followView(ctx, token);
}

export async function requestReview(ctx: AppContext, token: string, input: { reason: string }) {
  const p = await byToken(ctx, token);
  await applyStep(ctx, await portalActor(ctx), p.id, 'requestReview', input);
  return followView(ctx, token);
}

// ------------------------------------------------------------------ reception days for the public

export async function upcomingDays(ctx: AppContext) {
  const today = shanghaiDay(ctx.now());
  const until = shanghaiDay(new Date(ctx.now().getTime() + 90 * 86_400_000));
  const rows = await repo.listDays(ctx.db, today, until, { includeCancelled: false });
  return {
    items: rows.map((r) => ({
      id: r.d.id,
      day: r.d.day,
      startTime: r.d.startTime,
      endTime: r.d.endTime,
      kind: r.d.kind as 'district_leader' | 'director' | 'community',
      hostName: r.d.hostName,
      hostTitle: r.d.hostTitle,
      departmentName: r.departmentNameZh ?? null,
      communityName: r.communityName ?? null,
      place: r.d.place,
      topics: r.d.topics,
      capacity: r.d.capacity,
      booked: Number(r.booked),
    })),
  };
}

export async function bookOnline(ctx: AppContext, input: PublicAppointment, idempotencyKey?: string) {
  const prior = idempotencyKey ? await repo.findAppointmentByKey(ctx.db, `portal:${idempotencyKey}`) : null;
  if (!prior) await checkPhone(ctx, input.phone, input.code);
  const { row, replayed } = await book(ctx, input.dayId, input, 'portal', idempotencyKey ? `portal:${idempotencyKey}` : undefined);
  const day = (await upcomingDays(ctx)).items.find((d) => d.id === row.dayId);
  const full = await repo.dayWithNames(ctx.db, row.dayId);
  const view = day ?? {
    id: full!.d.id,
    day: full!.d.day,
    startTime: full!.d.startTime,
    endTime: full!.d.endTime,
    kind: full!.d.kind as 'district_leader' | 'director' | 'community',
    hostName: full!.d.hostName,
    hostTitle: full!.d.hostTitle,
    departmentName: full!.departmentNameZh ?? null,
    communityName: full!.communityName ?? null,
    place: full!.d.place,
    topics: full!.d.topics,
    capacity: full!.d.capacity,
    booked: Number(full!.booked),
  };
  if (!replayed) {
    await sendSms(
      ctx,
      input.phone,
      `【绿园区信访】您已预约 ${view.day} ${view.startTime} ${view.hostTitle}${view.hostName}接待日（${view.place}），序号 ${row.seq}，请携带身份证件按时到场。`,
      'notice',
    );
  }
  return { replayed, receipt: { seq: row.seq, day: view } };
}
