/**
 * The BG/NBD model of repeat purchasing (Fader, Hardie & Lee 2005, "Counting Your Customers the
 * Easy Way"): while alive, a customer buys as a Poisson process with rate λ ~ Gamma(r, α); after
 * each purchase they drop out with probability p ~ Beta(a, b).
 */
import betaln from '@stdlib/math-base-special-betaln';
import digamma from '@stdlib/math-base-special-digamma';
import gammaln from '@stdlib/math-base-special-gammaln';
import { compressSummaries, type CompressedSummaries } from './compress-summaries.js';
import { hyp2f1, prepareHyp2f1 } from './hypergeometric.js';
import { InvalidModelInputError } from './invalid-model-input-error.js';
import { minimizeBfgs } from './minimize.js';
import { BgNbdParamsSchema, checkSummaries, parseInput, RepeatSummarySchema, type RepeatSummary } from './model-inputs.js';
import { ModelFitError } from './model-fit-error.js';
import { fitUncertainty } from './uncertainty.js';

/** BG/NBD parameters: purchase rate λ ~ Gamma(shape r, rate α); dropout p ~ Beta(a, b). */
export interface BgNbdParams {
  r: number;
  alpha: number;
  a: number;
  b: number;
}

/** A fitted BG/NBD model. */
export interface BgNbdFit {
  params: BgNbdParams;
  /** The maximised log-likelihood (natural log, summed over customers). */
  logLikelihood: number;
  /**
   * Standard errors of the parameters from the observed information (the inverse Hessian of
   * −log L at the optimum), or null when the Hessian is not positive definite (see `note`).
   */
  standardErrors: BgNbdParams | null;
  /** Asymptotic covariance of (r, α, a, b), or null with the standard errors. */
  covariance: number[][] | null;
  /** Customers in the fit. */
  customers: number;
  /** Unique (x, t_x, T) rows the likelihood was evaluated on. */
  uniqueRows: number;
  /** Quasi-Newton iterations used. */
  iterations: number;
  /** Why standard errors are missing, when they are. */
  note?: string;
}

/** Options of {@link fitBgNbd}. */
export interface FitBgNbdOptions {
  /** Starting point. @default r = 1, a = 1, b = 1, α = mean T ÷ max(mean x, 0.1) */
  initial?: BgNbdParams;
  /** Iteration limit of the minimiser. @default 500 */
  maxIterations?: number;
}

/**
 * Log-likelihood and its gradient in log-parameter space, on compressed rows. Works in log space
 * throughout (gammaln/betaln, a stable softplus for the two-term sum).
 * @internal
 */
