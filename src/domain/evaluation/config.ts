// Evaluation settings: composite weights per scope, grade thresholds, and which sources count as public or hotline.
// Defaults follow DOMAIN.md §6 (one deployment's weights); a deployment changes them without code.
import { z } from 'zod';
import { SOURCES } from '../workflow';
import { COUNT_KEYS, INDICATOR_KEYS, SCOPE_KINDS, type CountKey, type IndicatorKey, type ScopeKind } from './indicators';
import { SATISFACTION_LEVELS } from './rating';

export const GRADES = ['A', 'B', 'C', 'D', 'E'] as const;
export type Grade = (typeof GRADES)[number];

export const WEIGHT_KEYS = [...INDICATOR_KEYS, 'volume'] as const;
export type WeightKey = IndicatorKey | 'volume';

export const CompositeSchema = z
  .object({
    /** Weight of each indicator (and of the volume score); rescaled to sum to 1 over the indicators that have data. */
    weights: z.partialRecord(z.enum(WEIGHT_KEYS), z.number().min(0).max(100)),
    /** The count the volume score (工作量得分) is based on: 100 × own count ÷ the largest count in the ranking. */
    volume: z.enum(COUNT_KEYS as [CountKey, ...CountKey[]]).optional(),
  })
  .refine((c) => !c.weights.volume || c.volume, { message: 'a volume weight needs the volume count', path: ['volume'] });
export type Composite = z.infer<typeof CompositeSchema>;

export const EvaluationConfigSchema = z.object({
  composites: z.partialRecord(z.enum(SCOPE_KINDS), CompositeSchema),
  /** Lowest composite score of each grade; below D is E. */
  grades: z
    .object({ A: z.number(), B: z.number(), C: z.number(), D: z.number() })
    .refine((g) => g.A >= g.B && g.B >= g.C && g.C >= g.D, { message: 'grade thresholds must not increase from A to D' }),
  publicSources: z.array(z.enum(SOURCES)),
  hotlineSources: z.array(z.enum(SOURCES)),
  satisfiedLevels: z.array(z.enum(SATISFACTION_LEVELS)),
});
export type EvaluationConfig = z.infer<typeof EvaluationConfigSchema>;

/** No DOMAIN.md formula exists for operators and areas: these two are our defaults, to be set by each deployment. */
const AREA_COMPOSITE: Composite = { weights: { closeRate: 30, closeOnTimeRate: 30, reworkRate: 20, publicReportRate: 20 } };

export const DEFAULT_EVALUATION_CONFIG: EvaluationConfig = {
  composites: {
    inspector: { weights: { validReportRate: 40, missedReportRate: 20, verifyOnTimeRate: 20, checkOnTimeRate: 20 } },
    chief: { weights: { fileOnTimeRate: 25, fileAccuracyRate: 40, chiefCloseOnTimeRate: 35 } },
    dispatcher: { weights: { volume: 20, dispatchOnTimeRate: 40, dispatchAccuracyRate: 40 }, volume: 'toDispatch' },
    department: { weights: { closeRate: 30, handleOnTimeRate: 30, reworkRate: 30, volume: 10 }, volume: 'dueToClose' },
    operator: { weights: { intakeOnTimeRate: 50, sendCheckOnTimeRate: 50 } },
    all: AREA_COMPOSITE,
    street: AREA_COMPOSITE,
    community: AREA_COMPOSITE,
    grid: AREA_COMPOSITE,
    class: AREA_COMPOSITE,
  },
  grades: { A: 90, B: 75, C: 60, D: 40 },
  publicSources: ['citizen', 'hotline', 'media', 'petition', 'walk_in'],
  hotlineSources: ['hotline'],
  satisfiedLevels: ['satisfied', 'basic'],
};

/** The stored settings document over the defaults: a partial document only changes what it names. */
export function resolveConfig(stored: unknown): EvaluationConfig {
  if (!stored || typeof stored !== 'object') return DEFAULT_EVALUATION_CONFIG;
  const s = stored as Partial<EvaluationConfig>;
  return EvaluationConfigSchema.parse({
    ...DEFAULT_EVALUATION_CONFIG,
    ...s,
    composites: { ...DEFAULT_EVALUATION_CONFIG.composites, ...(s.composites ?? {}) },
  });
}

export function compositeFor(config: EvaluationConfig, scope: ScopeKind): Composite | null {
  return config.composites[scope] ?? null;
}
