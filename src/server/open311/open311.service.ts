// Open311 GeoReport v2 use cases: discovery, services and their definitions, service requests (read, report, tokens)
// and the mySociety servicerequestupdates extension. Intake goes through the cases service like every other channel.
import crypto from 'node:crypto';
import { MAJOR_CLASSES } from '../../domain/catalogue';
import type { CaseState } from '../../domain/workflow';
import { LIMIT_UNIT_LABELS } from '../../domain/workflow/labels';
import { actOnCase, createCase } from '../cases/case.service';
import { CaseCreateSchema, type CaseCreate } from '../cases/case.schema';
import { findClass, listClasses, listFilingConditions } from '../catalogue/catalogue.repository';
import type { AppContext } from '../context';
import { requireKeyAction, channelOf, type KeyCaller } from '../integrations/api-key.service';
import * as refs from '../integrations/case-ref.repository';
import { locateByCode, locateByText } from '../integrations/locate';
import { coarsen, publicSettings } from '../public/public.service';
import { attributeFields, field, fieldList, type FormFields } from './form';
import { attributesFor, checkAttributes, describeAttributes, type AttributeDef, type Lang } from './attributes';
import { badRequest, notFound } from './errors';
import type { Value } from './format';
import * as repo from './open311.repository';
import { parseServiceCode, serviceCodeOf } from './service-code';
import { EXTENDED_STATUSES, extendedStatus, open311Status, PUBLIC_STATE_TEXT, type ExtendedStatus } from './status';

export const SPECIFICATION = 'http://wiki.open311.org/GeoReport_v2';
/** Bumped when the service list or definitions change shape (the discovery changeset). */
export const CHANGESET = '2026-11-20T00:00:00+08:00';
const DAY = 24 * 3600_000;
const MAX_SPAN = 90 * DAY;

/** jurisdiction_id is optional (one jurisdiction); when sent it must be the district code. */
function checkJurisdiction(ctx: AppContext, f: FormFields): string | undefined {
  const j = field(f, 'jurisdiction_id');
  if (j && j !== ctx.config.districtCode) throw notFound(`jurisdiction_id ${j} not found; this endpoint serves ${ctx.config.districtCode}`);
  return j;
}

// ------------------------------------------------------------------ discovery and services

export function discovery(ctx: AppContext, baseUrl: string, lang: Lang): Value {
  return {
    changeset: CHANGESET,
    contact:
      lang === 'en'
        ? `The district's digital city management centre (division code ${ctx.config.districtCode}), Wangge platform`
        : `区数字城管指挥中心（行政区划代码 ${ctx.config.districtCode}），网格平台`,
    key_service:
      lang === 'en'
        ? 'API keys are issued by the platform administrators (Administration → API keys).'
        : '接口密钥由平台管理员在“系统管理 → 接口密钥”中签发。',
    endpoints: [
      { specification: SPECIFICATION, url: `${baseUrl}/open311/v2`, changeset: CHANGESET, type: 'production', formats: ['text/xml', 'application/json'] },
    ],
  };
}

const majorName = (kind: string, code: string, lang: Lang) => {
  const m = MAJOR_CLASSES.find((x) => x.kind === kind && x.code === code);
  return m ? (lang === 'en' ? m.nameEn : m.nameZh) : code;
};

export async function listServices(ctx: AppContext, f: FormFields, lang: Lang): Promise<Value> {
  checkJurisdiction(ctx, f);
  const [classes, conditions] = await Promise.all([listClasses(ctx.db), listFilingConditions(ctx.db)]);
  const byClass = new Map<string, string[]>();
  for (const fc of conditions) {
    const k = `${fc.kind}:${fc.classCode}`;
    byClass.set(k, [...(byClass.get(k) ?? []), lang === 'en' ? fc.nameEn : fc.nameZh]);
  }
  return classes
    .filter((c) => c.active)
    .map((c) => {
      const group = lang === 'en' ? c.majorNameEn || majorName(c.kind, c.majorCode, lang) : c.majorNameZh || majorName(c.kind, c.majorCode, lang);
      const kindWord = c.kind === 'component' ? (lang === 'en' ? 'component' : '部件') : lang === 'en' ? 'matter' : '事件';
      return {
        service_code: serviceCodeOf(c.kind, c.code),
        service_name: lang === 'en' ? c.nameEn : c.nameZh,
        description: (byClass.get(`${c.kind}:${c.code}`) ?? []).join(lang === 'en' ? '; ' : '；') || (lang === 'en' ? c.nameEn : c.nameZh),
        metadata: true,
        type: 'realtime',
        keywords: [kindWord, group, c.code].join(','),
        group,
      };
    });
}

