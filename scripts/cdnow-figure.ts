/**
 * Draws docs/images/cdnow-holdout.svg: BG/NBD on the CDNOW sample (2,357 customers), calibrated on
 * the first 39 weeks, against what happened in the 39 holdout weeks — weekly cumulative repeat
 * purchases (FHL 2005, fig. 2) and mean holdout purchases by calibration purchases (fig. 4).
 * Hand-written SVG, no chart library. Prints the figures it drew.
 *
 * Usage: node --conditions=@retain/source --import tsx scripts/cdnow-figure.ts [out.svg]
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  bgNbdExpectedPurchasesNewCustomer,
  compareHoldout,
  fitBgNbd,
  parseCdnowTransactions,
  summarizeTransactions,
  type BgNbdFit,
  type HoldoutComparison,
} from '@retain/node';
import { cdnowAvailability, readCdnow, repoRoot } from '../packages/node/src/churn/testing/cdnow-data.js';

/** What the figure shows. */
export interface HoldoutFigureData {
  fit: BgNbdFit;
  holdout: HoldoutComparison;
  /** Cumulative repeat purchases at the end of each week since 1997-01-01: actual and predicted. */
  weekly: { actual: number[]; predicted: number[] };
  calibrationWeeks: number;
}

const DAY = 86_400_000;
const START = Date.UTC(1997, 0, 1);

/** Computes the figure's data from the CDNOW sample text. */
export function holdoutFigureData(sampleText: string): HoldoutFigureData {
  const log = parseCdnowTransactions(sampleText, { format: 'sample' });
  const summaries = summarizeTransactions(log, { calibrationEnd: '1997-09-30', holdoutEnd: '1998-06-30', unit: 'weeks' });
  const fit = fitBgNbd(summaries);
  const holdout = compareHoldout(fit.params, summaries.map((s) => ({ ...s, holdoutPurchases: s.holdoutPurchases ?? 0 })), 39);
  const weeks = 78;
  // Actual: repeat purchase days (first purchase excluded, same-day merged) by week.
  const firstDay = new Map<string, number>();
  const days = new Map<string, Set<number>>();
  for (const t of log) {
    const d = Math.floor((t.at - START) / DAY);
    firstDay.set(t.customerId, Math.min(firstDay.get(t.customerId) ?? Infinity, d));
    let set = days.get(t.customerId);
    if (set === undefined) days.set(t.customerId, (set = new Set()));
    set.add(d);
  }
  const perWeek = new Array<number>(weeks).fill(0);
  for (const [id, set] of days) {
    const first = firstDay.get(id) as number;
    for (const d of set) if (d > first && d < weeks * 7) perWeek[Math.floor(d / 7)] = (perWeek[Math.floor(d / 7)] as number) + 1;
  }
  const actual: number[] = [];
  perWeek.reduce((sum, v) => (actual.push(sum + v), sum + v), 0);
  // Predicted: Σ over customers of E[X(t)] since their first purchase (one term per first-purchase day).
  const cohort = new Map<number, number>();
  for (const d of firstDay.values()) cohort.set(d, (cohort.get(d) ?? 0) + 1);
  const predicted = Array.from({ length: weeks }, (_, w) => {
    let sum = 0;
    for (const [d, n] of cohort) {
      const t = ((w + 1) * 7 - d - 1) / 7;
      if (t > 0) sum += n * bgNbdExpectedPurchasesNewCustomer(fit.params, t);
    }
    return sum;
  });
  return { fit, holdout, weekly: { actual, predicted }, calibrationWeeks: 39 };
}

const esc = (s: string) => s.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
const fmt = (v: number, digits = 0) => v.toFixed(digits);

