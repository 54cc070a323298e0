import betaln from '@stdlib/math-base-special-betaln';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidModelInputError } from './invalid-model-input-error.js';
import { ModelFitError } from './model-fit-error.js';
import {
  sbgDiscountedExpectedLifetime,
  sbgDiscountedExpectedResidualLifetime,
  sbgProjectSurvivors,
  sbgResidualValue,
  sbgRetentionCurve,
  sbgRetentionRate,
  sbgSurvival,
  sbgSurvivalCurve,
  sbgSurvivalInterval,
} from './sbg-projections.js';
import { fitShiftedBetaGeometric, type ShiftedBetaGeometricFit } from './shifted-beta-geometric.js';
import { SBG_OTHER_PUBLISHED, SBG_PERCENT_ALIVE, SBG_PUBLISHED_MLE, survivorCounts } from './testing/fader-hardie-data.js';

const params = fc.record({ alpha: fc.double({ min: 0.05, max: 8, noNaN: true }), beta: fc.double({ min: 0.05, max: 20, noNaN: true }) });

/** Σ_{t ≥ n} S(t)/S(n−1)·(1+d)^{−(t−n)} summed directly until the terms vanish. */
function derlBySum(p: { alpha: number; beta: number }, renewals: number, d: number): number {
  const n = renewals + 1;
  const lnS = (t: number) => betaln(p.alpha, p.beta + t) - betaln(p.alpha, p.beta);
  let sum = 0;
  for (let t = n; t < n + 200_000; t++) {
    const term = Math.exp(lnS(t) - lnS(n - 1) - (t - n) * Math.log1p(d));
    sum += term;
    if (term < 1e-15 * sum) break;
  }
  return sum;
}

describe('sBG survival and retention', () => {
  it('the survival curve is S(t) = B(α, β+t)/B(α, β), non-increasing; retention rises towards 1 (property)', () => {
    fc.assert(
      fc.property(params, (p) => {
        const curve = sbgSurvivalCurve(p, 15);
        expect(curve[0]).toBe(1);
        curve.forEach((s, t) => expect(s).toBeCloseTo(sbgSurvival(p, t), 12));
        for (let t = 1; t < curve.length; t++) expect(curve[t] as number).toBeLessThanOrEqual(curve[t - 1] as number);
        const retention = sbgRetentionCurve(p, 15);
        retention.forEach((r, i) => expect(r).toBeCloseTo((curve[i + 1] as number) / (curve[i] as number), 12));
        for (let t = 1; t < retention.length; t++) expect(retention[t] as number).toBeGreaterThan(retention[t - 1] as number);
      }),
      { numRuns: 100, seed: 3 },
    );
  });

  it('the published high-end MLEs project 46.0 %, 43.6 %, 41.4 %, 39.5 % and 37.8 % for years 8–12', () => {
    // The same figures the fit gives (shifted-beta-geometric.test.ts) and the projections in
    // jdmaturen/shifted_beta_geometric_py's README (0.460, 0.436, 0.414, 0.395, 0.378).
    const projected = sbgProjectSurvivors(SBG_PUBLISHED_MLE.highEnd, 1000, 12).slice(8).map((v) => (v / 10).toFixed(1));
    expect(projected).toEqual(['46.0', '43.6', '41.4', '39.5', '37.8']);
  });

  it('the survival interval covers the fitted value, narrows with more customers, and needs a covariance', () => {
    const survivors = survivorCounts(SBG_PERCENT_ALIVE.regular).slice(0, 8);
    const fit = fitShiftedBetaGeometric(survivors);
    const big = fitShiftedBetaGeometric(survivors.map((s) => s * 100));
    const i12 = sbgSurvivalInterval(fit, 12);
    expect(i12.estimate).toBeCloseTo(sbgSurvival(fit.params, 12), 12);
    expect(i12.lower).toBeLessThan(i12.estimate);
    expect(i12.upper).toBeGreaterThan(i12.estimate);
    expect(SBG_PERCENT_ALIVE.regular[12] / 100).toBeGreaterThan(i12.lower);
    expect(SBG_PERCENT_ALIVE.regular[12] / 100).toBeLessThan(i12.upper);
    expect(sbgSurvivalInterval(big, 12).standardError).toBeCloseTo(i12.standardError / 10, 4);
    const noCovariance: ShiftedBetaGeometricFit = { ...fit, standardErrors: null, covariance: null, note: 'flat' };
    expect(() => sbgSurvivalInterval(noCovariance, 12)).toThrow(ModelFitError);
  });

  it('bad arguments name the field', () => {
    expect(() => sbgSurvival({ alpha: 0, beta: 1 }, 1)).toThrow(/params\.alpha/);
    expect(() => sbgSurvival({ alpha: 1, beta: 1 }, -1)).toThrow(/at t:/);
    expect(() => sbgSurvival({ alpha: 1, beta: 1 }, 1.5)).toThrow(InvalidModelInputError);
    expect(() => sbgRetentionRate({ alpha: 1, beta: 1 }, 0)).toThrow(/first period is 1/);
    expect(() => sbgProjectSurvivors({ alpha: 1, beta: 1 }, Number.NaN, 3)).toThrow(/cohortSize/);
    expect(() => sbgSurvivalCurve({ alpha: 1, beta: 1 }, Number.NaN)).toThrow(/periods/);
  });
});

