/**
 * The predicted total of a customer base's purchases over a horizon (e.g. the holdout period),
 * with an interval from the fit's parameter uncertainty.
 *
 * How uncertainty is reported, for every fit (BG/NBD, Pareto/NBD, Gamma-Gamma): the fit object
 * itself carries `standardErrors` and `covariance` (the inverse Hessian of −log L at the optimum),
 * or null for both and a `note` saying why. Quantities computed from a fit get their interval
 * from that covariance by the delta method — these functions for the predicted total, and
 * {@link predictionInterval} for anything else.
 */
import { aliveExpectedPurchases, dropoutOdds, type BgNbdParams } from './bg-nbd.js';
import { compressSummaries, type CompressedSummaries } from './compress-summaries.js';
import { InvalidModelInputError } from './invalid-model-input-error.js';
import { checkSummaries, BgNbdParamsSchema, parseInput, type RepeatSummary } from './model-inputs.js';
import { aliveExpectedPurchasesPnbd, ParetoNbdParamsSchema, probabilityAliveUnchecked, type ParetoNbdParams } from './pareto-nbd.js';
import { predictionInterval, type PredictionInterval } from './uncertainty.js';

/** Options of {@link bgNbdPredictedTotal} and {@link paretoNbdPredictedTotal}. */
export interface PredictedTotalOptions {
  /** Coverage of the interval, in (0, 1). @default 0.95 */
  level?: number;
}

/** What the predicted-total functions need of a fit: its parameters and their covariance. */
export interface FitWithCovariance<P> {
  params: P;
  /** Covariance in the order of the parameters' fields; null when the fit has none (see its `note`). */
  covariance: readonly (readonly number[])[] | null;
  note?: string;
}

/**
 * Σᵢ E[Xᵢ(t) | xᵢ, t_xᵢ, Tᵢ] under a fitted BG/NBD model — the expected purchases of these
 * customers in the next `t` (e.g. the holdout total) — with a delta-method interval from the
 * fit's covariance. The interval covers the *expected* total given parameter uncertainty; the
 * observed total also varies by chance around it, so it can fall outside.
 *
 * @param fit - a {@link fitBgNbd} result (or any `{ params, covariance }` in the order r, α, a, b).
 * @param customers - the customers whose purchases are summed.
 * @param t - the horizon, in the unit of the summaries.
 * @param options - the level of the interval.
 * @returns estimate, standard error and interval.
 * @throws {@link InvalidModelInputError} for a bad summary (naming the row), a bad horizon, or a fit without covariance.
 * @example
 * ```ts
 * import { bgNbdPredictedTotal, fitBgNbd, simulateBgNbdCustomers } from '@retain/node';
 * const customers = simulateBgNbdCustomers({ r: 0.25, alpha: 4, a: 0.8, b: 2.5 }, { customers: 2000, T: 39, seed: 7 });
 * const total = bgNbdPredictedTotal(fitBgNbd(customers), customers, 39);
 * total.estimate; // ≈ 1,391 purchases in the next 39 weeks; total.lower, total.upper ≈ 1,273, 1,508
 * ```
 */
export function bgNbdPredictedTotal(fit: FitWithCovariance<BgNbdParams>, customers: readonly RepeatSummary[], t: number, options: PredictedTotalOptions = {}): PredictionInterval {
  const p = parseInput(BgNbdParamsSchema, fit?.params, 'fit.params');
  const data = prepare(customers, t);
  const total = ([r = NaN, alpha = NaN, a = NaN, b = NaN]: readonly number[]): number => {
    const q = { r, alpha, a, b };
    let sum = 0;
    for (let i = 0; i < data.length; i++) {
      const x = data.x[i] as number;
      sum += ((data.count[i] as number) * aliveExpectedPurchases(q, x, data.T[i] as number, t)) / (1 + dropoutOdds(q, x, data.tx[i] as number, data.T[i] as number));
    }
    return sum;
  };
  return intervalOf(total, [p.r, p.alpha, p.a, p.b], fit, 'bg-nbd', options);
}

/**
 * Σᵢ E[Xᵢ(t) | xᵢ, t_xᵢ, Tᵢ] under a fitted Pareto/NBD model, with a delta-method interval from
 * the fit's covariance (parameter uncertainty of the expected total, as {@link bgNbdPredictedTotal}).
 *
 * @param fit - a {@link fitParetoNbd} result (or any `{ params, covariance }` in the order r, α, s, β).
 * @param customers - the customers whose purchases are summed.
 * @param t - the horizon, in the unit of the summaries.
 * @param options - the level of the interval.
 * @returns estimate, standard error and interval.
 * @throws {@link InvalidModelInputError} for a bad summary (naming the row), a bad horizon, or a fit without covariance.
 * @example
 * ```ts
 * import { fitParetoNbd, paretoNbdPredictedTotal, simulateBgNbdCustomers } from '@retain/node';
 * const customers = simulateBgNbdCustomers({ r: 0.25, alpha: 4, a: 0.8, b: 2.5 }, { customers: 2000, T: 39, seed: 7 });
 * const total = paretoNbdPredictedTotal(fitParetoNbd(customers), customers, 39);
 * total.standardError; // ≈ 173 (β is poorly determined by 39 weeks of data)
 * ```
 */
export function paretoNbdPredictedTotal(fit: FitWithCovariance<ParetoNbdParams>, customers: readonly RepeatSummary[], t: number, options: PredictedTotalOptions = {}): PredictionInterval {
  const p = parseInput(ParetoNbdParamsSchema, fit?.params, 'fit.params');
  const data = prepare(customers, t);
  const total = ([r = NaN, alpha = NaN, s = NaN, beta = NaN]: readonly number[]): number => {
    const q = { r, alpha, s, beta };
    let sum = 0;
    for (let i = 0; i < data.length; i++) {
      const x = data.x[i] as number;
      const T = data.T[i] as number;
      sum += (data.count[i] as number) * aliveExpectedPurchasesPnbd(q, x, T, t) * probabilityAliveUnchecked(q, x, data.tx[i] as number, T);
    }
    return sum;
  };
  return intervalOf(total, [p.r, p.alpha, p.s, p.beta], fit, 'pareto-nbd', options);
}

function prepare(customers: readonly RepeatSummary[], t: number): CompressedSummaries {
  if (!Array.isArray(customers)) throw new InvalidModelInputError('customers', 'must be an array of { x, tx, T }');
  checkSummaries(customers);
  if (!(t >= 0) || !Number.isFinite(t)) throw new InvalidModelInputError('t', `the horizon must be a finite number ≥ 0, got ${t}`);
  return compressSummaries(customers);
}

function intervalOf(total: (v: readonly number[]) => number, at: number[], fit: FitWithCovariance<unknown>, model: string, options: PredictedTotalOptions): PredictionInterval {
  if (fit.covariance === null || fit.covariance === undefined) {
    throw new InvalidModelInputError('fit.covariance', `the ${model} fit has no covariance, so no interval${fit.note === undefined ? '' : ` (${fit.note})`}`);
  }
  return predictionInterval(total, at, fit.covariance, options.level === undefined ? {} : { level: options.level });
}