export function bgNbdObjective(data: CompressedSummaries): (logParams: Float64Array, gradient: Float64Array) => number {
  // Unique x values: the gamma/beta terms depend on x only.
  let maxX = 0;
  for (let i = 0; i < data.length; i++) maxX = Math.max(maxX, data.x[i] as number);
  const xs = new Int32Array(data.length);
  for (let i = 0; i < data.length; i++) xs[i] = data.x[i] as number;
  const size = maxX + 1;
  const cx = new Float64Array(size);
  const lr = new Float64Array(size);
  const dR = new Float64Array(size);
  const dA = new Float64Array(size);
  const dB1 = new Float64Array(size);
  const dB2 = new Float64Array(size);
  const present = new Uint8Array(size);
  for (let i = 0; i < data.length; i++) present[xs[i] as number] = 1;
  // log(α+T), log(α+t_x) and their inverses are computed once per distinct value of T and t_x.
  const uniqueIndex = (values: Float64Array): { values: Float64Array; index: Int32Array } => {
    const seen = new Map<number, number>();
    const index = new Int32Array(values.length);
    const distinct: number[] = [];
    for (let i = 0; i < values.length; i++) {
      const v = values[i] as number;
      let k = seen.get(v);
      if (k === undefined) {
        k = distinct.length;
        seen.set(v, k);
        distinct.push(v);
      }
      index[i] = k;
    }
    return { values: Float64Array.from(distinct), index };
  };
  const Ts = uniqueIndex(data.T);
  const txs = uniqueIndex(data.tx);
  const logT = new Float64Array(Ts.values.length);
  const invT = new Float64Array(Ts.values.length);
  const logTx = new Float64Array(txs.values.length);
  const invTx = new Float64Array(txs.values.length);
  return (logParams, gradient) => {
    const r = Math.exp(logParams[0] as number);
    const alpha = Math.exp(logParams[1] as number);
    const a = Math.exp(logParams[2] as number);
    const b = Math.exp(logParams[3] as number);
    const logAlpha = Math.log(alpha);
    const base = -gammaln(r) + r * logAlpha - betaln(a, b);
    const psiR = digamma(r);
    const psiAB = digamma(a + b);
    const psiB = digamma(b);
    for (let x = 0; x < size; x++) {
      if (present[x] === 0) continue;
      cx[x] = base + gammaln(r + x) + betaln(a, b + x);
      lr[x] = x > 0 ? Math.log(a) - Math.log(b + x - 1) : 0;
      dR[x] = digamma(r + x) - psiR + logAlpha;
      const psiABX = digamma(a + b + x);
      dA[x] = psiAB - psiABX;
      dB1[x] = digamma(b + x) - psiB + psiAB - psiABX;
      dB2[x] = x > 0 ? digamma(b + x - 1) - psiB + psiAB - psiABX : 0;
    }
    for (let k = 0; k < logT.length; k++) {
      const v = alpha + (Ts.values[k] as number);
      logT[k] = Math.log(v);
      invT[k] = 1 / v;
    }
    for (let k = 0; k < logTx.length; k++) {
      const v = alpha + (txs.values[k] as number);
      logTx[k] = Math.log(v);
      invTx[k] = 1 / v;
    }
    let ll = 0;
    let gr = 0;
    let gAlpha = 0;
    let ga = 0;
    let gb = 0;
    for (let i = 0; i < data.length; i++) {
      const x = xs[i] as number;
      const w = data.count[i] as number;
      const iT = Ts.index[i] as number;
      const lT = logT[iT] as number;
      const rx = r + x;
      let value = (cx[x] as number) - rx * lT;
      let w2 = 0;
      let lnMix = lT;
      let invMix = invT[iT] as number;
      if (x > 0) {
        const iTx = txs.index[i] as number;
        const lTx = logTx[iTx] as number;
        const d = (lr[x] as number) + rx * (lT - lTx);
        // log(1 + e^d), and w2 = e^d / (1 + e^d)
        if (d > 0) {
          const e = Math.exp(-d);
          value += d + Math.log1p(e);
          w2 = 1 / (1 + e);
        } else {
          const e = Math.exp(d);
          value += Math.log1p(e);
          w2 = e / (1 + e);
        }
        const w1 = 1 - w2;
        lnMix = w1 * lT + w2 * lTx;
        invMix = w1 * invMix + w2 * (invTx[iTx] as number);
      }
      ll += w * value;
      gr += w * ((dR[x] as number) - lnMix);
      gAlpha += w * (r / alpha - rx * invMix);
      ga += w * ((dA[x] as number) + w2 / a);
      gb += w * ((1 - w2) * (dB1[x] as number) + w2 * (dB2[x] as number));
    }
    // Minimise −LL; chain rule to log parameters.
    gradient[0] = -gr * r;
    gradient[1] = -gAlpha * alpha;
    gradient[2] = -ga * a;
    gradient[3] = -gb * b;
    return -ll;
  };
}

/**
 * The BG/NBD log-likelihood of a population (natural log, summed).
 *
 * @param params - model parameters.
 * @param customers - per-customer (x, t_x, T).
 * @returns Σ log L(r, α, a, b | x, t_x, T).
 * @example
 * ```ts
 * import { bgNbdLogLikelihood } from '@retain/node';
 * bgNbdLogLikelihood({ r: 0.2426, alpha: 4.4135, a: 0.7929, b: 2.4258 }, [{ x: 2, tx: 30.43, T: 38.86 }]); // ≈ −9.46
 * ```
 */
export function bgNbdLogLikelihood(params: BgNbdParams, customers: readonly RepeatSummary[]): number {
  const p = parseInput(BgNbdParamsSchema, params, 'params');
  checkSummaries(customers);
  const f = bgNbdObjective(compressSummaries(customers));
  return -f(Float64Array.of(Math.log(p.r), Math.log(p.alpha), Math.log(p.a), Math.log(p.b)), new Float64Array(4));
}