describe('sBG discounted expected residual lifetime and value', () => {
  it('DERL equals the direct discounted sum of survival ratios (property, α across 1)', () => {
    fc.assert(
      fc.property(params, fc.integer({ min: 0, max: 30 }), fc.double({ min: 0.02, max: 0.5, noNaN: true }), (p, renewals, d) => {
        const closed = sbgDiscountedExpectedResidualLifetime(p, { renewals, discountRate: d });
        expect(Math.abs(closed / derlBySum(p, renewals, d) - 1)).toBeLessThan(1e-9);
      }),
      { numRuns: 60, seed: 11 },
    );
    for (const alpha of [1, 2, 0.5]) {
      const p = { alpha, beta: 2.5 };
      expect(Math.abs(sbgDiscountedExpectedResidualLifetime(p, { renewals: 3, discountRate: 0.1 }) / derlBySum(p, 3, 0.1) - 1)).toBeLessThan(1e-9);
    }
  });

  it('the published value: a high-end customer after 7 renewals at 10 % has DERL 7.530', () => {
    const value = sbgDiscountedExpectedResidualLifetime(SBG_PUBLISHED_MLE.highEnd, { renewals: 7, discountRate: 0.1 });
    expect(value.toFixed(2)).toBe(SBG_OTHER_PUBLISHED.highEndDerlAfter7RenewalsAt10Percent.toFixed(2));
  });

  it('DERL rises with tenure (the sorting effect) and is bounded by the undiscounted lifetime when α > 1', () => {
    const p = SBG_PUBLISHED_MLE.regular;
    const values = [0, 1, 2, 5, 10].map((renewals) => sbgDiscountedExpectedResidualLifetime(p, { renewals, discountRate: 0.1 }));
    for (let i = 1; i < values.length; i++) expect(values[i] as number).toBeGreaterThan(values[i - 1] as number);
    // α > 1: the mean residual lifetime after n − 1 renewals is (β + n − 1)/(α − 1).
    const q = { alpha: 3, beta: 4 };
    expect(sbgDiscountedExpectedResidualLifetime(q, { renewals: 2, discountRate: 0 })).toBeCloseTo((4 + 2) / (3 - 1), 9);
  });

  it('residual value is value × DERL; DEL is 1 + DERL(0)/(1 + d) and equals Σ S(t)/(1+d)^t', () => {
    const p = SBG_PUBLISHED_MLE.regular;
    const derl = sbgDiscountedExpectedResidualLifetime(p, { renewals: 4, discountRate: 0.1 });
    expect(sbgResidualValue(p, { renewals: 4, discountRate: 0.1, valuePerPeriod: 100 })).toBeCloseTo(100 * derl, 9);
    let del = 0;
    for (let t = 0; t < 20_000; t++) del += sbgSurvival(p, t) / 1.1 ** t;
    expect(sbgDiscountedExpectedLifetime(p, 0.1)).toBeCloseTo(del, 6);
  });

  it('bad arguments name the field', () => {
    const p = SBG_PUBLISHED_MLE.regular;
    expect(() => sbgDiscountedExpectedResidualLifetime(p, { renewals: -1, discountRate: 0.1 })).toThrow(/options\.renewals/);
    expect(() => sbgDiscountedExpectedResidualLifetime(p, { renewals: 1, discountRate: Number.NaN })).toThrow(/options\.discountRate/);
    expect(() => sbgDiscountedExpectedResidualLifetime(p, { renewals: 1, discountRate: 0 })).toThrow(/infinite/);
    expect(() => sbgResidualValue(p, { renewals: 1, discountRate: 0.1, valuePerPeriod: Number.POSITIVE_INFINITY })).toThrow(/options\.valuePerPeriod/);
  });
});
