/**
 * Lift of a treatment against its holdout group (customers who never saw it), with a confidence
 * interval: the difference of two proportions (Wald) and the ratio (log method, Katz).
 */
import normalQuantile from '@stdlib/stats-base-dists-normal-quantile';
import { z } from 'zod';
import { InvalidInsightInputError } from './invalid-insight-input-error.js';
import { parseInsightInput } from './parse-input.js';

/** A group's size and how many reached the KPI (converted, retained…). */
export interface GroupOutcome {
  customers: number;
  conversions: number;
}

/** The answer of {@link treatmentLift}. */
export interface TreatmentLift {
  treatmentRate: number;
  holdoutRate: number;
  /** treatmentRate − holdoutRate, with its confidence interval. */
  absoluteLift: { estimate: number; low: number; high: number };
  /** treatmentRate ÷ holdoutRate − 1, with its interval (`null` when a group has no conversion). */
  relativeLift: { estimate: number; low: number; high: number } | null;
  confidence: number;
  /** True when the interval of the difference excludes 0. */
  significant: boolean;
}

const Group = z
  .object({ customers: z.number().int().min(1, 'a group needs at least one customer'), conversions: z.number().int().min(0) })
  .refine((g) => g.conversions <= g.customers, { message: 'conversions cannot exceed customers', path: ['conversions'] });

/**
 * How much better the treated group did than the holdout, with a confidence interval.
 *
 * @param treatment - treated customers and conversions.
 * @param holdout - holdout customers and conversions.
 * @param confidence - confidence level. @default 0.95
 * @example
 * ```ts
 * import { treatmentLift } from '@retain/node';
 * const lift = treatmentLift({ customers: 1000, conversions: 120 }, { customers: 1000, conversions: 100 });
 * lift.absoluteLift.estimate; // 0.02 (two points), interval ≈ [−0.007, 0.047]
 * ```
 */
export function treatmentLift(treatment: GroupOutcome, holdout: GroupOutcome, confidence = 0.95): TreatmentLift {
  const t = parseInsightInput(Group, treatment, 'treatment');
  const h = parseInsightInput(Group, holdout, 'holdout');
  if (!(confidence > 0 && confidence < 1)) throw new InvalidInsightInputError('confidence', `must be between 0 and 1, got ${confidence}`);
  const zq = normalQuantile(1 - (1 - confidence) / 2, 0, 1);
  const pt = t.conversions / t.customers;
  const ph = h.conversions / h.customers;
  const diff = pt - ph;
  const se = Math.sqrt((pt * (1 - pt)) / t.customers + (ph * (1 - ph)) / h.customers);
  const absoluteLift = { estimate: diff, low: diff - zq * se, high: diff + zq * se };
  let relativeLift: TreatmentLift['relativeLift'] = null;
  if (t.conversions > 0 && h.conversions > 0) {
    const logRatio = Math.log(pt / ph);
    const seLog = Math.sqrt(1 / t.conversions - 1 / t.customers + 1 / h.conversions - 1 / h.customers);
    relativeLift = { estimate: pt / ph - 1, low: Math.exp(logRatio - zq * seLog) - 1, high: Math.exp(logRatio + zq * seLog) - 1 };
  }
  return { treatmentRate: pt, holdoutRate: ph, absoluteLift, relativeLift, confidence, significant: absoluteLift.low > 0 || absoluteLift.high < 0 };
}
