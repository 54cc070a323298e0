/**
 * The Pareto/NBD model of repeat purchasing (Schmittlein, Morrison & Colombo 1987): while alive, a
 * customer buys as a Poisson process with rate λ ~ Gamma(r, α); their lifetime is exponential with
 * rate μ ~ Gamma(s, β), in continuous time (dropout can happen at any moment, not only after a
 * purchase as in BG/NBD). The likelihood is in ./pareto-nbd-likelihood.ts.
 */
import { compressSummaries } from './compress-summaries.js';
import { InvalidModelInputError } from './invalid-model-input-error.js';
import { minimizeBfgs } from './minimize.js';
import { checkSummaries, parseInput, RepeatSummarySchema, type RepeatSummary } from './model-inputs.js';
import { ModelFitError } from './model-fit-error.js';
import { paretoNbdObjective, paretoNbdTerms } from './pareto-nbd-likelihood.js';
import { fitUncertainty, hessianFromGradient } from './uncertainty.js';
import { z } from 'zod';

/** Pareto/NBD parameters: purchase rate λ ~ Gamma(shape r, rate α); dropout rate μ ~ Gamma(shape s, rate β). */
export interface ParetoNbdParams {
  r: number;
  alpha: number;
  s: number;
  beta: number;
}

/** A fitted Pareto/NBD model. */
export interface ParetoNbdFit {
  params: ParetoNbdParams;
  /** The maximised log-likelihood (natural log, summed over customers). */
  logLikelihood: number;
  /** Standard errors of the parameters from the observed information (inverse Hessian of −log L), or null when the Hessian is not positive definite (see `note`). */
  standardErrors: ParetoNbdParams | null;
  /** Covariance of (r, α, s, β), or null with the standard errors. */
  covariance: number[][] | null;
  /** Customers in the fit. */
  customers: number;
  /** Unique (x, t_x, T) rows the likelihood was evaluated on. */
  uniqueRows: number;
  /** Quasi-Newton iterations used (plus Newton refinement steps). */
  iterations: number;
  /** Always true: a fit that does not converge throws {@link ModelFitError}. */
  converged: true;
  /** Why standard errors are missing, when they are. */
  note?: string;
}

/** Options of {@link fitParetoNbd}. */
export interface FitParetoNbdOptions {
  /** Starting point. @default r = s = 1, α = mean T ÷ max(mean x, 0.1), β = mean T */
  initial?: ParetoNbdParams;
  /** Iteration limit of the minimiser. @default 500 */
  maxIterations?: number;
}

/** The fit is accepted when ‖∇(−log L)‖∞ in log-parameters is below this × max(1, |log L|). */
const STATIONARY_TOLERANCE = 1e-8;

const positive = (name: string) => z.number({ error: `${name} must be a number` }).finite().positive(`${name} must be > 0`);
/** @internal Zod schema of Pareto/NBD parameters (all > 0). */
export const ParetoNbdParamsSchema = z.object({ r: positive('r'), alpha: positive('alpha'), s: positive('s'), beta: positive('beta') });

/**
 * The Pareto/NBD log-likelihood of a population (natural log, summed).
 *
 * @param params - model parameters.
 * @param customers - per-customer (x, t_x, T).
 * @returns Σ log L(r, α, s, β | x, t_x, T).
 * @example
 * ```ts
 * import { paretoNbdLogLikelihood } from '@retain/node';
 * paretoNbdLogLikelihood({ r: 0.5533, alpha: 10.5776, s: 0.6061, beta: 11.665 }, [{ x: 2, tx: 30.43, T: 38.86 }]); // ≈ −9.554
 * ```
 */
export function paretoNbdLogLikelihood(params: ParetoNbdParams, customers: readonly RepeatSummary[]): number {
  const p = parseInput(ParetoNbdParamsSchema, params, 'params');
  checkSummaries(customers);
  const f = paretoNbdObjective(compressSummaries(customers), 20_000_000);
  const ll = -f(Float64Array.of(Math.log(p.r), Math.log(p.alpha), Math.log(p.s), Math.log(p.beta)), new Float64Array(4));
  if (!Number.isFinite(ll)) throw new InvalidModelInputError('params', `the likelihood cannot be evaluated at these parameters (α/β = ${p.alpha / p.beta})`);
  return ll;
}