interface ServiceDefinition {
  kind: 'component' | 'matter';
  code: string;
  name: { zh: string; en: string };
  defs: AttributeDef[];
  /** The tightest handling limit of the class's filing conditions, for the service notice. */
  minLimit: { amount: number; unit: string } | null;
}

async function definitionOf(ctx: AppContext, serviceCode: string): Promise<ServiceDefinition> {
  const ref = parseServiceCode(serviceCode);
  if (!ref) throw notFound(`service_code ${serviceCode} not found: codes are C + component class code or M + matter class code, e.g. M09006`);
  const cls = await findClass(ctx.db, ref.kind, ref.code);
  if (!cls || !cls.active) throw notFound(`service_code ${serviceCode} not found`);
  const conditions = await listFilingConditions(ctx.db, ref.kind, ref.code);
  const minLimit = conditions.length ? conditions.reduce((a, b) => (limitMinutes(b.limitAmount, b.limitUnit) < limitMinutes(a.limitAmount, a.limitUnit) ? b : a)) : null;
  return {
    kind: ref.kind,
    code: ref.code,
    name: { zh: cls.nameZh, en: cls.nameEn },
    defs: attributesFor(conditions),
    minLimit: minLimit ? { amount: minLimit.limitAmount, unit: minLimit.limitUnit } : null,
  };
}

// Only to pick the tightest limit for the service notice; working time counts 8 hours a day.
function limitMinutes(amount: number, unit: string): number {
  const per: Record<string, number> = { working_minutes: 1, clock_minutes: 1, working_hours: 60, clock_hours: 60, working_days: 480, natural_days: 1440 };
  return amount * (per[unit] ?? 1);
}

export async function serviceDefinition(ctx: AppContext, serviceCode: string, f: FormFields, lang: Lang): Promise<Value> {
  checkJurisdiction(ctx, f);
  const d = await definitionOf(ctx, serviceCode);
  return {
    service_code: serviceCodeOf(d.kind, d.code),
    attributes: d.defs.map((a) => ({
      variable: a.variable,
      code: a.code,
      datatype: a.datatype,
      required: a.required,
      datatype_description: a.datatypeDescription[lang],
      order: a.order,
      description: a.description[lang],
      ...(a.values ? { values: a.values.map((v) => ({ key: v.key, name: v.name[lang] })) } : {}),
    })),
  };
}

// ------------------------------------------------------------------ reading service requests

function dateParam(f: FormFields, name: string): Date | undefined {
  const s = field(f, name);
  if (!s) return undefined;
  // W3C date-times. A missing zone is read as Beijing time; a '+' that arrived unencoded in a query string reads as a space.
  const m = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?))?(Z|[+\- ]\d{2}:?\d{2})?$/.exec(s);
  const zone = (m?.[3] ?? '+08:00').replace(/^ /, '+').replace(/^([+-]\d{2})(\d{2})$/, '$1:$2');
  const t = m ? Date.parse(`${m[1]}T${m[2] ?? '00:00'}${zone}`) : NaN;
  if (!Number.isFinite(t)) throw badRequest(`${name} must be a W3C date-time such as 2026-11-01T00:00:00+08:00`);
  return new Date(t);
}

/** start_date/end_date: the most recent 90 days by default, and never more than 90 days. */
function dateWindow(f: FormFields, now: Date): { from: Date; to: Date } {
  const start = dateParam(f, 'start_date');
  const end = dateParam(f, 'end_date');
  const to = end ?? (start ? new Date(start.getTime() + MAX_SPAN) : now);
  const from = start ?? new Date(to.getTime() - MAX_SPAN);
  if (from.getTime() > to.getTime()) throw badRequest('start_date must not be after end_date');
  if (to.getTime() - from.getTime() > MAX_SPAN) throw badRequest('start_date and end_date may not span more than 90 days');
  return { from, to };
}

/** The page/page_size extension; 1000 records per page by default, as the spec's default limit. */
function paging(f: FormFields): { limit: number; offset: number } {
  const page = field(f, 'page') ?? '1';
  const size = field(f, 'page_size') ?? '1000';
  if (!/^\d{1,6}$/.test(page) || Number(page) < 1) throw badRequest('page must be a whole number from 1');
  if (!/^\d{1,4}$/.test(size) || Number(size) < 1 || Number(size) > 1000) throw badRequest('page_size must be a whole number from 1 to 1000');
  return { limit: Number(size), offset: (Number(page) - 1) * Number(size) };
}

