import betaln from '@stdlib/math-base-special-betaln';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bgBbLogLikelihood, bgBbObjective, fitBgBb, groupPatterns, type BgBbParams, type BgBbPattern } from './bg-bb.js';
import { InvalidModelInputError } from './invalid-model-input-error.js';
import { ModelFitError } from './model-fit-error.js';
import { sampleBeta, seededRandom } from './random.js';
import { BGBB_PUBLISHED, DONATION_PATTERNS } from './testing/fader-hardie-data.js';
import { standardErrors } from './uncertainty.js';

/**
 * The BG/BB likelihood of one customer written independently of the fit: the integral over (p, θ)
 * of FHS 2010 eq. 4 expanded term by term with beta functions, summed without logs.
 */
function referenceLikelihood(q: BgBbParams, x: number, tx: number, n: number): number {
  const B = (a: number, b: number) => Math.exp(betaln(a, b));
  let value = (B(q.alpha + x, q.beta + n - x) / B(q.alpha, q.beta)) * (B(q.gamma, q.delta + n) / B(q.gamma, q.delta));
  for (let i = 0; i <= n - tx - 1; i++) value += (B(q.alpha + x, q.beta + tx - x + i) / B(q.alpha, q.beta)) * (B(q.gamma + 1, q.delta + tx + i) / B(q.gamma, q.delta));
  return value;
}

function referenceLogLikelihood(q: BgBbParams, patterns: readonly BgBbPattern[]): number {
  return patterns.reduce((sum, r) => sum + r.count * Math.log(referenceLikelihood(q, r.x, r.tx, r.n)), 0);
}

const positive = fc.double({ min: 0.2, max: 5, noNaN: true });
const paramsArb = fc.record({ alpha: positive, beta: positive, gamma: positive, delta: positive });
const historyArb = fc
  .integer({ min: 1, max: 20 })
  .chain((n) => fc.integer({ min: 0, max: n }).chain((tx) => fc.record({ n: fc.constant(n), tx: fc.constant(tx), x: tx === 0 ? fc.constant(0) : fc.integer({ min: 1, max: tx }) })));

describe('fitBgBb on the FHS (2010) donation data (11,104 donors of 1995, 6 opportunities 1996–2001)', () => {
  const fit = fitBgBb(DONATION_PATTERNS);

  it('the MLEs equal the published α = 1.204, β = 0.750, γ = 0.657, δ = 2.783 to 3 decimals, LL −33,225.6', () => {
    for (const k of ['alpha', 'beta', 'gamma', 'delta'] as const) expect(fit.params[k].toFixed(3), k).toBe(BGBB_PUBLISHED.params[k].toFixed(3));
    expect(fit.logLikelihood.toFixed(1)).toBe(BGBB_PUBLISHED.logLikelihood.toFixed(1));
    expect(fit.customers).toBe(11_104);
    expect(fit.uniqueRows).toBe(22);
  });

  it('the optimum is a stationary point of the independently written likelihood', () => {
    const f = (q: BgBbParams) => referenceLogLikelihood(q, DONATION_PATTERNS);
    expect(fit.logLikelihood).toBeCloseTo(f(fit.params), 6);
    for (const k of ['alpha', 'beta', 'gamma', 'delta'] as const) {
      const h = 1e-6 * fit.params[k];
      const slope = (f({ ...fit.params, [k]: fit.params[k] + h }) - f({ ...fit.params, [k]: fit.params[k] - h })) / (2 * h);
      expect(Math.abs(slope), k).toBeLessThan(1e-2);
    }
  });

  it('standard errors equal second differences of the independent likelihood in (α, β, γ, δ)', () => {
    const reference = standardErrors(([alpha = NaN, beta = NaN, gamma = NaN, delta = NaN]) => -referenceLogLikelihood({ alpha, beta, gamma, delta }, DONATION_PATTERNS), [
      fit.params.alpha,
      fit.params.beta,
      fit.params.gamma,
      fit.params.delta,
    ]);
    expect(fit.note).toBeUndefined();
    (['alpha', 'beta', 'gamma', 'delta'] as const).forEach((k, i) => {
      expect(Math.abs((fit.standardErrors?.[k] ?? NaN) / (reference.standardErrors[i] as number) - 1), k).toBeLessThan(1e-3);
    });
  });

  it('one row per donor gives the same fit as the grouped table', () => {
    const rows: BgBbPattern[] = DONATION_PATTERNS.flatMap((r) => Array.from({ length: r.count }, () => ({ x: r.x, tx: r.tx, n: r.n, count: 1 })));
    const single = fitBgBb(rows);
    expect(single.uniqueRows).toBe(22);
    expect(single.logLikelihood).toBeCloseTo(fit.logLikelihood, 6);
    expect(single.params.delta).toBeCloseTo(fit.params.delta, 6);
  });
});

