/**
 * The shifted-beta-geometric (sBG) model of contractual retention (Fader & Hardie 2007, "How to
 * project customer retention"): at the end of each period a customer cancels with probability θ,
 * the same for them every period, and θ ~ Beta(α, β) across customers. The cohort's retention
 * rate rises with tenure because the customers most likely to leave leave first.
 *
 * Conventions: period t = 1, 2, … is the t-th contract period; a customer's lifetime T is the
 * number of periods they paid for. S(t) = P(T > t) is the share of a cohort still a customer at
 * the start of period t + 1 (S(0) = 1), i.e. after t renewal opportunities. The per-customer fit
 * is in ./sbg-customers.ts, survival curves and customer value in ./sbg-projections.ts.
 */
import betaln from '@stdlib/math-base-special-betaln';
import digamma from '@stdlib/math-base-special-digamma';
import { InvalidModelInputError } from './invalid-model-input-error.js';
import { minimizeBfgs } from './minimize.js';
import { ModelFitError } from './model-fit-error.js';
import { fitUncertainty } from './uncertainty.js';

/** The model name in {@link ModelFitError}s. @internal */
export const SBG_MODEL = 'shifted-beta-geometric';

/** sBG parameters: the per-period churn probability θ ~ Beta(α, β) across customers. */
export interface ShiftedBetaGeometricParams {
  alpha: number;
  beta: number;
}

/** A fitted sBG model. */
export interface ShiftedBetaGeometricFit {
  params: ShiftedBetaGeometricParams;
  /** The maximised log-likelihood (natural log, summed over customers). */
  logLikelihood: number;
  /**
   * Standard errors of α and β from the observed information (the inverse Hessian of −log L at
   * the optimum), or null when the Hessian is not positive definite (see `note`).
   */
  standardErrors: ShiftedBetaGeometricParams | null;
  /** Asymptotic covariance of (α, β), in that order, or null with the standard errors. */
  covariance: number[][] | null;
  /** Customers in the fit. */
  customers: number;
  /** Customers whose churn was observed (the others are right-censored). */
  churned: number;
  /** Quasi-Newton iterations used. */
  iterations: number;
  /** Why standard errors are missing, when they are. */
  note?: string;
}

/** Options of {@link fitShiftedBetaGeometric} and {@link fitShiftedBetaGeometricTenures}. */
export interface FitShiftedBetaGeometricOptions {
  /** Starting point. @default α = β = 1 */
  initial?: ShiftedBetaGeometricParams;
  /** Iteration limit of the minimiser. @default 500 */
  maxIterations?: number;
}

/** Grouped data: customers who churned after t periods, and customers still active after t periods. @internal */
export interface SbgCounts {
  churnedAt: ReadonlyMap<number, number>;
  censoredAt: ReadonlyMap<number, number>;
}

/**
 * Fits the sBG model to a cohort's survivor counts (Fader & Hardie 2007, eq. 5): `survivors[t]`
 * customers at the start of period t + 1, `survivors[0]` the cohort size. The customers lost
 * between t − 1 and t churned after t periods; the last count is right-censored.
 *
 * @param survivors - whole, non-increasing counts (customers, not percentages), at least two.
 * @param options - starting point, iteration limit.
 * @returns the parameters, the log-likelihood and their standard errors.
 * @throws {@link InvalidModelInputError} for an empty array or a count that is negative, not whole, not finite or above the one before (naming its index); {@link ModelFitError} when nobody churned, everyone churned at once, or no optimum is found.
 * @example
 * ```ts
 * import { fitShiftedBetaGeometric } from '@retain/node';
 * // Fader & Hardie (2007), the "regular" cohort, years 0–7.
 * const fit = fitShiftedBetaGeometric([1000, 631, 468, 382, 326, 289, 262, 241]);
 * fit.params; // ≈ { alpha: 0.704, beta: 1.182 }
 * fit.standardErrors; // ≈ { alpha: 0.066, beta: 0.152 }
 * ```
 */
