// The work queues: which roles see which, in what order, and the main action a row's shortcut opens.
import type { ActionName, CaseSummary, Queue, Role } from '../../shared/types';

/** Queues in the order a centre works them, each with the roles that hold it. */
export const QUEUE_ORDER: { queue: Queue; roles: Role[] }[] = [
  { queue: 'verify', roles: ['operator'] },
  { queue: 'selfFix', roles: ['operator'] },
  { queue: 'tasks', roles: ['inspector'] },
  { queue: 'file', roles: ['chief'] },
  { queue: 'cancel', roles: ['chief'] },
  { queue: 'dispatch', roles: ['dispatcher'] },
  { queue: 'approve', roles: ['dispatcher'] },
  { queue: 'handle', roles: ['department'] },
  { queue: 'sendCheck', roles: ['operator'] },
  { queue: 'close', roles: ['chief'] },
  { queue: 'suspended', roles: ['dispatcher', 'chief'] },
];

export function queuesFor(roles: readonly Role[]): Queue[] {
  return QUEUE_ORDER.filter((q) => q.roles.some((r) => roles.includes(r))).map((q) => q.queue);
}

/** The action that moves a case out of the queue: what the "a" shortcut and the row button open. */
export function mainAction(queue: Queue, c: Pick<CaseSummary, 'state' | 'pending' | 'selfFix'>, roles: readonly Role[]): ActionName | null {
  switch (queue) {
    case 'verify':
      return 'sendVerify';
    case 'selfFix':
      return 'approveSelfFix';
    case 'file':
      return 'file';
    case 'cancel':
      return 'approveCancel';
    case 'dispatch':
      return 'dispatch';
    case 'approve':
      if (c.state === 'returned') return 'redispatch';
      if (c.pending?.kind === 'extension') return 'approveExtension';
      if (c.pending?.kind === 'suspension') return 'approveSuspension';
      return null;
    case 'suspended':
      return roles.includes('dispatcher') ? 'resume' : 'close';
    case 'handle':
      return c.state === 'dispatched' ? 'accept' : 'handle';
    case 'sendCheck':
      return 'sendCheck';
    case 'tasks':
      return c.state === 'verifying' ? 'verify' : c.state === 'checking' ? 'check' : null;
    case 'close':
      return 'close';
  }
}
