// The access policy: role × action × data scope, in one table, and the one check every service calls first.
import type { Role } from '../../domain/workflow';
import { AppError } from '../errors';

export interface Actor {
  id: string;
  username: string;
  roles: Role[];
  departmentId: string | null;
  /** Set for street-office (街道/乡镇) handlers: their area. */
  streetCode: string | null;
}

/** How much of the data a role sees for an action. */
export type Scope = 'all' | 'department' | 'own';

export type PolicyAction =
  | 'case.create'
  | 'case.read'
  | 'case.act'
  | 'case.export'
  | 'photo.upload'
  | 'catalogue.read'
  | 'catalogue.write'
  | 'org.read'
  | 'org.write'
  | 'users.write'
  | 'settings.write'
  | 'geo.read'
  // ---- field and public
  | 'field.patrol'
  | 'field.positions.read'
  | 'public.moderate'
  | 'public.sms.read'
  // ---- evaluation
  | 'evaluation.read'
  | 'evaluation.urge'
  // ---- base data, components, gazetteer
  | 'basedata.write'
  | 'component.read'
  | 'component.write'
  // ---- petitions (信访) and reception days
  | 'petition.register'
  | 'petition.read'
  | 'petition.identity'
  | 'petition.act'
  | 'petition.convert'
  | 'petition.settings.write'
  | 'reception.read'
  | 'reception.write'
  | 'reception.task.done'
  // ---- notifications, duty roster
  | 'notify.read'
  | 'notify.outbox.read'
  | 'duty.read'
  | 'duty.write'
  // ---- special campaigns and the illegal building register
  | 'campaign.read'
  | 'campaign.write'
  | 'campaign.export'
  | 'illegal_building.read'
  | 'illegal_building.write'
  | 'illegal_building.owner'
  | 'illegal_building.targets'
  // ---- mechanised sweeping
  | 'sweeping.read'
  | 'sweeping.manage'
  | 'sweeping.record'
  // ---- hazard inspections and 双随机、一公开
  | 'inspection.read'
  | 'inspection.manage'
  | 'inspection.declare'
  | 'inspection.record'
  | 'inspection.review'
  // ---- supervision of the plan (督查督办)
  | 'plan.read'
  | 'plan.report'
  | 'plan.urge'
  | 'plan.manage'
  | 'plan.export';

const STAFF: Role[] = ['inspector', 'operator', 'chief', 'dispatcher', 'department', 'leader', 'admin', 'petition'];

