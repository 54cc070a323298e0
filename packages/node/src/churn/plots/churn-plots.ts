/**
 * The standard figures of customer-base analysis, as SVG: P(alive) over frequency × recency,
 * calibration against holdout purchases by frequency, and a survival projection against actuals.
 * Each takes the fitted model as a function or as computed figures, so any model plugs in.
 */
import { InvalidModelInputError } from '../invalid-model-input-error.js';
import type { RepeatSummary } from '../model-inputs.js';
import { heatmap } from './heatmap.js';
import { lineChart, type ChartSeries } from './line-chart.js';

/** Options of {@link probabilityAliveHeatmap}. */
export interface ProbabilityAliveHeatmapOptions {
  /** Length of the calibration period every customer is evaluated at (the `T` of the summaries). */
  T: number;
  /** Highest number of repeat purchases drawn (rows 0…maxFrequency). */
  maxFrequency: number;
  /** Recency columns between 0 and T. @default 20 */
  recencyColumns?: number;
  /** @default 'P(alive) by frequency and recency' */
  title?: string;
  /** Unit of T in the axis label. @default 'weeks' */
  unit?: string;
}

/**
 * P(alive) over frequency (repeat purchases, rows) × recency (time of the last purchase, columns)
 * for customers observed for `T`: the figure of Fader, Hardie & Lee (2005) and of lifetimes'
 * `plot_probability_alive_matrix`. A customer with no repeat purchase has recency 0, so the
 * x = 0 row shows that one value across.
 *
 * @param probabilityAlive - the fitted model's P(alive), e.g. `(c) => bgNbdProbabilityAlive(fit.params, c)`.
 * @throws {@link InvalidModelInputError} for a T or frequency that is not a positive number.
 * @example
 * ```ts
 * import { bgNbdProbabilityAlive, probabilityAliveHeatmap } from '@retain/node';
 * const params = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
 * const svg = probabilityAliveHeatmap((c) => bgNbdProbabilityAlive(params, c), { T: 39, maxFrequency: 10 });
 * svg.length > 0; // true
 * ```
 */
export function probabilityAliveHeatmap(probabilityAlive: (customer: RepeatSummary) => number, options: ProbabilityAliveHeatmapOptions): string {
  const { T, maxFrequency } = options;
  const columns = options.recencyColumns ?? 20;
  if (!(T > 0) || !Number.isFinite(T)) throw new InvalidModelInputError('options.T', `must be a finite number > 0, got ${T}`);
  if (!Number.isInteger(maxFrequency) || maxFrequency < 1) throw new InvalidModelInputError('options.maxFrequency', `must be a whole number ≥ 1, got ${maxFrequency}`);
  if (!Number.isInteger(columns) || columns < 1) throw new InvalidModelInputError('options.recencyColumns', `must be a whole number ≥ 1, got ${columns}`);
  const xs = Array.from({ length: columns }, (_, k) => Number((((k + 0.5) * T) / columns).toFixed(2)));
  const ys = Array.from({ length: maxFrequency + 1 }, (_, x) => x);
  const none = probabilityAlive({ x: 0, tx: 0, T });
  return heatmap({
    title: options.title ?? 'P(alive) by frequency and recency',
    xLabel: `Recency: time of the last purchase (${options.unit ?? 'weeks'})`,
    yLabel: 'Frequency: repeat purchases',
    legend: 'P(alive)',
    xs,
    ys,
    value: (tx, x) => (x === 0 ? none : probabilityAlive({ x, tx, T })),
  });
}

/** One model's holdout comparison by calibration frequency (what `compareHoldout` returns). */
export interface FrequencyComparison {
  byCalibrationPurchases: ReadonlyArray<{ x: number; orMore: boolean; customers: number; actual: number; predicted: number }>;
}

/**
 * Mean holdout purchases by number of calibration purchases: the actual ones and each model's
 * prediction (dashed), the validation figure of the BG/NBD and Pareto/NBD papers.
 *
 * @param models - each model's comparison, by name; the actual means are taken from the first.
 * @throws {@link InvalidModelInputError} when no model is given or their groups differ.
 * @example
 * ```ts
 * import { compareHoldout, holdoutByFrequencyChart } from '@retain/node';
 * const customers = [{ x: 0, tx: 0, T: 39, holdoutPurchases: 0 }, { x: 2, tx: 30, T: 39, holdoutPurchases: 1 }];
 * const bgNbd = compareHoldout({ r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }, customers, 39, 3);
 * const svg = holdoutByFrequencyChart({ 'BG/NBD': bgNbd });
 * svg.includes('BG/NBD'); // true
 * ```
 */
