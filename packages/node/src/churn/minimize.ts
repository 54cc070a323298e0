/**
 * A small quasi-Newton minimiser (BFGS with an Armijo backtracking line search) for the
 * maximum-likelihood fits. Written here because the npm minimisers examined do not serve:
 * `fmin@0.0.4` exports nothing when imported as ESM in Node (a UMD bundle in a `"type": "module"`
 * package) and its Nelder–Mead shrink step reads an undeclared variable; `numeric` is unmaintained.
 */

/** An objective: returns f(x) and writes ∇f(x) into `gradient`. */
export type Objective = (x: Float64Array, gradient: Float64Array) => number;

/** Options of {@link minimizeBfgs}. */
export interface MinimizeOptions {
  /** Iteration limit. @default 500 */
  maxIterations?: number;
  /** Converged when ‖∇f‖∞ ≤ tolerance · max(1, |f|). @default 1e-10 */
  gradientTolerance?: number;
}

/** The answer of {@link minimizeBfgs}. */
export interface MinimizeResult {
  x: Float64Array;
  fx: number;
  /** ‖∇f‖∞ at `x`. */
  gradientNorm: number;
  iterations: number;
  evaluations: number;
  converged: boolean;
}

/**
 * Minimises a smooth function with BFGS. Non-finite values of f are treated as +∞ (the line
 * search backs off), so an objective may return `NaN`/`Infinity` outside its domain.
 *
 * @param f - objective with gradient.
 * @param x0 - starting point (not modified).
 * @returns the best point found and whether the gradient test was met.
 * @example
 * ```ts
 * import { minimizeBfgs } from '@retain/node';
 * const result = minimizeBfgs((x, g) => {
 *   g[0] = 2 * ((x[0] ?? 0) - 3);
 *   return ((x[0] ?? 0) - 3) ** 2;
 * }, [0]);
 * result.x[0]; // ≈ 3
 * ```
 */
export function minimizeBfgs(f: Objective, x0: ArrayLike<number>, options: MinimizeOptions = {}): MinimizeResult {
  const n = x0.length;
  const maxIterations = options.maxIterations ?? 500;
  const gtol = options.gradientTolerance ?? 1e-10;
  const x = Float64Array.from(x0);
  const g = new Float64Array(n);
  const xNew = new Float64Array(n);
  const gNew = new Float64Array(n);
  const p = new Float64Array(n);
  const s = new Float64Array(n);
  const y = new Float64Array(n);
  const Hy = new Float64Array(n);
  const H = new Float64Array(n * n);
  for (let i = 0; i < n; i++) H[i * n + i] = 1;
  let evaluations = 1;
  let fx = f(x, g);
  if (!Number.isFinite(fx)) return { x, fx, gradientNorm: Infinity, iterations: 0, evaluations, converged: false };
  let firstStep = true;
  for (let iter = 0; iter < maxIterations; iter++) {
    const gnorm = normInf(g);
    if (gnorm <= gtol * Math.max(1, Math.abs(fx))) return { x, fx, gradientNorm: gnorm, iterations: iter, evaluations, converged: true };
    // p = −H g
    let slope = 0;
    for (let i = 0; i < n; i++) {
      let sum = 0;
      for (let j = 0; j < n; j++) sum -= (H[i * n + j] as number) * (g[j] as number);
      p[i] = sum;
      slope += sum * (g[i] as number);
    }
    if (!(slope < 0)) {
      // Not a descent direction: reset to steepest descent.
      H.fill(0);
      for (let i = 0; i < n; i++) {
        H[i * n + i] = 1;
        p[i] = -(g[i] as number);
      }
      slope = -dot(g, g);
      firstStep = true;
    }
    // First step: limit its length (the gradient may be large).
    let step = firstStep ? Math.min(1, 1 / Math.max(1e-300, normInf(p))) : 1;
    let fNew = Infinity;
    let accepted = false;
    for (let k = 0; k < 60; k++) {
      for (let i = 0; i < n; i++) xNew[i] = (x[i] as number) + step * (p[i] as number);
      evaluations++;
      fNew = f(xNew, gNew);
      if (Number.isFinite(fNew) && fNew <= fx + 1e-4 * step * slope && gNew.every(Number.isFinite)) {
        accepted = true;
        break;
      }
      step *= 0.5;
    }
    if (!accepted) return { x, fx, gradientNorm: gnorm, iterations: iter, evaluations, converged: false };
    for (let i = 0; i < n; i++) {
      s[i] = (xNew[i] as number) - (x[i] as number);
      y[i] = (gNew[i] as number) - (g[i] as number);
    }
    const ys = dot(y, s);
    if (ys > 1e-12 * Math.sqrt(dot(y, y) * dot(s, s))) {
      if (firstStep) {
        // Scale the initial inverse Hessian (Nocedal & Wright 6.20).
        const scale = ys / dot(y, y);
        H.fill(0);
        for (let i = 0; i < n; i++) H[i * n + i] = scale;
        firstStep = false;
      }
      // H ← (I − ρ s yᵀ) H (I − ρ y sᵀ) + ρ s sᵀ
      const rho = 1 / ys;
      for (let i = 0; i < n; i++) {
        let sum = 0;
        for (let j = 0; j < n; j++) sum += (H[i * n + j] as number) * (y[j] as number);
        Hy[i] = sum;
      }
      const yHy = dot(y, Hy);
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < n; j++) {
          const si = s[i] as number;
          const sj = s[j] as number;
          H[i * n + j] = (H[i * n + j] as number) - rho * ((Hy[i] as number) * sj + si * (Hy[j] as number)) + (rho * rho * yHy + rho) * si * sj;
        }
      }
    }
    const improvement = fx - fNew;
    x.set(xNew);
    g.set(gNew);
    fx = fNew;
    if (improvement <= 1e-15 * Math.max(1, Math.abs(fx)) && normInf(s) <= 1e-13 * Math.max(1, normInf(x))) {
      const gn = normInf(g);
      return { x, fx, gradientNorm: gn, iterations: iter + 1, evaluations, converged: gn <= 1e3 * gtol * Math.max(1, Math.abs(fx)) };
    }
  }
  return { x, fx, gradientNorm: normInf(g), iterations: maxIterations, evaluations, converged: false };
}

function dot(a: Float64Array, b: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += (a[i] as number) * (b[i] as number);
  return sum;
}

function normInf(a: Float64Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] as number));
  return m;
}
