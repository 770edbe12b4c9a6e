// The 12345 hotline channel: a work order (工单) becomes a case through the ordinary intake, and the hotline reads the
// handling result (办理结果) back by its own order number.
import type { CaseState } from '../../domain/workflow';
import { STATE_LABELS } from '../../domain/workflow/labels';
import { requireAccess } from '../auth/policy';
import { CaseCreateSchema } from '../cases/case.schema';
import { createCase, getCase } from '../cases/case.service';
import type { AppContext } from '../context';
import { AppError } from '../errors';
import { parseServiceCode } from '../open311/service-code';
import { extendedStatus, open311Status } from '../open311/status';
import { channelOf, requireKeyAction, type Caller } from './api-key.service';
import { findRefByExternalId, insertCaseRef } from './case-ref.repository';
import { locateByCode, locateByText } from './locate';
import { APPEAL_TYPES, type HotlineWorkOrder } from './hotline.schema';

export const HOTLINE_CHANNEL = 'hotline12345';

function authorise(caller: Caller): void {
  if (caller.kind === 'key') requireKeyAction(caller, 'hotline.submit');
  requireAccess(caller.actor, 'case.create');
}

export async function submitWorkOrder(ctx: AppContext, caller: Caller, order: HotlineWorkOrder) {
  authorise(caller);
  const ref = parseServiceCode(order.serviceCode);
  if (!ref) throw new AppError('UNKNOWN_CLASS', order.serviceCode);
  let point: { lng: number; lat: number; crs: 'WGS84' | 'GCJ02' | 'BD09' } | null = order.location ?? null;
  if (!point) {
    const p = order.addressCode ? await locateByCode(ctx.db, order.addressCode) : order.address ? await locateByText(ctx.db, order.address) : null;
    if (!p) throw new AppError('VALIDATION_FAILED', 'the address names no community or street of the district; send location');
    point = { lng: p.lng, lat: p.lat, crs: 'WGS84' };
  }
  const appeal = APPEAL_TYPES[order.appealType].zh;
  const description = `【12345·${appeal}】${order.title ? `${order.title}\n` : ''}${order.content}`;
  const caller12345 = order.caller && !order.caller.anonymous ? order.caller : undefined;
  const input = CaseCreateSchema.parse({
    source: caller.kind === 'key' ? channelOf(caller, 'hotline') : 'hotline',
    kind: ref.kind,
    classCode: ref.code,
    description,
    locationText: order.address,
    lng: point.lng,
    lat: point.lat,
    crs: point.crs,
    urgency: order.urgency,
    reporter: caller12345?.name || caller12345?.phone ? { ...(caller12345.name ? { name: caller12345.name } : {}), ...(caller12345.phone ? { phone: caller12345.phone } : {}) } : undefined,
  });
  const res = await createCase(ctx, caller.actor, input, `12345:${order.orderNo}`);
  await insertCaseRef(ctx.db, {
    caseId: res.case.id,
    apiKeyId: caller.kind === 'key' ? caller.key.id : null,
    channel: HOTLINE_CHANNEL,
    externalId: order.orderNo,
    attributes: { appealType: order.appealType, ...(order.title ? { title: order.title } : {}), ...(order.acceptedAt ? { acceptedAt: order.acceptedAt } : {}), ...(order.dueAt ? { dueAt: order.dueAt } : {}) },
    mediaUrls: order.attachments,
    contact: caller12345 ? { ...caller12345 } : {},
    createdAt: ctx.now(),
  });
  const c = res.case;
  return {
    orderNo: order.orderNo,
    caseId: c.id,
    caseNumber: c.number,
    state: c.state,
    status: open311Status(c.state),
    detailedStatus: extendedStatus({ state: c.state, duplicate: !!c.duplicateOf, closeType: c.closeType }),
    replayed: res.replayed,
  };
}

/** The hotline's feedback: where its order stands and, once handled, what was done. */
export async function workOrderFeedback(ctx: AppContext, caller: Caller, orderNo: string, lang: 'zh' | 'en') {
  authorise(caller);
  const ref = await findRefByExternalId(ctx.db, caller.kind === 'key' ? caller.key.id : null, HOTLINE_CHANNEL, orderNo);
  if (!ref) throw new AppError('CASE_NOT_FOUND', `work order ${orderNo}`);
  const c = await getCase(ctx, caller.actor, ref.caseId);
  const stateChanges = c.events.filter((e) => e.fromState !== e.toState);
  const last = stateChanges[stateChanges.length - 1];
  const handled = [...c.events].reverse().find((e) => e.action === 'handle');
  return {
    orderNo,
    caseNumber: c.number,
    state: c.state,
    stateLabel: STATE_LABELS[c.state as CaseState][lang],
    status: open311Status(c.state),
    detailedStatus: extendedStatus({ state: c.state, action: last?.action, duplicate: !!c.duplicateOf, closeType: c.closeType }),
    department: (lang === 'en' ? c.departmentNameEn : c.departmentName) ?? null,
    handleDeadline: c.handleDeadline,
    handledAt: c.handledAt,
    closedAt: c.closedAt,
    closeType: c.closeType,
    result: handled?.note ?? null,
    timeline: stateChanges.map((e) => ({
      at: e.at,
      action: e.action,
      label: lang === 'en' ? e.actionLabelEn : e.actionLabel,
      state: e.toState,
      note: e.action === 'handle' || e.action === 'reject' ? e.note : null,
    })),
  };
}
