import type { CustomerState } from '@retain/core';
import { describe, expectTypeOf, it } from 'vitest';
import type { BgNbdFit, CustomerSummary, HealthScore, ParetoNbdFit, PredictionInterval, RfmSegment, SignalName } from '../index.js';
import { bgNbdPredictedTotal, fitBgNbd, fitGammaGamma, fitParetoNbd, healthScore, rfmSegment, scoreCustomers, summarizeCustomerState, summarizeTransactions } from '../index.js';

describe('churn public types', () => {
  it('summaries feed the fits, and the fits return their parameters', () => {
    expectTypeOf(summarizeTransactions).returns.toEqualTypeOf<CustomerSummary[]>();
    expectTypeOf(summarizeCustomerState).returns.toEqualTypeOf<CustomerSummary | null>();
    expectTypeOf(fitBgNbd).parameter(0).toExtend<readonly { x: number; tx: number; T: number }[]>();
    expectTypeOf(fitBgNbd).returns.toEqualTypeOf<BgNbdFit>();
    expectTypeOf<BgNbdFit['params']>().toEqualTypeOf<{ r: number; alpha: number; a: number; b: number }>();
    // @ts-expect-error a summary needs T
    fitBgNbd([{ x: 1, tx: 1 }]);
  });

  it('Pareto/NBD follows fitBgNbd’s shape; every fit carries its standard errors', () => {
    expectTypeOf(fitParetoNbd).parameter(0).toExtend<readonly { x: number; tx: number; T: number }[]>();
    expectTypeOf(fitParetoNbd).returns.toEqualTypeOf<ParetoNbdFit>();
    expectTypeOf<ParetoNbdFit['params']>().toEqualTypeOf<{ r: number; alpha: number; s: number; beta: number }>();
    expectTypeOf<ParetoNbdFit['standardErrors']>().toEqualTypeOf<ParetoNbdFit['params'] | null>();
    expectTypeOf<BgNbdFit['standardErrors']>().toEqualTypeOf<BgNbdFit['params'] | null>();
    expectTypeOf<ReturnType<typeof fitGammaGamma>['covariance']>().toEqualTypeOf<number[][] | null>();
    expectTypeOf(bgNbdPredictedTotal).returns.toEqualTypeOf<PredictionInterval>();
  });

  it('health scores name their signals; weights are partial and typed', () => {
    expectTypeOf(healthScore).parameters.toEqualTypeOf<[CustomerState, number, Partial<Record<SignalName, number>>?]>();
    expectTypeOf<HealthScore['reasons'][number]['signal']>().toEqualTypeOf<SignalName>();
    expectTypeOf(rfmSegment).returns.toEqualTypeOf<RfmSegment>();
    // @ts-expect-error an unknown signal is not a weight
    healthScore({} as CustomerState, 0, { tired: 3 });
  });

  it('population scoring fills typed arrays', () => {
    expectTypeOf(scoreCustomers).returns.toEqualTypeOf<{ pAlive: Float64Array; clv: Float64Array }>();
  });
});
