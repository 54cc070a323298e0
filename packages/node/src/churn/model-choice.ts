/**
 * Model choice on a calibration/holdout split: fit each candidate repeat-purchase model on the
 * calibration period, then compare them by log-likelihood, AIC, BIC and how well they predict
 * the holdout — in total and by calibration frequency (the comparison of Fader, Hardie & Lee's
 * "Counting your customers the easy way").
 */
import { bgNbdExpectedPurchases, fitBgNbd, type BgNbdParams } from './bg-nbd.js';
import { InvalidModelInputError } from './invalid-model-input-error.js';
import { checkSummaries, type RepeatSummary } from './model-inputs.js';
import { fitParetoNbd, paretoNbdExpectedPurchases, type ParetoNbdParams } from './pareto-nbd.js';
import { summarizeTransactions, unitDays, type CustomerSummary, type TimeUnit } from './summarize-transactions.js';
import type { Transaction } from './transaction-log.js';
import { predictionInterval, type PredictionInterval } from './uncertainty.js';
import { epochDay, toMillis, type TimeInput } from '@retain/core';

/** A fitted candidate, as {@link ModelCandidate.fit} returns it. */
export interface CandidateFit<P> {
  params: P;
  logLikelihood: number;
  /** Asymptotic covariance of {@link ModelCandidate.toVector}(params), when the fit has one. */
  covariance?: number[][] | null;
}

/** A repeat-purchase model {@link compareModels} can fit and score. */
export interface ModelCandidate<P = unknown> {
  name: string;
  /** Free parameters (for AIC and BIC). */
  parameters: number;
  fit(customers: readonly RepeatSummary[]): CandidateFit<P>;
  /** E[purchases in (T, T + t] | the customer's history]. */
  expected(params: P, customer: RepeatSummary, t: number): number;
  /** Parameters as a vector in the covariance's order, and back (for the interval). */
  toVector(params: P): number[];
  fromVector(vector: readonly number[]): P;
}

/** BG/NBD (Fader, Hardie & Lee 2005) as a {@link ModelCandidate}. */
export const bgNbdCandidate: ModelCandidate<BgNbdParams> = {
  name: 'BG/NBD',
  parameters: 4,
  fit: (customers) => fitBgNbd(customers),
  expected: (params, customer, t) => bgNbdExpectedPurchases(params, customer, t),
  toVector: (p) => [p.r, p.alpha, p.a, p.b],
  fromVector: ([r = NaN, alpha = NaN, a = NaN, b = NaN]) => ({ r, alpha, a, b }),
};

/** Pareto/NBD (Schmittlein, Morrison & Colombo 1987) as a {@link ModelCandidate}. */
export const paretoNbdCandidate: ModelCandidate<ParetoNbdParams> = {
  name: 'Pareto/NBD',
  parameters: 4,
  fit: (customers) => fitParetoNbd(customers),
  expected: (params, customer, t) => paretoNbdExpectedPurchases(params, customer, t),
  toVector: (p) => [p.r, p.alpha, p.s, p.beta],
  fromVector: ([r = NaN, alpha = NaN, s = NaN, beta = NaN]) => ({ r, alpha, s, beta }),
};

/** Options of {@link compareModels}. */
export interface CompareModelsOptions {
  /** Last day of the calibration period (inclusive). */
  calibrationEnd: TimeInput;
  /** Last day of the holdout period (inclusive). */
  holdoutEnd: TimeInput;
  /** Time unit of the summaries. @default 'weeks' */
  unit?: TimeUnit;
  /** The candidates. @default [bgNbdCandidate, paretoNbdCandidate] */
  models?: readonly ModelCandidate<any>[];
  /** The last frequency group collects customers with `cap` or more calibration purchases. @default 7 */
  cap?: number;
  /** Coverage of the interval of the predicted holdout total. @default 0.95 */
  level?: number;
}

/** A customer summary with its holdout purchases. */
export type HoldoutSummary = RepeatSummary & { holdoutPurchases: number };

