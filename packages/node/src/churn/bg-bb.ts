/**
 * The BG/BB model of discrete-time noncontractual repeat transactions (Fader, Hardie & Shang 2010,
 * "Customer-Base Analysis in a Discrete-Time Noncontractual Setting"): at each of n transaction
 * opportunities (a yearly donation drive, an event, a renewal mailing) a customer who is alive
 * transacts with probability p ~ Beta(α, β); before each opportunity they die with probability
 * θ ~ Beta(γ, δ), unobserved. A customer's history is summarised by (x, t_x, n): x transactions,
 * the last at opportunity t_x. Predictions are in ./bg-bb-predictions.ts.
 */
import betaln from '@stdlib/math-base-special-betaln';
import digamma from '@stdlib/math-base-special-digamma';
import gammaln from '@stdlib/math-base-special-gammaln';
import { z } from 'zod';
import { InvalidModelInputError } from './invalid-model-input-error.js';
import { minimizeBfgs } from './minimize.js';
import { parseInput } from './model-inputs.js';
import { ModelFitError } from './model-fit-error.js';
import { fitUncertainty } from './uncertainty.js';

/** The model name in {@link ModelFitError}s. @internal */
export const BGBB_MODEL = 'bg-bb';

/** BG/BB parameters: transaction probability p ~ Beta(α, β); dropout probability θ ~ Beta(γ, δ). */
export interface BgBbParams {
  alpha: number;
  beta: number;
  gamma: number;
  delta: number;
}

/** A customer's history over n transaction opportunities. */
export interface BgBbHistory {
  /** Transactions (repeat ones, when the first opportunity is the acquisition), 0 ≤ x ≤ t_x. */
  x: number;
  /** The opportunity of the last transaction (1 … n), 0 when x = 0. */
  tx: number;
  /** Transaction opportunities observed. */
  n: number;
}

/** A (x, t_x, n) pattern and how many customers share it (the recency/frequency table of FHS 2010). */
export interface BgBbPattern extends BgBbHistory {
  /** Customers with this pattern (a whole number ≥ 0). */
  count: number;
}

/** A fitted BG/BB model. */
export interface BgBbFit {
  params: BgBbParams;
  /** The maximised log-likelihood (natural log, summed over customers). */
  logLikelihood: number;
  /**
   * Standard errors of the parameters from the observed information (the inverse Hessian of
   * −log L at the optimum), or null when the Hessian is not positive definite (see `note`).
   */
  standardErrors: BgBbParams | null;
  /** Asymptotic covariance of (α, β, γ, δ), in that order, or null with the standard errors. */
  covariance: number[][] | null;
  /** Customers in the fit (Σ count). */
  customers: number;
  /** Distinct (x, t_x, n) patterns the likelihood was evaluated on. */
  uniqueRows: number;
  /** Quasi-Newton iterations used. */
  iterations: number;
  /** Why standard errors are missing, when they are. */
  note?: string;
}

/** Options of {@link fitBgBb}. */
export interface FitBgBbOptions {
  /** Starting point. @default α = β = γ = δ = 1 */
  initial?: BgBbParams;
  /** Iteration limit of the minimiser. @default 500 */
  maxIterations?: number;
}

const whole = (name: string) => z.number({ error: `${name} must be a number` }).int(`${name} must be a whole number`).min(0, `${name} must be ≥ 0`);
const positive = (name: string) => z.number({ error: `${name} must be a number` }).finite(`${name} must be finite`).positive(`${name} must be > 0`);

const historyShape = { x: whole('x'), tx: whole('tx'), n: whole('n') };

function refineHistory<T extends z.ZodType<BgBbHistory>>(schema: T) {
  return schema
    .refine((c) => c.tx <= c.n, { message: 'tx must not exceed n (the last transaction is at one of the n opportunities)', path: ['tx'] })
    .refine((c) => c.x <= c.tx, { message: 'x must not exceed tx (x transactions by opportunity tx)', path: ['x'] })
    .refine((c) => c.x > 0 || c.tx === 0, { message: 'tx must be 0 when x = 0', path: ['tx'] });
}