describe('fitBgBb on simulated customers', () => {
  it('recovers the parameters it simulated from, each within 4 standard errors (20,000 customers, 8 opportunities)', () => {
    const truth = { alpha: 0.9, beta: 1.6, gamma: 0.5, delta: 3.2 };
    const rand = seededRandom(42);
    const n = 8;
    const counts = new Map<string, BgBbPattern>();
    for (let c = 0; c < 20_000; c++) {
      const p = sampleBeta(rand, truth.alpha, truth.beta);
      const theta = sampleBeta(rand, truth.gamma, truth.delta);
      let x = 0;
      let tx = 0;
      for (let t = 1; t <= n; t++) {
        if (rand() < theta) break; // dies before opportunity t
        if (rand() < p) {
          x++;
          tx = t;
        }
      }
      const key = `${x},${tx}`;
      const row = counts.get(key) ?? { x, tx, n, count: 0 };
      row.count++;
      counts.set(key, row);
    }
    const fit = fitBgBb([...counts.values()]);
    for (const k of ['alpha', 'beta', 'gamma', 'delta'] as const) {
      const se = fit.standardErrors?.[k] ?? NaN;
      expect(Math.abs(fit.params[k] - truth[k]) / se, `${k} = ${fit.params[k]} ± ${se}`).toBeLessThan(4);
    }
  });
});

describe('BG/BB likelihood', () => {
  it('the tabulated log-likelihood and its gradient match beta functions and central differences (property)', () => {
    fc.assert(
      fc.property(paramsArb, fc.array(fc.tuple(historyArb, fc.integer({ min: 1, max: 50 })), { minLength: 1, maxLength: 8 }), (q, list) => {
        const patterns = list.map(([h, count]) => ({ ...h, count }));
        expect(bgBbLogLikelihood(q, patterns)).toBeCloseTo(referenceLogLikelihood(q, patterns), 7);
        const objective = bgBbObjective(groupPatterns(patterns));
        const at = Float64Array.of(Math.log(q.alpha), Math.log(q.beta), Math.log(q.gamma), Math.log(q.delta));
        const g = new Float64Array(4);
        objective(at, g);
        for (let j = 0; j < 4; j++) {
          const h = 1e-6;
          const up = Float64Array.from(at);
          const down = Float64Array.from(at);
          up[j] = (up[j] as number) + h;
          down[j] = (down[j] as number) - h;
          const numeric = (objective(up, new Float64Array(4)) - objective(down, new Float64Array(4))) / (2 * h);
          expect(Math.abs((g[j] as number) - numeric)).toBeLessThan(1e-5 * Math.max(1, Math.abs(numeric)));
        }
      }),
      { numRuns: 60, seed: 2010 },
    );
  });
});