/**
 * Fits the Pareto/NBD model by maximum likelihood: BFGS in log-parameter space with the exact
 * gradient, on unique (x, t_x, T) rows, then Newton steps on the Hessian (central differences of
 * the gradient) — the likelihood is very flat along β, and these pin the optimum down. The same
 * Hessian gives the standard errors.
 *
 * @param customers - per-customer (x, t_x, T), e.g. from {@link summarizeTransactions}.
 * @param options - starting point, iteration limit.
 * @returns the parameters, the maximised log-likelihood and standard errors.
 * @throws {@link ModelFitError} when there are no customers, no repeat purchase, or no optimum is found; {@link InvalidModelInputError} for a bad summary (naming the row).
 * @example
 * ```ts
 * import { fitParetoNbd } from '@retain/node';
 * const fit = fitParetoNbd([
 *   { x: 2, tx: 30.43, T: 38.86 }, { x: 1, tx: 1.71, T: 38.86 }, { x: 0, tx: 0, T: 38.86 },
 *   { x: 0, tx: 0, T: 38.86 }, { x: 0, tx: 0, T: 38.86 }, { x: 7, tx: 29.43, T: 38.86 },
 * ]);
 * fit.params.r > 0; // true
 * ```
 */
export function fitParetoNbd(customers: readonly RepeatSummary[], options: FitParetoNbdOptions = {}): ParetoNbdFit {
  if (!Array.isArray(customers)) throw new InvalidModelInputError('customers', 'must be an array of { x, tx, T }');
  if (customers.length === 0) throw new ModelFitError('pareto-nbd', 'no customers to fit');
  checkSummaries(customers);
  const maxIterations = options.maxIterations ?? 500;
  if (!Number.isInteger(maxIterations) || maxIterations < 1) throw new InvalidModelInputError('options.maxIterations', `must be a whole number ≥ 1, got ${maxIterations}`);
  const data = compressSummaries(customers);
  let meanT = 0;
  let meanX = 0;
  for (let i = 0; i < data.length; i++) {
    meanT += (data.count[i] as number) * (data.T[i] as number);
    meanX += (data.count[i] as number) * (data.x[i] as number);
  }
  meanT /= data.customers;
  meanX /= data.customers;
  if (meanX === 0) throw new ModelFitError('pareto-nbd', 'no customer made a repeat purchase: the purchase and dropout processes cannot be told apart');
  const start =
    options.initial === undefined
      ? { r: 1, alpha: Math.max(1e-3, meanT) / Math.max(meanX, 0.1), s: 1, beta: Math.max(1e-3, meanT) }
      : parseInput(ParetoNbdParamsSchema, options.initial, 'options.initial');
  const objective = paretoNbdObjective(data);
  const result = minimizeBfgs(objective, [Math.log(start.r), Math.log(start.alpha), Math.log(start.s), Math.log(start.beta)], { maxIterations });
  if (!Number.isFinite(result.fx) || !(result.gradientNorm <= 1e-3 * Math.max(1, Math.abs(result.fx)))) {
    throw new ModelFitError('pareto-nbd', `the optimiser stopped after ${result.iterations} iterations without converging (gradient ${result.gradientNorm.toExponential(2)}, log-likelihood ${-result.fx})`);
  }
  // Newton refinement in log space.
  let x = Float64Array.from(result.x);
  let fx = result.fx;
  const g = new Float64Array(4);
  let steps = 0;
  for (; steps < 6; steps++) {
    let H: number[][];
    try {
      H = hessianFromGradient(objective, x, { model: 'pareto-nbd' });
    } catch (error) {
      if (!(error instanceof ModelFitError)) throw error;
      break; // the gradient test below decides; fitUncertainty reports the Hessian
    }
    objective(x, g);
    const step = solve(H, g);
    if (step === undefined) break;
    const xNew = x.map((v, i) => v - (step[i] as number));
    const fNew = objective(xNew, new Float64Array(4));
    if (!(fNew <= fx + 1e-9 * Math.max(1, Math.abs(fx)))) break;
    x = xNew;
    fx = Math.min(fx, fNew);
    if (Math.max(...step.map(Math.abs)) < 1e-10) break;
  }
  objective(x, g);
  const gradientNorm = Math.max(...Array.from(g, Math.abs));
  if (!(gradientNorm <= STATIONARY_TOLERANCE * Math.max(1, Math.abs(fx)))) {
    throw new ModelFitError('pareto-nbd', `no stationary point found (gradient ${gradientNorm.toExponential(2)} in log-parameters after ${result.iterations} iterations and ${steps} Newton steps)`);
  }
  const params = { r: Math.exp(x[0] as number), alpha: Math.exp(x[1] as number), s: Math.exp(x[2] as number), beta: Math.exp(x[3] as number) };
  if (![params.r, params.alpha, params.s, params.beta].every((v) => v > 0 && Number.isFinite(v))) {
    throw new ModelFitError('pareto-nbd', `the parameters left the representable range (${JSON.stringify(params)}): the data do not identify the model`);
  }
  const u = fitUncertainty(objective, x, 'pareto-nbd');
  const se = u.standardErrors;
  const fit: ParetoNbdFit = {
    params,
    logLikelihood: -fx,
    standardErrors: se === null ? null : { r: se[0] as number, alpha: se[1] as number, s: se[2] as number, beta: se[3] as number },
    covariance: u.covariance,
    customers: data.customers,
    uniqueRows: data.length,
    iterations: result.iterations + steps,
    converged: true,
  };
  if (u.note !== undefined) fit.note = u.note;
  return fit;
}

