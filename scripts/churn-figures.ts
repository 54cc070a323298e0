/**
 * Draws the churn guide's model figures with `@retain/node`'s SVG plots, and prints what it drew:
 *
 * - docs/images/p-alive-bg-nbd.svg, docs/images/p-alive-pareto-nbd.svg — P(alive) over frequency ×
 *   recency for a CDNOW customer observed 39 weeks (both models fitted on the CDNOW sample);
 * - docs/images/holdout-by-frequency.svg — mean holdout purchases by calibration frequency, actual
 *   against BG/NBD and Pareto/NBD (from `compareModels`);
 * - docs/images/sbg-survival.svg — the sBG fitted on years 0–7 of Fader & Hardie's (2007) two
 *   cohorts, projected to year 12, against the actual survivors.
 *
 * Usage: node --conditions=@retain/source --import tsx scripts/churn-figures.ts [out-dir]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  bgNbdProbabilityAlive,
  compareModels,
  fitShiftedBetaGeometric,
  holdoutByFrequencyChart,
  lineChart,
  paretoNbdProbabilityAlive,
  parseCdnowTransactions,
  probabilityAliveHeatmap,
  sbgSurvivalCurve,
  type BgNbdParams,
  type ModelComparison,
  type ParetoNbdParams,
} from '@retain/node';
import { cdnowAvailability, readCdnow, repoRoot } from '../packages/node/src/churn/testing/cdnow-data.js';
import { SBG_PERCENT_ALIVE, survivorCounts } from '../packages/node/src/churn/testing/fader-hardie-data.js';

/** The figures, by file name. */
export type Figures = Record<string, string>;

/** The CDNOW figures from the sample's text (2,357 customers, 39 + 39 weeks). */
export function cdnowFigures(sampleText: string): { figures: Figures; comparison: ModelComparison } {
  const log = parseCdnowTransactions(sampleText, { format: 'sample' });
  const comparison = compareModels(log, { calibrationEnd: '1997-09-30', holdoutEnd: '1998-06-30' });
  const byName = new Map(comparison.models.map((m) => [m.name, m]));
  const bg = byName.get('BG/NBD')?.params as BgNbdParams;
  const pnbd = byName.get('Pareto/NBD')?.params as ParetoNbdParams;
  const grid = { T: 39, maxFrequency: 20, recencyColumns: 26 };
  return {
    comparison,
    figures: {
      'p-alive-bg-nbd.svg': probabilityAliveHeatmap((c) => bgNbdProbabilityAlive(bg, c), { ...grid, title: 'BG/NBD on CDNOW: P(alive) after 39 weeks' }),
      'p-alive-pareto-nbd.svg': probabilityAliveHeatmap((c) => paretoNbdProbabilityAlive(pnbd, c), { ...grid, title: 'Pareto/NBD on CDNOW: P(alive) after 39 weeks' }),
      'holdout-by-frequency.svg': holdoutByFrequencyChart(
        Object.fromEntries(comparison.models.map((m) => [m.name, m])),
        { title: 'CDNOW: holdout purchases by calibration frequency', holdoutLabel: 'the 39 holdout weeks' },
      ),
    },
  };
}

/** The sBG figure: each Fader & Hardie (2007) cohort fitted on years 0–7, projected to year 12. */
export function sbgFigure(): { svg: string; fits: Array<{ cohort: string; alpha: number; beta: number; worstError: number }> } {
  const fits: Array<{ cohort: string; alpha: number; beta: number; worstError: number }> = [];
  const series = (['regular', 'highEnd'] as const).flatMap((cohort) => {
    const actual = SBG_PERCENT_ALIVE[cohort];
    const fit = fitShiftedBetaGeometric(survivorCounts(actual.slice(0, 8)));
    const projected = sbgSurvivalCurve(fit.params, actual.length - 1).map((v) => 100 * v);
    const worstError = Math.max(...actual.slice(8).map((a, i) => Math.abs((projected[i + 8] as number) - a)));
    const name = cohort === 'regular' ? 'Regular' : 'High end';
    fits.push({ cohort: name, ...fit.params, worstError });
    return [
      { name: `${name}: actual`, points: actual.map((v, t) => [t, v] as const) },
      { name: `${name}: sBG`, dashed: true, markers: false, points: projected.map((v, t) => [t, v] as const) },
    ];
  });
  const svg = lineChart({
    title: 'sBG fitted on years 0–7, projected to year 12 (Fader & Hardie 2007)',
    xLabel: 'Year',
    yLabel: '% of the cohort still a customer',
    series,
    marker: { x: 7, label: 'end of calibration' },
    xTicks: Array.from({ length: 13 }, (_, t) => t),
  });
  return { svg, fits };
}

function main(): void {
  const out = path.resolve(process.argv[2] ?? path.join(repoRoot, 'docs/images'));
  mkdirSync(out, { recursive: true });
  const data = cdnowAvailability(['CDNOW_sample.txt']);
  const figures: Figures = {};
  if (data.available) {
    const { figures: cdnow, comparison } = cdnowFigures(readCdnow('CDNOW_sample.txt'));
    Object.assign(figures, cdnow);
    for (const m of comparison.models) {
      const i = m.holdout.interval;
      console.log(
        `${m.name}: LL ${m.logLikelihood.toFixed(2)}, AIC ${m.aic.toFixed(1)}, BIC ${m.bic.toFixed(1)}, holdout ${m.holdout.predicted.toFixed(0)} predicted vs ${m.holdout.actual} actual` +
          (i === null ? '' : ` (95% ${i.lower.toFixed(0)}–${i.upper.toFixed(0)})`) +
          `, MAE by frequency ${m.meanAbsoluteErrorByFrequency.toFixed(3)}`,
      );
    }
    console.log(`best by BIC: ${comparison.best.byBic}; by holdout: ${comparison.best.byHoldout}`);
  } else console.warn(`skipping the CDNOW figures: ${data.howTo}`);
  const sbg = sbgFigure();
  figures['sbg-survival.svg'] = sbg.svg;
  for (const f of sbg.fits) console.log(`sBG ${f.cohort}: α ${f.alpha.toFixed(3)}, β ${f.beta.toFixed(3)}; years 8–12 within ${f.worstError.toFixed(2)} points of the actuals`);
  for (const [name, svg] of Object.entries(figures)) {
    writeFileSync(path.join(out, name), svg + '\n');
    console.log(`wrote ${path.relative(process.cwd(), path.join(out, name))} (${svg.length.toLocaleString('en-US')} bytes)`);
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) main();
