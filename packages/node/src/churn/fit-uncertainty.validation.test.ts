/**
 * Standard errors and holdout intervals of the BG/NBD, Pareto/NBD and Gamma-Gamma fits on CDNOW
 * (skipped with instructions when the data is absent, as cdnow.validation.test.ts is).
 */
import gammaln from '@stdlib/math-base-special-gammaln';
import { describe, expect, it } from 'vitest';
import { fitBgNbd } from './bg-nbd.js';
import { fitGammaGamma } from './gamma-gamma.js';
import { compareHoldout } from './holdout.js';
import { fitParetoNbd } from './pareto-nbd.js';
import { bgNbdPredictedTotal, paretoNbdPredictedTotal } from './predicted-total.js';
import { summarizeTransactions } from './summarize-transactions.js';
import { cdnowAvailability, isCi, readCdnow, readPublishedSummaries } from './testing/cdnow-data.js';
import { parseCdnowTransactions } from './transaction-log.js';
import { standardErrors } from './uncertainty.js';

const data = cdnowAvailability(['CDNOW_sample.txt', 'cdnow_customers_summary_with_transactions.csv']);
describe.skipIf(!data.available && !isCi)(data.available ? 'fit uncertainty on CDNOW' : `fit uncertainty on CDNOW — SKIPPED: ${data.howTo}`, () => {
  const published = data.available ? readPublishedSummaries() : [];
  const summaries = data.available
    ? summarizeTransactions(parseCdnowTransactions(readCdnow('CDNOW_sample.txt'), { format: 'sample' }), { calibrationEnd: '1997-09-30', holdoutEnd: '1998-06-30', unit: 'weeks' })
    : [];

  it('BG/NBD standard errors match those lifetimes prints for CDNOW (0.012557, 0.378221, 0.185719, 0.705345)', () => {
    const fit = fitBgNbd(published.map((c) => ({ x: c.x, tx: c.tx, T: c.T })));
    const lifetimes = { r: 0.012557, alpha: 0.378221, a: 0.185719, b: 0.705345 };
    for (const k of ['r', 'alpha', 'a', 'b'] as const) {
      const se = fit.standardErrors?.[k] ?? NaN;
      expect(Math.abs(se / lifetimes[k] - 1), `SE(${k}) = ${se}`).toBeLessThan(1e-4);
    }
    expect(fit.note).toBeUndefined();
  });

  it('Gamma-Gamma standard errors equal second differences of a separately written log-likelihood in (p, q, γ)', () => {
    const spend = published.filter((c) => c.x > 0 && c.zbar > 0);
    const fit = fitGammaGamma(published.map((c) => ({ x: c.x, meanRepeatSpend: c.zbar })));
    // Colombo & Jiang / Fader, Hardie & Lee: L = Γ(px+q)/(Γ(px)Γ(q)) · γ^q x^(px) z̄^(px−1) / (γ + x z̄)^(px+q).
    const negLogL = ([p = NaN, q = NaN, gamma = NaN]: readonly number[]) =>
      -spend.reduce(
        (sum, c) =>
          sum + gammaln(p * c.x + q) - gammaln(p * c.x) - gammaln(q) + q * Math.log(gamma) + p * c.x * Math.log(c.x) + (p * c.x - 1) * Math.log(c.zbar) - (p * c.x + q) * Math.log(gamma + c.x * c.zbar),
        0,
      );
    const reference = standardErrors(negLogL, [fit.params.p, fit.params.q, fit.params.gamma]).standardErrors;
    (['p', 'q', 'gamma'] as const).forEach((k, i) => {
      const se = fit.standardErrors?.[k] ?? NaN;
      expect(Math.abs(se / (reference[i] as number) - 1), `SE(${k}) = ${se}`).toBeLessThan(1e-3);
    });
  });

  it('gives intervals for the predicted holdout total (39 weeks): BG/NBD and Pareto/NBD', () => {
    const bg = fitBgNbd(summaries);
    const pnbd = fitParetoNbd(summaries);
    const bgTotal = bgNbdPredictedTotal(bg, summaries, 39);
    const pnbdTotal = paretoNbdPredictedTotal(pnbd, summaries, 39);
    const actual = summaries.reduce((sum, s) => sum + (s.holdoutPurchases ?? 0), 0);
    const holdout = compareHoldout(bg.params, summaries.map((s) => ({ ...s, holdoutPurchases: s.holdoutPurchases ?? 0 })), 39);
    expect(bgTotal.estimate).toBeCloseTo(holdout.total.predicted, 6);
    process.stderr.write(
      `[retain] CDNOW holdout total ${actual}: BG/NBD ${bgTotal.estimate.toFixed(0)} (95% ${bgTotal.lower.toFixed(0)}–${bgTotal.upper.toFixed(0)}), ` +
        `Pareto/NBD ${pnbdTotal.estimate.toFixed(0)} (95% ${pnbdTotal.lower.toFixed(0)}–${pnbdTotal.upper.toFixed(0)})\n`,
    );
    // Parameter uncertainty of 2,357 customers' expected total: a few percent, wider for Pareto/NBD
    // (its β is poorly determined).
    for (const total of [bgTotal, pnbdTotal]) {
      expect(total.standardError / total.estimate).toBeGreaterThan(0.01);
      expect(total.standardError / total.estimate).toBeLessThan(0.1);
    }
    expect(pnbdTotal.standardError).toBeGreaterThan(bgTotal.standardError);
  });

  const master = cdnowAvailability(['CDNOW_master.txt']);
  it.skipIf(!master.available)(master.available ? 'the full cohort (23,570 customers) lies within 2 standard errors of the 1/10 sample’s fits' : `full cohort — SKIPPED: ${master.howTo}`, () => {
    const all = summarizeTransactions(parseCdnowTransactions(readCdnow('CDNOW_master.txt'), { format: 'master' }), { calibrationEnd: '1997-09-30', unit: 'weeks' });
    expect(all).toHaveLength(23_570);
    const pairs = [
      [fitBgNbd(summaries), fitBgNbd(all)],
      [fitParetoNbd(summaries), fitParetoNbd(all)],
    ] as const;
    const values = (o: object | null) => Object.values(o ?? {}) as number[];
    for (const [sample, full] of pairs) {
      const [estimate, se, fullEstimate, fullSe] = [values(sample.params), values(sample.standardErrors), values(full.params), values(full.standardErrors)];
      Object.keys(sample.params).forEach((name, i) => {
        const gap = Math.abs((fullEstimate[i] as number) - (estimate[i] as number));
        expect(gap / (se[i] as number), `${name}: sample ${estimate[i]} ± ${se[i]}, full ${fullEstimate[i]}`).toBeLessThan(2);
        // Ten times the customers: the standard error shrinks by about √10.
        expect((se[i] as number) / (fullSe[i] as number), name).toBeGreaterThan(2);
      });
    }
  });
});
