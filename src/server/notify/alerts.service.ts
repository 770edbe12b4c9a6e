// Citizens' local alerts (周边提醒), after FixMyStreet's, without an account: a verified phone number subscribes to
// new cases and/or closures near a place or in a community; every message carries the link to manage or stop them.
import crypto from 'node:crypto';
import type { AppContext } from '../context';
import type { Executor } from '../db/client';
import { AppError } from '../errors';
import { locatePoint } from '../geo/geo.repository';
import { isBanned } from '../public/public.repository';
import { verifyCode } from '../public/public.service';
import * as repo from './alerts.repository';

export const MAX_RADIUS_M = 2000;
export const MAX_SUBSCRIPTIONS_PER_PHONE = 5;
const MOBILE = /^1[3-9]\d{9}$/;
const M_PER_DEG = 111_320;

export interface AlertSubscribeInput {
  phone: string;
  code: string;
  area: 'near' | 'community';
  lng?: number;
  lat?: number;
  radiusM?: number;
  communityCode?: string;
  events: ('new' | 'closed')[];
  label?: string;
}

export interface AlertView {
  area: 'near' | 'community';
  lng: number | null;
  lat: number | null;
  radiusM: number | null;
  communityCode: string | null;
  communityName: string | null;
  events: ('new' | 'closed')[];
  label: string | null;
  phoneMasked: string;
  createdAt: string;
  active: boolean;
  manageUrl: string;
}

export const manageUrl = (ctx: AppContext, token: string) => `${ctx.config.publicUrl ?? ''}/portal/alerts/${token}`;

/** Metres between two WGS84 points (haversine). */
export function distanceM(a: { lng: number; lat: number }, b: { lng: number; lat: number }): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLng = (b.lng - a.lng) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * 6_371_000 * Math.asin(Math.sqrt(h));
}

/** The live subscriptions a case at this point wants to hear about for this event. */
export async function matchingSubscriptions(db: Executor, p: { lng: number; lat: number; communityCode: string | null; event: 'new' | 'closed' }): Promise<repo.SubscriptionRow[]> {
  const rows = await repo.candidates(db, p, (MAX_RADIUS_M / M_PER_DEG) * 1.6);
  return rows.filter((s) => s.events.includes(p.event) && (s.area === 'community' || (s.lng !== null && s.lat !== null && distanceM({ lng: s.lng, lat: s.lat }, p) <= (s.radiusM ?? 0))));
}

async function view(ctx: AppContext, s: repo.SubscriptionRow): Promise<AlertView> {
  const community = s.communityCode ? await repo.findCommunity(ctx.db, s.communityCode) : null;
  return {
    area: s.area as AlertView['area'],
    lng: s.lng,
    lat: s.lat,
    radiusM: s.radiusM,
    communityCode: s.communityCode,
    communityName: community?.name ?? null,
    events: s.events as AlertView['events'],
    label: s.label,
    phoneMasked: `${s.phone.slice(0, 3)}****${s.phone.slice(-4)}`,
    createdAt: s.createdAt.toISOString(),
    active: !s.cancelledAt,
    manageUrl: manageUrl(ctx, s.token),
  };
}

export async function subscribe(ctx: AppContext, input: AlertSubscribeInput): Promise<AlertView & { token: string }> {
  if (!MOBILE.test(input.phone)) throw new AppError('PHONE_INVALID');
  if (await isBanned(ctx.db, input.phone)) throw new AppError('PHONE_BANNED');
  let place: { lng: number | null; lat: number | null; radiusM: number | null; communityCode: string | null };
  if (input.area === 'near') {
    if (input.lng === undefined || input.lat === undefined) throw new AppError('ALERT_AREA_INVALID', 'a point is needed');
    if (!(await locatePoint(ctx.db, input.lng, input.lat))) throw new AppError('ALERT_AREA_INVALID', 'the point is outside the district');
    place = { lng: input.lng, lat: input.lat, radiusM: Math.min(input.radiusM ?? 500, MAX_RADIUS_M), communityCode: null };
  } else {
    if (!input.communityCode || !(await repo.findCommunity(ctx.db, input.communityCode))) throw new AppError('ALERT_AREA_INVALID', 'unknown community');
    place = { lng: null, lat: null, radiusM: null, communityCode: input.communityCode };
  }
  if ((await repo.activeCountOfPhone(ctx.db, input.phone)) >= MAX_SUBSCRIPTIONS_PER_PHONE) throw new AppError('DAILY_LIMIT_REACHED', `at most ${MAX_SUBSCRIPTIONS_PER_PHONE} alerts per number`);
  // The code proves the number is the subscriber's: nobody can sign someone else up for text messages.
  await verifyCode(ctx, input.phone, input.code);
  const token = crypto.randomBytes(24).toString('base64url');
  const s = await repo.insertSubscription(ctx.db, { token, phone: input.phone, area: input.area, ...place, events: [...new Set(input.events)], label: input.label || null, createdAt: ctx.now() });
  return { ...(await view(ctx, s)), token };
}

async function byToken(ctx: AppContext, token: string): Promise<repo.SubscriptionRow> {
  const s = token.length >= 16 && token.length <= 64 ? await repo.findByToken(ctx.db, token) : null;
  if (!s) throw new AppError('ALERT_LINK_INVALID');
  return s;
}

export async function alertView(ctx: AppContext, token: string): Promise<AlertView> {
  return view(ctx, await byToken(ctx, token));
}

export async function cancelAlert(ctx: AppContext, token: string): Promise<AlertView> {
  const s = await byToken(ctx, token);
  await repo.cancel(ctx.db, s.id, ctx.now());
  return view(ctx, (await repo.findByToken(ctx.db, token))!);
}

export async function alertCommunities(ctx: AppContext) {
  return { items: await repo.communityList(ctx.db) };
}
