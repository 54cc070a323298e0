/**
 * Parameter uncertainty of a maximum-likelihood fit: standard errors from the observed
 * information (the Hessian of −log L at the optimum, by central differences, inverted), and
 * delta-method intervals for quantities computed from the parameters (e.g. a predicted holdout
 * total).
 */
import { InvalidModelInputError } from './invalid-model-input-error.js';
import { ModelFitError } from './model-fit-error.js';

/** Standard errors and the covariance matrix they come from. */
export interface ParameterUncertainty {
  /** √diag(covariance), one per parameter, in the order of `at`. */
  standardErrors: number[];
  /** The inverse of the Hessian of −log L at the optimum (the asymptotic covariance). */
  covariance: number[][];
}

/** Options of {@link standardErrors}. */
export interface StandardErrorsOptions {
  /** Finite-difference step relative to each |parameter| (the absolute step for a parameter at 0). @default 1e-4 */
  relativeStep?: number;
  /** The model named in a {@link ModelFitError} when the Hessian is not positive definite. @default 'model' */
  model?: string;
}

/** A delta-method interval for a function of the parameters. */
export interface PredictionInterval {
  /** The function at the fitted parameters. */
  estimate: number;
  /** √(∇gᵀ Σ ∇g (+ extra variance)). */
  standardError: number;
  lower: number;
  upper: number;
  /** Coverage, e.g. 0.95. */
  level: number;
}

/** Options of {@link predictionInterval}. */
export interface PredictionIntervalOptions {
  /** Coverage of the interval, in (0, 1). @default 0.95 */
  level?: number;
  /**
   * Variance added to the parameter part before the interval is formed, e.g. the process
   * variance of an observed total when the interval should cover the observation rather than its
   * expectation. @default 0
   */
  extraVariance?: number;
  /** Finite-difference step relative to each |parameter|. @default 1e-5 */
  relativeStep?: number;
}

/**
 * Standard errors of maximum-likelihood estimates: the Hessian of the negative log-likelihood at
 * the optimum by central differences (a step of `relativeStep · |θᵢ|` per parameter), inverted
 * through its Cholesky factor. Pass the objective in the parameterisation you want errors for
 * (natural parameters, not the log-parameters a fit may optimise in).
 *
 * @param negLogLikelihood - −log L as a function of the parameters.
 * @param at - the optimum.
 * @param options - finite-difference step; the model named in errors.
 * @returns standard errors and the covariance matrix.
 * @throws {@link ModelFitError} when the Hessian is not positive definite (the optimum is not a strict maximum, e.g. a parameter on the edge of its range); {@link InvalidModelInputError} for non-finite input.
 * @example
 * ```ts
 * import { standardErrors } from '@retain/node';
 * // Normal mean with known σ = 2 from n = 100 observations: SE = σ/√n = 0.2.
 * const { standardErrors: se } = standardErrors(([mu = 0]) => (100 * (mu - 1) ** 2) / (2 * 4), [1]);
 * se[0]; // ≈ 0.2
 * ```
 */
export function standardErrors(negLogLikelihood: (x: readonly number[]) => number, at: readonly number[], options: StandardErrorsOptions = {}): ParameterUncertainty {
  const model = options.model ?? 'model';
  const relativeStep = options.relativeStep ?? 1e-4;
  if (!(relativeStep > 0 && relativeStep < 1)) throw new InvalidModelInputError('options.relativeStep', `must be in (0, 1), got ${relativeStep}`);
  checkVector(at, 'at');
  const n = at.length;
  const h = at.map((v) => relativeStep * (v === 0 ? 1 : Math.abs(v)));
  const x = [...at];
  const f = (): number => negLogLikelihood(x);
  const f0 = f();
  if (!Number.isFinite(f0)) throw new ModelFitError(model, `the negative log-likelihood is not finite at the optimum (${f0})`);
  const H: number[][] = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    const hi = h[i] as number;
    const xi = at[i] as number;
    x[i] = xi + hi;
    const fp = f();
    x[i] = xi - hi;
    const fm = f();
    x[i] = xi;
    (H[i] as number[])[i] = (fp - 2 * f0 + fm) / (hi * hi);
    for (let j = 0; j < i; j++) {
      const hj = h[j] as number;
      const xj = at[j] as number;
      const at2 = (di: number, dj: number): number => {
        x[i] = xi + di;
        x[j] = xj + dj;
        const v = f();
        x[i] = xi;
        x[j] = xj;
        return v;
      };
      const v = (at2(hi, hj) - at2(hi, -hj) - at2(-hi, hj) + at2(-hi, -hj)) / (4 * hi * hj);
      (H[i] as number[])[j] = v;
      (H[j] as number[])[i] = v;
    }
  }
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      if (!Number.isFinite((H[i] as number[])[j])) throw new ModelFitError(model, `the Hessian of the negative log-likelihood is not finite at the optimum (entry ${i},${j})`);
    }
  }
  const covariance = invertPositiveDefinite(H, model);
  return { standardErrors: covariance.map((row, i) => Math.sqrt(row[i] as number)), covariance };
}

