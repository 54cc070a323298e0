import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../churn/random.js';
import { cohortRetention } from './cohorts.js';
import { repeatPurchaseEconomics } from './economics.js';
import { InvalidInsightInputError } from './invalid-insight-input-error.js';
import { treatmentLift } from './lift.js';
import { miceScore, rankFixes } from './mice.js';
import { netPromoterScore } from './nps.js';
import { churnRate, repeatPurchaseRate } from './rates.js';

describe('repeat-purchase economics (DOMAIN.md §5)', () => {
  it('price $80, margin 50%, CAC $25 → $15, $55, $95 and 1, 4, 7 new customers to match', () => {
    expect(repeatPurchaseEconomics({ price: 80, margin: 0.5, acquisitionCost: 25 })).toEqual([
      { purchase: 1, cumulativeProfit: 15, newCustomersToMatch: 1 },
      { purchase: 2, cumulativeProfit: 55, newCustomersToMatch: 4 },
      { purchase: 3, cumulativeProfit: 95, newCustomersToMatch: 7 },
    ]);
  });

  it('grows by price × margin per purchase and rejects an unprofitable first purchase', () => {
    const rows = repeatPurchaseEconomics({ price: 30, margin: 0.4, acquisitionCost: 5, purchases: 6 });
    for (let i = 1; i < rows.length; i++) expect((rows[i]?.cumulativeProfit as number) - (rows[i - 1]?.cumulativeProfit as number)).toBeCloseTo(12, 9);
    expect(() => repeatPurchaseEconomics({ price: 40, margin: 0.5, acquisitionCost: 25 })).toThrow(InvalidInsightInputError);
    expect(() => repeatPurchaseEconomics({ price: 40, margin: 1.5, acquisitionCost: 2 })).toThrow(/input\.margin/);
  });
});

describe('M.I.C.E. (DOMAIN.md §5)', () => {
  it('M = 10 − departments, total = M + I + C + E', () => {
    expect(miceScore({ name: 'x', departments: 1, impact: 6, confidence: 8, ease: 9 })).toMatchObject({ m: 9, total: 32, horizon: 'short-term' });
    expect(miceScore({ name: 'y', departments: 3, impact: 9, confidence: 4, ease: 2 })).toMatchObject({ m: 7, total: 22, horizon: 'long-term' });
    expect(() => miceScore({ name: 'z', departments: 0, impact: 5, confidence: 5, ease: 5 })).toThrow(/fix\.departments/);
    expect(() => miceScore({ name: 'z', departments: 1, impact: 11, confidence: 5, ease: 5 })).toThrow(/impact is 1–10/);
  });

  it('ranks fixes by total, then impact', () => {
    const ranked = rankFixes([
      { name: 'rebuild billing', departments: 4, impact: 9, confidence: 5, ease: 2 },
      { name: 'fix reset email', departments: 1, impact: 5, confidence: 9, ease: 9 },
      { name: 'faster support replies', departments: 1, impact: 8, confidence: 7, ease: 8 },
    ]);
    // Two fixes tie at 32: the one with more impact comes first.
    expect(ranked.map((f) => [f.name, f.total])).toEqual([
      ['faster support replies', 32],
      ['fix reset email', 32],
      ['rebuild billing', 22],
    ]);
    expect(() => rankFixes([{ name: 'ok', departments: 1, impact: 1, confidence: 1, ease: 1 }, { name: 'bad', departments: 12, impact: 1, confidence: 1, ease: 1 }])).toThrow(/fixes\[1\]\.departments/);
  });
});

describe('NPS', () => {
  it('is % promoters (9–10) − % detractors (0–6)', () => {
    expect(netPromoterScore([10, 9, 8, 3])).toEqual({ nps: 25, promoters: 2, passives: 1, detractors: 1, responses: 4 });
    expect(netPromoterScore([0, 6, 7]).nps).toBeCloseTo(-200 / 3, 10);
    expect(netPromoterScore([]).nps).toBe(0);
    expect(() => netPromoterScore([5, 11])).toThrow(/scores\[1\]/);
  });

  it('stays within −100..100', () => {
    fc.assert(fc.property(fc.array(fc.integer({ min: 0, max: 10 }), { minLength: 1 }), (s) => {
      const { nps } = netPromoterScore(s);
      expect(nps).toBeGreaterThanOrEqual(-100);
      expect(nps).toBeLessThanOrEqual(100);
    }));
  });
});

