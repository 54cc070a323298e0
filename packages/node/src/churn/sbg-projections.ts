/**
 * What a fitted shifted-beta-geometric model says about the future: survival and retention
 * curves (Fader & Hardie 2007), the discounted expected residual lifetime of a customer at renewal
 * and their residual value (Fader & Hardie 2010, "Customer-Base Valuation in a Contractual
 * Setting: The Perils of Ignoring Heterogeneity").
 */
import betaln from '@stdlib/math-base-special-betaln';
import { hyp2f1 } from './hypergeometric.js';
import { InvalidModelInputError } from './invalid-model-input-error.js';
import { ModelFitError } from './model-fit-error.js';
import { checkSbgParams, SBG_MODEL, type ShiftedBetaGeometricFit, type ShiftedBetaGeometricParams } from './shifted-beta-geometric.js';
import { predictionInterval, type PredictionInterval } from './uncertainty.js';

/** Options of {@link sbgDiscountedExpectedResidualLifetime}. */
export interface DerlOptions {
  /** Renewals the customer has made so far (0 for a customer in their first period). */
  renewals: number;
  /** Discount rate per period, e.g. 0.1 for 10 % a year with yearly contracts. */
  discountRate: number;
}

/** Options of {@link sbgResidualValue}. */
export interface SbgValueOptions extends DerlOptions {
  /** Net cash flow of one period of contract (what the customer pays at each renewal). */
  valuePerPeriod: number;
}

/**
 * Survival: S(t) = B(α, β + t) / B(α, β), the probability that a new customer is still a customer
 * after `t` renewal opportunities (at the start of period t + 1).
 *
 * @param params - sBG parameters.
 * @param t - periods, a whole number ≥ 0.
 * @example
 * ```ts
 * import { sbgSurvival } from '@retain/node';
 * sbgSurvival({ alpha: 0.668, beta: 3.806 }, 1); // β/(α+β) ≈ 0.851
 * ```
 */
export function sbgSurvival(params: ShiftedBetaGeometricParams, t: number): number {
  const p = checkSbgParams(params);
  checkPeriod(t, 't');
  return Math.exp(betaln(p.alpha, p.beta + t) - betaln(p.alpha, p.beta));
}

/**
 * The survival curve S(0), S(1), …, S(`periods`): the share of a cohort expected to be customers at
 * the start of each period (S(0) = 1), non-increasing.
 *
 * @param params - sBG parameters.
 * @param periods - the last period, a whole number ≥ 0.
 * @example
 * ```ts
 * import { sbgSurvivalCurve } from '@retain/node';
 * sbgSurvivalCurve({ alpha: 0.704, beta: 1.182 }, 3).map((s) => s.toFixed(3)); // ['1.000', '0.627', '0.474', '0.388']
 * ```
 */
export function sbgSurvivalCurve(params: ShiftedBetaGeometricParams, periods: number): number[] {
  const p = checkSbgParams(params);
  checkPeriod(periods, 'periods');
  const out = [1];
  let s = 1;
  for (let t = 1; t <= periods; t++) {
    s *= (p.beta + t - 1) / (p.alpha + p.beta + t - 1);
    out.push(s);
  }
  return out;
}

/**
 * Retention rate of period `t`: r(t) = S(t)/S(t − 1) = (β + t − 1)/(α + β + t − 1), the share of
 * the customers alive at the start of period t who renew at its end. It rises with t.
 *
 * @param params - sBG parameters.
 * @param t - the period, a whole number ≥ 1.
 * @example
 * ```ts
 * import { sbgRetentionRate } from '@retain/node';
 * sbgRetentionRate({ alpha: 0.704, beta: 1.182 }, 1); // ≈ 0.627
 * sbgRetentionRate({ alpha: 0.704, beta: 1.182 }, 12); // ≈ 0.945
 * ```
 */
export function sbgRetentionRate(params: ShiftedBetaGeometricParams, t: number): number {
  const p = checkSbgParams(params);
  checkPeriod(t, 't');
  if (t < 1) throw new InvalidModelInputError('t', `the first period is 1, got ${t}`);
  return (p.beta + t - 1) / (p.alpha + p.beta + t - 1);
}

