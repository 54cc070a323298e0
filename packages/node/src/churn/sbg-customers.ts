/**
 * The shifted-beta-geometric model fitted to individual subscribers (each with their own start),
 * rather than to one cohort's survivor counts: a churned customer contributes P(T = t), an active
 * one S(t) (right-censored).
 */
import { InvalidModelInputError } from './invalid-model-input-error.js';
import { fitSbgCounts, type FitShiftedBetaGeometricOptions, type ShiftedBetaGeometricFit } from './shifted-beta-geometric.js';

/** One subscriber: how many periods they paid for, and whether they have cancelled. */
export interface SubscriberTenure {
  /**
   * Periods paid for so far (a whole number). A churned customer paid for `periods` periods and
   * did not renew (≥ 1); an active one has paid for `periods` and is still a customer
   * (right-censored: their lifetime is more than `periods`).
   */
  periods: number;
  /** True when the customer has cancelled. */
  churned: boolean;
}

/**
 * Fits the sBG model to individual subscribers, each churned after `periods` periods or still
 * active after `periods` (right-censored) — the form for customers who joined at different times.
 * A cohort's survivor counts are the special case where everyone started together
 * ({@link fitShiftedBetaGeometric}); both give the same fit on the same customers.
 *
 * @param customers - one {@link SubscriberTenure} per customer.
 * @param options - starting point, iteration limit.
 * @returns the parameters, the log-likelihood and their standard errors.
 * @throws {@link InvalidModelInputError} naming the customer and field for a bad row or an empty list; {@link ModelFitError} when nobody churned or no optimum is found.
 * @example
 * ```ts
 * import { fitShiftedBetaGeometricTenures } from '@retain/node';
 * const fit = fitShiftedBetaGeometricTenures([
 *   { periods: 1, churned: true }, { periods: 1, churned: true }, { periods: 2, churned: true },
 *   { periods: 4, churned: true }, { periods: 3, churned: false }, { periods: 6, churned: false },
 *   { periods: 2, churned: false }, { periods: 5, churned: false }, { periods: 1, churned: true },
 * ]);
 * fit.params.alpha > 0; // true
 * ```
 */
export function fitShiftedBetaGeometricTenures(customers: readonly SubscriberTenure[], options: FitShiftedBetaGeometricOptions = {}): ShiftedBetaGeometricFit {
  if (!Array.isArray(customers) || customers.length === 0) throw new InvalidModelInputError('customers', 'must be a non-empty array of { periods, churned }');
  const churnedAt = new Map<number, number>();
  const censoredAt = new Map<number, number>();
  customers.forEach((c: unknown, i) => {
    if (c === null || typeof c !== 'object') throw new InvalidModelInputError(`customers[${i}]`, 'must be an object { periods, churned }');
    const { periods, churned } = c as Partial<SubscriberTenure>;
    if (typeof churned !== 'boolean') throw new InvalidModelInputError(`customers[${i}].churned`, `must be true or false, got ${String(churned)}`);
    if (typeof periods !== 'number' || !Number.isInteger(periods) || periods < 0) throw new InvalidModelInputError(`customers[${i}].periods`, `must be a whole number ≥ 0, got ${String(periods)}`);
    if (churned && periods < 1) throw new InvalidModelInputError(`customers[${i}].periods`, 'a churned customer paid for at least 1 period');
    const into = churned ? churnedAt : censoredAt;
    into.set(periods, (into.get(periods) ?? 0) + 1);
  });
  return fitSbgCounts({ churnedAt, censoredAt }, options);
}
