import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { minimizeBfgs } from './minimize.js';

const at = (x: Float64Array, i: number) => x[i] as number;

describe('minimizeBfgs', () => {
  it('finds the minimum of the Rosenbrock function from the classic start (−1.2, 1)', () => {
    const result = minimizeBfgs((x, g) => {
      const a = at(x, 0);
      const b = at(x, 1);
      g[0] = -400 * a * (b - a * a) - 2 * (1 - a);
      g[1] = 200 * (b - a * a);
      return 100 * (b - a * a) ** 2 + (1 - a) ** 2;
    }, [-1.2, 1]);
    expect(result.converged).toBe(true);
    expect(at(result.x, 0)).toBeCloseTo(1, 6);
    expect(at(result.x, 1)).toBeCloseTo(1, 6);
  });

  it('solves random positive-definite quadratics ½xᵀAx − bᵀx (A = MᵀM + I) to 1e-6', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -3, max: 3, noNaN: true }), { minLength: 9, maxLength: 9 }), fc.array(fc.double({ min: -5, max: 5, noNaN: true }), { minLength: 3, maxLength: 3 }), (m, b) => {
        const A = [0, 1, 2].map((i) => [0, 1, 2].map((j) => [0, 1, 2].reduce((s, k) => s + (m[k * 3 + i] as number) * (m[k * 3 + j] as number), 0) + (i === j ? 1 : 0)));
        const row = (i: number) => A[i] as number[];
        const result = minimizeBfgs((x, g) => {
          let f = 0;
          for (let i = 0; i < 3; i++) {
            let ax = 0;
            for (let j = 0; j < 3; j++) ax += (row(i)[j] as number) * at(x, j);
            g[i] = ax - (b[i] as number);
            f += 0.5 * at(x, i) * ax - (b[i] as number) * at(x, i);
          }
          return f;
        }, [0, 0, 0], { gradientTolerance: 1e-12 });
        // The gradient Ax − b vanishes at the answer.
        for (let i = 0; i < 3; i++) {
          let ax = 0;
          for (let j = 0; j < 3; j++) ax += (row(i)[j] as number) * at(result.x, j);
          expect(Math.abs(ax - (b[i] as number))).toBeLessThan(1e-6);
        }
      }),
      { numRuns: 100 },
    );
  });

  it('backs off from points where the objective is not finite', () => {
    // −log(x) + x has its minimum at x = 1 and is undefined for x ≤ 0.
    const result = minimizeBfgs((x, g) => {
      const v = at(x, 0);
      g[0] = -1 / v + 1;
      return v > 0 ? -Math.log(v) + v : Number.NaN;
    }, [0.01]);
    expect(at(result.x, 0)).toBeCloseTo(1, 6);
  });

  it('reports no convergence when the iteration limit is hit, and a non-finite start', () => {
    const rosen = (x: Float64Array, g: Float64Array) => {
      const a = at(x, 0);
      const b = at(x, 1);
      g[0] = -400 * a * (b - a * a) - 2 * (1 - a);
      g[1] = 200 * (b - a * a);
      return 100 * (b - a * a) ** 2 + (1 - a) ** 2;
    };
    expect(minimizeBfgs(rosen, [-1.2, 1], { maxIterations: 3 }).converged).toBe(false);
    expect(minimizeBfgs(() => Number.NaN, [1]).converged).toBe(false);
  });
});
