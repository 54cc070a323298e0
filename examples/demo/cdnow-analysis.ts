/**
 * The CDNOW analysis of the customers page: BG/NBD and Pareto/NBD fitted side by side on the
 * CDNOW 1/10 sample (2,357 customers, first purchases in Q1 1997), calibrated on 39 weeks and
 * checked on the 39-week holdout, as in Fader, Hardie & Lee (2005), with `compareModels`. The
 * model with the smaller holdout error scores the shop's customers. Shown only when the data set
 * is present.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bgNbdExpectedPurchasesNewCustomer, bgNbdProbabilityAlive, compareModelsOnSummaries, paretoNbdProbabilityAlive, parseCdnowTransactions, summarizeTransactions } from '@retain/node';
import type { BgNbdParams, ParetoNbdParams, RepeatSummary } from '@retain/node';

/** Where the data set is looked for: `RETAIN_CDNOW_DIR`, else `../shared/data/cdnow` beside the repository. */
export const DEFAULT_CDNOW_DIR = process.env['RETAIN_CDNOW_DIR'] ?? fileURLToPath(new URL('../../../shared/data/cdnow', import.meta.url));

const START = Date.UTC(1997, 0, 1);
const CALIBRATION_END = '1997-09-30';
const HOLDOUT_END = '1998-06-30';
const CALIBRATION_WEEKS = 39;
const TOTAL_WEEKS = 78;
const WEEK_MS = 7 * 86_400_000;

/** The analysis, or why it is not shown. */
export type CdnowAnalysis =
  | { available: false; reason: string }
  | {
      available: true;
      customers: number;
      calibrationWeeks: number;
      holdoutWeeks: number;
      /** BG/NBD parameters (the weekly chart is drawn from them). */
      params: BgNbdParams;
      logLikelihood: number;
      fitMs: number;
      holdout: { predicted: number; actual: number; errorPercent: number };
      meanPAlive: number;
      /** Each candidate model, side by side. */
      models: ModelRow[];
      /** The model that scores the shop's customers: the smaller holdout error by frequency. */
      chosen: string;
      /** Why it was chosen, in a sentence. */
      chosenBecause: string;
      /** Cumulative repeat purchases at the end of each week, actual and predicted. */
      weekly: { actual: number[]; predicted: number[] };
    };

/** One model of the comparison, as the page shows it. */
export interface ModelRow {
  name: string;
  params: Record<string, number>;
  logLikelihood: number;
  aic: number;
  bic: number;
  fitMs: number;
  holdout: { predicted: number; actual: number; errorPercent: number; lower: number | null; upper: number | null };
  meanAbsoluteErrorByFrequency: number;
}

/** A model the shop backend scores customers with. */
export interface AliveModel {
  name: string;
  probabilityAlive(customer: RepeatSummary): number;
}

/** The chosen model of an analysis, ready for `backend.useModel`. */
export function aliveModel(analysis: Extract<CdnowAnalysis, { available: true }>): AliveModel {
  const row = analysis.models.find((m) => m.name === analysis.chosen);
  if (row?.name === 'Pareto/NBD') {
    const params = row.params as unknown as ParetoNbdParams;
    return { name: row.name, probabilityAlive: (c) => paretoNbdProbabilityAlive(params, c) };
  }
  return { name: 'BG/NBD', probabilityAlive: (c) => bgNbdProbabilityAlive(analysis.params, c) };
}

/**
 * Loads the CDNOW sample and runs the analysis (about a second; the caller caches it).
 *
 * @example
 * ```ts
 * import { loadCdnowAnalysis } from './cdnow-analysis.js';
 * const analysis = await loadCdnowAnalysis();
 * if (analysis.available) console.log(analysis.params);
 * ```
 */
export async function loadCdnowAnalysis(dir: string = DEFAULT_CDNOW_DIR): Promise<CdnowAnalysis> {
  const file = join(dir, 'CDNOW_sample.txt');
  if (!existsSync(file)) return { available: false, reason: `The CDNOW data set is not present (looked for ${file}); set RETAIN_CDNOW_DIR to show the analysis.` };
  try {
    return analyse(await readFile(file, 'utf8'));
  } catch (error) {
    return { available: false, reason: `The CDNOW analysis failed: ${error instanceof Error ? error.message : String(error)}` };
  }
}