const commaList = (f: FormFields, name: string) => fieldList(f, name).flatMap((s) => s.split(',')).map((s) => s.trim()).filter(Boolean);
const isTrue = (f: FormFields, name: string) => /^(true|1|yes)$/i.test(field(f, name) ?? '');

function detailedOf(r: { state: string; lastAction: string | null; duplicateOf: string | null; closeType: string | null }): ExtendedStatus {
  return extendedStatus({ state: r.state as CaseState, action: r.lastAction, duplicate: !!r.duplicateOf, closeType: r.closeType });
}

/**
 * What a reader may see. Without a key: what the public portal shows (no invalid, cancelled or hidden cases; the
 * report text only once moderation published it; approximate places for private classes; no media). A key with
 * scope 'all' sees every case in full; one with scope 'own' sees its own cases in full and the rest as the public does.
 */
interface Viewer {
  all: boolean;
  ownerId: string | null;
  coarsenDegrees: number;
}

async function viewerOf(ctx: AppContext, caller: KeyCaller | null): Promise<Viewer> {
  return { all: caller?.key.scope === 'all', ownerId: caller?.actor.id ?? null, coarsenDegrees: (await publicSettings(ctx)).coarsenDegrees };
}

const seesInFull = (v: Viewer, r: { createdBy: string | null }) => v.all || (v.ownerId !== null && r.createdBy === v.ownerId);

/** A case as a GeoReport service request, as the viewer may see it. */
function requestView(r: repo.RequestRow, lang: Lang, extensions: boolean, v: Viewer, notes?: Value[]): Value {
  const full = seesInFull(v, r);
  const state = r.state as CaseState;
  const area = `${r.streetName ?? ''}${r.communityName ?? ''}`;
  const [lng, lat] = !full && r.privatePoint ? coarsen(r.lng, r.lat, v.coarsenDegrees) : [r.lng, r.lat];
  const publicText = r.textStatus === 'published' ? r.description : r.textStatus === 'redacted' ? (r.redactedText ?? undefined) : undefined;
  const view: Record<string, Value> = {
    service_request_id: r.number,
    status: open311Status(state),
    status_notes: PUBLIC_STATE_TEXT[state][lang],
    service_name: (lang === 'en' ? r.classNameEn : r.classNameZh) ?? r.classCode,
    service_code: serviceCodeOf(r.kind, r.classCode),
    description: full ? r.description : publicText,
    agency_responsible: (lang === 'en' ? r.departmentNameEn : r.departmentNameZh) ?? undefined,
    requested_datetime: r.createdAt,
    updated_datetime: r.updatedAt,
    expected_datetime: r.handleDeadline && open311Status(state) === 'open' ? r.handleDeadline : undefined,
    address: full ? r.locationText : area || undefined,
    address_id: (full || !r.privatePoint ? r.gridCode : r.communityCode) ?? undefined,
    lat,
    long: lng,
    media_url: full ? (r.mediaUrls?.[0] ?? undefined) : undefined,
  };
  if (extensions) {
    view.detailed_status = detailedOf(r).toLowerCase();
    view.extended_attributes = {
      state: r.state,
      source: r.source,
      urgency: r.urgency,
      street: r.streetName ?? undefined,
      community: r.communityName ?? undefined,
      approximate: !full && !!r.privatePoint,
      close_type: r.closeType ?? undefined,
      closed_at: r.closedAt ?? undefined,
    };
    if (notes) view.notes = notes;
  }
  return view;
}

