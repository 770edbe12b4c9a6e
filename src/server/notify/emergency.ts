// Emergencies (突发事件): an urgent report that the policy lets skip verification is registered, filed under its
// class's clock-hour condition and dispatched at once by the platform (the "应急自动派遣" system user); the alerts
// to the people on duty come from the rule table. Each step is taken only from the state it starts from, so a
// retry, or an operator who acted first, never makes a step happen twice.
import type { Role } from '../../domain/workflow';
import type { Actor } from '../auth/policy';
import { listFilingConditions } from '../catalogue/catalogue.repository';
import * as caseRepo from '../cases/case.repository';
import { actOnCase, suggestDepartment } from '../cases/case.service';
import type { AppContext } from '../context';
import { findUserByUsername, insertSystemUser } from '../public/public.repository';
import * as repo from './notify.repository';
import { emergencyPolicy } from './notify.service';

export const EMERGENCY_USERNAME = 'emergency-auto';
const NOTE = '突发事件：按应急预案自动受理、立案并派遣（Emergency: handled at once under the emergency policy）';

const actors = new WeakMap<AppContext, Promise<Actor>>();

/** The system user the platform acts as in an emergency; inactive, so nobody can sign in as it. */
export function emergencyActor(ctx: AppContext): Promise<Actor> {
  let p = actors.get(ctx);
  if (!p) {
    p = (async () => {
      let u = await findUserByUsername(ctx.db, EMERGENCY_USERNAME);
      if (!u) {
        await insertSystemUser(ctx.db, { username: EMERGENCY_USERNAME, displayName: '应急自动派遣（系统）', passwordHash: '!system-user-no-login', roles: ['operator', 'chief', 'dispatcher'], active: false, createdAt: ctx.now() });
        u = await findUserByUsername(ctx.db, EMERGENCY_USERNAME);
      }
      if (!u) throw new Error('could not create the emergency system user');
      return { id: u.id, username: u.username, roles: u.roles as Role[], departmentId: null, streetCode: null };
    })();
    p.catch(() => actors.delete(ctx));
    actors.set(ctx, p);
  }
  return p;
}

export async function runEmergency(ctx: AppContext, t: repo.TimerRow): Promise<'fired' | 'cancelled' | 'lost'> {
  const now = ctx.now();
  const c = await caseRepo.findCase(ctx.db, t.caseId);
  const policy = await emergencyPolicy(ctx.db);
  if (!c || c.urgency !== 'urgent' || c.selfFix || !policy.autoDispatch || !policy.skipVerifySources.includes(c.source as never)) {
    // Verification first: the case waits at the top of the verify queue, and the people on duty were alerted.
    return (await repo.finishTimer(ctx.db, t.id, t.attempts, 'cancelled', now, 'the policy asks for verification first')) ? 'cancelled' : 'lost';
  }
  try {
    const actor = await emergencyActor(ctx);
    let state = c.state;
    let version = c.version;
    if (state === 'reported') ({ state, version } = await actOnCase(ctx, actor, c.id, 'register', { note: NOTE }, version));
    if (state === 'verified') {
      const conditions = await listFilingConditions(ctx.db, c.kind, c.classCode);
      const urgent = conditions.find((fc) => fc.limitUnit.startsWith('clock_')) ?? conditions[0];
      if (!urgent) throw new Error(`no filing condition for ${c.kind} ${c.classCode}`);
      ({ state, version } = await actOnCase(ctx, actor, c.id, 'file', { filingCondition: urgent.code, note: NOTE }, version));
    }
    if (state === 'filed') {
      const row = (await caseRepo.findCase(ctx.db, c.id))!;
      const dept = await suggestDepartment(ctx, row);
      if (!dept) throw new Error('the responsibility list names no department');
      await actOnCase(ctx, actor, c.id, 'dispatch', { departmentId: dept.departmentId, note: NOTE }, version);
    }
    return (await repo.finishTimer(ctx.db, t.id, t.attempts, 'fired', ctx.now())) ? 'fired' : 'lost';
  } catch (err) {
    const why = (err instanceof Error ? err.message : String(err)).slice(0, 300);
    // Someone acted on the case meanwhile (a version conflict, a step no longer allowed): people have it in hand.
    if (t.attempts >= 5 || /VERSION_CONFLICT|TRANSITION_NOT_ALLOWED|PENDING_REQUEST/.test(`${(err as { code?: string }).code ?? ''} ${why}`)) {
      return (await repo.finishTimer(ctx.db, t.id, t.attempts, 'cancelled', ctx.now(), why)) ? 'cancelled' : 'lost';
    }
    await repo.releaseTimer(ctx.db, t.id, t.attempts, new Date(now.getTime() + 60_000), why);
    return 'lost';
  }
}
