// Citizens' ratings of how a case was dealt with (回访评价), the input of the hotline satisfaction rate (满意率).
// No workflow action records them yet: a future `rate` event (no state change) carries this payload, and the
// evaluation reads the latest one of each case.
import { z } from 'zod';

export const SATISFACTION_LEVELS = ['satisfied', 'basic', 'unsatisfied'] as const; // 满意 / 基本满意 / 不满意
export type Satisfaction = (typeof SATISFACTION_LEVELS)[number];

/** The payload of a `rate` event. */
export const RatingSchema = z.object({
  satisfaction: z.enum(SATISFACTION_LEVELS),
  /** Whether the citizen says the problem is solved (for a future, callback-based resolution rate). */
  resolved: z.boolean().optional(),
  /** How the rating was taken: a callback by the hotline, or the citizen in the app. */
  channel: z.enum(['callback', 'app', 'sms']).optional(),
});
export type Rating = z.infer<typeof RatingSchema>;

/** The action name the evaluation reads ratings from. */
export const RATE_ACTION = 'rate';
