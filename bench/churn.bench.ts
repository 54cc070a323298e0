/**
 * `npm run bench:churn`: fit BG/NBD and Pareto/NBD side by side (and Gamma-Gamma) on all of
 * CDNOW_master.txt (23,570 customers), then score P(alive) + CLV for 1,000,000 generated
 * customers. Without the CDNOW data (see RETAIN_CDNOW_DIR) it says so and fits a simulated
 * population of the same size instead. The line `churn: fit on N customers, …` gives both fits'
 * medians; `churn: sBG … BG/BB …` times the discrete-time fits on their published data sets; the
 * last line stays `churn: fit <ms> ms, score <N> customers/s` (the BG/NBD fit).
 */
import { loadavg } from 'node:os';
import {
  fitBgBb,
  fitBgNbd,
  fitGammaGamma,
  fitShiftedBetaGeometric,
  fitParetoNbd,
  parseCdnowTransactions,
  scoreCustomers,
  simulateBgNbdCustomers,
  summarizeTransactions,
  type BgNbdParams,
  type RepeatSummary,
  type SpendSummary,
} from '@retain/node';
import { cdnowAvailability, readCdnow } from '../packages/node/src/churn/testing/cdnow-data.js';
import { DONATION_PATTERNS, SBG_PERCENT_ALIVE, survivorCounts } from '../packages/node/src/churn/testing/fader-hardie-data.js';
import { seededRandom } from '../packages/node/src/churn/random.js';

const SCORED = 1_000_000;
const now = () => performance.now();
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1] as number;

let customers: Array<RepeatSummary & SpendSummary>;
const data = cdnowAvailability(['CDNOW_master.txt']);
if (data.available) {
  const t0 = now();
  const log = parseCdnowTransactions(readCdnow('CDNOW_master.txt'), { format: 'master' });
  customers = summarizeTransactions(log, { calibrationEnd: '1997-09-30', unit: 'weeks' });
  console.log(`churn: loaded CDNOW_master.txt from ${data.dir}: ${log.length} transactions, ${customers.length} customers in ${(now() - t0).toFixed(0)} ms (parse + summarise)`);
} else {
  console.log(`churn: ${data.howTo}`);
  console.log('churn: fitting a simulated population of 23,570 customers instead (CDNOW-like parameters, first purchases over 12 weeks, daily grid)');
  const rand = seededRandom(3);
  customers = simulateBgNbdCustomers({ r: 0.25, alpha: 4.8, a: 0.72, b: 2.16 }, { customers: 23_570, T: () => 39 - Math.floor(rand() * 84) / 7, grid: 1 / 7, seed: 5 }).map((c) => ({
    ...c,
    meanRepeatSpend: c.x === 0 ? 0 : 15 + 30 * rand(),
  }));
}

// Fit BG/NBD and Pareto/NBD side by side: one warm-up each, then five rounds alternating the two
// (so that load on the shared machine hits both alike), medians reported.
fitBgNbd(customers);
fitParetoNbd(customers);
const fitTimes: number[] = [];
const paretoTimes: number[] = [];
let fit = fitBgNbd(customers);
let pareto = fitParetoNbd(customers);
for (let i = 0; i < 5; i++) {
  let t0 = now();
  fit = fitBgNbd(customers);
  fitTimes.push(now() - t0);
  t0 = now();
  pareto = fitParetoNbd(customers);
  paretoTimes.push(now() - t0);
}
const p: BgNbdParams = fit.params;
const se = (v: number | undefined) => (v === undefined ? '—' : v.toFixed(4));
console.log(
  `churn: BG/NBD r=${p.r.toFixed(4)} alpha=${p.alpha.toFixed(4)} a=${p.a.toFixed(4)} b=${p.b.toFixed(4)} LL=${fit.logLikelihood.toFixed(2)} ` +
    `(SE ${se(fit.standardErrors?.r)}, ${se(fit.standardErrors?.alpha)}, ${se(fit.standardErrors?.a)}, ${se(fit.standardErrors?.b)}; ` +
    `${fit.customers} customers, ${fit.uniqueRows} unique rows, ${fit.iterations} iterations); fit times ${fitTimes.map((t) => t.toFixed(0)).join(', ')} ms`,
);
const q = pareto.params;
console.log(
  `churn: Pareto/NBD r=${q.r.toFixed(4)} alpha=${q.alpha.toFixed(4)} s=${q.s.toFixed(4)} beta=${q.beta.toFixed(4)} LL=${pareto.logLikelihood.toFixed(2)} ` +
    `(SE ${se(pareto.standardErrors?.r)}, ${se(pareto.standardErrors?.alpha)}, ${se(pareto.standardErrors?.s)}, ${se(pareto.standardErrors?.beta)}; ` +
    `${pareto.uniqueRows} unique rows, ${pareto.iterations} iterations); fit times ${paretoTimes.map((t) => t.toFixed(0)).join(', ')} ms`,
);
console.log(`churn: fit on ${fit.customers} customers, median of 5 in the same run: BG/NBD ${median(fitTimes).toFixed(0)} ms, Pareto/NBD ${median(paretoTimes).toFixed(0)} ms (aim < 1,000 ms each)`);
const t1 = now();
const gg = fitGammaGamma(customers);
console.log(`churn: Gamma-Gamma p=${gg.params.p.toFixed(3)} q=${gg.params.q.toFixed(3)} gamma=${gg.params.gamma.toFixed(3)} on ${gg.customers} repeat customers in ${(now() - t1).toFixed(0)} ms`);