/** @internal Zod schema of a {@link BgBbHistory}: whole numbers with x ≤ t_x ≤ n, t_x = 0 when x = 0. */
export const BgBbHistorySchema = refineHistory(z.object(historyShape));

/** @internal Zod schema of a {@link BgBbPattern}. */
export const BgBbPatternSchema = refineHistory(z.object({ ...historyShape, count: whole('count') }));

/** @internal Zod schema of BG/BB parameters (all > 0). */
export const BgBbParamsSchema = z.object({ alpha: positive('alpha'), beta: positive('beta'), gamma: positive('gamma'), delta: positive('delta') });

/** Distinct patterns with summed counts. @internal */
export interface BgBbRows {
  x: Int32Array;
  tx: Int32Array;
  n: Int32Array;
  count: Float64Array;
  customers: number;
  maxN: number;
}

/** Checks and groups patterns, naming the first bad row (`patterns[i].field`). @internal */
export function groupPatterns(patterns: readonly BgBbPattern[], path = 'patterns'): BgBbRows {
  if (!Array.isArray(patterns)) throw new InvalidModelInputError(path, 'must be an array of { x, tx, n, count }');
  const index = new Map<string, number>();
  const xs: number[] = [];
  const txs: number[] = [];
  const ns: number[] = [];
  const counts: number[] = [];
  let customers = 0;
  let maxN = 0;
  patterns.forEach((row, i) => {
    // Fast path for well-formed rows; zod names the field of a bad one.
    const r = isPattern(row) ? row : parseInput(BgBbPatternSchema, row, `${path}[${i}]`);
    if (r.count === 0) return;
    const key = `${r.x},${r.tx},${r.n}`;
    const k = index.get(key);
    if (k === undefined) {
      index.set(key, xs.length);
      xs.push(r.x);
      txs.push(r.tx);
      ns.push(r.n);
      counts.push(r.count);
    } else counts[k] = (counts[k] as number) + r.count;
    customers += r.count;
    maxN = Math.max(maxN, r.n);
  });
  return { x: Int32Array.from(xs), tx: Int32Array.from(txs), n: Int32Array.from(ns), count: Float64Array.from(counts), customers, maxN };
}

function isPattern(r: unknown): r is BgBbPattern {
  if (r === null || typeof r !== 'object') return false;
  const { x, tx, n, count } = r as Record<string, unknown>;
  return (
    Number.isInteger(x) &&
    Number.isInteger(tx) &&
    Number.isInteger(n) &&
    Number.isInteger(count) &&
    (x as number) >= 0 &&
    (count as number) >= 0 &&
    (x as number) <= (tx as number) &&
    (tx as number) <= (n as number) &&
    ((x as number) > 0 || tx === 0)
  );
}

/**
 * −log L and its gradient in log-parameters (FHS 2010, eq. 5):
 * L = B(α+x, β+n−x)/B(α,β) · B(γ, δ+n)/B(γ,δ) + Σ_{i=0}^{n−t_x−1} B(α+x, β+t_x−x+i)/B(α,β) · B(γ+1, δ+t_x+i)/B(γ,δ),
 * in logs. lnΓ and ψ at α + j, β + j, … are tabulated once per evaluation for j = 0 … max n + 1,
 * so each term is arithmetic; the Σ (dead after opportunity t_x + i) depends on n only through
 * its length, so rows with the same (x, t_x) share one prefix sum. Its terms fall with i, so
 * scaling by the first keeps every exponential ≤ 1. @internal
 */