/**
 * Standard errors from an objective that also returns its gradient (the form {@link minimizeBfgs}
 * takes): the Hessian of −log L by central differences of the gradient, symmetrised, then inverted.
 * More accurate than second differences of −log L alone, and 2n evaluations instead of ~2n².
 *
 * @param objective - −log L, writing its gradient into the second argument.
 * @param at - the optimum.
 * @param options - finite-difference step; the model named in errors.
 * @returns standard errors and covariance in the parameterisation of `objective`.
 * @throws {@link ModelFitError} when the Hessian is not positive definite.
 * @example
 * ```ts
 * import { standardErrorsFromGradient } from '@retain/node';
 * // −log L = 50·(μ − 1)²: Hessian 100, SE = 0.1.
 * const { standardErrors: se } = standardErrorsFromGradient((x, g) => {
 *   g[0] = 100 * ((x[0] ?? 0) - 1);
 *   return 50 * ((x[0] ?? 0) - 1) ** 2;
 * }, [1]);
 * se[0]; // ≈ 0.1
 * ```
 */
export function standardErrorsFromGradient(
  objective: (x: Float64Array, gradient: Float64Array) => number,
  at: readonly number[] | Float64Array,
  options: StandardErrorsOptions = {},
): ParameterUncertainty {
  const model = options.model ?? 'model';
  const H = hessianFromGradient(objective, at, options);
  return uncertaintyFromHessian(H, model);
}

/** The Hessian by central differences of the gradient, symmetrised; {@link ModelFitError} when not finite. @internal */
export function hessianFromGradient(objective: (x: Float64Array, gradient: Float64Array) => number, at: readonly number[] | Float64Array, options: StandardErrorsOptions = {}): number[][] {
  const model = options.model ?? 'model';
  const relativeStep = options.relativeStep ?? 1e-5;
  if (!(relativeStep > 0 && relativeStep < 1)) throw new InvalidModelInputError('options.relativeStep', `must be in (0, 1), got ${relativeStep}`);
  checkVector(Array.from(at), 'at');
  const n = at.length;
  const x = Float64Array.from(at);
  const gp = new Float64Array(n);
  const gm = new Float64Array(n);
  const H: number[][] = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let j = 0; j < n; j++) {
    const xj = at[j] as number;
    const h = relativeStep * Math.max(1, Math.abs(xj));
    x[j] = xj + h;
    const fp = objective(x, gp);
    x[j] = xj - h;
    const fm = objective(x, gm);
    x[j] = xj;
    if (!Number.isFinite(fp) || !Number.isFinite(fm)) throw new ModelFitError(model, `the negative log-likelihood is not finite next to the optimum (parameter ${j})`);
    for (let i = 0; i < n; i++) (H[i] as number[])[j] = ((gp[i] as number) - (gm[i] as number)) / (2 * h);
  }
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < i; j++) {
      const v = (((H[i] as number[])[j] as number) + ((H[j] as number[])[i] as number)) / 2;
      (H[i] as number[])[j] = v;
      (H[j] as number[])[i] = v;
    }
  }
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      if (!Number.isFinite((H[i] as number[])[j])) throw new ModelFitError(model, `the Hessian of the negative log-likelihood is not finite at the optimum (entry ${i},${j})`);
    }
  }
  return H;
}

/** Covariance (the inverse Hessian) and standard errors; {@link ModelFitError} when not positive definite. @internal */
export function uncertaintyFromHessian(H: readonly (readonly number[])[], model: string): ParameterUncertainty {
  const covariance = invertPositiveDefinite(H, model);
  return { standardErrors: covariance.map((row, i) => Math.sqrt(row[i] as number)), covariance };
}

/**
 * Moves an uncertainty computed in log-parameters (what the fits optimise) to the natural scale:
 * Σ = D Σ_log D with D = diag(θ), exact at a stationary point. @internal
 */
export function fromLogScale(u: ParameterUncertainty, params: readonly number[]): ParameterUncertainty {
  const covariance = u.covariance.map((row) => row.slice());
  for (let i = 0; i < covariance.length; i++) {
    for (let j = 0; j <= i; j++) {
      const v = ((u.covariance[i] as number[])[j] as number) * ((params[i] as number) * (params[j] as number));
      (covariance[i] as number[])[j] = v;
      (covariance[j] as number[])[i] = v; // exactly symmetric
    }
  }
  return { standardErrors: covariance.map((row, i) => Math.sqrt(row[i] as number)), covariance };
}

