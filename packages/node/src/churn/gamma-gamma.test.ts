import { describe, expect, it } from 'vitest';
import { fitGammaGamma, gammaGammaExpectedSpend } from './gamma-gamma.js';
import { ModelFitError } from './model-fit-error.js';
import { sampleGamma, seededRandom } from './random.js';

describe('Gamma-Gamma spend model', () => {
  it('recovers p, q, γ from simulated spend (5,000 customers, within 15%)', () => {
    const truth = { p: 6, q: 4, gamma: 15 };
    const rand = seededRandom(11);
    const customers = Array.from({ length: 5000 }, (_, i) => {
      const nu = sampleGamma(rand, truth.q, truth.gamma);
      const x = 1 + (i % 6);
      let total = 0;
      for (let k = 0; k < x; k++) total += sampleGamma(rand, truth.p, nu);
      return { x, meanRepeatSpend: total / x };
    });
    const fit = fitGammaGamma([...customers, { x: 0, meanRepeatSpend: 0 }]);
    expect(fit.customers).toBe(5000);
    expect(Math.abs(fit.params.p / truth.p - 1)).toBeLessThan(0.15);
    expect(Math.abs(fit.params.q / truth.q - 1)).toBeLessThan(0.15);
    expect(Math.abs(fit.params.gamma / truth.gamma - 1)).toBeLessThan(0.15);
    // The population mean spend pγ/(q−1) is well identified: within 3% of the sample mean.
    const mean = customers.reduce((s, c) => s + c.meanRepeatSpend, 0) / customers.length;
    expect(Math.abs((fit.params.p * fit.params.gamma) / (fit.params.q - 1) / mean - 1)).toBeLessThan(0.03);
  });

  it('does not depend on the currency unit: spend in cents gives γ × 100 and the same p, q', () => {
    const rand = seededRandom(5);
    const customers = Array.from({ length: 2000 }, (_, i) => {
      const nu = sampleGamma(rand, 3.7, 15);
      const x = 1 + (i % 4);
      let total = 0;
      for (let k = 0; k < x; k++) total += sampleGamma(rand, 6.2, nu);
      return { x, meanRepeatSpend: total / x };
    });
    const dollars = fitGammaGamma(customers);
    const cents = fitGammaGamma(customers.map((c) => ({ ...c, meanRepeatSpend: c.meanRepeatSpend * 100 })));
    expect(cents.params.gamma / dollars.params.gamma).toBeCloseTo(100, 2);
    expect(cents.params.p).toBeCloseTo(dollars.params.p, 4);
    expect(cents.params.q).toBeCloseTo(dollars.params.q, 4);
  });

  it('expected spend: (γ + x·z̄)·p / (p·x + q − 1), the population mean at x = 0, tending to z̄ as x grows', () => {
    const params = { p: 6.25, q: 3.74, gamma: 15.44 };
    expect(gammaGammaExpectedSpend(params, { x: 2, meanRepeatSpend: 22.35 })).toBeCloseTo(((15.44 + 2 * 22.35) * 6.25) / (12.5 + 2.74), 10);
    expect(gammaGammaExpectedSpend(params, { x: 0, meanRepeatSpend: 0 })).toBeCloseTo((6.25 * 15.44) / 2.74, 10);
    expect(gammaGammaExpectedSpend(params, { x: 10_000, meanRepeatSpend: 50 })).toBeCloseTo(50, 1);
  });

  it('rejects bad input and a fit without repeat customers', () => {
    expect(() => fitGammaGamma([{ x: 0, meanRepeatSpend: 0 }])).toThrow(ModelFitError);
    expect(() => fitGammaGamma([{ x: 1, meanRepeatSpend: -2 }])).toThrow(/customers\[0\]\.meanRepeatSpend/);
    expect(() => gammaGammaExpectedSpend({ p: 1, q: 0.5, gamma: 1 }, { x: 0, meanRepeatSpend: 0 })).toThrow(/q > 1/);
    expect(() => gammaGammaExpectedSpend({ p: -1, q: 2, gamma: 1 }, { x: 1, meanRepeatSpend: 1 })).toThrow(/params\.p/);
  });
});
