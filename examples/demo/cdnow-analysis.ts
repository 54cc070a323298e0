/**
 * The CDNOW analysis of the customers page: BG/NBD fitted on the CDNOW 1/10 sample (2,357
 * customers, first purchases in Q1 1997), calibrated on 39 weeks and checked on the 39-week
 * holdout, as in Fader, Hardie & Lee (2005). Shown only when the data set is present.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bgNbdExpectedPurchases, bgNbdExpectedPurchasesNewCustomer, bgNbdProbabilityAlive, fitBgNbd, parseCdnowTransactions, summarizeTransactions } from '@retain/node';
import type { BgNbdParams } from '@retain/node';

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
      params: BgNbdParams;
      logLikelihood: number;
      fitMs: number;
      holdout: { predicted: number; actual: number; errorPercent: number };
      meanPAlive: number;
      /** Cumulative repeat purchases at the end of each week, actual and predicted. */
      weekly: { actual: number[]; predicted: number[] };
    };

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
  const started = performance.now();
  const fit = fitBgNbd(summaries);
  const fitMs = Math.round(performance.now() - started);
  const { params } = fit;

  let predicted = 0;
  let actual = 0;
  let alive = 0;
  for (const s of summaries) {
    predicted += bgNbdExpectedPurchases(params, s, TOTAL_WEEKS - CALIBRATION_WEEKS);
    actual += s.holdoutPurchases ?? 0;
    alive += bgNbdProbabilityAlive(params, s);
  }

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
    logLikelihood: fit.logLikelihood,
    fitMs,
    holdout: { predicted, actual, errorPercent: actual === 0 ? 0 : ((predicted - actual) / actual) * 100 },
    meanPAlive: alive / summaries.length,
    weekly: { actual: cumulativeActual, predicted: cumulativePredicted },
  };
}