export function bgBbObjective(rows: BgBbRows): (logParams: Float64Array, gradient: Float64Array) => number {
  const size = rows.maxN + 2;
  const tables = Array.from({ length: 10 }, () => new Float64Array(size));
  const [lgA, lgB, lgAB, lgD, lgGD, psA, psB, psAB, psD, psGD] = tables as [Float64Array, Float64Array, Float64Array, Float64Array, Float64Array, Float64Array, Float64Array, Float64Array, Float64Array, Float64Array];
  // Rows grouped by (x, t_x), each group with the longest Σ its rows need.
  const groupIndex = new Map<number, number>();
  const groupX: number[] = [];
  const groupTx: number[] = [];
  const groupLength: number[] = [];
  const groupRows: number[][] = [];
  for (let r = 0; r < rows.count.length; r++) {
    const x = rows.x[r] as number;
    const tx = rows.tx[r] as number;
    const key = x * (rows.maxN + 1) + tx;
    let g = groupIndex.get(key);
    if (g === undefined) {
      g = groupX.length;
      groupIndex.set(key, g);
      groupX.push(x);
      groupTx.push(tx);
      groupLength.push(0);
      groupRows.push([]);
    }
    groupLength[g] = Math.max(groupLength[g] as number, (rows.n[r] as number) - tx);
    (groupRows[g] as number[]).push(r);
  }
  // Prefix sums of e^(v_i − v_0) and of e^(v_i − v_0) · ∂v_i, for j = 0 … longest.
  const prefix = Array.from({ length: 5 }, () => new Float64Array(size));
  const [sumE, sumA, sumB, sumG, sumD] = prefix as [Float64Array, Float64Array, Float64Array, Float64Array, Float64Array];
  return (logParams, gradient) => {
    const alpha = Math.exp(logParams[0] as number);
    const beta = Math.exp(logParams[1] as number);
    const gamma = Math.exp(logParams[2] as number);
    const delta = Math.exp(logParams[3] as number);
    for (let j = 0; j < size; j++) {
      lgA[j] = gammaln(alpha + j);
      lgB[j] = gammaln(beta + j);
      lgAB[j] = gammaln(alpha + beta + j);
      lgD[j] = gammaln(delta + j);
      lgGD[j] = gammaln(gamma + delta + j);
      psA[j] = digamma(alpha + j);
      psB[j] = digamma(beta + j);
      psAB[j] = digamma(alpha + beta + j);
      psD[j] = digamma(delta + j);
      psGD[j] = digamma(gamma + delta + j);
    }
    const lgG0 = gammaln(gamma);
    const lgG1 = gammaln(gamma + 1);
    const psG0 = digamma(gamma);
    const psG1 = digamma(gamma + 1);
    const baseP = (lgA[0] as number) + (lgB[0] as number) - (lgAB[0] as number);
    const baseT = lgG0 + (lgD[0] as number) - (lgGD[0] as number);
    const psP = (psAB[0] as number) - (psA[0] as number);
    const psPB = (psAB[0] as number) - (psB[0] as number);
    const psT = (psGD[0] as number) - psG0;
    const psTD = (psGD[0] as number) - (psD[0] as number);
    let ll = 0;
    let gA = 0;
    let gB = 0;
    let gG = 0;
    let gD = 0;
    for (let g = 0; g < groupX.length; g++) {
      const x = groupX[g] as number;
      const tx = groupTx[g] as number;
      const length = groupLength[g] as number;
      // Dead after opportunity t_x + i: B(α+x, β+t_x−x+i)/B(α,β) · B(γ+1, δ+t_x+i)/B(γ,δ).
      let v0 = 0;
      for (let i = 0; i < length; i++) {
        const m = tx - x + i;
        const k = tx + i;
        const v = (lgA[x] as number) + (lgB[m] as number) - (lgAB[tx + i] as number) - baseP + lgG1 + (lgD[k] as number) - (lgGD[k + 1] as number) - baseT;
        if (i === 0) v0 = v;
        const e = Math.exp(v - v0);
        sumE[i + 1] = (sumE[i] as number) + e;
        sumA[i + 1] = (sumA[i] as number) + e * ((psA[x] as number) - (psAB[tx + i] as number) + psP);
        sumB[i + 1] = (sumB[i] as number) + e * ((psB[m] as number) - (psAB[tx + i] as number) + psPB);
        sumG[i + 1] = (sumG[i] as number) + e * (psG1 - (psGD[k + 1] as number) + psT);
        sumD[i + 1] = (sumD[i] as number) + e * ((psD[k] as number) - (psGD[k + 1] as number) + psTD);
      }
      for (const r of groupRows[g] as number[]) {
        const n = rows.n[r] as number;
        const w = rows.count[r] as number;
        // Alive through all n opportunities.
        const u = (lgA[x] as number) + (lgB[n - x] as number) - (lgAB[n] as number) - baseP + lgG0 + (lgD[n] as number) - (lgGD[n] as number) - baseT;
        const uA = (psA[x] as number) - (psAB[n] as number) + psP;
        const uB = (psB[n - x] as number) - (psAB[n] as number) + psPB;
        const uG = psG0 - (psGD[n] as number) + psT;
        const uD = (psD[n] as number) - (psGD[n] as number) + psTD;
        const j = n - tx;
        if (j === 0) {
          ll += w * u;
          gA += w * uA;
          gB += w * uB;
          gG += w * uG;
          gD += w * uD;
          continue;
        }
        const s = sumE[j] as number;
        const dead = v0 + Math.log(s);
        const top = Math.max(u, dead);
        const eu = Math.exp(u - top);
        const ed = Math.exp(dead - top);
        ll += w * (top + Math.log(eu + ed));
        const wu = eu / (eu + ed);
        const wd = (1 - wu) / s;
        gA += w * (wu * uA + wd * (sumA[j] as number));
        gB += w * (wu * uB + wd * (sumB[j] as number));
        gG += w * (wu * uG + wd * (sumG[j] as number));
        gD += w * (wu * uD + wd * (sumD[j] as number));
      }
    }
    gradient[0] = -gA * alpha;
    gradient[1] = -gB * beta;
    gradient[2] = -gG * gamma;
    gradient[3] = -gD * delta;
    return -ll;
  };
}