export function fitShiftedBetaGeometric(survivors: readonly number[], options: FitShiftedBetaGeometricOptions = {}): ShiftedBetaGeometricFit {
  return fitSbgCounts(survivorCountsToTenures(survivors), options);
}

/**
 * The sBG log-likelihood of a cohort's survivor counts at given parameters (natural log).
 *
 * @param params - sBG parameters.
 * @param survivors - as for {@link fitShiftedBetaGeometric}.
 * @example
 * ```ts
 * import { sbgLogLikelihood } from '@retain/node';
 * sbgLogLikelihood({ alpha: 1, beta: 1 }, [1000, 869, 743, 653, 593, 551, 517, 491]); // ≈ −2115
 * ```
 */
export function sbgLogLikelihood(params: ShiftedBetaGeometricParams, survivors: readonly number[]): number {
  const p = checkSbgParams(params);
  const counts = survivorCountsToTenures(survivors);
  return -sbgObjective(counts)(Float64Array.of(Math.log(p.alpha), Math.log(p.beta)), new Float64Array(2));
}

/** Survivor counts → churned-after-t and censored-at-t counts, with the input checks. @internal */
export function survivorCountsToTenures(survivors: readonly number[]): SbgCounts {
  if (!Array.isArray(survivors) || survivors.length === 0) throw new InvalidModelInputError('survivors', 'must be a non-empty array of survivor counts');
  survivors.forEach((v, i) => {
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new InvalidModelInputError(`survivors[${i}]`, `must be a finite number, got ${String(v)}`);
    if (v < 0) throw new InvalidModelInputError(`survivors[${i}]`, `must be ≥ 0, got ${v}`);
    if (!Number.isInteger(v)) throw new InvalidModelInputError(`survivors[${i}]`, `must be a whole number of customers, got ${v} (for percentages, multiply by the cohort size)`);
    if (i > 0 && v > (survivors[i - 1] as number)) throw new InvalidModelInputError(`survivors[${i}]`, `survivor counts cannot rise: ${v} after ${survivors[i - 1]}`);
  });
  if (survivors.length < 2) throw new InvalidModelInputError('survivors', 'needs at least two counts (the cohort and one later period)');
  if (survivors[0] === 0) throw new InvalidModelInputError('survivors[0]', 'the cohort is empty');
  const churnedAt = new Map<number, number>();
  for (let t = 1; t < survivors.length; t++) {
    const lost = (survivors[t - 1] as number) - (survivors[t] as number);
    if (lost > 0) churnedAt.set(t, lost);
  }
  const last = survivors.length - 1;
  const censoredAt = new Map<number, number>();
  if ((survivors[last] as number) > 0) censoredAt.set(last, survivors[last] as number);
  return { churnedAt, censoredAt };
}

/**
 * −log L and its gradient in log-parameters: log L = Σ_t c_t ln P(T = t) + Σ_t a_t ln S(t), with
 * P(T = t) = B(α + 1, β + t − 1)/B(α, β) and S(t) = B(α, β + t)/B(α, β). @internal
 */
export function sbgObjective(counts: SbgCounts): (logParams: Float64Array, gradient: Float64Array) => number {
  const churn = [...counts.churnedAt];
  const alive = [...counts.censoredAt];
  return (logParams, gradient) => {
    const a = Math.exp(logParams[0] as number);
    const b = Math.exp(logParams[1] as number);
    const base = betaln(a, b);
    const psiB = digamma(b);
    const psiAB = digamma(a + b);
    const psiA1 = digamma(a + 1);
    const psiA = digamma(a);
    let ll = 0;
    let ga = 0;
    let gb = 0;
    for (const [t, w] of churn) {
      ll += w * (betaln(a + 1, b + t - 1) - base);
      const psiT = digamma(a + b + t);
      ga += w * (psiA1 - psiT - psiA + psiAB);
      gb += w * (digamma(b + t - 1) - psiT - psiB + psiAB);
    }
    for (const [t, w] of alive) {
      ll += w * (betaln(a, b + t) - base);
      const psiT = digamma(a + b + t);
      ga += w * (psiAB - psiT);
      gb += w * (digamma(b + t) - psiT - psiB + psiAB);
    }
    gradient[0] = -ga * a;
    gradient[1] = -gb * b;
    return -ll;
  };
}

