import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidModelInputError } from './invalid-model-input-error.js';
import { ModelFitError } from './model-fit-error.js';
import { fitShiftedBetaGeometricTenures, type SubscriberTenure } from './sbg-customers.js';
import { fitShiftedBetaGeometric } from './shifted-beta-geometric.js';
import { SBG_PERCENT_ALIVE, SBG_PUBLISHED_MLE, survivorCounts } from './testing/fader-hardie-data.js';

/** One row per customer of a cohort: churned after t periods, or active after the last period. */
function tenuresOf(survivors: readonly number[]): SubscriberTenure[] {
  const rows: SubscriberTenure[] = [];
  for (let t = 1; t < survivors.length; t++) {
    for (let k = 0; k < (survivors[t - 1] as number) - (survivors[t] as number); k++) rows.push({ periods: t, churned: true });
  }
  for (let k = 0; k < (survivors[survivors.length - 1] as number); k++) rows.push({ periods: survivors.length - 1, churned: false });
  return rows;
}

describe('fitShiftedBetaGeometricTenures', () => {
  it('one row per customer of the FH (2007) high-end cohort gives the published MLEs, like the cohort form', () => {
    const survivors = survivorCounts(SBG_PERCENT_ALIVE.highEnd).slice(0, 8);
    const fit = fitShiftedBetaGeometricTenures(tenuresOf(survivors));
    expect(fit.params.alpha.toFixed(3)).toBe(SBG_PUBLISHED_MLE.highEnd.alpha.toFixed(3));
    expect(fit.params.beta.toFixed(3)).toBe(SBG_PUBLISHED_MLE.highEnd.beta.toFixed(3));
    const cohort = fitShiftedBetaGeometric(survivors);
    expect(fit.logLikelihood).toBeCloseTo(cohort.logLikelihood, 8);
    expect(fit.standardErrors?.alpha).toBeCloseTo(cohort.standardErrors?.alpha ?? NaN, 6);
  });

  it('customers who joined at different times: censoring at their own tenure, same fit whatever the row order (property)', () => {
    const row = fc.record({ periods: fc.integer({ min: 1, max: 12 }), churned: fc.boolean() });
    fc.assert(
      fc.property(fc.array(row, { minLength: 30, maxLength: 120 }), (rows) => {
        const churnedAfter = new Set(rows.filter((r) => r.churned).map((r) => r.periods));
        const activeLong = rows.some((r) => !r.churned && r.periods > 0);
        if (churnedAfter.size === 0 || (churnedAfter.size === 1 && churnedAfter.has(1) && !activeLong)) return;
        let fit;
        try {
          fit = fitShiftedBetaGeometricTenures(rows);
        } catch (error) {
          expect(error).toBeInstanceOf(ModelFitError); // boundary optima are refused, never NaN
          return;
        }
        const reversed = fitShiftedBetaGeometricTenures([...rows].reverse());
        expect(Number.isFinite(fit.params.alpha) && Number.isFinite(fit.params.beta)).toBe(true);
        expect(reversed.logLikelihood).toBeCloseTo(fit.logLikelihood, 8);
        expect(fit.customers).toBe(rows.length);
      }),
      { numRuns: 20, seed: 7 },
    );
  });

  it('active customers with 0 periods add nothing to the likelihood', () => {
    const rows: SubscriberTenure[] = [...tenuresOf([200, 120, 90, 75])];
    const base = fitShiftedBetaGeometricTenures(rows);
    const withNew = fitShiftedBetaGeometricTenures([...rows, { periods: 0, churned: false }, { periods: 0, churned: false }]);
    expect(withNew.logLikelihood).toBeCloseTo(base.logLikelihood, 10);
    expect(withNew.params.alpha).toBeCloseTo(base.params.alpha, 8);
  });

  const bad: Array<[string, unknown, string]> = [
    ['empty', [], 'customers'],
    ['a null row', [{ periods: 1, churned: true }, null], 'customers[1]'],
    ['NaN periods', [{ periods: 1, churned: true }, { periods: Number.NaN, churned: false }], 'customers[1].periods'],
    ['negative periods', [{ periods: -2, churned: false }], 'customers[0].periods'],
    ['fractional periods', [{ periods: 1, churned: true }, { periods: 2.5, churned: true }], 'customers[1].periods'],
    ['churned in period 0', [{ periods: 0, churned: true }], 'customers[0].periods'],
    ['churned not boolean', [{ periods: 3, churned: 'yes' }], 'customers[0].churned'],
  ];
  for (const [name, input, path] of bad) {
    it(`${name} → InvalidModelInputError at ${path}`, () => {
      try {
        fitShiftedBetaGeometricTenures(input as SubscriberTenure[]);
        expect.unreachable();
      } catch (error) {
        expect(error).toBeInstanceOf(InvalidModelInputError);
        expect((error as InvalidModelInputError).path).toBe(path);
      }
    });
  }

  it('nobody churned → ModelFitError', () => {
    expect(() => fitShiftedBetaGeometricTenures([{ periods: 3, churned: false }, { periods: 5, churned: false }])).toThrow(ModelFitError);
  });
});