/**
 * ln L(α, β, γ, δ | x, t_x, n) of one customer, by beta functions (for predictions; the fit uses
 * the tabulated {@link bgBbObjective}). @internal
 */
export function bgBbHistoryLogLikelihood(p: BgBbParams, x: number, tx: number, n: number): number {
  const baseP = betaln(p.alpha, p.beta);
  const baseT = betaln(p.gamma, p.delta);
  const terms = [betaln(p.alpha + x, p.beta + n - x) - baseP + betaln(p.gamma, p.delta + n) - baseT];
  for (let i = 0; i < n - tx; i++) terms.push(betaln(p.alpha + x, p.beta + tx - x + i) - baseP + betaln(p.gamma + 1, p.delta + tx + i) - baseT);
  const max = Math.max(...terms);
  return max + Math.log(terms.reduce((s, v) => s + Math.exp(v - max), 0));
}

/**
 * The BG/BB log-likelihood of a population of patterns (natural log, summed over customers).
 *
 * @param params - model parameters.
 * @param patterns - (x, t_x, n) with counts.
 * @example
 * ```ts
 * import { bgBbLogLikelihood } from '@retain/node';
 * bgBbLogLikelihood({ alpha: 1.204, beta: 0.75, gamma: 0.657, delta: 2.783 }, [{ x: 3, tx: 4, n: 6, count: 1 }]); // ≈ −5.06
 * ```
 */
export function bgBbLogLikelihood(params: BgBbParams, patterns: readonly BgBbPattern[]): number {
  const p = parseInput(BgBbParamsSchema, params, 'params');
  const f = bgBbObjective(groupPatterns(patterns));
  return -f(Float64Array.of(Math.log(p.alpha), Math.log(p.beta), Math.log(p.gamma), Math.log(p.delta)), new Float64Array(4));
}

