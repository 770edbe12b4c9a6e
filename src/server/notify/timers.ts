// Firing timers: reminder and escalation stages of running steps, and the emergency handling of urgent reports.
// A timer is claimed with FOR UPDATE SKIP LOCKED and a lease, and settled in the transaction that does its work,
// guarded by its attempt count: whichever process fires it, it fires once.
import type { Stage } from '../../domain/escalation';
import type { Recipient } from '../../domain/notify';
import { STEP_OF_STATE, type CaseState } from '../../domain/workflow';
import * as caseRepo from '../cases/case.repository';
import type { AppContext } from '../context';
import { caseParams, shortTime, stageKey, STEP_WORDS } from './case-events';
import { runEmergency } from './emergency';
import * as repo from './notify.repository';
import { notify } from './notify.service';

const TARGET_WORDS: Record<string, { zh: string; en: string }> = {
  holder: { zh: '承办方', en: 'the holder' },
  head: { zh: '部门负责人', en: 'the department head' },
  supervision: { zh: '监督中心', en: 'the supervision centre' },
  command: { zh: '指挥中心', en: 'the command centre' },
  leader: { zh: '分管领导', en: 'the leader in charge' },
};

/** The centre whose own step it is (监督中心: verify, file, check, close; 指挥中心: dispatch, approvals). */
const centreOf = (step: string) => (step === 'dispatch' || step === 'approve' ? 'command' : 'supervision') as 'command' | 'supervision';

/** Who a stage's targets are, for the case in its step. */
export function stageRecipients(targets: Stage['targets'], c: caseRepo.CaseRow, step: string): Recipient[] {
  const out: Recipient[] = [];
  for (const t of targets) {
    switch (t) {
      case 'holder':
        if (step === 'handle' && c.departmentId) out.push({ department: c.departmentId });
        else if ((step === 'verify' || step === 'check') && c.assigneeId) out.push({ user: c.assigneeId });
        else out.push({ role: step === 'verify' || step === 'check' ? 'operator' : step === 'file' || step === 'close' ? 'chief' : 'dispatcher' });
        break;
      case 'head':
        out.push(step === 'handle' && c.departmentId ? { departmentHead: c.departmentId } : { duty: centreOf(step) });
        break;
      case 'supervision':
      case 'command':
        out.push({ duty: t });
        break;
      case 'leader':
        out.push({ leaderInCharge: step === 'handle' ? c.departmentId : null });
        break;
    }
  }
  return out;
}

function holderWords(step: string, department: unknown): { zh: string; en: string } {
  if (step === 'handle' && department && typeof department === 'object') return department as { zh: string; en: string };
  if (step === 'verify' || step === 'check') return { zh: '监督员', en: 'the inspector' };
  return centreOf(step) === 'command' ? { zh: '指挥中心', en: 'the command centre' } : { zh: '监督中心', en: 'the supervision centre' };
}

export interface TimerSummary {
  fired: number;
  cancelled: number;
}

/** Fires what is due, once; call again until nothing is. */
export async function fireDueTimers(ctx: AppContext, opts: { limit?: number; leaseMs?: number } = {}): Promise<TimerSummary> {
  const now = ctx.now();
  const claimed = await repo.claimDueTimers(ctx.db, now, new Date(now.getTime() + (opts.leaseMs ?? 120_000)), opts.limit ?? 20);
  const summary: TimerSummary = { fired: 0, cancelled: 0 };
  for (const t of claimed) {
    const outcome = t.kind === 'emergency' ? await runEmergency(ctx, t) : await fireStage(ctx, t);
    if (outcome === 'fired') summary.fired++;
    else if (outcome === 'cancelled') summary.cancelled++;
  }
  return summary;
}

async function fireStage(ctx: AppContext, t: repo.TimerRow): Promise<'fired' | 'cancelled' | 'lost'> {
  const now = ctx.now();
  let escalated: caseRepo.CaseRow | null = null;
  const outcome = await ctx.db.transaction(async (tx) => {
    const c = await caseRepo.lockCase(tx, t.caseId);
    const index = Number(t.key.slice(t.key.lastIndexOf('#') + 1));
    const step = c ? STEP_OF_STATE[c.state as CaseState] : null;
    // The step has ended or its deadline moved since the timer was set: nothing to say any more.
    if (!c || !step || stageKey(c, index) !== t.key) {
      return (await repo.finishTimer(tx, t.id, t.attempts, 'cancelled', now, 'the step ended or its deadline moved')) ? 'cancelled' : 'lost';
    }
    if (!(await repo.finishTimer(tx, t.id, t.attempts, 'fired', now))) return 'lost';
    const stage = t.stage as Stage;
    const params = await caseParams(tx, c);
    const targets = { zh: stage.targets.map((x) => TARGET_WORDS[x].zh).join('、'), en: stage.targets.map((x) => TARGET_WORDS[x].en).join(', ') };
    const words = { ...params, step: STEP_WORDS[step], level: t.level, holder: holderWords(step, params.department), targets, deadline: shortTime(c.stepDeadline) };
    if (stage.action === 'escalate') {
      const updated = await caseRepo.updateCase(tx, c.id, c.version, { updatedAt: now });
      if (!updated) throw new Error('case changed under its lock');
      await caseRepo.insertEvent(tx, {
        caseId: c.id,
        seq: updated.version,
        action: 'escalate',
        fromState: c.state,
        toState: c.state,
        actorId: null,
        role: 'system',
        at: now,
        note: `${STEP_WORDS[step].zh}环节超时（期限 ${shortTime(c.stepDeadline)}），第 ${t.level} 级升级至${targets.zh}`,
        photoIds: [],
        payload: { level: t.level, step, targets: stage.targets, deadline: c.stepDeadline?.toISOString() ?? null, dueAt: t.dueAt.toISOString() },
        stepDeadline: null,
        departmentId: c.departmentId,
      });
      escalated = updated;
    }
    await notify(ctx, tx, {
      kind: stage.action === 'escalate' ? 'deadlineEscalated' : 'deadlineReminder',
      recipients: stageRecipients(stage.targets, c, step),
      params: words,
      dedupeKey: `timer:${t.id}`,
      caseId: c.id,
      caseNumber: c.number,
      urgent: c.urgency === 'urgent' && stage.action === 'escalate',
    });
    return 'fired';
  });
  const e = escalated as caseRepo.CaseRow | null;
  if (e) {
    ctx.bus.publish({ type: 'case', caseId: e.id, number: e.number, action: 'escalate', state: e.state, departmentId: e.departmentId, assigneeId: e.assigneeId, streetCode: e.streetCode, at: now.toISOString() });
  }
  return outcome;
}
