/**
 * A line chart as a standalone SVG string: numeric x, one or more series, axes with nice ticks,
 * an optional vertical marker (e.g. the end of calibration) and a legend.
 */
import { InvalidModelInputError } from '../invalid-model-input-error.js';
import { coord, escapeXml, label, niceTicks, SERIES_COLORS, svgOpen, text } from './svg.js';

/** One series of a {@link lineChart}. */
export interface ChartSeries {
  name: string;
  /** `[x, y]` points, drawn in the order given. */
  points: ReadonlyArray<readonly [number, number]>;
  /** Draw dashed (e.g. a projection or a prediction). @default false */
  dashed?: boolean;
  /** Mark each point with a dot. @default true */
  markers?: boolean;
}

/** What {@link lineChart} draws. */
export interface LineChartSpec {
  title: string;
  xLabel: string;
  yLabel: string;
  series: readonly ChartSeries[];
  /** A labelled vertical line at this x. */
  marker?: { x: number; label: string };
  /** Tick labels for x values (e.g. `7+` for the last frequency group); default: the number. */
  xTickLabel?: (x: number) => string;
  /** Draw x ticks at these values instead of nice ticks. */
  xTicks?: readonly number[];
  /** The y axis starts at 0. @default true */
  yFromZero?: boolean;
  /** @default 640 */
  width?: number;
  /** @default 400 */
  height?: number;
}

const MARGIN = { top: 40, right: 20, bottom: 70, left: 64 };

/**
 * Draws a line chart and returns the SVG document as a string (text is escaped; safe to write to
 * a file or to serve as `image/svg+xml`).
 *
 * @throws {@link InvalidModelInputError} when there is no series, a point is not finite, or there
 * are more than eight series.
 * @example
 * ```ts
 * import { lineChart } from '@retain/node';
 * const svg = lineChart({
 *   title: 'Survivors',
 *   xLabel: 'Year',
 *   yLabel: '% alive',
 *   series: [{ name: 'Actual', points: [[0, 100], [1, 63.1], [2, 46.8]] }],
 * });
 * svg.startsWith('<svg'); // true
 * ```
 */
export function lineChart(spec: LineChartSpec): string {
  const width = spec.width ?? 640;
  const height = spec.height ?? 400;
  if (spec.series.length === 0) throw new InvalidModelInputError('series', 'needs at least one series');
  if (spec.series.length > SERIES_COLORS.length) throw new InvalidModelInputError('series', `at most ${SERIES_COLORS.length} series, got ${spec.series.length}`);
  const xs: number[] = [];
  const ys: number[] = [];
  spec.series.forEach((s, i) =>
    s.points.forEach(([x, y], j) => {
      if (!Number.isFinite(x) || !Number.isFinite(y)) throw new InvalidModelInputError(`series[${i}].points[${j}]`, `must be finite numbers, got [${x}, ${y}]`);
      xs.push(x);
      ys.push(y);
    }),
  );
  if (xs.length === 0) throw new InvalidModelInputError('series', 'has no points');
  const xMin = Math.min(...xs, spec.marker?.x ?? Infinity);
  const xMax = Math.max(...xs, spec.marker?.x ?? -Infinity);
  const yTicks = niceTicks(spec.yFromZero === false ? Math.min(...ys) : Math.min(0, ...ys), Math.max(...ys), 5);
  const yMin = Math.min(yTicks[0] as number, ...ys);
  const yTop = Math.max(yTicks[yTicks.length - 1] as number, ...ys);
  const yMax = yTop > yMin ? yTop : yMin + 1;
  const plotW = width - MARGIN.left - MARGIN.right;
  const plotH = height - MARGIN.top - MARGIN.bottom;
  const px = (x: number) => MARGIN.left + (xMax > xMin ? ((x - xMin) / (xMax - xMin)) * plotW : plotW / 2);
  const py = (y: number) => MARGIN.top + plotH - ((y - yMin) / (yMax - yMin)) * plotH;
  const xLabelOf = spec.xTickLabel ?? label;
  const out: string[] = [svgOpen(width, height, spec.title), text(width / 2, 22, spec.title, 'middle', ' font-size="15" font-weight="600"')];
  // grid and y axis
  for (const t of yTicks) {
    out.push(`<line x1="${MARGIN.left}" x2="${MARGIN.left + plotW}" y1="${coord(py(t))}" y2="${coord(py(t))}" stroke="#e5e5e5"/>`);
    out.push(text(MARGIN.left - 8, py(t) + 4, label(t), 'end'));
  }
  for (const t of spec.xTicks ?? niceTicks(xMin, xMax, 8)) {
    out.push(`<line x1="${coord(px(t))}" x2="${coord(px(t))}" y1="${MARGIN.top + plotH}" y2="${MARGIN.top + plotH + 5}" stroke="#333"/>`);
    out.push(text(px(t), MARGIN.top + plotH + 18, xLabelOf(t), 'middle'));
  }
  out.push(`<line x1="${MARGIN.left}" x2="${MARGIN.left + plotW}" y1="${MARGIN.top + plotH}" y2="${MARGIN.top + plotH}" stroke="#333"/>`);
  out.push(`<line x1="${MARGIN.left}" x2="${MARGIN.left}" y1="${MARGIN.top}" y2="${MARGIN.top + plotH}" stroke="#333"/>`);
  out.push(text(MARGIN.left + plotW / 2, height - 34, spec.xLabel, 'middle'));
  out.push(text(16, MARGIN.top + plotH / 2, spec.yLabel, 'middle', ` transform="rotate(-90 16 ${coord(MARGIN.top + plotH / 2)})"`));
  if (spec.marker !== undefined) {
    const mx = px(spec.marker.x);
    out.push(`<line x1="${coord(mx)}" x2="${coord(mx)}" y1="${MARGIN.top}" y2="${MARGIN.top + plotH}" stroke="#888" stroke-dasharray="2 3"/>`);
    out.push(text(mx + 4, MARGIN.top + 12, spec.marker.label, 'start', ' fill="#555"'));
  }
  spec.series.forEach((s, i) => {
    const color = SERIES_COLORS[i] as string;
    const d = s.points.map(([x, y], j) => `${j === 0 ? 'M' : 'L'}${coord(px(x))} ${coord(py(y))}`).join('');
    out.push(`<path d="${d}" fill="none" stroke="${color}" stroke-width="2"${s.dashed === true ? ' stroke-dasharray="6 4"' : ''}><title>${escapeXml(s.name)}</title></path>`);
    if (s.markers !== false) for (const [x, y] of s.points) out.push(`<circle cx="${coord(px(x))}" cy="${coord(py(y))}" r="3" fill="${color}"/>`);
    // legend, in one row under the axis label
    const lx = MARGIN.left + i * Math.min(160, plotW / spec.series.length);
    out.push(`<line x1="${coord(lx)}" x2="${coord(lx + 22)}" y1="${height - 12}" y2="${height - 12}" stroke="${color}" stroke-width="2"${s.dashed === true ? ' stroke-dasharray="6 4"' : ''}/>`);
    out.push(text(lx + 28, height - 8, s.name));
  });
  out.push('</svg>');
  return out.join('');
}
