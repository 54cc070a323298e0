import betaln from '@stdlib/math-base-special-betaln';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  bgNbdExpectedPurchases,
  bgNbdExpectedPurchasesNewCustomer,
  bgNbdLogLikelihood,
  bgNbdObjective,
  bgNbdProbabilityAlive,
  fitBgNbd,
  type BgNbdParams,
} from './bg-nbd.js';
import { compressSummaries } from './compress-summaries.js';
import { InvalidModelInputError } from './invalid-model-input-error.js';
import { ModelFitError } from './model-fit-error.js';
import { simulateBgNbdCustomers } from './simulate-bg-nbd.js';

const truth: BgNbdParams = { r: 0.25, alpha: 4, a: 0.8, b: 2.5 };
// 20,000 customers with T spread over 27–39 weeks, as in a quarterly cohort.
const simulated = simulateBgNbdCustomers(truth, { customers: 20_000, T: (i) => 27 + (i % 13), holdout: 39, seed: 42 });

/** E[X(t)] by its definition, ∫ (1 − (α/(α+pt))^r)/p · Beta(p; a, b) dp, by the midpoint rule (p = u^(1/a)). */
function unconditionalByQuadrature(p: BgNbdParams, t: number, n = 200_000): number {
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const q = ((i + 0.5) / n) ** (1 / p.a);
    sum += ((1 - (p.alpha / (p.alpha + q * t)) ** p.r) / q) * (1 - q) ** (p.b - 1);
  }
  return sum / n / (p.a * Math.exp(betaln(p.a, p.b)));
}

describe('fitBgNbd on simulated customers', () => {
  const fit = fitBgNbd(simulated);

  it('recovers the parameters it was simulated from (r, α within 10%, a, b within 30%, mean dropout a/(a+b) within 10%)', () => {
    // Tolerances are about 3 standard errors for 20,000 customers (a and b are strongly correlated).
    expect(Math.abs(fit.params.r / truth.r - 1)).toBeLessThan(0.1);
    expect(Math.abs(fit.params.alpha / truth.alpha - 1)).toBeLessThan(0.1);
    expect(Math.abs(fit.params.a / truth.a - 1)).toBeLessThan(0.3);
    expect(Math.abs(fit.params.b / truth.b - 1)).toBeLessThan(0.3);
    const meanDropout = (p: BgNbdParams) => p.a / (p.a + p.b);
    expect(Math.abs(meanDropout(fit.params) / meanDropout(truth) - 1)).toBeLessThan(0.1);
    expect(fit.customers).toBe(20_000);
  });

  it('finds a maximum: the log-likelihood is no lower anywhere nearby, nor at the true parameters', () => {
    expect(fit.logLikelihood).toBeCloseTo(bgNbdLogLikelihood(fit.params, simulated), 6);
    expect(fit.logLikelihood).toBeGreaterThanOrEqual(bgNbdLogLikelihood(truth, simulated));
    for (const key of ['r', 'alpha', 'a', 'b'] as const) {
      for (const factor of [0.99, 1.01]) {
        expect(bgNbdLogLikelihood({ ...fit.params, [key]: fit.params[key] * factor }, simulated)).toBeLessThan(fit.logLikelihood);
      }
    }
  });

  it('predicts the simulated holdout purchases: Σ E[X(39) | x, t_x, T] within 3% of what happened', () => {
    let predicted = 0;
    let actual = 0;
    for (const c of simulated) {
      predicted += bgNbdExpectedPurchases(truth, c, 39);
      actual += c.holdoutPurchases;
    }
    expect(Math.abs(predicted / actual - 1)).toBeLessThan(0.03);
  });

  it('does not depend on the time unit: in days, α is 7× larger and r, a, b are unchanged', () => {
    const inDays = fitBgNbd(simulated.map((c) => ({ x: c.x, tx: c.tx * 7, T: c.T * 7 })));
    expect(inDays.params.alpha / fit.params.alpha).toBeCloseTo(7, 4);
    expect(inDays.params.r).toBeCloseTo(fit.params.r, 5);
    expect(inDays.params.a).toBeCloseTo(fit.params.a, 4);
    expect(inDays.params.b).toBeCloseTo(fit.params.b, 4);
  });

  it('converges from another starting point to the same optimum', () => {
    const other = fitBgNbd(simulated, { initial: { r: 2, alpha: 20, a: 3, b: 0.5 } });
    expect(other.logLikelihood).toBeCloseTo(fit.logLikelihood, 4);
    expect(other.params.r).toBeCloseTo(fit.params.r, 4);
  });
});

