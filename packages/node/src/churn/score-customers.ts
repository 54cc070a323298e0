/**
 * Scores a whole population at once: P(alive) and CLV for columns of (x, t_x, T, z̄), with no
 * per-customer allocation. The expensive part of CLV (the ₂F₁ series) depends on (x, T) only and is
 * shared between customers with the same pair.
 */
import { prepareAliveHyp2f1, type BgNbdParams } from './bg-nbd.js';
import { discountedAlivePurchases, parseClvOptions, type ClvOptions } from './clv.js';
import type { GammaGammaParams } from './gamma-gamma.js';
import { InvalidModelInputError } from './invalid-model-input-error.js';
import { BgNbdParamsSchema, GammaGammaParamsSchema, parseInput } from './model-inputs.js';

/** A population in columns (all the same length). */
export interface CustomerColumns {
  x: ArrayLike<number>;
  tx: ArrayLike<number>;
  T: ArrayLike<number>;
  meanRepeatSpend: ArrayLike<number>;
}

/** The scores of {@link scoreCustomers}, index-aligned with the input. */
export interface CustomerScores {
  pAlive: Float64Array;
  clv: Float64Array;
}

/**
 * P(alive) and CLV for every customer in `columns`.
 *
 * @param bgNbd - BG/NBD parameters.
 * @param gammaGamma - Gamma-Gamma parameters.
 * @param columns - x, t_x, T and mean repeat spend per customer.
 * @param options - CLV horizon, periods, discount rate, margin.
 * @param out - optional output arrays to fill (reuse them across calls to avoid allocation).
 * @throws {@link InvalidModelInputError} naming the first bad customer.
 * @example
 * ```ts
 * import { scoreCustomers } from '@retain/node';
 * const scores = scoreCustomers(
 *   { r: 0.2426, alpha: 4.4135, a: 0.7929, b: 2.4258 },
 *   { p: 6.25, q: 3.74, gamma: 15.44 },
 *   { x: [2, 0], tx: [30.43, 0], T: [38.86, 38.86], meanRepeatSpend: [22.35, 0] },
 *   { horizon: 52 },
 * );
 * scores.pAlive[0]; // ≈ 0.727
 * ```
 */
export function scoreCustomers(bgNbd: BgNbdParams, gammaGamma: GammaGammaParams, columns: CustomerColumns, options: ClvOptions, out?: CustomerScores): CustomerScores {
  const p = parseInput(BgNbdParamsSchema, bgNbd, 'bgNbd');
  const g = parseInput(GammaGammaParamsSchema, gammaGamma, 'gammaGamma');
  const o = parseClvOptions(options);
  if (Math.abs(p.a - 1) < 1e-12) throw new InvalidModelInputError('bgNbd.a', 'the closed-form expectations are undefined at a = 1 exactly');
  const n = columns.x.length;
  if (columns.tx.length !== n || columns.T.length !== n || columns.meanRepeatSpend.length !== n) {
    throw new InvalidModelInputError('columns', `all columns must have the same length (x has ${n}, tx ${columns.tx.length}, T ${columns.T.length}, meanRepeatSpend ${columns.meanRepeatSpend.length})`);
  }
  const pAlive = out?.pAlive ?? new Float64Array(n);
  const clv = out?.clv ?? new Float64Array(n);
  if (pAlive.length < n || clv.length < n) throw new InvalidModelInputError('out', `output arrays must hold ${n} customers`);
  const cache = new Map<number, { f: (z: number) => number; byT: Map<number, number> }>();
  const logA = Math.log(p.a);
  const popDen = g.q - 1;
  for (let i = 0; i < n; i++) {
    const x = columns.x[i] as number;
    const tx = columns.tx[i] as number;
    const T = columns.T[i] as number;
    const m = columns.meanRepeatSpend[i] as number;
    if (!(x >= 0 && Number.isInteger(x) && tx >= 0 && T >= tx - 1e-9 && Number.isFinite(T) && m >= 0 && Number.isFinite(m) && (x > 0 || tx === 0))) {
      throw new InvalidModelInputError(`columns[${i}]`, `not a valid customer (x = ${x}, tx = ${tx}, T = ${T}, meanRepeatSpend = ${m}): need whole x ≥ 0, 0 ≤ tx ≤ T, tx = 0 when x = 0, spend ≥ 0`);
    }
    const odds = x === 0 ? 0 : Math.exp(logA - Math.log(p.b + x - 1) + (p.r + x) * (Math.log(p.alpha + T) - Math.log(p.alpha + tx)));
    const alive = 1 / (1 + odds);
    let entry = cache.get(x);
    if (entry === undefined) cache.set(x, (entry = { f: prepareAliveHyp2f1(p, x), byT: new Map() }));
    let d = entry.byT.get(T);
    if (d === undefined) {
      d = discountedAlivePurchases(p, x, T, o, entry.f);
      entry.byT.set(T, d);
    }
    const den = g.p * x + popDen;
    if (!(den > 0)) throw new InvalidModelInputError('gammaGamma.q', 'expected spend is infinite when p·x + q ≤ 1');
    pAlive[i] = alive;
    clv[i] = (o.margin * (g.p * (g.gamma + x * m)) / den) * d * alive;
  }
  return { pAlive, clv };
}

