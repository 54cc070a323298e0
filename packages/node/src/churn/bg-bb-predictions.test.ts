import gammaln from '@stdlib/math-base-special-gammaln';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fitBgBb, type BgBbParams } from './bg-bb.js';
import {
  bgBbExpectedTransactions,
  bgBbExpectedTransactionsNewCustomer,
  bgBbPredictedTotal,
  bgBbProbabilityAlive,
  bgBbTransactionCountDistribution,
} from './bg-bb-predictions.js';
import { InvalidModelInputError } from './invalid-model-input-error.js';
import { ModelFitError } from './model-fit-error.js';
import { BGBB_PUBLISHED, DONATION_ANNUAL_TRANSACTIONS, DONATION_PATTERNS } from './testing/fader-hardie-data.js';

const positive = fc.double({ min: 0.2, max: 5, noNaN: true });
const paramsArb = fc.record({ alpha: positive, beta: positive, gamma: positive, delta: positive }).filter((q) => Math.abs(q.gamma - 1) > 1e-3);
const historyArb = fc
  .integer({ min: 1, max: 20 })
  .chain((n) => fc.integer({ min: 0, max: n }).chain((tx) => fc.record({ n: fc.constant(n), tx: fc.constant(tx), x: tx === 0 ? fc.constant(0) : fc.integer({ min: 1, max: tx }) })));
const lnGammaRatio = (a: number, b: number) => gammaln(a) - gammaln(b);

describe('BG/BB predictions on the FHS (2010) donation data', () => {
  const fit = fitBgBb(DONATION_PATTERNS);
  const customers = DONATION_PATTERNS.reduce((s, r) => s + r.count, 0);

  it('P(alive in 2002) equals Table 6 for (x, t_x) = (0, 0), (2, 4), (6, 6): 0.11, 0.59, 0.93', () => {
    for (const { x, tx, value } of BGBB_PUBLISHED.probabilityAlive2002) expect(bgBbProbabilityAlive(fit.params, { x, tx, n: 6 }).toFixed(2)).toBe(value.toFixed(2));
  });

  it('the expected donors with 0 and 6 repeat donations in 1996–2001 are 3,454.9 and 1,253.1', () => {
    const expected = bgBbTransactionCountDistribution(fit.params, 6).map((p) => p * customers);
    expect((expected[0] as number).toFixed(1)).toBe(BGBB_PUBLISHED.expectedDonorsByRepeats[0].toFixed(1));
    expect((expected[6] as number).toFixed(1)).toBe(BGBB_PUBLISHED.expectedDonorsByRepeats[6].toFixed(1));
  });

  it('the conditional expectations for 2002–2006 sum to 12,884.2; the actual total 13,260 is 2.8 % above', () => {
    const total = bgBbPredictedTotal(fit, DONATION_PATTERNS, 5);
    expect(total.estimate.toFixed(1)).toBe(BGBB_PUBLISHED.conditionalExpectationTotal2002to2006.toFixed(1));
    const actual = DONATION_ANNUAL_TRANSACTIONS.slice(6).reduce((s, v) => s + v, 0);
    expect(DONATION_PATTERNS.reduce((s, r) => s + r.holdout, 0)).toBe(actual);
    expect(Math.abs(total.estimate / actual - 1)).toBeLessThan(0.03);
    // The interval is for the expectation (parameter uncertainty only): ±2.4 %, narrower than the miss.
    expect(total.upper - total.lower).toBeGreaterThan(0);
    expect(total.standardError / total.estimate).toBeLessThan(0.02);
  });
});

