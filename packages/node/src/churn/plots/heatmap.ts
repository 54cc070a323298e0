/**
 * A heat map of a value in [0, 1] over a grid, as a standalone SVG string — used for P(alive)
 * over frequency × recency, the classic figure of the BTYD literature.
 */
import { InvalidModelInputError } from '../invalid-model-input-error.js';
import { coord, escapeXml, label, sequentialColor, svgOpen, text } from './svg.js';

/** What {@link heatmap} draws. */
export interface HeatmapSpec {
  title: string;
  xLabel: string;
  yLabel: string;
  /** Column centres, left to right. */
  xs: readonly number[];
  /** Row values, drawn bottom to top. */
  ys: readonly number[];
  /** The value of a cell, in [0, 1]; `null` leaves the cell blank (e.g. an impossible pattern). */
  value: (x: number, y: number) => number | null;
  /** Legend caption. @default 'probability' */
  legend?: string;
  /** @default 640 */
  width?: number;
  /** @default 480 */
  height?: number;
}

const MARGIN = { top: 40, right: 90, bottom: 56, left: 64 };

/**
 * Draws a heat map on the viridis scale, with a colour legend from 0 to 1; each cell carries its
 * value in a `<title>` (a tooltip in browsers).
 *
 * @throws {@link InvalidModelInputError} for an empty axis, or a value that is not in [0, 1].
 * @example
 * ```ts
 * import { heatmap } from '@retain/node';
 * const svg = heatmap({
 *   title: 'P(alive)', xLabel: 'Recency', yLabel: 'Frequency',
 *   xs: [0, 10, 20], ys: [0, 1, 2],
 *   value: (recency, frequency) => (frequency === 0 ? 1 : recency / 20),
 * });
 * svg.includes('<rect'); // true
 * ```
 */
export function heatmap(spec: HeatmapSpec): string {
  const width = spec.width ?? 640;
  const height = spec.height ?? 480;
  if (spec.xs.length === 0) throw new InvalidModelInputError('xs', 'needs at least one column');
  if (spec.ys.length === 0) throw new InvalidModelInputError('ys', 'needs at least one row');
  const plotW = width - MARGIN.left - MARGIN.right;
  const plotH = height - MARGIN.top - MARGIN.bottom;
  const cw = plotW / spec.xs.length;
  const ch = plotH / spec.ys.length;
  const out: string[] = [svgOpen(width, height, spec.title), text(width / 2, 22, spec.title, 'middle', ' font-size="15" font-weight="600"')];
  const labelEvery = (n: number) => Math.max(1, Math.ceil(n / 10));
  spec.ys.forEach((y, row) => {
    const top = MARGIN.top + plotH - (row + 1) * ch;
    spec.xs.forEach((x, col) => {
      const v = spec.value(x, y);
      if (v === null) return;
      if (!(v >= 0 && v <= 1)) throw new InvalidModelInputError(`value(${x}, ${y})`, `must be in [0, 1], got ${v}`);
      out.push(
        `<rect x="${coord(MARGIN.left + col * cw)}" y="${coord(top)}" width="${coord(cw + 0.5)}" height="${coord(ch + 0.5)}" fill="${sequentialColor(v)}">` +
          `<title>${escapeXml(`${spec.xLabel} ${label(x)}, ${spec.yLabel} ${label(y)}: ${v.toFixed(3)}`)}</title></rect>`,
      );
    });
    if (row % labelEvery(spec.ys.length) === 0) out.push(text(MARGIN.left - 8, top + ch / 2 + 4, label(y), 'end'));
  });
  spec.xs.forEach((x, col) => {
    if (col % labelEvery(spec.xs.length) === 0) out.push(text(MARGIN.left + (col + 0.5) * cw, MARGIN.top + plotH + 18, label(x), 'middle'));
  });
  out.push(text(MARGIN.left + plotW / 2, height - 14, spec.xLabel, 'middle'));
  out.push(text(16, MARGIN.top + plotH / 2, spec.yLabel, 'middle', ` transform="rotate(-90 16 ${coord(MARGIN.top + plotH / 2)})"`));
  // legend: 10 bands from 0 (bottom) to 1 (top)
  const lx = width - MARGIN.right + 24;
  for (let i = 0; i < 10; i++) {
    out.push(`<rect x="${lx}" y="${coord(MARGIN.top + plotH - ((i + 1) * plotH) / 10)}" width="16" height="${coord(plotH / 10 + 0.5)}" fill="${sequentialColor((i + 0.5) / 10)}"/>`);
  }
  out.push(text(lx + 20, MARGIN.top + plotH + 4, '0'), text(lx + 20, MARGIN.top + 8, '1'));
  out.push(text(lx + 8, MARGIN.top - 8, spec.legend ?? 'probability', 'middle', ' font-size="10"'));
  out.push('</svg>');
  return out.join('');
}