describe('BG/BB likelihood across cohorts of different lengths', () => {
  it('rows sharing (x, t_x) with different n (they share one prefix sum) match the reference likelihood and its gradient', () => {
    const patterns: BgBbPattern[] = [];
    for (const n of [1, 3, 6, 11, 25]) {
      for (const [x, tx] of [[0, 0], [1, 1], [2, 3], [3, 3]] as const) if (tx <= n) patterns.push({ x, tx, n, count: 5 + n });
    }
    const q = { alpha: 0.7, beta: 1.9, gamma: 0.45, delta: 3.1 };
    expect(bgBbLogLikelihood(q, patterns)).toBeCloseTo(referenceLogLikelihood(q, patterns), 8);
    const objective = bgBbObjective(groupPatterns(patterns));
    const at = Float64Array.of(Math.log(q.alpha), Math.log(q.beta), Math.log(q.gamma), Math.log(q.delta));
    const g = new Float64Array(4);
    objective(at, g);
    (['alpha', 'beta', 'gamma', 'delta'] as const).forEach((k, j) => {
      const h = 1e-6 * q[k];
      const numeric = -(referenceLogLikelihood({ ...q, [k]: q[k] + h }, patterns) - referenceLogLikelihood({ ...q, [k]: q[k] - h }, patterns)) / (2 * h);
      expect(Math.abs((g[j] as number) / q[k] - numeric), k).toBeLessThan(1e-5 * Math.max(1, Math.abs(numeric)));
    });
  });
});

describe('fitBgBb bad input', () => {
  const good = { x: 2, tx: 3, n: 6, count: 10 };
  const bad: Array<[string, unknown, string]> = [
    ['negative count', [good, { x: 1, tx: 1, n: 6, count: -3 }], 'patterns[1].count'],
    ['fractional count', [{ ...good, count: 2.5 }], 'patterns[0].count'],
    ['NaN x', [good, good, { x: Number.NaN, tx: 1, n: 6, count: 1 }], 'patterns[2].x'],
    ['negative x', [{ x: -1, tx: 1, n: 6, count: 1 }], 'patterns[0].x'],
    ['tx > n', [good, { x: 2, tx: 7, n: 6, count: 1 }], 'patterns[1].tx'],
    ['x > tx', [{ x: 4, tx: 3, n: 6, count: 1 }], 'patterns[0].x'],
    ['tx without transactions', [{ x: 0, tx: 2, n: 6, count: 1 }], 'patterns[0].tx'],
    ['missing n', [{ x: 0, tx: 0, count: 1 }], 'patterns[0].n'],
    ['empty', [], 'patterns'],
    ['not an array', { x: 1 }, 'patterns'],
  ];
  for (const [name, input, path] of bad) {
    it(`${name} → InvalidModelInputError at ${path}`, () => {
      try {
        fitBgBb(input as BgBbPattern[]);
        expect.unreachable();
      } catch (error) {
        expect(error).toBeInstanceOf(InvalidModelInputError);
        expect((error as InvalidModelInputError).path).toBe(path);
        expect((error as Error).message).toContain(path);
      }
    });
  }

  it('data that do not identify the model → ModelFitError, never NaN parameters', () => {
    expect(() => fitBgBb([{ x: 0, tx: 0, n: 6, count: 10 }])).toThrow(/no customer transacted/);
    expect(() => fitBgBb([{ x: 6, tx: 6, n: 6, count: 10 }])).toThrow(/every customer transacted/);
    expect(() => fitBgBb([{ ...good, count: 0 }])).toThrow(ModelFitError);
    expect(() => fitBgBb(DONATION_PATTERNS, { maxIterations: 2 })).toThrow(/without converging/);
  });

  it('bad parameters and options name the field', () => {
    expect(() => bgBbLogLikelihood({ alpha: 1, beta: 1, gamma: Number.NaN, delta: 1 }, [good])).toThrow(/params\.gamma/);
    expect(() => fitBgBb([good], { maxIterations: 0 })).toThrow(/options\.maxIterations/);
    expect(() => fitBgBb([good], { initial: { alpha: 1, beta: 1, gamma: 1, delta: 0 } })).toThrow(/options\.initial\.delta/);
  });
});
