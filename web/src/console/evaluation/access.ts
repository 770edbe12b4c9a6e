// Who sees which evaluation screen (the API checks again: evaluation.read; 督办 is the leader's).
import type { Role } from '../../shared/types';

/** Rankings: everyone who reads the whole evaluation (department users get only their own row from the API). */
export const RANKING_ROLES: readonly Role[] = ['leader', 'chief', 'dispatcher', 'operator', 'admin'];
/** The leader dashboard, the big screen and the monthly report. */
export const DASHBOARD_ROLES: readonly Role[] = ['leader', 'chief', 'dispatcher', 'admin'];
/** Who may send a 督办 note (the workflow's `urge` action). */
export const URGE_ROLES: readonly Role[] = ['leader'];