/** role → action → scope. A missing entry means "not allowed". */
export const POLICY: Record<PolicyAction, Partial<Record<Role, Scope>>> = {
  // admin: the base data administrator raises cases about components found damaged in the register (部件).
  'case.create': { operator: 'all', inspector: 'all', chief: 'all', dispatcher: 'all', leader: 'all', citizen: 'all', petition: 'all', admin: 'all' },
  'case.read': {
    operator: 'all', chief: 'all', dispatcher: 'all', leader: 'all', admin: 'all',
    department: 'department', // their department's cases, or their street's area for street offices
    inspector: 'own', // reported by them or tasks sent to them
    citizen: 'own', // the citizen portal's system user: the cases it reported
    petition: 'own', // petition staff: the cases they made from petition items
  },
  'case.act': { operator: 'all', chief: 'all', dispatcher: 'all', leader: 'all', department: 'department', inspector: 'own' },
  'case.export': { operator: 'all', chief: 'all', dispatcher: 'all', leader: 'all', admin: 'all', department: 'department' },
  'photo.upload': { ...Object.fromEntries(STAFF.map((r) => [r, 'all'])), citizen: 'all' },
  'catalogue.read': Object.fromEntries(STAFF.map((r) => [r, 'all'])),
  'catalogue.write': { admin: 'all' },
  'org.read': Object.fromEntries(STAFF.map((r) => [r, 'all'])),
  'org.write': { admin: 'all' },
  'users.write': { admin: 'all' },
  'settings.write': { admin: 'all' },
  'geo.read': Object.fromEntries(STAFF.map((r) => [r, 'all'])),
  // ---- field and public. 'citizen' (above) is the portal's system user: citizens have no account, the public API
  // decides what a follow link shows.
  'field.patrol': { inspector: 'own' },
  'field.positions.read': { operator: 'all', chief: 'all', dispatcher: 'all', leader: 'all', admin: 'all' },
  'public.moderate': { operator: 'all', chief: 'all', admin: 'all' },
  'public.sms.read': { admin: 'all' },
  // ---- evaluation: rankings, the cases behind them, the leader dashboard; a department sees its own row.
  'evaluation.read': { leader: 'all', chief: 'all', dispatcher: 'all', operator: 'all', admin: 'all', department: 'department' },
  // 督办 to a whole department (the `urge` case action on each of its overdue cases) is the leaders'.
  'evaluation.urge': { leader: 'all' },
  // ---- base data (streets, communities, grids, beats, gazetteer): staff read through geo.read; only administrators change them.
  'basedata.write': { admin: 'all' },
  'component.read': Object.fromEntries(STAFF.map((r) => [r, 'all'])),
  'component.write': { admin: 'all' },
  // ---- petitions (信访). Petitioners' identity is for petition staff only ('petition.identity'); leaders read the
  // register without it; a department reads and answers the items assigned to it.
  'petition.register': { petition: 'all' },
  'petition.read': { petition: 'all', leader: 'all', department: 'department' },
  'petition.identity': { petition: 'all' },
  'petition.act': { petition: 'all', leader: 'all', department: 'department' },
  'petition.convert': { petition: 'all' },
  'petition.settings.write': { petition: 'all', admin: 'all' },
  'reception.read': { petition: 'all', leader: 'all', department: 'department' },
  'reception.write': { petition: 'all' },
  'reception.task.done': { petition: 'all', department: 'department' },
  // ---- notifications: everyone on the staff has a notification centre of their own; the duty roster is read by all
  // staff and kept by the administrators and shift chiefs.
  'notify.read': Object.fromEntries(STAFF.map((r) => [r, 'own'])),
  'notify.outbox.read': { admin: 'all' },
  'duty.read': Object.fromEntries(STAFF.map((r) => [r, 'all'])),
  'duty.write': { admin: 'all', chief: 'all' },
  // ---- special campaigns (专项整治): every staff role sees the boards (their case lists keep each role's case scope);
  // the command centre's chief, leaders and administrators set campaigns up; the daily report lists every case in scope.
  'campaign.read': Object.fromEntries(STAFF.map((r) => [r, 'all'])),
  'campaign.write': { chief: 'all', leader: 'all', admin: 'all' },
  'campaign.export': { operator: 'all', chief: 'all', dispatcher: 'all', leader: 'all', admin: 'all' },
  // ---- illegal building register (违法建设): departments (the enforcement bureau, street offices) keep their own entries;
  // the owner's identity is private to those who act on the entry.
  'illegal_building.read': { operator: 'all', chief: 'all', dispatcher: 'all', leader: 'all', admin: 'all', department: 'department', inspector: 'all' },
  'illegal_building.write': { operator: 'all', chief: 'all', admin: 'all', department: 'department' },
  'illegal_building.owner': { operator: 'all', chief: 'all', admin: 'all', department: 'department' },
  'illegal_building.targets': { leader: 'all', admin: 'all' },
  // ---- mechanised sweeping: everyone on staff reads the board; administrators keep the road segments and the target;
  // records are entered by administrators, and by department handlers for the segments their unit sweeps or their street has.
  'sweeping.read': Object.fromEntries(STAFF.map((r) => [r, 'all'])),
  'sweeping.manage': { admin: 'all' },
  'sweeping.record': { admin: 'all', department: 'department' },
  // ---- hazard inspections: the centre (chief, admin) keeps plans, register and pool and runs the draws; the drawn
  // inspectors record their own inspections; the chief or a leader reviews and publishes (never their own inspection).
  'inspection.read': { admin: 'all', chief: 'all', leader: 'all', dispatcher: 'all', operator: 'all', department: 'own', inspector: 'own' },
  'inspection.manage': { admin: 'all', chief: 'all' },
  'inspection.declare': { admin: 'all', chief: 'all', department: 'own', inspector: 'own' },
  'inspection.record': { admin: 'all', chief: 'all', department: 'own', inspector: 'own' },
  'inspection.review': { chief: 'all', leader: 'all' },
  // ---- supervision of the plan (督查督办): every staff role follows the board; a department reports on the tasks it
  // leads ('department': checked against the task's lead department); leaders send 督办; leaders and administrators
  // import plans; the monthly report is for the centre and leaders.
  'plan.read': Object.fromEntries(STAFF.map((r) => [r, 'all'])),
  'plan.report': { department: 'department', admin: 'all' },
  'plan.urge': { leader: 'all' },
  'plan.manage': { leader: 'all', admin: 'all' },
  'plan.export': { leader: 'all', admin: 'all', chief: 'all', department: 'all' },
};

const RANK: Record<Scope, number> = { own: 0, department: 1, all: 2 };

/** The widest scope any of the actor's roles has for the action, or null. */
export function scopeFor(actor: Pick<Actor, 'roles'>, action: PolicyAction): Scope | null {
  let best: Scope | null = null;
  for (const role of actor.roles) {
    const s = POLICY[action][role];
    if (s && (best === null || RANK[s] > RANK[best])) best = s;
  }
  return best;
}

/** What a scoped subject looks like to the policy. */
export interface ScopedSubject {
  departmentIds?: (string | null)[]; // departments that hold or held the case
  streetCode?: string | null;
  ownerIds?: (string | null)[]; // reporter, assignee
}

/**
 * Throws FORBIDDEN (or `notFound` to hide existence) unless the actor may do the action on the subject.
 * Returns the scope so that list queries can filter by it.
 */
export function requireAccess(actor: Actor | null, action: PolicyAction, subject?: ScopedSubject, notFound?: AppError): Scope {
  if (!actor) throw new AppError('UNAUTHENTICATED');
  const scope = scopeFor(actor, action);
  if (!scope) throw new AppError('FORBIDDEN', `${action} is not allowed for ${actor.roles.join(',')}`);
  if (!subject || scope === 'all') return scope;
  if (inScope(actor, scope, subject)) return scope;
  throw notFound ?? new AppError('FORBIDDEN');
}

export function inScope(actor: Actor, scope: Scope, s: ScopedSubject): boolean {
  if (scope === 'all') return true;
  if (scope === 'department') {
    if (actor.streetCode && s.streetCode === actor.streetCode) return true;
    return !!actor.departmentId && (s.departmentIds ?? []).includes(actor.departmentId);
  }
  return (s.ownerIds ?? []).includes(actor.id);
}