/** What a fit reports about its parameters' uncertainty: both null, with the reason in `note`, when the Hessian is not positive definite. @internal */
export interface FitUncertainty {
  standardErrors: number[] | null;
  covariance: number[][] | null;
  note?: string;
}

/**
 * Standard errors of a fit that optimised −log L in log-parameters: the Hessian from central
 * differences of the exact gradient at `logParams`, inverted, moved to the natural scale. A
 * Hessian that is not positive definite (a flat or boundary optimum) gives nulls and a note
 * rather than an error: the estimates themselves are still the maximum. @internal
 */
export function fitUncertainty(objective: (x: Float64Array, gradient: Float64Array) => number, logParams: readonly number[] | Float64Array, model: string): FitUncertainty {
  try {
    const u = fromLogScale(uncertaintyFromHessian(hessianFromGradient(objective, logParams, { model }), model), Array.from(logParams, Math.exp));
    if (!u.standardErrors.every(Number.isFinite)) return { standardErrors: null, covariance: null, note: `${model}: the standard errors are not finite` };
    return u;
  } catch (error) {
    if (!(error instanceof ModelFitError)) throw error;
    return { standardErrors: null, covariance: null, note: error.message };
  }
}

/**
 * A delta-method interval for g(θ̂): g's gradient by central differences, variance ∇gᵀ Σ ∇g
 * (plus `extraVariance`), and estimate ± z·SE with z the normal quantile of the level. The
 * default interval reflects parameter uncertainty only — it is an interval for the *expected*
 * value (e.g. the expected holdout total); an observed total also varies by chance, which
 * `extraVariance` can add.
 *
 * @param predict - the quantity, as a function of the parameters (same order as `at`).
 * @param at - the fitted parameters.
 * @param covariance - their covariance, e.g. from {@link standardErrors}.
 * @param options - level, extra variance, step.
 * @returns the estimate, its standard error and the interval.
 * @throws {@link InvalidModelInputError} when the inputs do not match or `predict` is not finite.
 * @example
 * ```ts
 * import { predictionInterval } from '@retain/node';
 * // g(μ) = 10μ with SE(μ) = 0.2: SE(g) = 2, 95% interval 10 ± 3.92.
 * const interval = predictionInterval(([mu = 0]) => 10 * mu, [1], [[0.04]]);
 * interval.lower; // ≈ 6.08
 * ```
 */
export function predictionInterval(
  predict: (params: readonly number[]) => number,
  at: readonly number[],
  covariance: readonly (readonly number[])[],
  options: PredictionIntervalOptions = {},
): PredictionInterval {
  const level = options.level ?? 0.95;
  const extraVariance = options.extraVariance ?? 0;
  const relativeStep = options.relativeStep ?? 1e-5;
  if (!(level > 0 && level < 1)) throw new InvalidModelInputError('options.level', `must be in (0, 1), got ${level}`);
  if (!(extraVariance >= 0) || !Number.isFinite(extraVariance)) throw new InvalidModelInputError('options.extraVariance', `must be a finite number ≥ 0, got ${extraVariance}`);
  if (!(relativeStep > 0 && relativeStep < 1)) throw new InvalidModelInputError('options.relativeStep', `must be in (0, 1), got ${relativeStep}`);
  checkVector(at, 'at');
  const n = at.length;
  if (covariance.length !== n || covariance.some((row) => row.length !== n)) throw new InvalidModelInputError('covariance', `must be ${n} × ${n} like the parameters`);
  covariance.forEach((row, i) => checkVector(row, `covariance[${i}]`));
  const estimate = predict(at);
  if (!Number.isFinite(estimate)) throw new InvalidModelInputError('predict', `is not finite at the fitted parameters (${estimate})`);
  const x = [...at];
  const gradient = at.map((v, i) => {
    const h = relativeStep * (v === 0 ? 1 : Math.abs(v));
    x[i] = v + h;
    const up = predict(x);
    x[i] = v - h;
    const down = predict(x);
    x[i] = v;
    const d = (up - down) / (2 * h);
    if (!Number.isFinite(d)) throw new InvalidModelInputError('predict', `is not finite near the fitted parameters (parameter ${i})`);
    return d;
  });
  let variance = extraVariance;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) variance += (gradient[i] as number) * ((covariance[i] as readonly number[])[j] as number) * (gradient[j] as number);
  }
  const standardError = Math.sqrt(Math.max(0, variance));
  const zq = normalQuantile(0.5 + level / 2);
  return { estimate, standardError, lower: estimate - zq * standardError, upper: estimate + zq * standardError, level };
}

