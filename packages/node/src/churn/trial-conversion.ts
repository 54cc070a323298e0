/**
 * How likely a trial is to convert, from funnel progress and activity: a documented logistic
 * heuristic to use until there is enough history to fit one.
 */
import { activeDaysInLastDays, activityRatio, type CustomerState } from '@retain/core';
import { z } from 'zod';
import { InvalidModelInputError } from './invalid-model-input-error.js';
import { parseInput } from './model-inputs.js';

/** Coefficients of the logistic form. */
export interface TrialConversionCoefficients {
  intercept: number;
  /** Per unit of funnel progress (0 = first step, 1 = completed). */
  funnelProgress: number;
  /** Per unit of the share of active days in the last 14. */
  activeDays: number;
  /** Per unit of activity trend: last 7 days' rate ÷ the 7 before, minus 1, capped to [−1, 1]. */
  trend: number;
}

/**
 * Default coefficients: a customer with no progress and no activity converts with probability
 * ≈ 8%, one who completed onboarding and was active every day with steady activity ≈ 95%.
 */
export const DEFAULT_TRIAL_COEFFICIENTS: Readonly<TrialConversionCoefficients> = Object.freeze({ intercept: -2.5, funnelProgress: 2.5, activeDays: 3, trend: 0.8 });

/** Options of {@link trialConversionLikelihood}. */
export interface TrialConversionOptions {
  /** The onboarding funnel's name. @default 'onboarding' */
  funnel?: string;
  /** Steps in that funnel (progress = furthest index ÷ (steps − 1)). @default 5 */
  funnelSteps?: number;
  coefficients?: Partial<TrialConversionCoefficients>;
}

/** The answer of {@link trialConversionLikelihood}. */
export interface TrialConversion {
  /** P(converts) = 1 / (1 + e^(−logit)). */
  probability: number;
  logit: number;
  /** Each term of the logit. */
  contributions: { intercept: number; funnelProgress: number; activeDays: number; trend: number };
  features: { funnelProgress: number; activeDays: number; trend: number };
}

const OptionsSchema = z.object({
  funnel: z.string().min(1).optional(),
  funnelSteps: z.number().int().min(2, 'funnelSteps must be ≥ 2').optional(),
  coefficients: z
    .object({ intercept: z.number().finite(), funnelProgress: z.number().finite(), activeDays: z.number().finite(), trend: z.number().finite() })
    .partial()
    .optional(),
});

/**
 * P(trial converts) = σ(intercept + b₁·funnel progress + b₂·share of active days in 14 + b₃·trend).
 *
 * @example
 * ```ts
 * import { createCustomerState } from '@retain/core';
 * import { trialConversionLikelihood } from '@retain/node';
 * trialConversionLikelihood(createCustomerState('u1'), Date.now()).probability; // ≈ 0.076
 * ```
 */
export function trialConversionLikelihood(state: CustomerState, now: number, options: TrialConversionOptions = {}): TrialConversion {
  if (!Number.isFinite(now)) throw new InvalidModelInputError('now', `must be a finite epoch-millisecond time, got ${now}`);
  const o = parseInput(OptionsSchema, options, 'options');
  const c = { ...DEFAULT_TRIAL_COEFFICIENTS };
  for (const [k, v] of Object.entries(o.coefficients ?? {})) if (v !== undefined) c[k as keyof TrialConversionCoefficients] = v;
  const steps = o.funnelSteps ?? 5;
  const f = state.funnels[o.funnel ?? 'onboarding'];
  const funnelProgress = f === undefined ? 0 : f.completed ? 1 : Math.min(1, Math.max(0, f.furthestIndex / (steps - 1)));
  const activeDays = activeDaysInLastDays(state, 14, now) / 14;
  const ratio = activityRatio(state, now, { recentDays: 7, baselineDays: 7, measure: 'events' }).ratio;
  const trend = ratio === null ? 0 : Math.max(-1, Math.min(1, ratio - 1));
  const contributions = { intercept: c.intercept, funnelProgress: c.funnelProgress * funnelProgress, activeDays: c.activeDays * activeDays, trend: c.trend * trend };
  const logit = contributions.intercept + contributions.funnelProgress + contributions.activeDays + contributions.trend;
  return { probability: 1 / (1 + Math.exp(-logit)), logit, contributions, features: { funnelProgress, activeDays, trend } };
}
