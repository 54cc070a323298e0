import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bgNbdExpectedPurchases, bgNbdProbabilityAlive } from './bg-nbd.js';
import { customerLifetimeValue } from './clv.js';
import { gammaGammaExpectedSpend } from './gamma-gamma.js';
import { scoreCustomers } from './score-customers.js';

const bg = { r: 0.2426, alpha: 4.4135, a: 0.7929, b: 2.4258 };
const gg = { p: 6.25, q: 3.74, gamma: 15.44 };
const customer = fc
  .record({ x: fc.integer({ min: 0, max: 30 }), T: fc.double({ min: 0.5, max: 60, noNaN: true }), share: fc.double({ min: 0, max: 1, noNaN: true }), spend: fc.double({ min: 1, max: 500, noNaN: true }) })
  .map(({ x, T, share, spend }) => ({ x, tx: x === 0 ? 0 : T * share, T, meanRepeatSpend: x === 0 ? 0 : spend }));

describe('customerLifetimeValue', () => {
  it('without discounting is margin × expected spend × expected purchases over the horizon', () => {
    fc.assert(
      fc.property(customer, fc.double({ min: 1, max: 104, noNaN: true }), fc.double({ min: 0.1, max: 1, noNaN: true }), (c, horizon, margin) => {
        const value = customerLifetimeValue(bg, gg, c, { horizon, margin, periods: 7 });
        const expected = margin * gammaGammaExpectedSpend(gg, c) * bgNbdExpectedPurchases(bg, c, horizon);
        expect(Math.abs(value - expected)).toBeLessThanOrEqual(1e-9 * Math.max(1, expected));
      }),
      { numRuns: 100 },
    );
  });

  it('shrinks as the discount rate grows, and is 0 at a zero horizon', () => {
    const c = { x: 4, tx: 30, T: 38, meanRepeatSpend: 40 };
    const rates = [0, 0.01, 0.05, 0.2].map((discountRate) => customerLifetimeValue(bg, gg, c, { horizon: 52, discountRate }));
    for (let i = 1; i < rates.length; i++) expect(rates[i]).toBeLessThan(rates[i - 1] as number);
    expect(customerLifetimeValue(bg, gg, c, { horizon: 0 })).toBe(0);
    expect(() => customerLifetimeValue(bg, gg, c, { horizon: 52, periods: 0 })).toThrow(/options\.periods/);
    expect(() => customerLifetimeValue(bg, gg, c, { horizon: -1 })).toThrow(/options\.horizon/);
  });
});

describe('scoreCustomers', () => {
  it('gives the same P(alive) and CLV as the per-customer functions', () => {
    fc.assert(
      fc.property(fc.array(customer, { minLength: 1, maxLength: 30 }), (cs) => {
        const options = { horizon: 52, periods: 12, discountRate: 0.01, margin: 0.3 };
        const scores = scoreCustomers(bg, gg, { x: cs.map((c) => c.x), tx: cs.map((c) => c.tx), T: cs.map((c) => c.T), meanRepeatSpend: cs.map((c) => c.meanRepeatSpend) }, options);
        cs.forEach((c, i) => {
          expect(scores.pAlive[i]).toBeCloseTo(bgNbdProbabilityAlive(bg, c), 12);
          const clv = customerLifetimeValue(bg, gg, c, options);
          expect(Math.abs((scores.clv[i] as number) - clv)).toBeLessThanOrEqual(1e-9 * Math.max(1, clv));
        });
      }),
      { numRuns: 50 },
    );
  });

  it('names the first bad customer and checks column lengths', () => {
    expect(() => scoreCustomers(bg, gg, { x: [1, 2], tx: [1, 5], T: [2, 3], meanRepeatSpend: [1, 1] }, { horizon: 10 })).toThrow(/columns\[1\]/);
    expect(() => scoreCustomers(bg, gg, { x: [1], tx: [1, 5], T: [2], meanRepeatSpend: [1] }, { horizon: 10 })).toThrow(/same length/);
  });
});
