import { describe, expect, it } from 'vitest';
import { InvalidModelInputError } from './invalid-model-input-error.js';
import { ModelFitError } from './model-fit-error.js';
import { normalQuantile, predictionInterval, standardErrors } from './uncertainty.js';

describe('standardErrors', () => {
  it('inverts the Hessian of a quadratic exactly (correlated 2-d normal)', () => {
    // −log L = ½ (x−m)ᵀ A (x−m) with A = [[4, 1], [1, 3]]: covariance A⁻¹ = [[3, −1], [−1, 4]] / 11.
    const m = [2, -1];
    const nll = ([x = 0, y = 0]: readonly number[]) => {
      const dx = x - (m[0] as number);
      const dy = y - (m[1] as number);
      return 0.5 * (4 * dx * dx + 2 * dx * dy + 3 * dy * dy) + 100;
    };
    const { covariance, standardErrors: se } = standardErrors(nll, m);
    expect(covariance[0]?.[0]).toBeCloseTo(3 / 11, 6);
    expect(covariance[0]?.[1]).toBeCloseTo(-1 / 11, 6);
    expect(covariance[1]?.[0]).toBeCloseTo(-1 / 11, 6);
    expect(covariance[1]?.[1]).toBeCloseTo(4 / 11, 6);
    expect(se[1]).toBeCloseTo(Math.sqrt(4 / 11), 6);
  });

  it('gives the textbook SE of a Poisson rate: √(λ̂/n)', () => {
    // n = 50 counts summing to 120: λ̂ = 2.4, −log L = nλ − Σx log λ (+ const), SE = √(2.4/50).
    const nll = ([lambda = 0]: readonly number[]) => 50 * lambda - 120 * Math.log(lambda);
    expect(standardErrors(nll, [2.4]).standardErrors[0]).toBeCloseTo(Math.sqrt(2.4 / 50), 6);
  });

  it('throws ModelFitError naming the model when the Hessian is not positive definite', () => {
    const saddle = ([x = 0, y = 0]: readonly number[]) => x * x - y * y;
    expect(() => standardErrors(saddle, [0, 0], { model: 'pareto-nbd' })).toThrow(ModelFitError);
    expect(() => standardErrors(saddle, [0, 0], { model: 'pareto-nbd' })).toThrow(/pareto-nbd.*not positive definite/);
    const flat = () => 1;
    expect(() => standardErrors(flat, [1, 2])).toThrow(/not positive definite/);
  });

  it('refuses non-finite points and objectives', () => {
    expect(() => standardErrors(() => 0, [Number.NaN])).toThrow(InvalidModelInputError);
    expect(() => standardErrors(() => 0, [])).toThrow(/at: must be a non-empty/);
    expect(() => standardErrors(() => Number.NaN, [1])).toThrow(/not finite at the optimum/);
  });
});

describe('predictionInterval', () => {
  it('propagates the covariance through a linear function exactly', () => {
    // g = 2a + 3b, Var = 4·0.1 + 9·0.2 + 2·6·0.05 = 2.8
    const interval = predictionInterval(([a = 0, b = 0]) => 2 * a + 3 * b, [1, 1], [
      [0.1, 0.05],
      [0.05, 0.2],
    ]);
    expect(interval.estimate).toBeCloseTo(5, 12);
    expect(interval.standardError).toBeCloseTo(Math.sqrt(2.8), 8);
    expect(interval.upper - interval.estimate).toBeCloseTo(1.959963984540054 * Math.sqrt(2.8), 7);
    expect(interval.level).toBe(0.95);
  });

  it('adds extra variance and honours the level', () => {
    const interval = predictionInterval(([a = 0]) => a, [0], [[1]], { extraVariance: 3, level: 0.9 });
    expect(interval.standardError).toBeCloseTo(2, 8);
    expect(interval.upper).toBeCloseTo(2 * 1.6448536269514722, 7);
  });

  it('refuses mismatched covariance and bad levels', () => {
    expect(() => predictionInterval(([a = 0]) => a, [0], [[1, 0]])).toThrow(/covariance/);
    expect(() => predictionInterval(([a = 0]) => a, [0], [[1]], { level: 1 })).toThrow(/options.level/);
    expect(() => predictionInterval(() => Number.NaN, [0], [[1]])).toThrow(/predict/);
  });
});

describe('normalQuantile', () => {
  it('matches tabulated quantiles', () => {
    expect(normalQuantile(0.5)).toBe(0);
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963984540054, 14);
    expect(normalQuantile(0.05)).toBeCloseTo(-1.6448536269514722, 14);
    expect(normalQuantile(1e-10)).toBeCloseTo(-6.361340902404056, 12);
    expect(normalQuantile(0.995)).toBeCloseTo(2.5758293035489004, 13);
  });

  it('refuses p outside (0, 1)', () => {
    expect(() => normalQuantile(0)).toThrow(InvalidModelInputError);
    expect(() => normalQuantile(Number.NaN)).toThrow(InvalidModelInputError);
  });
});
