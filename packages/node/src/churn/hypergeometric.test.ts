import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hyp2f1, prepareHyp2f1 } from './hypergeometric.js';
import { InvalidModelInputError } from './invalid-model-input-error.js';

const close = (actual: number, expected: number, rel = 1e-11) =>
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(rel * Math.max(1, Math.abs(expected)));

describe('hyp2f1', () => {
  it('matches closed forms: F(1,1;2;z) = −ln(1−z)/z across the series, Pfaff and near-1 branches', () => {
    for (const z of [-5, -0.9, -0.2, 0.1, 0.5, 0.75, 0.9, 0.99]) close(hyp2f1(1, 1, 2, z), -Math.log(1 - z) / z);
  });

  it('matches F(a,b;b;z) = (1−z)^(−a) and F(½,½;3/2;z²) = asin(z)/z (connection formula, c−a−b = ½)', () => {
    for (const z of [-2, 0.3, 0.8, 0.95]) close(hyp2f1(0.7, 2.3, 2.3, z), Math.pow(1 - z, -0.7));
    for (const z of [0.2, 0.9, 0.95, 0.999]) close(hyp2f1(0.5, 0.5, 1.5, z * z), Math.asin(z) / z);
  });

  it('matches F(a,b;c;1) = Γ(c)Γ(c−a−b)/(Γ(c−a)Γ(c−b)) (Gauss) and terminates for negative integer a', () => {
    // F(1,1;3;1) = Γ(3)Γ(1)/(Γ(2)Γ(2)) = 2
    close(hyp2f1(1, 1, 3, 1), 2);
    // F(−2, b; c; z) = 1 − 2bz/c + b(b+1)z²/(c(c+1))
    close(hyp2f1(-2, 3, 4, 0.5), 1 - (2 * 3 * 0.5) / 4 + (3 * 4 * 0.25) / (4 * 5));
  });

  it('agrees with the brute-force series in the BG/NBD case E[X(78)] (z ≈ 0.946, c − a − b < 0)', () => {
    // The parameters of the published CDNOW fit: F(r, b; a+b−1; t/(α+t)) at t = 78 weeks.
    const z = 78 / (4.413532 + 78);
    // The continuation and the plain series (slow here, but exact) must agree.
    let term = 1;
    let sum = 1;
    for (let n = 0; n < 3_000_000; n++) {
      term *= ((0.242593 + n) * (2.425752 + n)) / ((2.218638 + n) * (n + 1)) * z;
      sum += term;
    }
    close(hyp2f1(0.242593, 2.425752, 2.218638, z), sum, 1e-9);
  });

  it('agrees with the plain series to 1e-10 for the BG/NBD arguments, x up to 200 and z up to 0.99', () => {
    const [r, b, a] = [0.2426, 2.4258, 0.7929];
    const plain = (p: number, q: number, c: number, z: number) => {
      let term = 1;
      let sum = 1;
      for (let n = 0; n < 5_000_000; n++) {
        term *= ((p + n) * (q + n)) / ((c + n) * (n + 1)) * z;
        sum += term;
        if (n > 10 && Math.abs(term) < 1e-17 * Math.abs(sum) && (p + n) * (q + n) * z < (c + n) * (n + 1)) break;
      }
      return sum;
    };
    for (const z of [0.3, 0.76, 0.85, 0.95, 0.99]) {
      // The form the model evaluates (after Euler's transformation): F(a+b−1−r, a−1; a+b+x−1; z).
      for (const x of [0, 1, 5, 20, 50, 100, 200]) close(hyp2f1(a + b - 1 - r, a - 1, a + b + x - 1, z), plain(a + b - 1 - r, a - 1, a + b + x - 1, z), 1e-10);
      // The original form F(r+x, b+x; a+b+x−1; z), while it stays finite.
      for (const x of [0, 1, 5, 20]) close(hyp2f1(r + x, b + x, a + b + x - 1, z), plain(r + x, b + x, a + b + x - 1, z), 1e-10);
    }
  });

  it('satisfies Euler’s transformation F(a,b;c;z) = (1−z)^(c−a−b) F(c−a,c−b;c;z)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.05, max: 5, noNaN: true }),
        fc.double({ min: 0.05, max: 5, noNaN: true }),
        fc.double({ min: 0.3, max: 8, noNaN: true }),
        fc.double({ min: -3, max: 0.97, noNaN: true }),
        (a, b, c, z) => {
          const lhs = hyp2f1(a, b, c, z);
          const rhs = Math.pow(1 - z, c - a - b) * hyp2f1(c - a, c - b, c, z);
          expect(Math.abs(lhs - rhs)).toBeLessThanOrEqual(1e-8 * Math.max(1, Math.abs(lhs)));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('rejects z > 1, c a non-positive integer, divergence at z = 1 and non-finite input', () => {
    expect(() => hyp2f1(1, 1, 2, 1.5)).toThrow(InvalidModelInputError);
    expect(() => hyp2f1(1, 1, -2, 0.5)).toThrow(/c must not be/);
    expect(() => hyp2f1(1, 1, 2, 1)).toThrow(/diverges/);
    expect(() => hyp2f1(Number.NaN, 1, 2, 0.5)).toThrow(/finite/);
  });
});

describe('prepareHyp2f1', () => {
  it('agrees with hyp2f1 on every branch', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.05, max: 40, noNaN: true }),
        fc.double({ min: 0.05, max: 40, noNaN: true }),
        fc.double({ min: 0.3, max: 80, noNaN: true }),
        fc.double({ min: -2, max: 0.99, noNaN: true }),
        (a, b, c, z) => {
          const expected = hyp2f1(a, b, c, z);
          expect(Math.abs(prepareHyp2f1(a, b, c)(z) - expected)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(expected)));
        },
      ),
      { numRuns: 300 },
    );
  });
});
