/**
 * Customer lifetime value from BG/NBD (how many purchases) and Gamma-Gamma (how much each):
 * the discounted expected margin over a horizon.
 */
import { z } from 'zod';
import { aliveExpectedPurchases, dropoutOdds, type BgNbdParams } from './bg-nbd.js';
import { expectedSpendUnchecked, type GammaGammaParams } from './gamma-gamma.js';
import { InvalidModelInputError } from './invalid-model-input-error.js';
import { BgNbdParamsSchema, GammaGammaParamsSchema, parseInput, RepeatSummarySchema, type RepeatSummary } from './model-inputs.js';

/** Options of {@link customerLifetimeValue}. */
export interface ClvOptions {
  /** How far ahead, in the unit of the summaries (CDNOW: weeks). */
  horizon: number;
  /** Discounting periods the horizon is split into (e.g. 12 months in a year). @default 12 */
  periods?: number;
  /** Discount rate per period (0.01 = 1% a period). @default 0 */
  discountRate?: number;
  /** Gross margin applied to spend (1 = revenue). @default 1 */
  margin?: number;
}

/** A customer for CLV: the BG/NBD summary plus mean repeat spend. */
export interface ClvCustomer extends RepeatSummary {
  meanRepeatSpend: number;
}

const ClvOptionsSchema = z.object({
  horizon: z.number().finite().min(0, 'horizon must be ≥ 0'),
  periods: z.number().int('periods must be a whole number').min(1, 'periods must be ≥ 1').max(10_000).optional(),
  discountRate: z.number().finite().min(0, 'discountRate must be ≥ 0').optional(),
  margin: z.number().finite().min(0, 'margin must be ≥ 0').optional(),
});

/** Parsed options with defaults. @internal */
export function parseClvOptions(options: ClvOptions): Required<ClvOptions> {
  const o = parseInput(ClvOptionsSchema, options, 'options');
  return { horizon: o.horizon, periods: o.periods ?? 12, discountRate: o.discountRate ?? 0, margin: o.margin ?? 1 };
}

/**
 * Σᵢ [A(tᵢ) − A(tᵢ₋₁)] / (1+d)ⁱ where A is the expected purchases of a customer known to be alive:
 * depends on (x, T) only, so a population can share it. @internal
 */
export function discountedAlivePurchases(p: BgNbdParams, x: number, T: number, o: Required<ClvOptions>, f?: (z: number) => number): number {
  let total = 0;
  let previous = 0;
  let discount = 1;
  for (let i = 1; i <= o.periods; i++) {
    const current = aliveExpectedPurchases(p, x, T, (o.horizon * i) / o.periods, f);
    discount /= 1 + o.discountRate;
    total += (current - previous) * discount;
    previous = current;
  }
  return total;
}

/**
 * The customer's lifetime value over `horizon`: Σ over periods of margin × E[spend] ×
 * (expected purchases in the period) ÷ (1 + discountRate)^period, with purchases from BG/NBD
 * (E[X(t) | x, t_x, T]) and spend from Gamma-Gamma (E[M | x, z̄]).
 *
 * @param bgNbd - BG/NBD parameters (a ≠ 1).
 * @param gammaGamma - Gamma-Gamma parameters.
 * @param customer - x, t_x, T and mean repeat spend.
 * @param options - horizon, periods, discount rate, margin.
 * @example
 * ```ts
 * import { customerLifetimeValue } from '@retain/node';
 * const value = customerLifetimeValue(
 *   { r: 0.2426, alpha: 4.4135, a: 0.7929, b: 2.4258 },
 *   { p: 6.25, q: 3.74, gamma: 15.44 },
 *   { x: 2, tx: 30.43, T: 38.86, meanRepeatSpend: 22.35 },
 *   { horizon: 52, periods: 12, discountRate: 0.01 },
 * ); // ≈ $36 over the next year
 * ```
 */
export function customerLifetimeValue(bgNbd: BgNbdParams, gammaGamma: GammaGammaParams, customer: ClvCustomer, options: ClvOptions): number {
  const p = parseInput(BgNbdParamsSchema, bgNbd, 'bgNbd');
  const g = parseInput(GammaGammaParamsSchema, gammaGamma, 'gammaGamma');
  const c = parseInput(RepeatSummarySchema, customer, 'customer');
  const spend = customer.meanRepeatSpend;
  if (!(spend >= 0) || !Number.isFinite(spend)) throw new InvalidModelInputError('customer.meanRepeatSpend', `must be a finite number ≥ 0, got ${spend}`);
  const o = parseClvOptions(options);
  if (Math.abs(p.a - 1) < 1e-12) throw new InvalidModelInputError('bgNbd.a', 'the closed-form expectations are undefined at a = 1 exactly');
  return (o.margin * expectedSpendUnchecked(g, c.x, spend) * discountedAlivePurchases(p, c.x, c.T, o)) / (1 + dropoutOdds(p, c.x, c.tx, c.T));
}
