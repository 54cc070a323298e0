/**
 * The Gamma-Gamma model of spend per transaction (Fader, Hardie & Lee 2005, "RFM and CLV";
 * Colombo & Jiang 1999): each transaction's value is Gamma(p, ν), with ν ~ Gamma(q, γ) across
 * customers. Fitted on customers with at least one repeat purchase.
 */
import digamma from '@stdlib/math-base-special-digamma';
import gammaln from '@stdlib/math-base-special-gammaln';
import { z } from 'zod';
import { InvalidModelInputError } from './invalid-model-input-error.js';
import { minimizeBfgs } from './minimize.js';
import { GammaGammaParamsSchema, parseInput } from './model-inputs.js';
import { ModelFitError } from './model-fit-error.js';
import { fitUncertainty } from './uncertainty.js';

/** Gamma-Gamma parameters: transaction value ~ Gamma(p, ν), ν ~ Gamma(q, γ). */
export interface GammaGammaParams {
  p: number;
  q: number;
  gamma: number;
}

/** What the spend model needs of a customer: repeat purchases and their mean value. */
export interface SpendSummary {
  x: number;
  meanRepeatSpend: number;
}

/** A fitted Gamma-Gamma model. */
export interface GammaGammaFit {
  params: GammaGammaParams;
  logLikelihood: number;
  /**
   * Standard errors of the parameters from the observed information (the inverse Hessian of
   * −log L at the optimum), or null when the Hessian is not positive definite (see `note`).
   */
  standardErrors: GammaGammaParams | null;
  /** Asymptotic covariance of (p, q, γ), or null with the standard errors. */
  covariance: number[][] | null;
  /** Customers with x > 0 used in the fit. */
  customers: number;
  iterations: number;
  /** Why standard errors are missing, when they are. */
  note?: string;
}

const SpendSummarySchema = z.object({
  x: z.number().int('x must be a whole number').min(0, 'x must be ≥ 0'),
  meanRepeatSpend: z.number().finite().min(0, 'meanRepeatSpend must be ≥ 0'),
});

function checkSpend(c: SpendSummary, path: string): SpendSummary {
  if (Number.isInteger(c?.x) && c.x >= 0 && c.meanRepeatSpend >= 0 && Number.isFinite(c.meanRepeatSpend)) return c;
  return parseInput(SpendSummarySchema, c, path);
}

/**
 * Fits the Gamma-Gamma spend model by maximum likelihood on the customers with x > 0 and a
 * positive mean spend (BFGS in log-parameter space, analytic gradient).
 *
 * @param customers - per-customer (x, mean repeat spend); those with x = 0 are ignored.
 * @returns the parameters, log-likelihood and the parameters' standard errors (Hessian of −log L at the optimum).
 * @throws {@link ModelFitError} when no customer has a repeat purchase or the fit does not converge.
 * @example
 * ```ts
 * import { fitGammaGamma } from '@retain/node';
 * const fit = fitGammaGamma([
 *   { x: 2, meanRepeatSpend: 22.35 }, { x: 1, meanRepeatSpend: 11.77 }, { x: 5, meanRepeatSpend: 48.1 },
 *   { x: 3, meanRepeatSpend: 30.2 }, { x: 1, meanRepeatSpend: 14 }, { x: 0, meanRepeatSpend: 0 },
 * ]);
 * fit.customers; // 5
 * ```
 */