export async function listRequests(ctx: AppContext, caller: KeyCaller | null, f: FormFields, lang: Lang): Promise<Value> {
  checkJurisdiction(ctx, f);
  const viewer = await viewerOf(ctx, caller);
  const visibility = viewer.all ? {} : { publicOr: { createdBy: viewer.ownerId } };
  const extensions = isTrue(f, 'extensions');
  const ids = commaList(f, 'service_request_id');
  if (ids.length) {
    // The spec: service_request_id overrides all other arguments.
    if (ids.length > 1000) throw badRequest('at most 1000 service_request_id values');
    const rows = await repo.listRequests(ctx.db, { numbers: ids, ...visibility, limit: 1000, offset: 0 });
    return rows.map((r) => requestView(r, lang, extensions, viewer));
  }
  const codes = commaList(f, 'service_code');
  const classes = codes.map((c) => {
    const ref = parseServiceCode(c);
    if (!ref) throw badRequest(`service_code ${c} is not a service code (C + component class code or M + matter class code, e.g. M09006)`);
    return ref;
  });
  const statuses = new Set(commaList(f, 'status').map((s) => s.toLowerCase()));
  for (const s of statuses) if (s !== 'open' && s !== 'closed') throw badRequest(`status ${s} is not open or closed`);
  const { from, to } = dateWindow(f, ctx.now());
  const rows = await repo.listRequests(ctx.db, {
    classes: classes.length ? classes : undefined,
    from,
    to,
    open: statuses.size === 1 ? statuses.has('open') : undefined,
    ...visibility,
    ...paging(f),
  });
  return rows.map((r) => requestView(r, lang, extensions, viewer));
}

const PUBLIC_NOTE_ACTIONS = new Set(['reject', 'handle']);

function updateText(e: { action: string; toState: string; note: string | null }, lang: Lang, withNotes: boolean): string {
  const base = PUBLIC_STATE_TEXT[e.toState as CaseState]?.[lang] ?? e.toState;
  // Rejection reasons and the department's account of the work are what a reporter wants to read.
  return withNotes && e.note && PUBLIC_NOTE_ACTIONS.has(e.action) ? `${base}${lang === 'en' ? ': ' : '：'}${e.note}` : base;
}

function eventStatus(e: { action: string; toState: string; payload: unknown }): ExtendedStatus {
  const p = (e.payload ?? {}) as { duplicateOf?: string; closeType?: string };
  return extendedStatus({ state: e.toState as CaseState, action: e.action, duplicate: !!p.duplicateOf, closeType: p.closeType ?? null });
}

export async function getRequest(ctx: AppContext, caller: KeyCaller | null, id: string, f: FormFields, lang: Lang): Promise<Value> {
  checkJurisdiction(ctx, f);
  const viewer = await viewerOf(ctx, caller);
  const r = id.length <= 64 ? await repo.findRequest(ctx.db, id) : null;
  const full = !!r && seesInFull(viewer, r);
  if (!r || (!full && (r.caseHidden || r.state === 'invalid' || r.state === 'cancelled'))) throw notFound(`service_request_id ${id} not found`);
  const extensions = isTrue(f, 'extensions');
  const notes = extensions
    ? (await repo.stateEventsOf(ctx.db, r.id)).map((e) => ({
        datetime: e.at,
        type: e.action,
        status: eventStatus(e).toLowerCase(),
        summary: updateText(e, lang, full),
      }))
    : undefined;
  return [requestView(r, lang, extensions, viewer, notes)];
}

export async function tokenRequest(ctx: AppContext, token: string, f: FormFields): Promise<Value> {
  checkJurisdiction(ctx, f);
  const ref = token.length <= 64 ? await refs.findRefByToken(ctx.db, token) : null;
  const r = ref ? await repo.findRequest(ctx.db, ref.caseId) : null;
  if (!r) throw notFound(`token ${token} not found`);
  return [{ service_request_id: r.number, token }];
}

// ------------------------------------------------------------------ reporting

const EMAIL = /^[^\s@]{1,64}@[^\s@]{1,255}$/;
const PHONE = /^[0-9+\- ]{5,20}$/;

function personName(first?: string, last?: string): string | undefined {
  if (!first && !last) return undefined;
  // Chinese names are written family name first, without a space.
  const cjk = /[\u3400-\u9fff]/.test(`${first ?? ''}${last ?? ''}`);
  return (cjk ? `${last ?? ''}${first ?? ''}` : [first, last].filter(Boolean).join(' ')).slice(0, 50);
}