/** Renders the two-panel figure as a standalone SVG document. */
export function renderHoldoutSvg(data: HoldoutFigureData): string {
  const W = 960;
  const H = 440;
  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" font-family="system-ui, -apple-system, Segoe UI, sans-serif" font-size="12" role="img" aria-labelledby="title desc">`);
  const { r, alpha, a, b } = data.fit.params;
  out.push(`<title id="title">BG/NBD on CDNOW: predicted vs actual repeat purchases in the 39-week holdout</title>`);
  out.push(
    `<desc id="desc">Left: cumulative repeat purchases by week, actual and predicted, calibration ends at week ${data.calibrationWeeks}. Right: mean holdout purchases by number of calibration purchases. ` +
      `Total holdout: ${fmt(data.holdout.total.actual)} actual, ${fmt(data.holdout.total.predicted)} predicted.</desc>`,
  );
  out.push(`<rect width="${W}" height="${H}" fill="#ffffff"/>`);
  out.push(
    `<text x="20" y="26" font-size="15" font-weight="600" fill="#111">BG/NBD on CDNOW (2,357 customers): r=${fmt(r, 3)}, α=${fmt(alpha, 3)}, a=${fmt(a, 3)}, b=${fmt(b, 3)}, LL=${fmt(data.fit.logLikelihood, 2)}</text>`,
  );
  out.push(
    `<text x="20" y="46" fill="#444">Holdout (39 weeks): ${fmt(data.holdout.total.actual)} repeat purchases, ${fmt(data.holdout.total.predicted)} predicted (${fmt((100 * (data.holdout.total.predicted - data.holdout.total.actual)) / data.holdout.total.actual, 1)}%)</text>`,
  );
  // Panel 1: weekly cumulative.
  panel(out, { x: 60, y: 88, w: 400, h: 290 }, {
    title: 'Cumulative repeat purchases by week',
    xLabel: 'week since 1 Jan 1997',
    series: [
      { name: 'actual', color: '#1f2937', dash: '', values: data.weekly.actual },
      { name: 'BG/NBD', color: '#d9480f', dash: '6 4', values: data.weekly.predicted },
    ],
    xs: data.weekly.actual.map((_, i) => i + 1),
    marker: data.calibrationWeeks,
  });
  // Panel 2: conditional expectations.
  const groups = data.holdout.byCalibrationPurchases;
  panel(out, { x: 540, y: 88, w: 390, h: 290 }, {
    title: 'Mean holdout purchases by calibration purchases',
    xLabel: 'repeat purchases in calibration',
    series: [
      { name: 'actual', color: '#1f2937', dash: '', values: groups.map((g) => g.actual) },
      { name: 'BG/NBD', color: '#d9480f', dash: '6 4', values: groups.map((g) => g.predicted) },
    ],
    xs: groups.map((g) => g.x),
    xTickLabels: groups.map((g) => `${g.x}${g.orMore ? '+' : ''}`),
    points: true,
  });
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}

interface PanelSpec {
  title: string;
  xLabel: string;
  series: Array<{ name: string; color: string; dash: string; values: number[] }>;
  xs: number[];
  xTickLabels?: string[];
  marker?: number;
  points?: boolean;
}