/**
 * Fits the BG/NBD model by maximum likelihood (BFGS in log-parameter space, with the analytic
 * gradient, on unique (x, t_x, T) rows).
 *
 * @param customers - per-customer (x, t_x, T), e.g. from {@link summarizeTransactions}.
 * @param options - starting point, iteration limit.
 * @returns the parameters, the maximised log-likelihood and the parameters' standard errors
 * (Hessian of −log L at the optimum, by central differences of the exact gradient).
 * @throws {@link ModelFitError} when there are no customers or no optimum is found; {@link InvalidModelInputError} for a bad summary.
 * @example
 * ```ts
 * import { fitBgNbd, simulateBgNbdCustomers } from '@retain/node';
 * const customers = simulateBgNbdCustomers({ r: 0.25, alpha: 4, a: 0.8, b: 2.5 }, { customers: 2000, T: 39, seed: 7 });
 * const fit = fitBgNbd(customers);
 * fit.params; // ≈ { r: 0.236, alpha: 4.00, a: 0.85, b: 2.86 }: the truth within two standard errors
 * fit.standardErrors; // ≈ { r: 0.012, alpha: 0.34, a: 0.18, b: 0.79 } (null, with `fit.note`, when the Hessian is not positive definite)
 * ```
 */
export function fitBgNbd(customers: readonly RepeatSummary[], options: FitBgNbdOptions = {}): BgNbdFit {
  if (!Array.isArray(customers)) throw new InvalidModelInputError('customers', 'must be an array of { x, tx, T }');
  if (customers.length === 0) throw new ModelFitError('bg-nbd', 'no customers to fit');
  checkSummaries(customers);
  const data = compressSummaries(customers);
  const objective = bgNbdObjective(data);
  let meanT = 0;
  let meanX = 0;
  for (let i = 0; i < data.length; i++) {
    meanT += (data.count[i] as number) * (data.T[i] as number);
    meanX += (data.count[i] as number) * (data.x[i] as number);
  }
  meanT /= data.customers;
  meanX /= data.customers;
  if (meanX === 0) throw new ModelFitError('bg-nbd', 'no customer made a repeat purchase: the purchase and dropout processes cannot be told apart');
  const maxIterations = options.maxIterations ?? 500;
  if (!Number.isInteger(maxIterations) || maxIterations < 1) throw new InvalidModelInputError('options.maxIterations', `must be a whole number ≥ 1, got ${maxIterations}`);
  const start = options.initial === undefined ? { r: 1, alpha: Math.max(1e-3, meanT) / Math.max(meanX, 0.1), a: 1, b: 1 } : parseInput(BgNbdParamsSchema, options.initial, 'options.initial');
  const result = minimizeBfgs(objective, [Math.log(start.r), Math.log(start.alpha), Math.log(start.a), Math.log(start.b)], {
    maxIterations,
  });
  if (!result.converged || !Number.isFinite(result.fx)) {
    throw new ModelFitError('bg-nbd', `the optimiser stopped after ${result.iterations} iterations without converging (gradient ${result.gradientNorm.toExponential(2)}, log-likelihood ${-result.fx})`);
  }
  const [lr, la, lA, lB] = result.x;
  const params = { r: Math.exp(lr as number), alpha: Math.exp(la as number), a: Math.exp(lA as number), b: Math.exp(lB as number) };
  if (![params.r, params.alpha, params.a, params.b].every((v) => v > 0 && Number.isFinite(v))) {
    throw new ModelFitError('bg-nbd', `the parameters left the representable range (${JSON.stringify(params)}): the data do not identify the model`);
  }
  const u = fitUncertainty(objective, result.x, 'bg-nbd');
  const se = u.standardErrors;
  const fit: BgNbdFit = {
    params,
    logLikelihood: -result.fx,
    standardErrors: se === null ? null : { r: se[0] as number, alpha: se[1] as number, a: se[2] as number, b: se[3] as number },
    covariance: u.covariance,
    customers: data.customers,
    uniqueRows: data.length,
    iterations: result.iterations,
  };
  if (u.note !== undefined) fit.note = u.note;
  return fit;
}

/**
 * P(alive | x, t_x, T): the probability that the customer has not dropped out.
 * A customer with no repeat purchase is alive with probability 1 under BG/NBD (dropout only
 * happens right after a purchase).
 *
 * @example
 * ```ts
 * import { bgNbdProbabilityAlive } from '@retain/node';
 * bgNbdProbabilityAlive({ r: 0.2426, alpha: 4.4135, a: 0.7929, b: 2.4258 }, { x: 2, tx: 30.43, T: 38.86 }); // ≈ 0.727
 * ```
 */
export function bgNbdProbabilityAlive(params: BgNbdParams, customer: RepeatSummary): number {
  const p = parseInput(BgNbdParamsSchema, params, 'params');
  const c = parseInput(RepeatSummarySchema, customer, 'customer');
  return 1 / (1 + dropoutOdds(p, c.x, c.tx, c.T));
}

