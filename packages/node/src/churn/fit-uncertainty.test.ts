import { describe, expect, it } from 'vitest';
import { fitBgNbd } from './bg-nbd.js';
import { fitGammaGamma } from './gamma-gamma.js';
import { sampleGamma, seededRandom } from './random.js';
import { simulateBgNbdCustomers } from './simulate-bg-nbd.js';
import { fitUncertainty, standardErrors } from './uncertainty.js';

describe('standard errors on the fits', () => {
  it('BG/NBD: the truth lies within 3 standard errors of estimates from 20 simulated populations, about 95 % within 1.96', () => {
    const truth = { r: 0.25, alpha: 4.5, a: 0.8, b: 2.4 };
    let within196 = 0;
    let total = 0;
    for (let seed = 1; seed <= 20; seed++) {
      const rand = seededRandom(100 + seed);
      const customers = simulateBgNbdCustomers(truth, { customers: 2000, T: () => 26 + Math.floor(rand() * 91) / 7, seed });
      const fit = fitBgNbd(customers);
      for (const k of ['r', 'alpha', 'a', 'b'] as const) {
        const se = fit.standardErrors?.[k] ?? NaN;
        const z = Math.abs(fit.params[k] - truth[k]) / se;
        expect(z, `seed ${seed}, ${k}: ${fit.params[k]} ± ${se}`).toBeLessThan(3.5);
        if (z < 1.96) within196++;
        total++;
      }
    }
    // 80 intervals at 95 %: fewer than 68 covering would happen by chance with probability < 0.1 %.
    expect(within196).toBeGreaterThanOrEqual(68);
    expect(total).toBe(80);
  });

  it('Gamma-Gamma: the covariance is symmetric and positive on the diagonal, and the truth is within 3 SE', () => {
    const rand = seededRandom(5);
    const truth = { p: 6, q: 3.8, gamma: 15 };
    const customers = Array.from({ length: 3000 }, () => {
      const x = 1 + Math.floor(rand() * 6);
      const nu = sampleGamma(rand, truth.q, truth.gamma);
      let sum = 0;
      for (let i = 0; i < x; i++) sum += sampleGamma(rand, truth.p, nu);
      return { x, meanRepeatSpend: sum / x };
    });
    const fit = fitGammaGamma(customers);
    const cov = fit.covariance as number[][];
    for (let i = 0; i < 3; i++) {
      expect((cov[i] as number[])[i]).toBeGreaterThan(0);
      for (let j = 0; j < 3; j++) expect((cov[i] as number[])[j]).toBe((cov[j] as number[])[i]);
    }
    for (const k of ['p', 'q', 'gamma'] as const) expect(Math.abs(fit.params[k] - truth[k]) / (fit.standardErrors?.[k] ?? NaN), k).toBeLessThan(3);
  });

  it('a flat or saddle optimum gives null standard errors and a note, not an error or NaN', () => {
    const saddle = (x: Float64Array, g: Float64Array) => {
      g[0] = 2 * (x[0] as number);
      g[1] = -2 * (x[1] as number);
      return (x[0] as number) ** 2 - (x[1] as number) ** 2;
    };
    const u = fitUncertainty(saddle, [0, 0], 'test-model');
    expect(u.standardErrors).toBeNull();
    expect(u.covariance).toBeNull();
    expect(u.note).toMatch(/test-model.*not positive definite/);
  });

  it('in log-parameters, moved to the natural scale, equals the natural-scale Hessian at the optimum', () => {
    // −log L of a Gamma(shape 3, rate λ) sample: λ̂ = 3n/Σy, SE = λ̂/√(3n).
    const n = 400;
    const sum = 250;
    const lambdaHat = (3 * n) / sum;
    const inLog = (v: Float64Array, g: Float64Array) => {
      const lambda = Math.exp(v[0] as number);
      g[0] = (-(3 * n) / lambda + sum) * lambda;
      return -(3 * n) * Math.log(lambda) + lambda * sum;
    };
    const u = fitUncertainty(inLog, [Math.log(lambdaHat)], 'gamma-rate');
    expect(u.standardErrors?.[0]).toBeCloseTo(lambdaHat / Math.sqrt(3 * n), 8);
    const natural = standardErrors(([lambda = NaN]) => -(3 * n) * Math.log(lambda) + lambda * sum, [lambdaHat]);
    expect(u.standardErrors?.[0]).toBeCloseTo(natural.standardErrors[0] as number, 6);
  });
});