async function locationOf(ctx: AppContext, f: FormFields): Promise<{ lng: number; lat: number; address?: string }> {
  const latS = field(f, 'lat');
  const lngS = field(f, 'long');
  const address = field(f, 'address_string')?.slice(0, 256);
  if (latS !== undefined || lngS !== undefined) {
    const lat = Number(latS);
    const lng = Number(lngS);
    if (latS === undefined || lngS === undefined || !Number.isFinite(lat) || !Number.isFinite(lng) || Math.abs(lat) > 90 || Math.abs(lng) > 180)
      throw badRequest('lat and long must both be sent as WGS84 decimal degrees');
    return { lng, lat, address };
  }
  const addressId = field(f, 'address_id');
  if (addressId) {
    const p = await locateByCode(ctx.db, addressId);
    if (!p) throw badRequest(`address_id ${addressId} is not a grid (15 digits), community (12) or street (9) code of the district`);
    return { lng: p.lng, lat: p.lat, address };
  }
  if (address) {
    const p = await locateByText(ctx.db, address);
    if (!p) throw badRequest('address_string names no community or street of the district; send lat and long');
    return { lng: p.lng, lat: p.lat, address };
  }
  throw badRequest('a location is required: lat and long, address_string or address_id');
}

function mediaUrls(f: FormFields): string[] {
  const urls = fieldList(f, 'media_url');
  if (urls.length > 12) throw badRequest('at most 12 media_url values');
  for (const u of urls) {
    let ok = false;
    try {
      ok = u.length <= 2000 && ['http:', 'https:'].includes(new URL(u).protocol);
    } catch {
      ok = false;
    }
    if (!ok) throw badRequest(`media_url ${u.slice(0, 100)} is not an http(s) URL`);
  }
  return urls;
}

export interface SubmitResult {
  answer: Value;
  token: string;
  replayed: boolean;
}

export async function submitRequest(ctx: AppContext, caller: KeyCaller, f: FormFields, lang: Lang, idempotencyKey?: string): Promise<SubmitResult> {
  requireKeyAction(caller, 'open311.submit');
  const jurisdiction = checkJurisdiction(ctx, f);
  const serviceCode = field(f, 'service_code');
  if (!serviceCode) throw badRequest('service_code was not provided');
  const def = await definitionOf(ctx, serviceCode);
  const place = await locationOf(ctx, f);
  const attrs = checkAttributes(def.defs, attributeFields(f));
  const media = mediaUrls(f);
  const email = field(f, 'email');
  const phone = field(f, 'phone');
  const problems = [...attrs.errors];
  if (email && !EMAIL.test(email)) problems.push('email is not an email address');
  if (phone && phone.length > 40) problems.push('phone is too long');
  const text = (field(f, 'description') ?? '').replace(/\r\n?/g, '\n');
  if (text.length > 4000) problems.push('description may have at most 4000 characters');
  if (problems.length) throw badRequest(...problems);

  // The case description: what the reporter wrote, then the attribute answers, so that staff read everything in one place.
  const lines = describeAttributes(def.defs, attrs.values, 'zh');
  const head = text.trim() || def.name.zh;
  let description = [head, ...lines].join('\n');
  if (description.length > 2000) description = `${description.slice(0, 1999)}…`;
  const name = personName(field(f, 'first_name'), field(f, 'last_name'));
  const reporterPhone = phone && PHONE.test(phone) ? phone : undefined;
  const input: CaseCreate = CaseCreateSchema.parse({
    source: channelOf(caller),
    kind: def.kind,
    classCode: def.code,
    description,
    locationText: place.address,
    lng: place.lng,
    lat: place.lat,
    crs: 'WGS84',
    reporter: name || reporterPhone ? { ...(name ? { name } : {}), ...(reporterPhone ? { phone: reporterPhone } : {}) } : undefined,
  });
  const created = await createCase(ctx, caller.actor, input, idempotencyKey);
  const ref = await refs.insertCaseRef(ctx.db, {
    caseId: created.case.id,
    apiKeyId: caller.key.id,
    channel: 'open311',
    externalId: idempotencyKey ?? null,
    token: crypto.randomBytes(12).toString('base64url'),
    attributes: { ...attrs.values, ...(Object.keys(attrs.extra).length ? { _extra: attrs.extra } : {}), ...(text.length > 1500 ? { _description: text } : {}) },
    mediaUrls: media,
    contact: {
      ...(email ? { email } : {}),
      ...(field(f, 'first_name') ? { first_name: field(f, 'first_name') } : {}),
      ...(field(f, 'last_name') ? { last_name: field(f, 'last_name') } : {}),
      ...(phone ? { phone } : {}),
      ...(field(f, 'device_id') ? { device_id: field(f, 'device_id') } : {}),
      ...(field(f, 'account_id') ? { account_id: field(f, 'account_id') } : {}),
      ...(jurisdiction ? { jurisdiction_id: jurisdiction } : {}),
    },
    createdAt: ctx.now(),
  });
  const unit = def.minLimit ? LIMIT_UNIT_LABELS[def.minLimit.unit] : null;
  const limit = def.minLimit && unit ? (lang === 'en' ? ` Usual time to fix: ${def.minLimit.amount} ${unit.en}.` : `此类问题一般处置时限为 ${def.minLimit.amount} ${unit.zh}。`) : '';
  const notice = lang === 'en' ? `Received as case ${created.case.number}.${limit}` : `已收到，案卷编号 ${created.case.number}。${limit}`;
  const account = field(f, 'account_id');
  return {
    answer: [{ service_request_id: created.case.number, service_notice: notice, ...(account ? { account_id: account } : {}) }],
    token: ref.token!,
    replayed: created.replayed,
  };
}