/** One candidate's scores in a {@link ModelComparison}. */
export interface ModelReport {
  name: string;
  params: unknown;
  logLikelihood: number;
  parameters: number;
  /** 2k − 2 LL. */
  aic: number;
  /** k ln n − 2 LL, n = customers. */
  bic: number;
  /** Milliseconds the fit took. */
  fitMs: number;
  holdout: {
    actual: number;
    predicted: number;
    /** predicted − actual. */
    error: number;
    /** 100 × error ÷ actual; null when nothing was bought in the holdout. */
    percentError: number | null;
    /** The interval of the predicted total from parameter uncertainty (delta method), or null when the fit has no covariance. */
    interval: PredictionInterval | null;
  };
  /** Mean holdout purchases by calibration frequency, actual and predicted. */
  byCalibrationPurchases: Array<{ x: number; orMore: boolean; customers: number; actual: number; predicted: number }>;
  /** Mean of |predicted − actual| over the frequency groups, weighted by customers. */
  meanAbsoluteErrorByFrequency: number;
}

/** The answer of {@link compareModels}. */
export interface ModelComparison {
  customers: number;
  /** Holdout length in the unit of the summaries. */
  holdoutLength: number;
  models: ModelReport[];
  /** The model with the lowest BIC, and the one with the smallest holdout error by frequency. */
  best: { byBic: string; byHoldout: string };
}

/**
 * Fits each candidate model on the calibration period of a transaction log and compares them:
 * LL, AIC, BIC, and the holdout error in total and by calibration frequency.
 *
 * @throws {@link InvalidModelInputError} for bad options or a log with no customer in calibration;
 * the candidates' own errors (e.g. `ModelFitError`) pass through.
 * @example
 * ```ts
 * import { compareModels } from '@retain/node';
 * const day = (d: string) => Date.parse(d);
 * const log = [
 *   { customerId: 'a', at: day('2026-01-02'), amount: 20 }, { customerId: 'a', at: day('2026-02-10'), amount: 25 },
 *   { customerId: 'a', at: day('2026-04-01'), amount: 30 }, { customerId: 'b', at: day('2026-01-05'), amount: 15 },
 *   { customerId: 'c', at: day('2026-01-09'), amount: 40 }, { customerId: 'c', at: day('2026-05-20'), amount: 35 },
 * ];
 * const comparison = compareModels(log, { calibrationEnd: '2026-03-31', holdoutEnd: '2026-06-30' });
 * comparison.models.map((m) => `${m.name}: BIC ${m.bic.toFixed(1)}, holdout ${m.holdout.predicted.toFixed(2)} vs ${m.holdout.actual}`);
 * ```
 */
export function compareModels(log: Iterable<Transaction>, options: CompareModelsOptions): ModelComparison {
  const unit = options.unit ?? 'weeks';
  const summaries = summarizeTransactions(log, { calibrationEnd: options.calibrationEnd, holdoutEnd: options.holdoutEnd, unit });
  const days = epochDay(toMillis(options.holdoutEnd)) - epochDay(toMillis(options.calibrationEnd));
  return compareModelsOnSummaries(summaries as Array<CustomerSummary & HoldoutSummary>, days / unitDays(unit), options);
}

/**
 * {@link compareModels} on summaries already made (e.g. from live customer states): each has
 * `holdoutPurchases`, and `holdoutLength` is in their unit.
 *
 * @example
 * ```ts
 * import { bgNbdCandidate, compareModelsOnSummaries } from '@retain/node';
 * const customers = [
 *   { x: 2, tx: 30.4, T: 38.9, holdoutPurchases: 1 }, { x: 0, tx: 0, T: 38.9, holdoutPurchases: 0 },
 *   { x: 1, tx: 10.1, T: 30.0, holdoutPurchases: 0 }, { x: 4, tx: 35.0, T: 37.0, holdoutPurchases: 3 },
 * ];
 * const { best } = compareModelsOnSummaries(customers, 39, { models: [bgNbdCandidate] });
 * best.byBic; // 'BG/NBD'
 * ```
 */