/**
 * The retention curve r(1), …, r(`periods`) ({@link sbgRetentionRate} for each period).
 *
 * @param params - sBG parameters.
 * @param periods - the last period, a whole number ≥ 1.
 * @example
 * ```ts
 * import { sbgRetentionCurve } from '@retain/node';
 * sbgRetentionCurve({ alpha: 0.668, beta: 3.806 }, 3).map((r) => r.toFixed(3)); // ['0.851', '0.878', '0.897']
 * ```
 */
export function sbgRetentionCurve(params: ShiftedBetaGeometricParams, periods: number): number[] {
  checkPeriod(periods, 'periods');
  if (periods < 1) throw new InvalidModelInputError('periods', `the first period is 1, got ${periods}`);
  return Array.from({ length: periods }, (_, i) => sbgRetentionRate(params, i + 1));
}

/**
 * Projected survivors of a cohort: `cohortSize · S(t)` for t = 0, 1, …, `periods` — the curve to
 * set against actual survivor counts.
 *
 * @param params - sBG parameters.
 * @param cohortSize - customers at t = 0.
 * @param periods - the last period projected.
 * @returns `periods + 1` expected survivor counts, non-increasing, starting at `cohortSize`.
 * @example
 * ```ts
 * import { sbgProjectSurvivors } from '@retain/node';
 * sbgProjectSurvivors({ alpha: 0.704, beta: 1.182 }, 1000, 3).map(Math.round); // [1000, 627, 474, 388]
 * ```
 */
export function sbgProjectSurvivors(params: ShiftedBetaGeometricParams, cohortSize: number, periods: number): number[] {
  if (typeof cohortSize !== 'number' || !(cohortSize >= 0) || !Number.isFinite(cohortSize)) throw new InvalidModelInputError('cohortSize', `must be a finite number ≥ 0, got ${String(cohortSize)}`);
  return sbgSurvivalCurve(params, periods).map((s) => cohortSize * s);
}

/**
 * An interval for S(t) from a fit: the delta method over the covariance of (α, β). It reflects
 * parameter uncertainty only (the expected share of a cohort alive at t, not one cohort's count).
 *
 * @param fitted - a fit from {@link fitShiftedBetaGeometric} or {@link fitShiftedBetaGeometricTenures}.
 * @param t - periods, a whole number ≥ 0.
 * @param level - coverage. @default 0.95
 * @throws {@link ModelFitError} when the fit has no covariance (its Hessian was not positive definite).
 * @example
 * ```ts
 * import { fitShiftedBetaGeometric, sbgSurvivalInterval } from '@retain/node';
 * const fit = fitShiftedBetaGeometric([1000, 631, 468, 382, 326, 289, 262, 241]);
 * const s12 = sbgSurvivalInterval(fit, 12); // estimate ≈ 0.170 with lower and upper bounds
 * ```
 */
export function sbgSurvivalInterval(fitted: ShiftedBetaGeometricFit, t: number, level = 0.95): PredictionInterval {
  checkPeriod(t, 't');
  const { alpha, beta } = checkSbgParams(fitted.params, 'fitted.params');
  if (fitted.covariance === null) throw new ModelFitError(SBG_MODEL, `no covariance to form an interval from${fitted.note === undefined ? '' : ` (${fitted.note})`}`);
  return predictionInterval(([a = alpha, b = beta]) => Math.exp(betaln(a, b + t) - betaln(a, b)), [alpha, beta], fitted.covariance, { level });
}

/**
 * Discounted expected residual lifetime (Fader & Hardie 2010, eq. 6): for a customer who has made
 * `renewals` renewals and is now up for the next one, the expected number of further payments,
 * each discounted by (1 + d) per period from now, the first (this renewal) undiscounted:
 *
 * DERL = Σ_{t ≥ n} S(t)/S(n − 1) · (1 + d)^{−(t−n)} = (β + n − 1)/(α + β + n − 1) · ₂F₁(1, β + n; α + β + n; 1/(1 + d)),
 * with n − 1 = `renewals`. Multiply by the value of a period for the customer's residual value
 * ({@link sbgResidualValue}). It grows with `renewals`: long-standing customers are worth more.
 *
 * @param params - sBG parameters.
 * @param options - renewals so far and the discount rate per period (> 0; 0 only when α > 1, else the sum diverges).
 * @example
 * ```ts
 * import { sbgDiscountedExpectedResidualLifetime } from '@retain/node';
 * const p = { alpha: 0.704, beta: 1.182 };
 * sbgDiscountedExpectedResidualLifetime(p, { renewals: 0, discountRate: 0.1 }); // ≈ 2.96
 * sbgDiscountedExpectedResidualLifetime(p, { renewals: 4, discountRate: 0.1 }); // ≈ 5.89
 * ```
 */