/**
 * The standard normal quantile Φ⁻¹(p), Wichura's AS 241 (PPND16), accurate to about 1e-16.
 *
 * @param p - a probability in (0, 1).
 * @example
 * ```ts
 * import { normalQuantile } from '@retain/node';
 * normalQuantile(0.975); // ≈ 1.959964
 * ```
 */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) throw new InvalidModelInputError('p', `must be in (0, 1), got ${p}`);
  const q = p - 0.5;
  if (Math.abs(q) <= 0.425) {
    const r = 0.180625 - q * q;
    return (
      (q *
        (((((((r * 2509.0809287301226727 + 33430.575583588128105) * r + 67265.770927008700853) * r + 45921.953931549871457) * r + 13731.693765509461125) * r + 1971.5909503065514427) * r + 133.14166789178437745) * r +
          3.387132872796366608)) /
      (((((((r * 5226.495278852545925 + 28729.085735721942674) * r + 39307.89580009271061) * r + 21213.794301586595867) * r + 5394.1960214247511077) * r + 687.1870074920579083) * r + 42.313330701600911252) * r + 1)
    );
  }
  let r = q < 0 ? p : 1 - p;
  r = Math.sqrt(-Math.log(r));
  let value: number;
  if (r <= 5) {
    r -= 1.6;
    value =
      (((((((r * 7.7454501427834140764e-4 + 0.0227238449892691845833) * r + 0.24178072517745061177) * r + 1.27045825245236838258) * r + 3.64784832476320460504) * r + 5.7694972214606914055) * r + 4.6303378461565452959) * r +
        1.42343711074968357734) /
      (((((((r * 1.05075007164441684324e-9 + 5.475938084995344946e-4) * r + 0.0151986665636164571966) * r + 0.14810397642748007459) * r + 0.68976733498510000455) * r + 1.6763848301838038494) * r + 2.05319162663775882187) * r + 1);
  } else {
    r -= 5;
    value =
      (((((((r * 2.01033439929228813265e-7 + 2.71155556874348757815e-5) * r + 0.0012426609473880784386) * r + 0.026532189526576123093) * r + 0.29656057182850489123) * r + 1.7848265399172913358) * r + 5.4637849111641143699) * r +
        6.6579046435011037772) /
      (((((((r * 2.04426310338993978564e-15 + 1.4215117583164458887e-7) * r + 1.8463183175100546818e-5) * r + 7.868691311456132591e-4) * r + 0.0148753612908506148525) * r + 0.13692988092273580531) * r + 0.59983220655588793769) * r + 1);
  }
  return q < 0 ? -value : value;
}

/** The inverse of a symmetric positive-definite matrix via Cholesky; {@link ModelFitError} when it is not. */
function invertPositiveDefinite(A: readonly (readonly number[])[], model: string): number[][] {
  const n = A.length;
  const L: number[][] = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = (A[i] as readonly number[])[j] as number;
      for (let k = 0; k < j; k++) sum -= ((L[i] as number[])[k] as number) * ((L[j] as number[])[k] as number);
      if (i === j) {
        const scale = Math.abs((A[i] as readonly number[])[i] as number);
        if (!(sum > 1e-12 * scale) || !(scale > 0)) {
          throw new ModelFitError(model, `the Hessian of the negative log-likelihood is not positive definite at the optimum (pivot ${i}): the likelihood is flat or the optimum is on the edge of the parameter space, so no standard errors`);
        }
        (L[i] as number[])[i] = Math.sqrt(sum);
      } else (L[i] as number[])[j] = sum / ((L[j] as number[])[j] as number);
    }
  }
  // Solve L Lᵀ X = I column by column.
  const inv: number[][] = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  const y = new Array<number>(n).fill(0);
  for (let c = 0; c < n; c++) {
    for (let i = 0; i < n; i++) {
      let sum = i === c ? 1 : 0;
      for (let k = 0; k < i; k++) sum -= ((L[i] as number[])[k] as number) * (y[k] as number);
      y[i] = sum / ((L[i] as number[])[i] as number);
    }
    for (let i = n - 1; i >= 0; i--) {
      let sum = y[i] as number;
      for (let k = i + 1; k < n; k++) sum -= ((L[k] as number[])[i] as number) * ((inv[k] as number[])[c] as number);
      (inv[i] as number[])[c] = sum / ((L[i] as number[])[i] as number);
    }
  }
  // Symmetrise against rounding.
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < i; j++) {
      const v = (((inv[i] as number[])[j] as number) + ((inv[j] as number[])[i] as number)) / 2;
      (inv[i] as number[])[j] = v;
      (inv[j] as number[])[i] = v;
    }
  }
  return inv;
}

function checkVector(v: readonly number[], path: string): void {
  if (!Array.isArray(v) || v.length === 0) throw new InvalidModelInputError(path, 'must be a non-empty array of numbers');
  v.forEach((value, i) => {
    if (!Number.isFinite(value)) throw new InvalidModelInputError(`${path}[${i}]`, `must be a finite number, got ${value}`);
  });
}