function panel(out: string[], box: { x: number; y: number; w: number; h: number }, spec: PanelSpec): void {
  const xMin = Math.min(...spec.xs);
  const xMax = Math.max(...spec.xs);
  const yMax = niceCeil(Math.max(...spec.series.flatMap((s) => s.values)));
  const px = (v: number) => box.x + ((v - xMin) / (xMax - xMin || 1)) * box.w;
  const py = (v: number) => box.y + box.h - (v / yMax) * box.h;
  out.push(`<g>`);
  out.push(`<text x="${box.x}" y="${box.y - 8}" font-weight="600" fill="#111">${esc(spec.title)}</text>`);
  // Grid and y ticks.
  for (let i = 0; i <= 5; i++) {
    const v = (yMax * i) / 5;
    const y = py(v);
    out.push(`<line x1="${box.x}" y1="${fmt(y, 1)}" x2="${box.x + box.w}" y2="${fmt(y, 1)}" stroke="#e5e7eb"/>`);
    out.push(`<text x="${box.x - 6}" y="${fmt(y + 4, 1)}" text-anchor="end" fill="#555">${fmt(v, yMax < 10 ? 1 : 0)}</text>`);
  }
  // X ticks.
  const ticks = spec.xTickLabels !== undefined ? spec.xs.map((x, i) => [x, spec.xTickLabels?.[i] ?? String(x)] as const) : spec.xs.filter((x) => x % 13 === 0 || x === xMin).map((x) => [x, String(x)] as const);
  for (const [x, label] of ticks) {
    out.push(`<line x1="${fmt(px(x), 1)}" y1="${box.y + box.h}" x2="${fmt(px(x), 1)}" y2="${box.y + box.h + 4}" stroke="#555"/>`);
    out.push(`<text x="${fmt(px(x), 1)}" y="${box.y + box.h + 17}" text-anchor="middle" fill="#555">${esc(label)}</text>`);
  }
  out.push(`<line x1="${box.x}" y1="${box.y + box.h}" x2="${box.x + box.w}" y2="${box.y + box.h}" stroke="#555"/>`);
  out.push(`<line x1="${box.x}" y1="${box.y}" x2="${box.x}" y2="${box.y + box.h}" stroke="#555"/>`);
  out.push(`<text x="${box.x + box.w / 2}" y="${box.y + box.h + 36}" text-anchor="middle" fill="#333">${esc(spec.xLabel)}</text>`);
  if (spec.marker !== undefined) {
    const x = px(spec.marker);
    out.push(`<line x1="${fmt(x, 1)}" y1="${box.y}" x2="${fmt(x, 1)}" y2="${box.y + box.h}" stroke="#6b7280" stroke-dasharray="2 3"/>`);
    out.push(`<text x="${fmt(x + 4, 1)}" y="${box.y + 14}" fill="#6b7280">end of calibration</text>`);
  }
  spec.series.forEach((s, k) => {
    const pts = s.values.map((v, i) => `${fmt(px(spec.xs[i] as number), 1)},${fmt(py(v), 1)}`).join(' ');
    out.push(`<polyline fill="none" stroke="${s.color}" stroke-width="2"${s.dash === '' ? '' : ` stroke-dasharray="${s.dash}"`} points="${pts}"><title>${esc(s.name)}</title></polyline>`);
    if (spec.points === true) {
      s.values.forEach((v, i) => out.push(`<circle cx="${fmt(px(spec.xs[i] as number), 1)}" cy="${fmt(py(v), 1)}" r="3.5" fill="${s.color}"><title>${esc(`${s.name}: ${v.toFixed(2)}`)}</title></circle>`));
    }
    // Legend.
    const ly = box.y + 20 + k * 18;
    const lx = box.x + 14;
    out.push(`<line x1="${lx}" y1="${ly}" x2="${lx + 24}" y2="${ly}" stroke="${s.color}" stroke-width="2"${s.dash === '' ? '' : ` stroke-dasharray="${s.dash}"`}/>`);
    out.push(`<text x="${lx + 30}" y="${ly + 4}" fill="#111">${esc(s.name)}</text>`);
  });
  out.push(`</g>`);
}

function niceCeil(v: number): number {
  if (!(v > 0)) return 1;
  const p = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10]) if (m * p >= v) return m * p;
  return 10 * p;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const data = cdnowAvailability(['CDNOW_sample.txt']);
  if (!data.available) {
    process.stderr.write(`${data.howTo}\n`);
    process.exit(1);
  }
  const figure = holdoutFigureData(readCdnow('CDNOW_sample.txt'));
  const out = process.argv[2] ?? path.join(repoRoot, 'docs/images/cdnow-holdout.svg');
  writeFileSync(out, renderHoldoutSvg(figure));
  const { r, alpha, a, b } = figure.fit.params;
  const lines = [
    `BG/NBD: r=${r.toFixed(4)} alpha=${alpha.toFixed(4)} a=${a.toFixed(4)} b=${b.toFixed(4)} LL=${figure.fit.logLikelihood.toFixed(2)}`,
    `holdout total: actual ${figure.holdout.total.actual}, predicted ${figure.holdout.total.predicted.toFixed(1)}`,
    '| calibration purchases | customers | actual (mean) | predicted (mean) |',
    '| --- | ---: | ---: | ---: |',
    ...figure.holdout.byCalibrationPurchases.map((g) => `| ${g.x}${g.orMore ? '+' : ''} | ${g.customers} | ${g.actual.toFixed(2)} | ${g.predicted.toFixed(2)} |`),
    `week 39 cumulative: actual ${figure.weekly.actual[38]}, predicted ${figure.weekly.predicted[38]?.toFixed(1)}; week 78: actual ${figure.weekly.actual[77]}, predicted ${figure.weekly.predicted[77]?.toFixed(1)}`,
    `wrote ${path.relative(repoRoot, out)}`,
    '',
  ];
  process.stdout.write(lines.join('\n'));
}