export function compareModelsOnSummaries(
  customers: readonly HoldoutSummary[],
  holdoutLength: number,
  options: Pick<CompareModelsOptions, 'models' | 'cap' | 'level'> = {},
): ModelComparison {
  const models = options.models ?? [bgNbdCandidate, paretoNbdCandidate];
  const cap = options.cap ?? 7;
  if (models.length === 0) throw new InvalidModelInputError('options.models', 'needs at least one candidate');
  if (!Number.isInteger(cap) || cap < 1) throw new InvalidModelInputError('options.cap', `must be a whole number ≥ 1, got ${cap}`);
  if (!(holdoutLength > 0) || !Number.isFinite(holdoutLength)) throw new InvalidModelInputError('holdoutLength', `must be a finite number > 0, got ${holdoutLength}`);
  if (customers.length === 0) throw new InvalidModelInputError('customers', 'no customer made a first purchase in the calibration period');
  checkSummaries(customers);
  customers.forEach((c, i) => {
    if (!Number.isInteger(c.holdoutPurchases) || c.holdoutPurchases < 0) throw new InvalidModelInputError(`customers[${i}].holdoutPurchases`, `must be a whole number ≥ 0, got ${c.holdoutPurchases}`);
  });
  // Customers with the same (x, t_x, T) get the same prediction: predict per unique row.
  const rows = new Map<string, { c: RepeatSummary; n: number }>();
  for (const c of customers) {
    const key = `${c.x}|${c.tx}|${c.T}`;
    const row = rows.get(key);
    if (row === undefined) rows.set(key, { c, n: 1 });
    else row.n++;
  }
  const unique = [...rows.values()];
  const reports = models.map((model) => report(model, customers, unique, holdoutLength, cap, options.level ?? 0.95));
  const by = (score: (r: ModelReport) => number) => reports.reduce((best, r) => (score(r) < score(best) ? r : best)).name;
  return { customers: customers.length, holdoutLength, models: reports, best: { byBic: by((r) => r.bic), byHoldout: by((r) => r.meanAbsoluteErrorByFrequency) } };
}

function report<P>(model: ModelCandidate<P>, customers: readonly HoldoutSummary[], unique: ReadonlyArray<{ c: RepeatSummary; n: number }>, t: number, cap: number, level: number): ModelReport {
  const started = performance.now();
  const fit = model.fit(customers);
  const fitMs = performance.now() - started;
  const groups = Array.from({ length: cap + 1 }, (_, x) => ({ x, orMore: x === cap, customers: 0, actual: 0, predicted: 0 }));
  const keyed = new Map<string, number>();
  for (const { c } of unique) keyed.set(`${c.x}|${c.tx}|${c.T}`, model.expected(fit.params, c, t));
  let actual = 0;
  let predicted = 0;
  for (const c of customers) {
    const e = keyed.get(`${c.x}|${c.tx}|${c.T}`) as number;
    const g = groups[Math.min(c.x, cap)] as (typeof groups)[number];
    g.customers++;
    g.actual += c.holdoutPurchases;
    g.predicted += e;
    actual += c.holdoutPurchases;
    predicted += e;
  }
  let mae = 0;
  for (const g of groups) {
    if (g.customers === 0) continue;
    mae += Math.abs(g.predicted - g.actual);
    g.actual /= g.customers;
    g.predicted /= g.customers;
  }
  const n = customers.length;
  const total = (vector: readonly number[]) => {
    const p = model.fromVector(vector);
    return unique.reduce((sum, { c, n: count }) => sum + count * model.expected(p, c, t), 0);
  };
  const interval = fit.covariance ? predictionInterval(total, model.toVector(fit.params), fit.covariance, { level }) : null;
  return {
    name: model.name,
    params: fit.params,
    logLikelihood: fit.logLikelihood,
    parameters: model.parameters,
    aic: 2 * model.parameters - 2 * fit.logLikelihood,
    bic: model.parameters * Math.log(n) - 2 * fit.logLikelihood,
    fitMs,
    holdout: { actual, predicted, error: predicted - actual, percentError: actual > 0 ? (100 * (predicted - actual)) / actual : null, interval },
    byCalibrationPurchases: groups,
    meanAbsoluteErrorByFrequency: mae / n,
  };
}
