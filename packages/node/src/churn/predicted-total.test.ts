import { describe, expect, it } from 'vitest';
import { bgNbdExpectedPurchases, fitBgNbd } from './bg-nbd.js';
import { InvalidModelInputError } from './invalid-model-input-error.js';
import { fitParetoNbd, paretoNbdExpectedPurchases } from './pareto-nbd.js';
import { bgNbdPredictedTotal, paretoNbdPredictedTotal } from './predicted-total.js';
import { seededRandom } from './random.js';
import { simulateBgNbdCustomers } from './simulate-bg-nbd.js';
import { normalQuantile } from './uncertainty.js';

const rand = seededRandom(11);
const customers = simulateBgNbdCustomers({ r: 0.3, alpha: 5, a: 0.8, b: 2.5 }, { customers: 3000, T: () => 26 + Math.floor(rand() * 91) / 7, grid: 1 / 7, seed: 4 });
const bg = fitBgNbd(customers);
const pnbd = fitParetoNbd(customers);

describe('predicted holdout totals with intervals', () => {
  it('BG/NBD: the estimate is the sum of the customers’ conditional expectations; the interval is estimate ± z·SE', () => {
    const total = bgNbdPredictedTotal(bg, customers, 39);
    const direct = customers.reduce((sum, c) => sum + bgNbdExpectedPurchases(bg.params, c, 39), 0);
    expect(total.estimate).toBeCloseTo(direct, 8);
    expect(total.standardError).toBeGreaterThan(0);
    expect(total.upper - total.estimate).toBeCloseTo(normalQuantile(0.975) * total.standardError, 9);
    expect(total.estimate - total.lower).toBeCloseTo(normalQuantile(0.975) * total.standardError, 9);
    const narrow = bgNbdPredictedTotal(bg, customers, 39, { level: 0.5 });
    expect(narrow.upper - narrow.lower).toBeLessThan(total.upper - total.lower);
  });

  it('Pareto/NBD: the same, with its own expectations', () => {
    const total = paretoNbdPredictedTotal(pnbd, customers, 39);
    const direct = customers.reduce((sum, c) => sum + paretoNbdExpectedPurchases(pnbd.params, c, 39), 0);
    expect(total.estimate).toBeCloseTo(direct, 8);
    expect(total.standardError).toBeGreaterThan(0);
  });

  it('the standard error is the delta method: √(∇gᵀ Σ ∇g) with ∇g by a wider central difference', () => {
    const at = [bg.params.r, bg.params.alpha, bg.params.a, bg.params.b];
    const cov = bg.covariance as number[][];
    const estimate = (v: number[]) => bgNbdPredictedTotal({ params: { r: v[0] as number, alpha: v[1] as number, a: v[2] as number, b: v[3] as number }, covariance: cov }, customers, 39).estimate;
    const grad = at.map((v, i) => {
      const h = 1e-4 * v;
      const up = [...at];
      const down = [...at];
      up[i] = v + h;
      down[i] = v - h;
      return (estimate(up) - estimate(down)) / (2 * h);
    });
    let variance = 0;
    for (let i = 0; i < 4; i++) for (let j = 0; j < 4; j++) variance += (grad[i] as number) * ((cov[i] as number[])[j] as number) * (grad[j] as number);
    expect(bgNbdPredictedTotal(bg, customers, 39).standardError).toBeCloseTo(Math.sqrt(variance), 4);
  });

  it('refuses a fit without covariance, bad rows and a bad horizon, naming them', () => {
    expect(() => bgNbdPredictedTotal({ params: bg.params, covariance: null, note: 'flat' }, customers, 39)).toThrow(/fit\.covariance.*flat/);
    expect(() => bgNbdPredictedTotal({ params: bg.params, covariance: [[1]] }, customers, 39)).toThrow(/covariance: must be 4 × 4/);
    expect(() => paretoNbdPredictedTotal(pnbd, [{ x: 1, tx: 2, T: 3 }, { x: 1, tx: 4, T: 3 }], 39)).toThrow(/customers\[1\]\.tx/);
    expect(() => paretoNbdPredictedTotal(pnbd, customers, Number.NaN)).toThrow(InvalidModelInputError);
    expect(() => bgNbdPredictedTotal({ ...bg, params: { ...bg.params, a: -1 } }, customers, 39)).toThrow(/fit\.params\.a/);
  });
});