// ------------------------------------------------------------------ servicerequestupdates (mySociety extension)

export async function listUpdates(ctx: AppContext, caller: KeyCaller, f: FormFields, lang: Lang): Promise<Value> {
  requireKeyAction(caller, 'open311.updates');
  checkJurisdiction(ctx, f);
  const { from, to } = dateWindow(f, ctx.now());
  const rows = await repo.listUpdates(ctx.db, {
    from,
    to,
    createdBy: caller.key.scope === 'own' ? caller.actor.id : undefined,
    excludeActorId: caller.actor.id,
    ...paging(f),
  });
  return rows.map((e) => ({
    update_id: String(e.id),
    service_request_id: e.number,
    status: eventStatus(e).toLowerCase(),
    updated_datetime: e.at,
    description: updateText(e, lang, true),
    external_status_code: e.toState,
  }));
}

export async function postUpdate(ctx: AppContext, caller: KeyCaller, f: FormFields, lang: Lang): Promise<Value> {
  requireKeyAction(caller, 'open311.updates');
  checkJurisdiction(ctx, f);
  const srid = field(f, 'service_request_id');
  const updateId = field(f, 'update_id') ?? field(f, 'update_id_ext');
  const status = field(f, 'status')?.toUpperCase();
  const description = (field(f, 'description') ?? '').replace(/\r\n?/g, '\n');
  const media = mediaUrls(f);
  const problems: string[] = [];
  if (!srid) problems.push('service_request_id was not provided');
  if (!updateId) problems.push('update_id was not provided');
  else if (updateId.length > 100) problems.push('update_id is too long');
  if (!status) problems.push('status was not provided');
  else if (!(EXTENDED_STATUSES as readonly string[]).includes(status)) problems.push(`status ${status} is not one of ${EXTENDED_STATUSES.join(', ')}`);
  if (!description && media.length === 0) problems.push('description was not provided');
  if (description.length > 1800) problems.push('description may have at most 1800 characters');
  if (field(f, 'updated_datetime')) dateParam(f, 'updated_datetime');
  if (problems.length) throw badRequest(...problems);

  const r = await repo.findRequest(ctx.db, srid!);
  if (!r || (caller.key.scope === 'own' && r.createdBy !== caller.actor.id)) throw notFound(`service_request_id ${srid} not found`);
  if (!(await refs.claimUpdateRef(ctx.db, caller.key.id, updateId!, r.id, ctx.now()))) {
    const prior = await refs.findUpdateRef(ctx.db, caller.key.id, updateId!);
    if (prior?.caseEventId) return [{ update_id: String(prior.caseEventId) }];
    throw badRequest(`update ${updateId} is being recorded; try again shortly`);
  }
  try {
    if (open311Status(r.state as CaseState) === 'closed')
      throw badRequest(lang === 'en' ? `case ${r.number} is closed and takes no more updates; report the problem again` : `案卷 ${r.number} 已办结，不再接收补充信息，请重新上报`);
    const who = personName(field(f, 'first_name'), field(f, 'last_name'));
    const note = [`[Open311 ${caller.key.name}${who ? ` · ${who}` : ''}${status === 'OPEN' ? '' : ` · ${status}`}] ${description}`, ...media].join('\n').trim().slice(0, 2000).trim();
    await actOnCase(ctx, caller.actor, r.id, 'comment', { note });
    const eventId = await repo.latestNoteEvent(ctx.db, r.id, caller.actor.id, note);
    await refs.completeUpdateRef(ctx.db, caller.key.id, updateId!, eventId!);
    return [{ update_id: String(eventId) }];
  } catch (err) {
    await refs.releaseUpdateRef(ctx.db, caller.key.id, updateId!);
    throw err;
  }
}