/** Maximum likelihood on grouped tenures (both fits end here). @internal */
export function fitSbgCounts(counts: SbgCounts, options: FitShiftedBetaGeometricOptions): ShiftedBetaGeometricFit {
  let churned = 0;
  for (const w of counts.churnedAt.values()) churned += w;
  let customers = churned;
  for (const w of counts.censoredAt.values()) customers += w;
  if (churned === 0) throw new ModelFitError(SBG_MODEL, 'no customer churned, so the churn probability cannot be estimated (the likelihood keeps rising as α → 0)');
  let censoredWithTenure = 0;
  for (const [t, w] of counts.censoredAt) if (t > 0) censoredWithTenure += w;
  if (counts.churnedAt.size === 1 && counts.churnedAt.has(1) && censoredWithTenure === 0) {
    throw new ModelFitError(SBG_MODEL, 'every observed customer churned after their first period, so nothing says how retention evolves (the likelihood keeps rising as β → 0)');
  }
  const maxIterations = options.maxIterations ?? 500;
  if (!Number.isInteger(maxIterations) || maxIterations < 1) throw new InvalidModelInputError('options.maxIterations', `must be a whole number ≥ 1, got ${maxIterations}`);
  const start = options.initial === undefined ? { alpha: 1, beta: 1 } : checkSbgParams(options.initial, 'options.initial');
  const objective = sbgObjective(counts);
  const result = minimizeBfgs(objective, [Math.log(start.alpha), Math.log(start.beta)], { maxIterations });
  const alpha = Math.exp(result.x[0] as number);
  const beta = Math.exp(result.x[1] as number);
  const converged = result.converged && Number.isFinite(result.fx) && Number.isFinite(alpha) && Number.isFinite(beta);
  // α + β > 10⁴: the spread of θ across customers is below 1 % of its range — the geometric limit.
  if (alpha + beta > 1e4 || (!converged && alpha + beta > 1e3)) {
    throw new ModelFitError(SBG_MODEL, `α + β ran off to ${(alpha + beta).toExponential(2)}: churn looks the same for every customer (no heterogeneity), which the geometric limit with θ = ${(alpha / (alpha + beta)).toFixed(4)} describes`);
  }
  if (!converged) {
    throw new ModelFitError(SBG_MODEL, `the optimiser stopped after ${result.iterations} iterations without converging (at α = ${alpha.toPrecision(4)}, β = ${beta.toPrecision(4)}; gradient ${result.gradientNorm.toExponential(2)}, log-likelihood ${-result.fx})`);
  }
  if (alpha < 1e-6 || beta < 1e-6) {
    throw new ModelFitError(SBG_MODEL, `the estimates ran to the edge (α = ${alpha.toExponential(2)}, β = ${beta.toExponential(2)}): the data look like a mix of customers who always leave and customers who never do, which the sBG reaches only in the limit`);
  }
  const u = fitUncertainty(objective, result.x, SBG_MODEL);
  const se = u.standardErrors;
  const fit: ShiftedBetaGeometricFit = {
    params: { alpha, beta },
    logLikelihood: -result.fx,
    standardErrors: se === null ? null : { alpha: se[0] as number, beta: se[1] as number },
    covariance: u.covariance,
    customers,
    churned,
    iterations: result.iterations,
  };
  if (u.note !== undefined) fit.note = u.note;
  return fit;
}

/** Checks sBG parameters (finite, > 0), naming the field. @internal */
export function checkSbgParams(params: ShiftedBetaGeometricParams, path = 'params'): ShiftedBetaGeometricParams {
  if (params === null || typeof params !== 'object') throw new InvalidModelInputError(path, 'must be an object { alpha, beta }');
  for (const key of ['alpha', 'beta'] as const) {
    const v = params[key];
    if (typeof v !== 'number' || !Number.isFinite(v) || !(v > 0)) throw new InvalidModelInputError(`${path}.${key}`, `must be a finite number > 0, got ${String(v)}`);
  }
  return params;
}
