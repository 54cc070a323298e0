/**
 * Holdout validation: predicted against actual repeat purchases in a period after calibration,
 * in total and by number of calibration purchases (the classic BG/NBD figure).
 */
import { aliveExpectedPurchases, dropoutOdds, type BgNbdParams } from './bg-nbd.js';
import { InvalidModelInputError } from './invalid-model-input-error.js';
import { BgNbdParamsSchema, checkSummaries, parseInput, type RepeatSummary } from './model-inputs.js';

/** A customer with the repeat purchases observed in the holdout. */
export interface HoldoutCustomer extends RepeatSummary {
  holdoutPurchases: number;
}

/** One group of the comparison: customers with `x` calibration purchases (`x` = cap means "cap or more"). */
export interface HoldoutGroup {
  x: number;
  /** True for the last, open-ended group (`x` or more). */
  orMore: boolean;
  customers: number;
  /** Mean holdout purchases observed. */
  actual: number;
  /** Mean holdout purchases predicted, E[X(t) | x, t_x, T]. */
  predicted: number;
}

/** The answer of {@link compareHoldout}. */
export interface HoldoutComparison {
  /** Total repeat purchases in the holdout: observed and predicted. */
  total: { actual: number; predicted: number };
  byCalibrationPurchases: HoldoutGroup[];
}

/**
 * Compares BG/NBD predictions with what happened in the holdout period.
 *
 * @param params - fitted BG/NBD parameters.
 * @param customers - calibration summaries with `holdoutPurchases` (from {@link summarizeTransactions} with `holdoutEnd`).
 * @param holdoutLength - length of the holdout, in the unit of the summaries (CDNOW: 39 weeks).
 * @param cap - the last group collects customers with `cap` or more calibration purchases. @default 7
 * @example
 * ```ts
 * import { compareHoldout } from '@retain/node';
 * const cmp = compareHoldout(
 *   { r: 0.2426, alpha: 4.4135, a: 0.7929, b: 2.4258 },
 *   [{ x: 2, tx: 30.43, T: 38.86, holdoutPurchases: 1 }],
 *   39,
 * );
 * cmp.total.predicted; // ≈ 1.226
 * ```
 */
export function compareHoldout(params: BgNbdParams, customers: readonly HoldoutCustomer[], holdoutLength: number, cap = 7): HoldoutComparison {
  const p = parseInput(BgNbdParamsSchema, params, 'params');
  if (!(holdoutLength >= 0) || !Number.isFinite(holdoutLength)) throw new InvalidModelInputError('holdoutLength', `must be a finite number ≥ 0, got ${holdoutLength}`);
  if (!Number.isInteger(cap) || cap < 1) throw new InvalidModelInputError('cap', `must be a whole number ≥ 1, got ${cap}`);
  checkSummaries(customers);
  const groups = Array.from({ length: cap + 1 }, (_, x) => ({ x, orMore: x === cap, customers: 0, actual: 0, predicted: 0 }));
  const cache = new Map<string, number>();
  let actual = 0;
  let predicted = 0;
  customers.forEach((c, i) => {
    if (!Number.isInteger(c.holdoutPurchases) || c.holdoutPurchases < 0) throw new InvalidModelInputError(`customers[${i}].holdoutPurchases`, `must be a whole number ≥ 0, got ${c.holdoutPurchases}`);
    const key = `${c.x}|${c.T}`;
    let alive = cache.get(key);
    if (alive === undefined) cache.set(key, (alive = aliveExpectedPurchases(p, c.x, c.T, holdoutLength)));
    const expected = alive / (1 + dropoutOdds(p, c.x, c.tx, c.T));
    const group = groups[Math.min(c.x, cap)] as HoldoutGroup;
    group.customers++;
    group.actual += c.holdoutPurchases;
    group.predicted += expected;
    actual += c.holdoutPurchases;
    predicted += expected;
  });
  for (const g of groups) {
    if (g.customers > 0) {
      g.actual /= g.customers;
      g.predicted /= g.customers;
    }
  }
  return { total: { actual, predicted }, byCalibrationPurchases: groups };
}