export function holdoutByFrequencyChart(models: Readonly<Record<string, FrequencyComparison>>, options: { title?: string; holdoutLabel?: string } = {}): string {
  const entries = Object.entries(models);
  const first = entries[0];
  if (first === undefined) throw new InvalidModelInputError('models', 'needs at least one model');
  const groups = first[1].byCalibrationPurchases.filter((g) => g.customers > 0);
  for (const [name, m] of entries) {
    const xs = m.byCalibrationPurchases.filter((g) => g.customers > 0).map((g) => g.x);
    if (xs.join() !== groups.map((g) => g.x).join()) throw new InvalidModelInputError(`models.${name}`, 'has different frequency groups from the first model');
  }
  const last = groups[groups.length - 1];
  const series: ChartSeries[] = [
    { name: 'Actual', points: groups.map((g) => [g.x, g.actual] as const) },
    ...entries.map(([name, m]) => ({
      name,
      dashed: true,
      points: m.byCalibrationPurchases.filter((g) => g.customers > 0).map((g) => [g.x, g.predicted] as const),
    })),
  ];
  return lineChart({
    title: options.title ?? 'Holdout purchases by calibration frequency',
    xLabel: 'Repeat purchases in calibration',
    yLabel: `Mean purchases in ${options.holdoutLabel ?? 'the holdout'}`,
    series,
    xTicks: groups.map((g) => g.x),
    xTickLabel: (x) => (last !== undefined && x === last.x && last.orMore ? `${x}+` : String(x)),
  });
}

/** Input of {@link survivalProjectionChart}. */
export interface SurvivalProjection {
  /** Observed % (or share) alive at the start of each period 0, 1, 2, … */
  actual: readonly number[];
  /** The model's projection for the same periods (may be longer than `actual`). */
  projected: readonly number[];
  /** Periods used to fit (the marker is drawn there). */
  calibrationPeriods: number;
  /** @default 'Survival: actual and projected' */
  title?: string;
  /** @default 'Year' */
  periodLabel?: string;
  /** @default '% of the cohort still a customer' */
  valueLabel?: string;
}

/**
 * A cohort's survival curve against the model's projection, with the end of the calibration
 * marked: the sBG figure of Fader & Hardie (2007).
 *
 * @throws {@link InvalidModelInputError} for empty series or a calibration length outside them.
 * @example
 * ```ts
 * import { survivalProjectionChart } from '@retain/node';
 * const svg = survivalProjectionChart({ actual: [100, 63.1, 46.8, 38.2], projected: [100, 62.9, 47.1, 38.5, 33.0], calibrationPeriods: 3 });
 * svg.includes('Projected'); // true
 * ```
 */
export function survivalProjectionChart(input: SurvivalProjection): string {
  if (input.actual.length === 0) throw new InvalidModelInputError('actual', 'needs at least one period');
  if (input.projected.length === 0) throw new InvalidModelInputError('projected', 'needs at least one period');
  const end = input.calibrationPeriods;
  if (!Number.isInteger(end) || end < 0 || end >= Math.max(input.actual.length, input.projected.length))
    throw new InvalidModelInputError('calibrationPeriods', `must be a whole number within the series, got ${end}`);
  return lineChart({
    title: input.title ?? 'Survival: actual and projected',
    xLabel: input.periodLabel ?? 'Year',
    yLabel: input.valueLabel ?? '% of the cohort still a customer',
    series: [
      { name: 'Actual', points: input.actual.map((v, t) => [t, v] as const) },
      { name: 'Projected', dashed: true, points: input.projected.map((v, t) => [t, v] as const) },
    ],
    marker: { x: end, label: 'end of calibration' },
    xTicks: Array.from({ length: Math.max(input.actual.length, input.projected.length) }, (_, t) => t),
  });
}
