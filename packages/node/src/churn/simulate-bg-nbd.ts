import type { BgNbdParams } from './bg-nbd.js';
import { parseInput, BgNbdParamsSchema } from './model-inputs.js';
import { InvalidModelInputError } from './invalid-model-input-error.js';
import { sampleBeta, sampleGamma, seededRandom } from './random.js';

/** One simulated customer: calibration summary plus the purchases in a following holdout. */
export interface SimulatedCustomer {
  x: number;
  tx: number;
  T: number;
  /** Repeat purchases in `(T, T + holdout]`. */
  holdoutPurchases: number;
  /** The customer's true purchase rate and dropout probability. */
  lambda: number;
  p: number;
}

/** Options of {@link simulateBgNbdCustomers}. */
export interface SimulateBgNbdOptions {
  customers: number;
  /** Calibration length per customer: a number, or a function of the customer index. */
  T: number | ((index: number) => number);
  /** Holdout length after T. @default 0 */
  holdout?: number;
  /** Round event times to this grid (e.g. 1/7 for days when the unit is weeks). @default no rounding */
  grid?: number;
  /** PRNG seed. @default 1 */
  seed?: number;
}

/**
 * Simulates customers from the BG/NBD story (λ ~ Gamma(r, α), p ~ Beta(a, b); Poisson purchases
 * while alive; after each repeat purchase the customer drops out with probability p). Used to
 * test that fits recover known parameters, and to benchmark without data.
 *
 * @example
 * ```ts
 * import { fitBgNbd, simulateBgNbdCustomers } from '@retain/node';
 * const customers = simulateBgNbdCustomers({ r: 0.25, alpha: 4, a: 0.8, b: 2.5 }, { customers: 5000, T: 39, seed: 7 });
 * fitBgNbd(customers).params.r; // ≈ 0.25
 * ```
 */
export function simulateBgNbdCustomers(params: BgNbdParams, options: SimulateBgNbdOptions): SimulatedCustomer[] {
  const p = parseInput(BgNbdParamsSchema, params, 'params');
  if (!Number.isInteger(options.customers) || options.customers < 0) throw new InvalidModelInputError('options.customers', 'must be a whole number ≥ 0');
  const rand = seededRandom(options.seed ?? 1);
  const holdout = options.holdout ?? 0;
  const grid = options.grid;
  const snap = (v: number) => (grid === undefined ? v : Math.ceil(v / grid) * grid);
  const out: SimulatedCustomer[] = [];
  for (let i = 0; i < options.customers; i++) {
    const T = typeof options.T === 'number' ? options.T : options.T(i);
    if (!(T >= 0)) throw new InvalidModelInputError(`options.T(${i})`, `must be ≥ 0, got ${T}`);
    const lambda = sampleGamma(rand, p.r, p.alpha);
    const drop = sampleBeta(rand, p.a, p.b);
    let t = 0;
    let x = 0;
    let tx = 0;
    let later = 0;
    for (;;) {
      t = snap(t - Math.log(1 - rand()) / lambda);
      if (t > T + holdout || !Number.isFinite(t)) break;
      if (t <= T) {
        x++;
        tx = t;
      } else later++;
      if (rand() < drop) break;
    }
    out.push({ x, tx, T, holdoutPurchases: later, lambda, p: drop });
  }
  return out;
}
