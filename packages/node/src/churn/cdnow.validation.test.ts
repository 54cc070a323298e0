/**
 * Validation on the real CDNOW data against the published results (see shared/data/cdnow/README.md).
 * Reads the data from RETAIN_CDNOW_DIR (default ../shared/data/cdnow beside the checkout); skipped
 * with instructions when absent, except under CI where absence fails.
 */
import { describe, expect, it } from 'vitest';
import { bgNbdExpectedPurchases, bgNbdExpectedPurchasesNewCustomer, bgNbdProbabilityAlive, fitBgNbd } from './bg-nbd.js';
import { customerLifetimeValue } from './clv.js';
import { fitGammaGamma, gammaGammaExpectedSpend } from './gamma-gamma.js';
import { compareHoldout } from './holdout.js';
import { summarizeTransactions, type CustomerSummary } from './summarize-transactions.js';
import { cdnowAvailability, isCi, readCdnow, readPublishedSummaries } from './testing/cdnow-data.js';
import { parseCdnowTransactions } from './transaction-log.js';

const data = cdnowAvailability(['CDNOW_sample.txt', 'cdnow_customers_summary.csv', 'cdnow_customers_summary_with_transactions.csv']);

describe('CDNOW data', () => {
  it('is present (required under CI; otherwise the validation is skipped with instructions)', (ctx) => {
    if (!data.available && !isCi) {
      process.stderr.write(`[retain] CDNOW validation skipped. ${data.howTo}\n`);
      ctx.skip(data.howTo);
    }
    expect(data.available, data.howTo).toBe(true);
  });
});

