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
  | 'component.write';

const STAFF: Role[] = ['inspector', 'operator', 'chief', 'dispatcher', 'department', 'leader', 'admin'];

/** role → action → scope. A missing entry means "not allowed". */
export const POLICY: Record<PolicyAction, Partial<Record<Role, Scope>>> = {
  'case.create': { operator: 'all', inspector: 'all', chief: 'all', dispatcher: 'all', leader: 'all', citizen: 'all' },
  'case.read': {
    operator: 'all', chief: 'all', dispatcher: 'all', leader: 'all', admin: 'all',
    department: 'department', // their department's cases, or their street's area for street offices
    inspector: 'own', // reported by them or tasks sent to them
    citizen: 'own', // the citizen portal's system user: the cases it reported
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
