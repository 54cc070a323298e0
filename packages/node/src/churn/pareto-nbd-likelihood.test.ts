import gammaln from '@stdlib/math-base-special-gammaln';
import { describe, expect, it } from 'vitest';
import { compressSummaries } from './compress-summaries.js';
import { hyp2f1One, paretoNbdObjective } from './pareto-nbd-likelihood.js';

/**
 * ₂F₁(1, b; c; z) by Euler's integral, Γ(c)/(Γ(b)Γ(c−b)) ∫₀¹ t^(b−1) (1−t)^(c−b−1) / (1 − z t) dt,
 * with t = u^(1/b) and 1 − t = w^(1/(c−b)) near the ends to remove the endpoint singularities, and
 * Gauss–Legendre on many panels: a route that shares nothing with the series.
 */
function hyp2f1ByIntegral(b: number, c: number, z: number): number {
  const nodes = [-0.9602898564975363, -0.7966664774136267, -0.5255324099163290, -0.1834346424956498, 0.1834346424956498, 0.525532409916329, 0.7966664774136267, 0.9602898564975363];
  const weights = [0.1012285362903763, 0.2223810344533745, 0.3137066458778873, 0.3626837833783620, 0.362683783378362, 0.3137066458778873, 0.2223810344533745, 0.1012285362903763];
  // Gauss–Legendre on panels whose edges fall geometrically from `hi` towards 0 (the integrand,
  // bounded after the substitutions, can peak anywhere on scales down to ~1/b^(c−b)).
  const gl = (f: (t: number) => number, hi: number) => {
    let sum = 0;
    for (let top = hi; top > hi * 1e-18; top /= 1.25) {
      const lo = top / 1.25;
      const h = top - lo;
      for (let k = 0; k < 4; k++) {
        const m = lo + ((k + 0.5) * h) / 4;
        for (let i = 0; i < 8; i++) sum += ((weights[i] as number) * f(m + ((nodes[i] as number) * h) / 8) * h) / 8;
      }
    }
    return sum;
  };
  const d = c - b;
  // Left half in u = t^b: ∫ (1−t)^(d−1)/(1−zt) dt t^(b−1) = (1/b) ∫ (1−t)^(d−1)/(1−zt) du.
  const left = gl((u) => {
    const t = u ** (1 / b);
    return ((1 - t) ** (d - 1) / (1 - z * t)) / b;
  }, 0.5 ** b);
  // Right half in w = (1−t)^d.
  const right = gl((w) => {
    const t = 1 - w ** (1 / d);
    return (t ** (b - 1) / (1 - z * t)) / d;
  }, 0.5 ** d);
  return Math.exp(gammaln(c) - gammaln(b) - gammaln(d)) * (left + right);
}

describe('₂F₁(1, b; c; z), the series in the Pareto/NBD likelihood', () => {
  const out = new Float64Array(4);
  const cases: Array<[number, number, number]> = [
    [1.6, 2.7, 0], // α = β
    [1.6, 2.7, 1e-9],
    [0.55, 2.16, 0.5],
    [2.55, 4.16, 0.97], // α ≫ β
    [100.55, 102.16, 0.9], // large x
    [2000.55, 2002.16, 0.99],
    [1.61, 2001.2, 0.999], // α < β branch with large x: b = s + 1, c = r + s + x + 1
  ];
  for (const [b, c, z] of cases) {
    it(`matches Euler's integral at b = ${b}, c = ${c}, z = ${z} (relative 1e−9)`, () => {
      expect(hyp2f1One(b, c, z, out)).toBe(true);
      const reference = hyp2f1ByIntegral(b, c, z);
      expect(Math.abs((out[0] as number) / reference - 1)).toBeLessThan(1e-9);
    });
  }

  it('says when it would need more terms than allowed instead of returning a truncated sum', () => {
    expect(hyp2f1One(1.5, 2.5, 1 - 1e-9, out, 1000)).toBe(false);
  });
});

describe('the Pareto/NBD objective’s exact gradient', () => {
  const data = compressSummaries([
    { x: 0, tx: 0, T: 38.86 },
    { x: 1, tx: 1.71, T: 38.86 },
    { x: 2, tx: 30.43, T: 38.86 },
    { x: 7, tx: 29.43, T: 38.86 },
    { x: 40, tx: 37, T: 38.86 },
    { x: 300, tx: 51.9, T: 52 },
    { x: 3, tx: 3, T: 3 }, // t_x = T
  ]);
  const f = paretoNbdObjective(data);
  const points: Array<[string, number[]]> = [
    ['α > β', [0.55, 10.6, 0.61, 2.2]],
    ['α < β', [0.55, 3.1, 0.61, 40]],
    ['α = β', [0.55, 10.6, 0.61, 10.6]],
    ['α = β (1 + 1e−9)', [0.55, 10.6 * (1 + 1e-9), 0.61, 10.6]],
  ];
  for (const [name, natural] of points) {
    it(`agrees with central differences of −log L when ${name}`, () => {
      const x = Float64Array.from(natural, Math.log);
      const g = new Float64Array(4);
      f(x, g);
      const scratch = new Float64Array(4);
      for (let k = 0; k < 4; k++) {
        const h = 1e-6;
        const up = Float64Array.from(x);
        const down = Float64Array.from(x);
        up[k] = (up[k] as number) + h;
        down[k] = (down[k] as number) - h;
        const numeric = (f(up, scratch) - f(down, scratch)) / (2 * h);
        expect(Math.abs((g[k] as number) - numeric), `∂/∂log θ${k}: exact ${g[k]}, numeric ${numeric}`).toBeLessThan(1e-5 * Math.max(1, Math.abs(numeric)));
      }
    });
  }
});
