import { describe, expectTypeOf, it } from 'vitest';
import type { BgBbFit, PredictionInterval, ShiftedBetaGeometricFit } from '../index.js';
import { bgBbPredictedTotal, bgBbProbabilityAlive, fitBgBb, fitShiftedBetaGeometric, fitShiftedBetaGeometricTenures, sbgSurvivalInterval } from '../index.js';

describe('discrete-time model types (sBG, BG/BB)', () => {
  it('sBG: survivor counts or tenures in, { params: { alpha, beta }, logLikelihood, standardErrors } out', () => {
    expectTypeOf(fitShiftedBetaGeometric).parameter(0).toExtend<readonly number[]>();
    expectTypeOf(fitShiftedBetaGeometric).returns.toEqualTypeOf<ShiftedBetaGeometricFit>();
    expectTypeOf(fitShiftedBetaGeometricTenures).returns.toEqualTypeOf<ShiftedBetaGeometricFit>();
    expectTypeOf<ShiftedBetaGeometricFit['params']>().toEqualTypeOf<{ alpha: number; beta: number }>();
    expectTypeOf<ShiftedBetaGeometricFit['standardErrors']>().toEqualTypeOf<ShiftedBetaGeometricFit['params'] | null>();
    expectTypeOf<ShiftedBetaGeometricFit['logLikelihood']>().toEqualTypeOf<number>();
    expectTypeOf(sbgSurvivalInterval).returns.toEqualTypeOf<PredictionInterval>();
    // @ts-expect-error a tenure says whether the customer churned
    fitShiftedBetaGeometricTenures([{ periods: 3 }]);
  });

  it('BG/BB: (x, tx, n, count) patterns in, { params: { alpha, beta, gamma, delta } } out', () => {
    expectTypeOf(fitBgBb).parameter(0).toExtend<readonly { x: number; tx: number; n: number; count: number }[]>();
    expectTypeOf(fitBgBb).returns.toEqualTypeOf<BgBbFit>();
    expectTypeOf<BgBbFit['params']>().toEqualTypeOf<{ alpha: number; beta: number; gamma: number; delta: number }>();
    expectTypeOf<BgBbFit['covariance']>().toEqualTypeOf<number[][] | null>();
    expectTypeOf(bgBbProbabilityAlive).returns.toEqualTypeOf<number>();
    expectTypeOf(bgBbPredictedTotal).returns.toEqualTypeOf<PredictionInterval>();
    // @ts-expect-error a pattern needs its count
    fitBgBb([{ x: 1, tx: 1, n: 6 }]);
  });
});