function analyse(text: string): CdnowAnalysis {
  const log = parseCdnowTransactions(text, { format: 'sample' });
  const summaries = summarizeTransactions(log, { calibrationEnd: CALIBRATION_END, holdoutEnd: HOLDOUT_END, unit: 'weeks' });
  const comparison = compareModelsOnSummaries(
    summaries.map((s) => ({ ...s, holdoutPurchases: s.holdoutPurchases ?? 0 })),
    TOTAL_WEEKS - CALIBRATION_WEEKS,
  );
  const models: ModelRow[] = comparison.models.map((m) => ({
    name: m.name,
    params: m.params as Record<string, number>,
    logLikelihood: m.logLikelihood,
    aic: m.aic,
    bic: m.bic,
    fitMs: Math.round(m.fitMs),
    holdout: {
      predicted: m.holdout.predicted,
      actual: m.holdout.actual,
      errorPercent: m.holdout.percentError ?? 0,
      lower: m.holdout.interval?.lower ?? null,
      upper: m.holdout.interval?.upper ?? null,
    },
    meanAbsoluteErrorByFrequency: m.meanAbsoluteErrorByFrequency,
  }));
  const bgNbd = models.find((m) => m.name === 'BG/NBD') as ModelRow;
  const params = bgNbd.params as unknown as BgNbdParams;
  const { byBic, byHoldout } = comparison.best;
  const chosenBecause =
    byBic === byHoldout
      ? `${byHoldout} has both the lower BIC and the smaller holdout error by frequency.`
      : `${byHoldout} has the smaller holdout error by frequency (${byBic} has the lower BIC).`;
  let alive = 0;
  for (const s of summaries) alive += bgNbdProbabilityAlive(params, s);

  // Weekly cumulative repeat purchases (a purchase day after the first counts once).
  const repeatsPerWeek = new Array<number>(TOTAL_WEEKS).fill(0);
  const days = new Map<string, Set<number>>();
  for (const t of log) {
    let set = days.get(t.customerId);
    if (set === undefined) days.set(t.customerId, (set = new Set()));
    set.add(Math.floor(t.at / 86_400_000));
  }
  for (const set of days.values()) {
    const sorted = [...set].sort((a, b) => a - b);
    for (const day of sorted.slice(1)) {
      const week = Math.floor((day * 86_400_000 - START) / WEEK_MS);
      if (week >= 0 && week < TOTAL_WEEKS) repeatsPerWeek[week] = (repeatsPerWeek[week] ?? 0) + 1;
    }
  }
  const cumulativeActual: number[] = [];
  let running = 0;
  for (const n of repeatsPerWeek) cumulativeActual.push((running += n));

  // Predicted: each cohort (same first-purchase day) follows E[X(t)] of a new customer.
  const cohorts = new Map<number, number>();
  for (const s of summaries) cohorts.set(s.firstPurchaseAt, (cohorts.get(s.firstPurchaseAt) ?? 0) + 1);
  const cumulativePredicted = Array.from({ length: TOTAL_WEEKS }, (_, w) => {
    const end = START + (w + 1) * WEEK_MS;
    let sum = 0;
    for (const [first, count] of cohorts) {
      const t = (end - first) / WEEK_MS;
      if (t > 0) sum += count * bgNbdExpectedPurchasesNewCustomer(params, t);
    }
    return sum;
  });

  return {
    available: true,
    customers: summaries.length,
    calibrationWeeks: CALIBRATION_WEEKS,
    holdoutWeeks: TOTAL_WEEKS - CALIBRATION_WEEKS,
    params,
    logLikelihood: bgNbd.logLikelihood,
    fitMs: bgNbd.fitMs,
    holdout: { predicted: bgNbd.holdout.predicted, actual: bgNbd.holdout.actual, errorPercent: bgNbd.holdout.errorPercent },
    meanPAlive: alive / summaries.length,
    models,
    chosen: byHoldout,
    chosenBecause,
    weekly: { actual: cumulativeActual, predicted: cumulativePredicted },
  };
}