describe.skipIf(!data.available)(data.available ? 'CDNOW validation' : `CDNOW validation — SKIPPED: ${data.howTo}`, () => {
  const published = data.available ? readPublishedSummaries() : [];
  const log = data.available ? parseCdnowTransactions(readCdnow('CDNOW_sample.txt'), { format: 'sample' }) : [];
  const summaries: CustomerSummary[] = data.available ? summarizeTransactions(log, { calibrationEnd: '1997-09-30', holdoutEnd: '1998-06-30', unit: 'weeks' }) : [];
  // The published fits were made on the published (2-decimal) summaries.
  const fromCsv = published.map((p) => ({ x: p.x, tx: p.tx, T: p.T, meanRepeatSpend: p.zbar }));

  it('rebuilds the published summaries from CDNOW_sample.txt for all 2,357 customers', () => {
    expect(summaries).toHaveLength(2357);
    const byId = new Map(summaries.map((s) => [s.customerId, s]));
    const simple = readCdnow('cdnow_customers_summary.csv').trim().split('\n').slice(1);
    expect(simple).toHaveLength(2357);
    for (const line of simple) {
      const [id, frequency, recency, T] = line.split(',');
      const s = byId.get(String(id));
      expect(s, `customer ${id}`).toBeDefined();
      expect(s?.x, `frequency of ${id}`).toBe(Number(frequency));
      expect(Math.abs((s?.tx ?? NaN) - Number(recency)), `recency of ${id}`).toBeLessThanOrEqual(0.005 + 1e-9);
      expect(Math.abs((s?.T ?? NaN) - Number(T)), `T of ${id}`).toBeLessThanOrEqual(0.005 + 1e-9);
    }
    for (const p of published) {
      const s = byId.get(p.id);
      expect(s?.x, `x of ${p.id}`).toBe(p.x);
      expect(Math.abs((s?.meanRepeatSpend ?? NaN) - p.zbar), `zbar of ${p.id}`).toBeLessThanOrEqual(0.005 + 1e-9);
    }
    expect(summaries.reduce((sum, s) => sum + s.x, 0)).toBe(2457);
    expect(summaries.reduce((sum, s) => sum + (s.holdoutPurchases ?? 0), 0)).toBe(1882);
    expect(Math.max(...summaries.map((s) => s.T))).toBeCloseTo(38.86, 2);
  });

  it('fits BG/NBD to r, α, a, b within 0.001 of 0.2426, 4.4135, 0.7929, 2.4258 and LL −9582.43 (±0.01)', () => {
    for (const [name, input] of [['published summaries', fromCsv], ['summaries rebuilt from the transactions', summaries]] as const) {
      const fit = fitBgNbd(input);
      expect(Math.abs(fit.params.r - 0.2426), `r (${name})`).toBeLessThan(0.001);
      expect(Math.abs(fit.params.alpha - 4.4135), `alpha (${name})`).toBeLessThan(0.001);
      expect(Math.abs(fit.params.a - 0.7929), `a (${name})`).toBeLessThan(0.001);
      expect(Math.abs(fit.params.b - 2.4258), `b (${name})`).toBeLessThan(0.001);
      expect(Math.abs(fit.logLikelihood - -9582.43), `LL (${name})`).toBeLessThan(0.01);
    }
  });

  it('gives customer 1 E[X(39)] = 1.226 and P(alive) ≈ 0.727, and E[X(t)] at 1, 32, 78 weeks ≈ 0.0532, 1.0437, 1.8576', () => {
    const { params } = fitBgNbd(fromCsv);
    const c1 = { x: 2, tx: 30.43, T: 38.86 };
    expect(bgNbdExpectedPurchases(params, c1, 39)).toBeCloseTo(1.226, 3);
    expect(bgNbdProbabilityAlive(params, c1)).toBeCloseTo(0.727, 3);
    expect(bgNbdExpectedPurchasesNewCustomer(params, 1)).toBeCloseTo(0.0532, 4);
    expect(bgNbdExpectedPurchasesNewCustomer(params, 32)).toBeCloseTo(1.0437, 4);
    // The model gives 1.85797 at 78 weeks (checked against direct quadrature in bg-nbd.test.ts); the
    // published 1.8576 is what the ₂F₁ series gives when cut at ~150 terms (it converges slowly at z ≈ 0.95).
    expect(Math.abs(bgNbdExpectedPurchasesNewCustomer(params, 78) - 1.8576)).toBeLessThan(5e-4);
  });

  it('fits Gamma-Gamma on the 946 repeat customers to p, q, γ within 0.01 of 6.25, 3.74, 15.44; customer 1 spends ≈ 24.65', () => {
    for (const input of [fromCsv, summaries]) {
      const fit = fitGammaGamma(input);
      expect(fit.customers).toBe(946);
      expect(Math.abs(fit.params.p - 6.25)).toBeLessThan(0.01);
      expect(Math.abs(fit.params.q - 3.74)).toBeLessThan(0.01);
      expect(Math.abs(fit.params.gamma - 15.44)).toBeLessThan(0.01);
    }
    const { params } = fitGammaGamma(fromCsv);
    expect(Math.abs(gammaGammaExpectedSpend(params, { x: 2, meanRepeatSpend: 22.35 }) - 24.65)).toBeLessThan(0.01);
  });

  it('compares predicted and actual holdout purchases (39 weeks), in total and by calibration purchases', () => {
    const { params } = fitBgNbd(summaries);
    const holdout = compareHoldout(params, summaries.map((s) => ({ ...s, holdoutPurchases: s.holdoutPurchases ?? 0 })), 39);
    expect(holdout.total.actual).toBe(1882);
    // Measured: 1,653 predicted for 1,882 actual (−12%); each group's mean within 0.4 purchases of the actual.
    expect(Math.abs(holdout.total.predicted / holdout.total.actual - 1)).toBeLessThan(0.15);
    expect(holdout.byCalibrationPurchases.map((g) => g.customers)).toEqual([1411, 439, 214, 100, 62, 38, 29, 64]);
    for (const g of holdout.byCalibrationPurchases) expect(Math.abs(g.predicted - g.actual), `x = ${g.x}`).toBeLessThan(0.4);
    // Predictions rise with past purchases, as the actuals do.
    const predicted = holdout.byCalibrationPurchases.map((g) => g.predicted);
    expect([...predicted].sort((p, q) => p - q)).toEqual(predicted);
  });

  it('values customer 1 over the next year (CLV, 1% a month)', () => {
    const bg = fitBgNbd(fromCsv).params;
    const gg = fitGammaGamma(fromCsv).params;
    const c1 = { x: 2, tx: 30.43, T: 38.86, meanRepeatSpend: 22.35 };
    const undiscounted = customerLifetimeValue(bg, gg, c1, { horizon: 52, discountRate: 0 });
    expect(undiscounted).toBeCloseTo(gammaGammaExpectedSpend(gg, c1) * bgNbdExpectedPurchases(bg, c1, 52), 9);
    expect(customerLifetimeValue(bg, gg, c1, { horizon: 52, discountRate: 0.01 })).toBeLessThan(undiscounted);
  });
});
