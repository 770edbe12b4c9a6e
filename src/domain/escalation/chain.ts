// Deadline escalation (超时督办升级): per step and per class, reminders before the limit and escalations after it,
// as a chain of stages. Pure: the step's times and "now" are passed in; stage times are computed on the working
// calendar in the limit's own kind of time (working time for working limits, the clock for urgent ones).
import { z } from 'zod';
import { isWorkingUnit, LIMIT_UNITS, type LimitUnit, type WorkingCalendar } from '../calendar';

/** The timed steps of a case (STEP_OF_STATE in the workflow). */
export const ESCALATION_STEPS = ['verify', 'file', 'dispatch', 'handle', 'check', 'close', 'approve'] as const;
export type EscalationStep = (typeof ESCALATION_STEPS)[number];

/**
 * Who a stage tells. holder: whoever holds the step (the department, the inspector, the centre's queue);
 * head: the holding department's head (负责人), or the shift chief for the centres' own steps;
 * supervision / command: the people on duty in the supervision / command centre; leader: the leader in charge (分管领导).
 */
export const ESCALATION_TARGETS = ['holder', 'head', 'supervision', 'command', 'leader'] as const;
export type EscalationTarget = (typeof ESCALATION_TARGETS)[number];

/** An offset: a limit unit, or a percentage of the step's own limit (measured in the limit's kind of time). */
export const OFFSET_UNITS = [...LIMIT_UNITS, 'percent_of_limit'] as const;
export type OffsetUnit = LimitUnit | 'percent_of_limit';

export const StageSchema = z.object({
  /** remind: a notification only; escalate: also an `escalate` event on the case (counted in the evaluation). */
  action: z.enum(['remind', 'escalate']),
  /** From which instant the offset runs: the yellow light (warning) or the deadline. */
  anchor: z.enum(['warn', 'deadline']),
  after: z.object({ amount: z.number().min(0).max(10_000), unit: z.enum(OFFSET_UNITS) }),
  targets: z.array(z.enum(ESCALATION_TARGETS)).min(1).max(ESCALATION_TARGETS.length),
});
export type Stage = z.infer<typeof StageSchema>;

export const ChainRuleSchema = z.object({
  /** A step, or '*' for every step without a rule of its own. */
  step: z.union([z.enum(ESCALATION_STEPS), z.literal('*')]),
  /** Narrows the rule to a class (kind + 5-digit code, or a local sub-class code). */
  kind: z.enum(['component', 'matter']).nullable().default(null),
  classCode: z.string().regex(/^\d{5,8}$/).nullable().default(null),
  stages: z.array(StageSchema).max(8),
});
export type ChainRule = z.infer<typeof ChainRuleSchema>;

export const EscalationConfigSchema = z.object({
  rules: z.array(ChainRuleSchema).max(200),
  /** Per department: its head(s) (负责人) and leader(s) in charge (分管领导); user ids. */
  departments: z.record(z.string().uuid(), z.object({ heads: z.array(z.string().uuid()).max(20), leaders: z.array(z.string().uuid()).max(20) })).default({}),
});
export type EscalationConfig = z.infer<typeof EscalationConfigSchema>;

/** The default chain: remind the holder at the yellow light; at the red light the head; half a limit later the centre and the leader. */
export const DEFAULT_ESCALATION: EscalationConfig = {
  rules: [
    {
      step: '*',
      kind: null,
      classCode: null,
      stages: [
        { action: 'remind', anchor: 'warn', after: { amount: 0, unit: 'working_minutes' }, targets: ['holder'] },
        { action: 'escalate', anchor: 'deadline', after: { amount: 0, unit: 'working_minutes' }, targets: ['holder', 'head'] },
        { action: 'escalate', anchor: 'deadline', after: { amount: 50, unit: 'percent_of_limit' }, targets: ['supervision', 'leader'] },
      ],
    },
  ],
  departments: {},
};

/** The chain that applies: a rule for the step and the class, else for the step and the kind, else the step, else '*'. */
export function chainFor(config: EscalationConfig, step: EscalationStep, kind: string, classCode: string): ChainRule | null {
  const score = (r: ChainRule): number => {
    if (r.step !== '*' && r.step !== step) return -1;
    if (r.kind !== null && r.kind !== kind) return -1;
    if (r.classCode !== null && !(classCode === r.classCode || classCode.startsWith(r.classCode))) return -1;
    return (r.step === '*' ? 0 : 4) + (r.classCode !== null ? 2 : 0) + (r.kind !== null ? 1 : 0);
  };
  let best: ChainRule | null = null;
  let bestScore = -1;
  for (const r of config.rules) {
    const s = score(r);
    if (s > bestScore) [best, bestScore] = [r, s];
  }
  return best;
}

/** A running step's clock, as the case row keeps it. */
export interface StepClock {
  startedAt: Date;
  deadline: Date;
  /** The yellow light. */
  warnAt: Date;
  unit: LimitUnit;
}

/** The instant a stage falls due for a step. Never before its anchor. */
export function stageDueAt(cal: WorkingCalendar, clock: StepClock, stage: Stage): Date {
  const anchor = stage.anchor === 'warn' ? clock.warnAt : clock.deadline;
  const { amount, unit } = stage.after;
  if (amount === 0) return anchor;
  if (unit === 'percent_of_limit') {
    const working = isWorkingUnit(clock.unit);
    const total = working ? cal.workingMinutesBetween(clock.startedAt, clock.deadline) : (clock.deadline.getTime() - clock.startedAt.getTime()) / 60_000;
    return cal.addLimit(anchor, { amount: (total * amount) / 100, unit: working ? 'working_minutes' : 'clock_minutes' });
  }
  return cal.addLimit(anchor, { amount, unit });
}

export interface ScheduledStage {
  /** The stage's place in the chain (0-based); escalations are numbered by level from 1. */
  index: number;
  level: number;
  stage: Stage;
  dueAt: Date;
}

/** Every stage of a chain with its due instant, in chain order; escalation levels count the escalate stages. */
export function schedule(cal: WorkingCalendar, clock: StepClock, rule: ChainRule | null): ScheduledStage[] {
  if (!rule) return [];
  let level = 0;
  return rule.stages.map((stage, index) => {
    if (stage.action === 'escalate') level++;
    return { index, level: stage.action === 'escalate' ? level : 0, stage, dueAt: stageDueAt(cal, clock, stage) };
  });
}

/** The stages due at `now` (due instant reached). */
export function dueStages(stages: readonly ScheduledStage[], now: Date): ScheduledStage[] {
  return stages.filter((s) => s.dueAt.getTime() <= now.getTime());
}