/** Solves H d = g for symmetric H (Gaussian elimination with partial pivoting); undefined when singular. */
function solve(H: readonly (readonly number[])[], g: Float64Array): number[] | undefined {
  const n = g.length;
  const A = H.map((row, i) => [...row, g[i] as number]);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let i = c + 1; i < n; i++) if (Math.abs((A[i] as number[])[c] as number) > Math.abs((A[p] as number[])[c] as number)) p = i;
    if (!(Math.abs((A[p] as number[])[c] as number) > 1e-300)) return undefined;
    [A[c], A[p]] = [A[p] as number[], A[c] as number[]];
    const pivot = A[c] as number[];
    for (let i = c + 1; i < n; i++) {
      const row = A[i] as number[];
      const f = (row[c] as number) / (pivot[c] as number);
      for (let k = c; k <= n; k++) row[k] = (row[k] as number) - f * (pivot[k] as number);
    }
  }
  const d = new Array<number>(n).fill(0);
  for (let i = n - 1; i >= 0; i--) {
    const row = A[i] as number[];
    let sum = row[n] as number;
    for (let k = i + 1; k < n; k++) sum -= (row[k] as number) * (d[k] as number);
    d[i] = sum / (row[i] as number);
  }
  return d.every(Number.isFinite) ? d : undefined;
}

/**
 * P(alive | x, t_x, T) under Pareto/NBD: 1 / (1 + s/(r+s+x) · (α+T)^(r+x) (β+T)^s · A₀), computed
 * as E / (E + s·I) in logs (see ./pareto-nbd-likelihood.ts), accurate for any α, β and large x.
 *
 * @param params - fitted parameters.
 * @param customer - the customer's (x, t_x, T).
 * @returns a probability in [0, 1].
 * @example
 * ```ts
 * import { paretoNbdProbabilityAlive } from '@retain/node';
 * paretoNbdProbabilityAlive({ r: 0.5533, alpha: 10.5776, s: 0.6061, beta: 11.665 }, { x: 2, tx: 30.43, T: 38.86 }); // ≈ 0.869
 * ```
 */