export function sbgDiscountedExpectedResidualLifetime(params: ShiftedBetaGeometricParams, options: DerlOptions): number {
  const p = checkSbgParams(params);
  if (options === null || typeof options !== 'object') throw new InvalidModelInputError('options', 'must be an object { renewals, discountRate }');
  const { renewals, discountRate: d } = options;
  if (typeof renewals !== 'number' || !Number.isInteger(renewals) || renewals < 0) throw new InvalidModelInputError('options.renewals', `must be a whole number ≥ 0, got ${String(renewals)}`);
  if (typeof d !== 'number' || !(d >= 0) || !Number.isFinite(d)) throw new InvalidModelInputError('options.discountRate', `must be a finite number ≥ 0, got ${String(d)}`);
  if (d === 0 && p.alpha <= 1) throw new InvalidModelInputError('options.discountRate', `must be > 0 when α ≤ 1 (α = ${p.alpha}): the undiscounted expected lifetime is infinite`);
  const n = renewals + 1;
  const lead = (p.beta + n - 1) / (p.alpha + p.beta + n - 1);
  return lead * hyp2f1(1, p.beta + n, p.alpha + p.beta + n, 1 / (1 + d));
}

/**
 * The residual value of a subscriber at renewal — their CLV from now on: value per period ×
 * {@link sbgDiscountedExpectedResidualLifetime} (Fader & Hardie 2010).
 *
 * @param params - sBG parameters.
 * @param options - renewals so far, discount rate per period, value of one period.
 * @example
 * ```ts
 * import { sbgResidualValue } from '@retain/node';
 * sbgResidualValue({ alpha: 0.704, beta: 1.182 }, { renewals: 4, discountRate: 0.1, valuePerPeriod: 100 }); // ≈ 589
 * ```
 */
export function sbgResidualValue(params: ShiftedBetaGeometricParams, options: SbgValueOptions): number {
  const valuePerPeriod = options?.valuePerPeriod;
  if (typeof valuePerPeriod !== 'number' || !Number.isFinite(valuePerPeriod)) throw new InvalidModelInputError('options.valuePerPeriod', `must be a finite number, got ${String(valuePerPeriod)}`);
  return valuePerPeriod * sbgDiscountedExpectedResidualLifetime(params, options);
}

/**
 * Discounted expected lifetime of a customer just acquired (Fader & Hardie 2010): their first
 * payment now, then one per renewal, DEL = Σ_{t ≥ 0} S(t)/(1 + d)^t. Times the value of a period,
 * it is the expected CLV of a new customer.
 *
 * @param params - sBG parameters.
 * @param discountRate - per period (> 0; 0 only when α > 1).
 * @example
 * ```ts
 * import { sbgDiscountedExpectedLifetime } from '@retain/node';
 * sbgDiscountedExpectedLifetime({ alpha: 0.704, beta: 1.182 }, 0.1); // ≈ 3.70
 * ```
 */
export function sbgDiscountedExpectedLifetime(params: ShiftedBetaGeometricParams, discountRate: number): number {
  // DEL = 1 + DERL(0 renewals)/(1 + d): the first payment is certain.
  const derl = sbgDiscountedExpectedResidualLifetime(params, { renewals: 0, discountRate });
  return 1 + derl / (1 + discountRate);
}

function checkPeriod(t: number, path: string): void {
  if (typeof t !== 'number' || !Number.isInteger(t) || t < 0) throw new InvalidModelInputError(path, `must be a whole number of periods ≥ 0, got ${String(t)}`);
}