/**
 * Fits the BG/BB model by maximum likelihood (BFGS in log-parameters with the exact gradient, on
 * distinct (x, t_x, n) patterns), with standard errors from the Hessian at the optimum.
 *
 * @param patterns - the recency/frequency table: one row per (x, t_x, n) with its customer count
 * (rows with the same pattern are added; one row per customer with count 1 works too).
 * @param options - starting point, iteration limit.
 * @returns the parameters, the maximised log-likelihood and the parameters' standard errors.
 * @throws {@link InvalidModelInputError} for no patterns, or naming the row and field (`patterns[3].tx`) for a count or number that is negative, not whole or NaN, t_x > n, or x > t_x; {@link ModelFitError} when every count is 0, nobody transacted, or no optimum is found.
 * @example
 * ```ts
 * import { fitBgBb } from '@retain/node';
 * const fit = fitBgBb([
 *   { x: 6, tx: 6, n: 6, count: 120 }, { x: 3, tx: 6, n: 6, count: 36 }, { x: 4, tx: 5, n: 6, count: 28 },
 *   { x: 2, tx: 4, n: 6, count: 16 }, { x: 2, tx: 2, n: 6, count: 61 }, { x: 1, tx: 1, n: 6, count: 109 },
 *   { x: 0, tx: 0, n: 6, count: 346 },
 * ]);
 * fit.params.alpha > 0; // true
 * ```
 */
export function fitBgBb(patterns: readonly BgBbPattern[], options: FitBgBbOptions = {}): BgBbFit {
  if (Array.isArray(patterns) && patterns.length === 0) throw new InvalidModelInputError('patterns', 'must contain at least one (x, tx, n, count) pattern');
  const rows = groupPatterns(patterns);
  if (rows.customers === 0) throw new ModelFitError(BGBB_MODEL, 'no customers to fit (every count is 0, or there are no patterns)');
  let transactions = 0;
  let silent = true;
  for (let r = 0; r < rows.count.length; r++) {
    transactions += (rows.count[r] as number) * (rows.x[r] as number);
    if ((rows.x[r] as number) < (rows.n[r] as number)) silent = false;
  }
  if (transactions === 0) throw new ModelFitError(BGBB_MODEL, 'no customer transacted: the transaction and dropout processes cannot be told apart');
  if (silent) throw new ModelFitError(BGBB_MODEL, 'every customer transacted at every opportunity: nothing identifies dropout (the likelihood keeps rising as α/β → ∞)');
  const maxIterations = options.maxIterations ?? 500;
  if (!Number.isInteger(maxIterations) || maxIterations < 1) throw new InvalidModelInputError('options.maxIterations', `must be a whole number ≥ 1, got ${maxIterations}`);
  const start = options.initial === undefined ? { alpha: 1, beta: 1, gamma: 1, delta: 1 } : parseInput(BgBbParamsSchema, options.initial, 'options.initial');
  const objective = bgBbObjective(rows);
  const result = minimizeBfgs(objective, [Math.log(start.alpha), Math.log(start.beta), Math.log(start.gamma), Math.log(start.delta)], { maxIterations });
  if (!result.converged || !Number.isFinite(result.fx)) {
    throw new ModelFitError(BGBB_MODEL, `the optimiser stopped after ${result.iterations} iterations without converging (gradient ${result.gradientNorm.toExponential(2)}, log-likelihood ${-result.fx})`);
  }
  const [la, lb, lg, ld] = result.x;
  const params = { alpha: Math.exp(la as number), beta: Math.exp(lb as number), gamma: Math.exp(lg as number), delta: Math.exp(ld as number) };
  const values = [params.alpha, params.beta, params.gamma, params.delta];
  if (!values.every((v) => v > 1e-8 && v < 1e8 && Number.isFinite(v))) {
    throw new ModelFitError(BGBB_MODEL, `the parameters ran to the edge of their range (${JSON.stringify(params)}): the data do not identify the model`);
  }
  const u = fitUncertainty(objective, result.x, BGBB_MODEL);
  const se = u.standardErrors;
  const fit: BgBbFit = {
    params,
    logLikelihood: -result.fx,
    standardErrors: se === null ? null : { alpha: se[0] as number, beta: se[1] as number, gamma: se[2] as number, delta: se[3] as number },
    covariance: u.covariance,
    customers: rows.customers,
    uniqueRows: rows.count.length,
    iterations: result.iterations,
  };
  if (u.note !== undefined) fit.note = u.note;
  return fit;
}