describe('BG/BB predictions against the closed forms and each other', () => {
  it('E[X(n, n+n*) | x, t_x, n] equals FHS eq. 13 (property, γ ≠ 1)', () => {
    fc.assert(
      fc.property(paramsArb, historyArb, fc.integer({ min: 1, max: 10 }), (q, h, periods) => {
        const L = bgBbTransactionLikelihood(q, h.x, h.tx, h.n);
        const lnB = (a: number, b: number) => gammaln(a) + gammaln(b) - gammaln(a + b);
        const closed =
          (1 / L) *
          Math.exp(lnB(q.alpha + h.x + 1, q.beta + h.n - h.x) - lnB(q.alpha, q.beta)) *
          (q.delta / (q.gamma - 1)) *
          Math.exp(lnGammaRatio(q.gamma + q.delta, 1 + q.delta)) *
          (Math.exp(lnGammaRatio(1 + q.delta + h.n, q.gamma + q.delta + h.n)) - Math.exp(lnGammaRatio(1 + q.delta + h.n + periods, q.gamma + q.delta + h.n + periods)));
        expect(Math.abs(bgBbExpectedTransactions(q, h, periods) / closed - 1)).toBeLessThan(1e-8);
      }),
      { numRuns: 80, seed: 13 },
    );
  });

  it('E[X(n)] of a new customer equals FHS eq. 8 and the mean of the count distribution, which sums to 1 (property)', () => {
    fc.assert(
      fc.property(paramsArb, fc.integer({ min: 0, max: 25 }), (q, n) => {
        const closed = (q.alpha / (q.alpha + q.beta)) * (q.delta / (q.gamma - 1)) * (1 - Math.exp(lnGammaRatio(q.gamma + q.delta, q.gamma + q.delta + n) + lnGammaRatio(1 + q.delta + n, 1 + q.delta)));
        const value = bgBbExpectedTransactionsNewCustomer(q, n);
        expect(Math.abs(value - closed)).toBeLessThan(1e-9 * Math.max(1, closed));
        const dist = bgBbTransactionCountDistribution(q, n);
        expect(dist).toHaveLength(n + 1);
        expect(dist.reduce((s, p) => s + p, 0)).toBeCloseTo(1, 10);
        expect(dist.reduce((s, p, x) => s + x * p, 0)).toBeCloseTo(value, 9);
      }),
      { numRuns: 80, seed: 8 },
    );
  });

  it('P(alive) is 1 ahead 0 for a customer who transacted at the last opportunity, falls with opportunities ahead, and is finite at γ = 1', () => {
    const q = { alpha: 1.2, beta: 0.8, gamma: 1, delta: 2.5 };
    expect(bgBbProbabilityAlive(q, { x: 3, tx: 6, n: 6 }, 0)).toBeCloseTo(1, 12);
    const curve = [1, 2, 5, 10].map((ahead) => bgBbProbabilityAlive(q, { x: 2, tx: 3, n: 6 }, ahead));
    for (let i = 1; i < curve.length; i++) expect(curve[i] as number).toBeLessThan(curve[i - 1] as number);
    expect(Number.isFinite(bgBbExpectedTransactions(q, { x: 2, tx: 3, n: 6 }, 5))).toBe(true);
    expect(Number.isFinite(bgBbExpectedTransactionsNewCustomer(q, 6))).toBe(true);
  });

  it('more recent and more frequent customers are more likely alive and expected to give more', () => {
    const p = BGBB_PUBLISHED.params;
    expect(bgBbProbabilityAlive(p, { x: 3, tx: 6, n: 6 })).toBeGreaterThan(bgBbProbabilityAlive(p, { x: 3, tx: 3, n: 6 }));
    expect(bgBbExpectedTransactions(p, { x: 5, tx: 6, n: 6 }, 5)).toBeGreaterThan(bgBbExpectedTransactions(p, { x: 2, tx: 6, n: 6 }, 5));
  });

  it('bad arguments name the field', () => {
    const p = BGBB_PUBLISHED.params;
    expect(() => bgBbProbabilityAlive(p, { x: 3, tx: 7, n: 6 })).toThrow(/customer\.tx/);
    expect(() => bgBbProbabilityAlive(p, { x: 3, tx: 2, n: 6 })).toThrow(/customer\.x/);
    expect(() => bgBbProbabilityAlive(p, { x: 1, tx: 1, n: 6 }, -1)).toThrow(/ahead/);
    expect(() => bgBbExpectedTransactions({ ...p, beta: -1 }, { x: 1, tx: 1, n: 6 }, 1)).toThrow(/params\.beta/);
    expect(() => bgBbExpectedTransactions(p, { x: 1, tx: 1, n: 6 }, 1.5)).toThrow(/periods/);
    expect(() => bgBbTransactionCountDistribution(p, Number.NaN)).toThrow(InvalidModelInputError);
    const fit = fitBgBb(DONATION_PATTERNS);
    expect(() => bgBbPredictedTotal({ ...fit, covariance: null, standardErrors: null }, DONATION_PATTERNS, 5)).toThrow(ModelFitError);
    expect(() => bgBbPredictedTotal(fit, [{ x: 1, tx: 1, n: 6, count: -1 }], 5)).toThrow(/patterns\[0\]\.count/);
  });
});

/** L(α, β, γ, δ | x, t_x, n) by gamma functions (FHS eq. 5), for the closed-form check. */
function bgBbTransactionLikelihood(q: BgBbParams, x: number, tx: number, n: number): number {
  const lnB = (a: number, b: number) => gammaln(a) + gammaln(b) - gammaln(a + b);
  let value = Math.exp(lnB(q.alpha + x, q.beta + n - x) - lnB(q.alpha, q.beta) + lnB(q.gamma, q.delta + n) - lnB(q.gamma, q.delta));
  for (let i = 0; i < n - tx; i++) value += Math.exp(lnB(q.alpha + x, q.beta + tx - x + i) - lnB(q.alpha, q.beta) + lnB(q.gamma + 1, q.delta + tx + i) - lnB(q.gamma, q.delta));
  return value;
}