/** a/(b+x−1) · ((α+T)/(α+t_x))^(r+x), 0 when x = 0. @internal */
export function dropoutOdds(p: BgNbdParams, x: number, tx: number, T: number): number {
  if (x === 0) return 0;
  return Math.exp(Math.log(p.a / (p.b + x - 1)) + (p.r + x) * (Math.log(p.alpha + T) - Math.log(p.alpha + tx)));
}

/**
 * The expected purchases in the next `t` of a customer *known to be alive* (depends on (x, T) only):
 * (a+b+x−1)/(a−1) · [1 − ((α+T)/(α+T+t))^(r+x) ₂F₁(r+x, b+x; a+b+x−1; z)], z = t/(α+T+t),
 * computed after Euler's transformation as (a+b+x−1)/(a−1) · [1 − ((α+T+t)/(α+T))^(1−a)
 * ₂F₁(a+b−1−r, a−1; a+b+x−1; z)]: the same value, but its ₂F₁ never overflows (the original one
 * reaches 1e300 for large x and z near 1) and converges faster as x grows. `f`, when given, is
 * ₂F₁(a+b−1−r, a−1; a+b+x−1; ·) prepared with {@link prepareHyp2f1}. @internal
 */
export function aliveExpectedPurchases(p: BgNbdParams, x: number, T: number, t: number, f?: (z: number) => number): number {
  if (t === 0) return 0;
  const z = t / (p.alpha + T + t);
  const lead = Math.exp((1 - p.a) * Math.log((p.alpha + T + t) / (p.alpha + T)));
  const F = f === undefined ? hyp2f1(p.a + p.b - 1 - p.r, p.a - 1, p.a + p.b + x - 1, z) : f(z);
  return ((p.a + p.b + x - 1) / (p.a - 1)) * (1 - lead * F);
}

/** ₂F₁(a+b−1−r, a−1; a+b+x−1; ·) for {@link aliveExpectedPurchases}, prepared once per x. @internal */
export function prepareAliveHyp2f1(p: BgNbdParams, x: number): (z: number) => number {
  return prepareHyp2f1(p.a + p.b - 1 - p.r, p.a - 1, p.a + p.b + x - 1);
}

/**
 * E[X(t) | x, t_x, T]: expected purchases in the next `t` time units (FHL 2005, eq. 10).
 *
 * @param params - fitted parameters (a ≠ 1).
 * @param customer - the customer's (x, t_x, T).
 * @param t - the horizon, in the unit of the summaries.
 * @example
 * ```ts
 * import { bgNbdExpectedPurchases } from '@retain/node';
 * const p = { r: 0.242593, alpha: 4.413532, a: 0.792886, b: 2.425752 };
 * bgNbdExpectedPurchases(p, { x: 2, tx: 30.43, T: 38.86 }, 39); // ≈ 1.226
 * ```
 */
export function bgNbdExpectedPurchases(params: BgNbdParams, customer: RepeatSummary, t: number): number {
  const p = parseInput(BgNbdParamsSchema, params, 'params');
  const c = parseInput(RepeatSummarySchema, customer, 'customer');
  checkHorizon(t);
  checkA(p);
  return aliveExpectedPurchases(p, c.x, c.T, t) / (1 + dropoutOdds(p, c.x, c.tx, c.T));
}

/**
 * E[X(t)]: expected repeat purchases of a new customer in `t` time units after the first purchase
 * (FHL 2005, eq. 9) — the curve of cumulative repeat purchases of a cohort.
 *
 * @example
 * ```ts
 * import { bgNbdExpectedPurchasesNewCustomer } from '@retain/node';
 * const p = { r: 0.242593, alpha: 4.413532, a: 0.792886, b: 2.425752 };
 * bgNbdExpectedPurchasesNewCustomer(p, 78); // ≈ 1.8576
 * ```
 */
export function bgNbdExpectedPurchasesNewCustomer(params: BgNbdParams, t: number): number {
  const p = parseInput(BgNbdParamsSchema, params, 'params');
  checkHorizon(t);
  checkA(p);
  // A customer at their first purchase (x = 0, T = 0) known to be alive: FHL eq. 9.
  return aliveExpectedPurchases(p, 0, 0, t);
}

function checkHorizon(t: number): void {
  if (!(t >= 0) || !Number.isFinite(t)) throw new InvalidModelInputError('t', `the horizon must be a finite number ≥ 0, got ${t}`);
}

function checkA(p: BgNbdParams): void {
  if (Math.abs(p.a - 1) < 1e-12) throw new InvalidModelInputError('params.a', 'the closed-form expectations are undefined at a = 1 exactly');
}