export function fitGammaGamma(customers: readonly SpendSummary[]): GammaGammaFit {
  const xs: number[] = [];
  const ms: number[] = [];
  customers.forEach((c, i) => {
    checkSpend(c, `customers[${i}]`);
    if (c.x > 0 && c.meanRepeatSpend > 0) {
      xs.push(c.x);
      ms.push(c.meanRepeatSpend);
    }
  });
  if (xs.length === 0) throw new ModelFitError('gamma-gamma', 'no customer has a repeat purchase with a positive spend');
  const n = xs.length;
  const logX = xs.map(Math.log);
  const logM = ms.map(Math.log);
  const objective = (v: Float64Array, g: Float64Array): number => {
    const p = Math.exp(v[0] as number);
    const q = Math.exp(v[1] as number);
    const gam = Math.exp(v[2] as number);
    const lgq = gammaln(q);
    const psiQ = digamma(q);
    const lgGam = Math.log(gam);
    let ll = 0;
    let gp = 0;
    let gq = 0;
    let gg = 0;
    for (let i = 0; i < n; i++) {
      const x = xs[i] as number;
      const m = ms[i] as number;
      const px = p * x;
      const lDen = Math.log(gam + x * m);
      ll += gammaln(px + q) - gammaln(px) - lgq + q * lgGam + (px - 1) * (logM[i] as number) + px * (logX[i] as number) - (px + q) * lDen;
      const psiPxQ = digamma(px + q);
      gp += x * (psiPxQ - digamma(px) + (logM[i] as number) + (logX[i] as number) - lDen);
      gq += psiPxQ - psiQ + lgGam - lDen;
      gg += q / gam - (px + q) / (gam + x * m);
    }
    g[0] = -gp * p;
    g[1] = -gq * q;
    g[2] = -gg * gam;
    return -ll;
  };
  const result = minimizeBfgs(objective, [0, 0, 0]);
  if (!result.converged || !Number.isFinite(result.fx)) {
    throw new ModelFitError('gamma-gamma', `the optimiser stopped after ${result.iterations} iterations without converging (gradient ${result.gradientNorm.toExponential(2)})`);
  }
  const params = { p: Math.exp(result.x[0] as number), q: Math.exp(result.x[1] as number), gamma: Math.exp(result.x[2] as number) };
  if (![params.p, params.q, params.gamma].every((v) => v > 0 && Number.isFinite(v))) {
    throw new ModelFitError('gamma-gamma', `the parameters left the representable range (${JSON.stringify(params)}): the spends do not identify the model`);
  }
  const u = fitUncertainty(objective, result.x, 'gamma-gamma');
  const se = u.standardErrors;
  const fit: GammaGammaFit = {
    params,
    logLikelihood: -result.fx,
    standardErrors: se === null ? null : { p: se[0] as number, q: se[1] as number, gamma: se[2] as number },
    covariance: u.covariance,
    customers: n,
    iterations: result.iterations,
  };
  if (u.note !== undefined) fit.note = u.note;
  return fit;
}

/**
 * E[M | x, z̄]: the expected spend per transaction of a customer, a weighted average of the
 * population mean pγ/(q−1) and the customer's own mean z̄ (weight grows with x).
 *
 * @param params - fitted parameters (q > 1 for a finite population mean).
 * @param customer - x and mean repeat spend (x = 0 gives the population mean).
 * @example
 * ```ts
 * import { gammaGammaExpectedSpend } from '@retain/node';
 * gammaGammaExpectedSpend({ p: 6.25, q: 3.74, gamma: 15.44 }, { x: 2, meanRepeatSpend: 22.35 }); // ≈ 24.65
 * ```
 */
export function gammaGammaExpectedSpend(params: GammaGammaParams, customer: SpendSummary): number {
  const p = parseInput(GammaGammaParamsSchema, params, 'params');
  const c = checkSpend(customer, 'customer');
  return expectedSpendUnchecked(p, c.x, c.meanRepeatSpend);
}

/** @internal */
export function expectedSpendUnchecked(p: GammaGammaParams, x: number, m: number): number {
  const den = p.p * x + p.q - 1;
  if (!(den > 0)) throw new InvalidModelInputError('params.q', `expected spend is infinite when p·x + q ≤ 1 (p·x + q = ${p.p * x + p.q}); the population mean needs q > 1`);
  return (p.p * (p.gamma + x * m)) / den;
}