describe('BG/NBD likelihood and expectations', () => {
  it('has an analytic gradient equal to the finite-difference gradient', () => {
    const data = compressSummaries(simulated.slice(0, 2000));
    const f = bgNbdObjective(data);
    const at = Float64Array.of(Math.log(0.3), Math.log(5), Math.log(0.7), Math.log(2));
    const gradient = new Float64Array(4);
    f(at, gradient);
    for (let k = 0; k < 4; k++) {
      const h = 1e-6;
      const up = Float64Array.from(at);
      const down = Float64Array.from(at);
      up[k] = (up[k] as number) + h;
      down[k] = (down[k] as number) - h;
      const numeric = (f(up, new Float64Array(4)) - f(down, new Float64Array(4))) / (2 * h);
      expect(Math.abs((gradient[k] as number) - numeric)).toBeLessThan(1e-4 * Math.max(1, Math.abs(numeric)));
    }
  });

  it('gives log L = log[B(a,b+x)/B(a,b) · Γ(r+x)α^r/(Γ(r)(α+T)^(r+x)) + B(a+1,b+x−1)/B(a,b) · Γ(r+x)α^r/(Γ(r)(α+t_x)^(r+x))] for one customer', () => {
    const p = { r: 0.5, alpha: 3, a: 1.5, b: 2 };
    const c = { x: 3, tx: 10, T: 20 };
    // Γ(3.5)/Γ(0.5) = 2.5 · 1.5 · 0.5
    const g = 2.5 * 1.5 * 0.5 * 3 ** 0.5;
    const B = (x: number, y: number) => Math.exp(betaln(x, y));
    const direct = Math.log((B(1.5, 5) / B(1.5, 2)) * (g / 23 ** 3.5) + (B(2.5, 4) / B(1.5, 2)) * (g / 13 ** 3.5));
    expect(bgNbdLogLikelihood(p, [c])).toBeCloseTo(direct, 10);
  });

  it('sums per-customer log-likelihoods: grouping identical (x, t_x, T) rows changes nothing', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ x: fc.integer({ min: 0, max: 6 }), T: fc.constantFrom(10, 20, 38.86), share: fc.constantFrom(0.25, 0.5, 1) }), { minLength: 1, maxLength: 40 }),
        (rows) => {
          const cs = rows.map(({ x, T, share }) => ({ x, tx: x === 0 ? 0 : T * share, T }));
          const p = { r: 0.3, alpha: 5, a: 0.7, b: 2.2 };
          const oneByOne = cs.reduce((sum, c) => sum + bgNbdLogLikelihood(p, [c]), 0);
          expect(bgNbdLogLikelihood(p, cs)).toBeCloseTo(oneByOne, 8);
        },
      ),
      { numRuns: 50 },
    );
  });

  it('P(alive): 1 without repeat purchases; lower the longer the silence since the last purchase', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 30 }), fc.double({ min: 0.1, max: 20, noNaN: true }), fc.double({ min: 0.1, max: 30, noNaN: true }), (x, tx, gap) => {
        const p = { r: 0.24, alpha: 4.4, a: 0.79, b: 2.4 };
        expect(bgNbdProbabilityAlive(p, { x: 0, tx: 0, T: tx + gap })).toBe(1);
        const soon = bgNbdProbabilityAlive(p, { x, tx, T: tx + gap });
        const later = bgNbdProbabilityAlive(p, { x, tx, T: tx + gap + 5 });
        expect(soon).toBeGreaterThan(later);
        expect(later).toBeGreaterThan(0);
        expect(soon).toBeLessThanOrEqual(1);
      }),
    );
  });

  it('E[X(t)] of a new customer equals its definition as an integral over the dropout distribution', () => {
    const p = { r: 0.242593, alpha: 4.413532, a: 0.792886, b: 2.425752 };
    for (const t of [1, 32, 78, 200]) {
      const q = unconditionalByQuadrature(p, t);
      expect(Math.abs(bgNbdExpectedPurchasesNewCustomer(p, t) - q)).toBeLessThan(1e-5 * Math.max(1, q));
    }
    expect(bgNbdExpectedPurchasesNewCustomer(p, 0)).toBe(0);
  });

  it('stays finite for heavy buyers over long horizons (no ₂F₁ overflow), and equals E[X(t)] for a customer at their first purchase', () => {
    const p = { r: 0.24, alpha: 4.4, a: 0.79, b: 2.4 };
    const heavy = { x: 200, tx: 29.9, T: 30 };
    const year = bgNbdExpectedPurchases(p, heavy, 52);
    const long = bgNbdExpectedPurchases(p, heavy, 5000);
    expect(Number.isFinite(long)).toBe(true);
    expect(long).toBeGreaterThan(year);
    expect(year).toBeGreaterThan(200 * (52 / 30) * 0.5); // still buying at roughly their own pace
    for (const t of [1, 39, 300]) expect(bgNbdExpectedPurchases(p, { x: 0, tx: 0, T: 0 }, t)).toBeCloseTo(bgNbdExpectedPurchasesNewCustomer(p, t), 12);
  });

  it('conditional E[X(t)] grows with t and with recency, and is 0 at t = 0', () => {
    const p = { r: 0.24, alpha: 4.4, a: 0.79, b: 2.4 };
    const c = { x: 3, tx: 20, T: 38 };
    expect(bgNbdExpectedPurchases(p, c, 0)).toBe(0);
    expect(bgNbdExpectedPurchases(p, c, 20)).toBeLessThan(bgNbdExpectedPurchases(p, c, 40));
    expect(bgNbdExpectedPurchases(p, { ...c, tx: 35 }, 20)).toBeGreaterThan(bgNbdExpectedPurchases(p, c, 20));
  });

  it('rejects bad parameters, summaries and horizons with the field named', () => {
    const p = { r: 0.24, alpha: 4.4, a: 0.79, b: 2.4 };
    expect(() => bgNbdProbabilityAlive({ ...p, r: -1 }, { x: 1, tx: 1, T: 2 })).toThrow(/params\.r: r must be > 0/);
    expect(() => bgNbdProbabilityAlive(p, { x: 1, tx: 3, T: 2 })).toThrow(/customer\.tx: tx must not exceed T/);
    expect(() => bgNbdProbabilityAlive(p, { x: 1.5, tx: 1, T: 2 })).toThrow(InvalidModelInputError);
    expect(() => bgNbdExpectedPurchases(p, { x: 1, tx: 1, T: 2 }, -1)).toThrow(/horizon/);
    expect(() => bgNbdExpectedPurchasesNewCustomer({ ...p, a: 1 }, 3)).toThrow(/a = 1/);
    expect(() => fitBgNbd([{ x: 0, tx: 0, T: 1 }, { x: 2, tx: 5, T: 4 }])).toThrow(/customers\[1\]\.tx/);
  });

  it('refuses to fit nothing, or customers who never came back', () => {
    expect(() => fitBgNbd([])).toThrow(ModelFitError);
    expect(() => fitBgNbd([{ x: 0, tx: 0, T: 5 }, { x: 0, tx: 0, T: 3 }])).toThrow(/no customer made a repeat purchase/);
    expect(() => fitBgNbd(simulated, { maxIterations: 2 })).toThrow(/without converging/);
    expect(() => fitBgNbd(simulated, { maxIterations: 0 })).toThrow(/options\.maxIterations/);
  });
});