describe('churn and repeat-purchase rates', () => {
  it('churn rate = lost ÷ at start; repeat-purchase rate = buyers with ≥ 2 purchases ÷ buyers', () => {
    expect(churnRate(200, 14)).toBeCloseTo(0.07, 12);
    expect(() => churnRate(0, 0)).toThrow(/customersAtStart/);
    expect(() => churnRate(10, 11)).toThrow(/cannot exceed/);
    expect(repeatPurchaseRate([1, 3, 2, 1])).toBe(0.5);
    expect(repeatPurchaseRate([0, 0])).toBe(0);
    expect(() => repeatPurchaseRate([1.5])).toThrow(/purchasesPerCustomer\[0\]/);
  });
});

describe('treatment lift against a holdout', () => {
  it('gives the difference with a Wald interval and the ratio with a log interval', () => {
    const lift = treatmentLift({ customers: 1000, conversions: 120 }, { customers: 1000, conversions: 100 });
    const se = Math.sqrt((0.12 * 0.88) / 1000 + (0.1 * 0.9) / 1000);
    expect(lift.absoluteLift.estimate).toBeCloseTo(0.02, 12);
    expect(lift.absoluteLift.low).toBeCloseTo(0.02 - 1.959964 * se, 6);
    expect(lift.absoluteLift.high).toBeCloseTo(0.02 + 1.959964 * se, 6);
    expect(lift.significant).toBe(false);
    expect(lift.relativeLift?.estimate).toBeCloseTo(0.2, 12);
    expect(lift.relativeLift?.low).toBeLessThan(0);
    const big = treatmentLift({ customers: 10_000, conversions: 1200 }, { customers: 10_000, conversions: 1000 }, 0.99);
    expect(big.significant).toBe(true);
    expect(big.relativeLift?.low).toBeGreaterThan(0);
  });

  it('covers the true difference about 95% of the time (simulated groups)', () => {
    const rand = seededRandom(7);
    let covered = 0;
    const runs = 400;
    for (let k = 0; k < runs; k++) {
      let t = 0;
      let h = 0;
      for (let i = 0; i < 500; i++) {
        if (rand() < 0.3) t++;
        if (rand() < 0.25) h++;
      }
      const { absoluteLift } = treatmentLift({ customers: 500, conversions: t }, { customers: 500, conversions: h });
      if (absoluteLift.low <= 0.05 && absoluteLift.high >= 0.05) covered++;
    }
    expect(covered / runs).toBeGreaterThan(0.91);
    expect(covered / runs).toBeLessThan(0.99);
  });

  it('rejects impossible groups and confidence levels', () => {
    expect(() => treatmentLift({ customers: 10, conversions: 11 }, { customers: 10, conversions: 1 })).toThrow(/treatment\.conversions/);
    expect(() => treatmentLift({ customers: 0, conversions: 0 }, { customers: 10, conversions: 1 })).toThrow(/treatment\.customers/);
    expect(() => treatmentLift({ customers: 10, conversions: 1 }, { customers: 10, conversions: 1 }, 1)).toThrow(/confidence/);
  });
});

describe('cohort retention', () => {
  const at = (iso: string) => Date.parse(`${iso}T12:00:00Z`);
  it('groups customers by the month of first activity and counts who is active in each later month', () => {
    const table = cohortRetention([
      { customerId: 'a', at: at('2026-01-05') },
      { customerId: 'a', at: at('2026-02-10') },
      { customerId: 'a', at: at('2026-02-11') },
      { customerId: 'b', at: at('2026-01-20') },
      { customerId: 'b', at: at('2026-03-01') },
      { customerId: 'c', at: at('2026-02-02') },
      { customerId: 'c', at: at('2026-03-15') },
    ]);
    expect(table.map((r) => [r.label, r.size, r.active])).toEqual([
      ['2026-01', 2, [2, 1, 1]],
      ['2026-02', 1, [1, 1]],
    ]);
    expect(table[0]?.retention).toEqual([1, 0.5, 0.5]);
  });

  it('supports weeks starting on Monday and stops at now', () => {
    const table = cohortRetention(
      [
        { customerId: 'a', at: at('2026-11-16') }, // a Monday
        { customerId: 'a', at: at('2026-11-22') }, // the Sunday of the same week
        { customerId: 'a', at: at('2026-11-30') },
      ],
      'week',
      at('2026-11-24'),
    );
    expect(table).toEqual([{ start: Date.parse('2026-11-16T00:00:00Z'), label: '2026-11-16', size: 1, active: [1, 0], retention: [1, 0] }]);
    expect(cohortRetention([])).toEqual([]);
  });
});