// The discrete-time models on their published data (Fader & Hardie 2007's regular cohort, years
// 0–7; FHS 2010's 11,104 donors): medians of 5 after a warm-up, beside the BG/NBD median above.
const regular = survivorCounts(SBG_PERCENT_ALIVE.regular).slice(0, 8);
const medianOf5 = <T>(run: () => T): { result: T; ms: number } => {
  let result = run();
  const times: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t0 = now();
    result = run();
    times.push(now() - t0);
  }
  return { result, ms: median(times) };
};
const sbg = medianOf5(() => fitShiftedBetaGeometric(regular));
const bgbb = medianOf5(() => fitBgBb(DONATION_PATTERNS));
const b = bgbb.result.params;
console.log(
  `churn: sBG alpha=${sbg.result.params.alpha.toFixed(3)} beta=${sbg.result.params.beta.toFixed(3)} on 1,000 subscribers in ${sbg.ms.toFixed(2)} ms; ` +
    `BG/BB alpha=${b.alpha.toFixed(3)} beta=${b.beta.toFixed(3)} gamma=${b.gamma.toFixed(3)} delta=${b.delta.toFixed(3)} LL=${bgbb.result.logLikelihood.toFixed(1)} on ${bgbb.result.customers} donors in ${bgbb.ms.toFixed(1)} ms ` +
    `(medians of 5, standard errors included; BG/NBD on CDNOW ${median(fitTimes).toFixed(0)} ms)`,
);

// 1,000,000 customers generated from the fitted model: first purchases spread over a year, on a
// daily grid (weeks = days / 7) as a live base would be; spend drawn around the Gamma-Gamma mean.
const rand = seededRandom(99);
const generated = simulateBgNbdCustomers(p, { customers: SCORED, T: () => Math.floor(rand() * 365) / 7, grid: 1 / 7, seed: 7 });
const columns = { x: new Float64Array(SCORED), tx: new Float64Array(SCORED), T: new Float64Array(SCORED), meanRepeatSpend: new Float64Array(SCORED) };
generated.forEach((c, i) => {
  columns.x[i] = c.x;
  columns.tx[i] = c.tx;
  columns.T[i] = c.T;
  columns.meanRepeatSpend[i] = c.x === 0 ? 0 : 10 + 40 * rand();
});
const options = { horizon: 52, periods: 12, discountRate: 0.01, margin: 0.3 };
const out = { pAlive: new Float64Array(SCORED), clv: new Float64Array(SCORED) };
scoreCustomers(p, gg.params, columns, options, out); // warm-up
const scoreTimes: number[] = [];
for (let i = 0; i < 3; i++) {
  const t0 = now();
  scoreCustomers(p, gg.params, columns, options, out);
  scoreTimes.push(now() - t0);
}
let total = 0;
for (let i = 0; i < SCORED; i++) total += out.clv[i] as number;
console.log(`churn: scored ${SCORED} customers (P(alive) + 52-week CLV, 12 periods at 1%) in ${scoreTimes.map((t) => t.toFixed(0)).join(', ')} ms; mean CLV ${(total / SCORED).toFixed(2)}`);
console.log(`churn: load average ${loadavg().map((v) => v.toFixed(2)).join(' ')} (2 cores shared: timings grow with it)`);
console.log(`churn: fit ${median(fitTimes).toFixed(0)} ms, score ${Math.round(SCORED / (median(scoreTimes) / 1000))} customers/s`);