export function paretoNbdProbabilityAlive(params: ParetoNbdParams, customer: RepeatSummary): number {
  const p = parseInput(ParetoNbdParamsSchema, params, 'params');
  const c = parseInput(RepeatSummarySchema, customer, 'customer');
  return probabilityAliveUnchecked(p, c.x, c.tx, c.T);
}

/** @internal */
export function probabilityAliveUnchecked(p: ParetoNbdParams, x: number, tx: number, T: number): number {
  const terms = paretoNbdTerms(p.r, p.alpha, p.s, p.beta, x, tx, T);
  if (terms === undefined) throw new InvalidModelInputError('params', `P(alive) cannot be evaluated: α/β = ${p.alpha / p.beta} is too extreme for the series`);
  const d = terms.logSI - terms.logE;
  return d === -Infinity ? 1 : 1 / (1 + Math.exp(d));
}

/**
 * E[X(t) | x, t_x, T]: expected purchases in the next `t` time units (Schmittlein et al. 1987;
 * Fader & Hardie 2005, eq. 22): (r+x)(β+T) / ((α+T)(s−1)) · [1 − ((β+T)/(β+T+t))^(s−1)] · P(alive),
 * with the s → 1 limit taken smoothly ((r+x)(β+T)/(α+T) · log((β+T+t)/(β+T))).
 *
 * @param params - fitted parameters.
 * @param customer - the customer's (x, t_x, T).
 * @param t - the horizon, in the unit of the summaries.
 * @example
 * ```ts
 * import { paretoNbdExpectedPurchases } from '@retain/node';
 * paretoNbdExpectedPurchases({ r: 0.5533, alpha: 10.5776, s: 0.6061, beta: 11.665 }, { x: 2, tx: 30.43, T: 38.86 }, 39); // ≈ 1.455
 * ```
 */
export function paretoNbdExpectedPurchases(params: ParetoNbdParams, customer: RepeatSummary, t: number): number {
  const p = parseInput(ParetoNbdParamsSchema, params, 'params');
  const c = parseInput(RepeatSummarySchema, customer, 'customer');
  checkHorizon(t);
  return aliveExpectedPurchasesPnbd(p, c.x, c.T, t) * probabilityAliveUnchecked(p, c.x, c.tx, c.T);
}

/** Expected purchases in (T, T+t] of a customer known to be alive at T. @internal */
export function aliveExpectedPurchasesPnbd(p: ParetoNbdParams, x: number, T: number, t: number): number {
  if (t === 0) return 0;
  const L = Math.log1p(t / (p.beta + T));
  return ((p.r + x) / (p.alpha + T)) * (p.beta + T) * lifetimeFactor(p.s, L);
}

/** [1 − e^(−(s−1)L)] / (s−1), → L as s → 1. */
function lifetimeFactor(s: number, L: number): number {
  const k = s - 1;
  if (Math.abs(k * L) < 1e-8) return L * (1 - (k * L) / 2);
  return -Math.expm1(-k * L) / k;
}

/**
 * E[X(t)]: expected purchases of a new customer in `t` time units after their first purchase,
 * rβ/(α(s−1)) · [1 − (β/(β+t))^(s−1)] (Fader & Hardie 2005, eq. 17).
 *
 * @example
 * ```ts
 * import { paretoNbdExpectedPurchasesNewCustomer } from '@retain/node';
 * paretoNbdExpectedPurchasesNewCustomer({ r: 0.5533, alpha: 10.5776, s: 0.6061, beta: 11.665 }, 39); // ≈ 1.213
 * ```
 */
export function paretoNbdExpectedPurchasesNewCustomer(params: ParetoNbdParams, t: number): number {
  const p = parseInput(ParetoNbdParamsSchema, params, 'params');
  checkHorizon(t);
  return aliveExpectedPurchasesPnbd(p, 0, 0, t);
}

function checkHorizon(t: number): void {
  if (!(t >= 0) || !Number.isFinite(t)) throw new InvalidModelInputError('t', `the horizon must be a finite number ≥ 0, got ${t}`);
}
