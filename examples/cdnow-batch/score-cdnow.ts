/**
 * A batch job: score every customer of a CDNOW-format transaction file.
 *
 * Reads the file, summarises each customer (x, t_x, T, mean repeat spend) up to the calibration
 * end, fits BG/NBD and Gamma-Gamma, and writes one CSV row per customer: P(alive), expected
 * purchases in the next `horizon` weeks, expected spend per purchase and CLV.
 *
 * Usage (from the repository root):
 *   node --conditions=@retain/source --import tsx examples/cdnow-batch/score-cdnow.ts <file> \
 *     [--format master|sample] [--calibration-end 1997-09-30] [--horizon 52] [--discount 0.01] [--out scores.csv]
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import {
  bgNbdExpectedPurchases,
  fitBgNbd,
  fitGammaGamma,
  gammaGammaExpectedSpend,
  parseCdnowTransactions,
  scoreCustomers,
  summarizeTransactions,
  type BgNbdFit,
  type CdnowFormat,
  type GammaGammaFit,
} from '@retain/node';

/** Options of {@link scoreCdnowFile}. */
export interface BatchOptions {
  file: string;
  format?: CdnowFormat;
  /** @default '1997-09-30' */
  calibrationEnd?: string;
  /** Weeks ahead for expected purchases and CLV. @default 52 */
  horizon?: number;
  /** Discount rate per 4-week period. @default 0.01 */
  discountRate?: number;
  /** Where to write the CSV; nothing is written when absent. */
  out?: string;
}

/** One scored customer. */
export interface ScoredCustomer {
  customerId: string;
  x: number;
  tx: number;
  T: number;
  pAlive: number;
  expectedPurchases: number;
  expectedSpend: number;
  clv: number;
}

/** The job's result. */
export interface BatchResult {
  transactions: number;
  bgNbd: BgNbdFit;
  gammaGamma: GammaGammaFit;
  customers: ScoredCustomer[];
  csv: string;
}

/**
 * Runs the batch job on one file.
 *
 * @example
 * ```ts
 * import { scoreCdnowFile } from './score-cdnow.js';
 * const result = scoreCdnowFile({ file: 'CDNOW_master.txt', format: 'master', out: 'scores.csv' });
 * console.log(result.bgNbd.params);
 * ```
 */
export function scoreCdnowFile(options: BatchOptions): BatchResult {
  const horizon = options.horizon ?? 52;
  const log = parseCdnowTransactions(readFileSync(options.file, 'utf8'), { format: options.format ?? 'master' });
  const summaries = summarizeTransactions(log, { calibrationEnd: options.calibrationEnd ?? '1997-09-30', unit: 'weeks' });
  const bgNbd = fitBgNbd(summaries);
  const gammaGamma = fitGammaGamma(summaries);
  const columns = {
    x: summaries.map((s) => s.x),
    tx: summaries.map((s) => s.tx),
    T: summaries.map((s) => s.T),
    meanRepeatSpend: summaries.map((s) => s.meanRepeatSpend),
  };
  const scores = scoreCustomers(bgNbd.params, gammaGamma.params, columns, { horizon, periods: Math.max(1, Math.round(horizon / 4)), discountRate: options.discountRate ?? 0.01 });
  const customers = summaries.map((s, i) => ({
    customerId: s.customerId,
    x: s.x,
    tx: s.tx,
    T: s.T,
    pAlive: scores.pAlive[i] as number,
    expectedPurchases: bgNbdExpectedPurchases(bgNbd.params, s, horizon),
    expectedSpend: gammaGammaExpectedSpend(gammaGamma.params, s),
    clv: scores.clv[i] as number,
  }));
  const csv = [
    'customer_id,x,t_x,T,p_alive,expected_purchases,expected_spend,clv',
    ...customers.map((c) => [c.customerId, c.x, c.tx.toFixed(2), c.T.toFixed(2), c.pAlive.toFixed(4), c.expectedPurchases.toFixed(4), c.expectedSpend.toFixed(2), c.clv.toFixed(2)].join(',')),
  ].join('\n');
  if (options.out !== undefined) writeFileSync(options.out, `${csv}\n`);
  return { transactions: log.length, bgNbd, gammaGamma, customers, csv };
}

/** Parses the command line (see the usage above). */
export function parseArgs(argv: readonly string[]): BatchOptions {
  const [file, ...rest] = argv;
  if (file === undefined || file.startsWith('--')) throw new Error('usage: score-cdnow.ts <file> [--format master|sample] [--calibration-end YYYY-MM-DD] [--horizon weeks] [--discount rate] [--out file.csv]');
  const options: BatchOptions = { file };
  for (let i = 0; i < rest.length; i += 2) {
    const flag = rest[i];
    const value = rest[i + 1];
    if (value === undefined) throw new Error(`missing value after ${flag}`);
    if (flag === '--format') {
      if (value !== 'master' && value !== 'sample') throw new Error(`--format must be master or sample, got ${value}`);
      options.format = value;
    } else if (flag === '--calibration-end') options.calibrationEnd = value;
    else if (flag === '--horizon') options.horizon = Number(value);
    else if (flag === '--discount') options.discountRate = Number(value);
    else if (flag === '--out') options.out = value;
    else throw new Error(`unknown option ${flag}`);
  }
  return options;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const options = parseArgs(process.argv.slice(2));
  const t0 = performance.now();
  const result = scoreCdnowFile(options);
  const { r, alpha, a, b } = result.bgNbd.params;
  const { p, q, gamma } = result.gammaGamma.params;
  const top = [...result.customers].sort((u, v) => v.clv - u.clv).slice(0, 5);
  process.stdout.write(
    [
      `${result.transactions} transactions, ${result.customers.length} customers`,
      `BG/NBD r=${r.toFixed(4)} alpha=${alpha.toFixed(4)} a=${a.toFixed(4)} b=${b.toFixed(4)} log-likelihood=${result.bgNbd.logLikelihood.toFixed(2)}`,
      `Gamma-Gamma p=${p.toFixed(3)} q=${q.toFixed(3)} gamma=${gamma.toFixed(3)} (${result.gammaGamma.customers} repeat customers)`,
      'highest CLV:',
      ...top.map((c) => `  ${c.customerId}: CLV ${c.clv.toFixed(2)}, P(alive) ${c.pAlive.toFixed(3)}, ${c.expectedPurchases.toFixed(2)} purchases expected`),
      options.out === undefined ? '(no --out: scores not written)' : `scores written to ${options.out}`,
      `done in ${(performance.now() - t0).toFixed(0)} ms`,
      '',
    ].join('\n'),
  );
}
