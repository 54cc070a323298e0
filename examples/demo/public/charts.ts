/**
 * Small hand-written SVG charts for the demo pages. Built with DOM calls: every label is set
 * with `textContent`, never parsed as markup.
 */
const SVG = 'http://www.w3.org/2000/svg';

function el<K extends keyof SVGElementTagNameMap>(name: K, attrs: Record<string, string | number>, parent?: Element): SVGElementTagNameMap[K] {
  const node = document.createElementNS(SVG, name);
  for (const [key, value] of Object.entries(attrs)) node.setAttribute(key, String(value));
  parent?.appendChild(node);
  return node;
}

function svg(width: number, height: number, label: string): SVGSVGElement {
  const root = el('svg', { width, height, viewBox: `0 0 ${width} ${height}`, role: 'img' });
  el('title', {}, root).textContent = label;
  return root;
}

/** A horizontal bar for a value in [min, max], coloured by thirds (bad → good). */
export function meter(value: number, min: number, max: number, label: string): SVGSVGElement {
  const width = 90;
  const root = svg(width, 12, label);
  el('rect', { class: 'bar-track', x: 0, y: 1, width, height: 10, rx: 3 }, root);
  const share = Math.min(1, Math.max(0, (value - min) / (max - min)));
  const tone = share >= 2 / 3 ? 'bar-good' : share >= 1 / 3 ? 'bar-mid' : 'bar-bad';
  el('rect', { class: tone, x: 0, y: 1, width: Math.max(2, share * width), height: 10, rx: 3 }, root);
  return root;
}

/** Columns, one per value (e.g. events per day). */
export function sparkColumns(values: readonly number[], label: string): SVGSVGElement {
  const width = 4 * 2 + values.length * 6;
  const height = 24;
  const root = svg(width, height, label);
  const max = Math.max(1, ...values);
  values.forEach((v, i) => {
    const h = v === 0 ? 1 : Math.max(2, (v / max) * (height - 2));
    el('rect', { class: 'spark', x: 4 + i * 6, y: height - h, width: 4, height: h, opacity: v === 0 ? 0.25 : 1 }, root);
  });
  return root;
}

/** Two cumulative lines (actual vs predicted) over weeks, with a marker at the calibration/holdout split. */
export function lineChart(series: { actual: readonly number[]; predicted: readonly number[] }, split: number, label: string): SVGSVGElement {
  const width = 560;
  const height = 220;
  const pad = { left: 48, right: 12, top: 12, bottom: 28 };
  const root = svg(width, height, label);
  const n = Math.max(series.actual.length, series.predicted.length);
  const max = Math.max(1, ...series.actual, ...series.predicted);
  const x = (i: number) => pad.left + (i / Math.max(1, n - 1)) * (width - pad.left - pad.right);
  const y = (v: number) => height - pad.bottom - (v / max) * (height - pad.top - pad.bottom);
  el('line', { class: 'chart-axis', x1: pad.left, y1: height - pad.bottom, x2: width - pad.right, y2: height - pad.bottom }, root);
  el('line', { class: 'chart-axis', x1: pad.left, y1: pad.top, x2: pad.left, y2: height - pad.bottom }, root);
  el('line', { class: 'chart-axis', x1: x(split), y1: pad.top, x2: x(split), y2: height - pad.bottom, 'stroke-dasharray': '2 3' }, root);
  const splitLabel = el('text', { class: 'chart-label', x: x(split) + 4, y: pad.top + 10 }, root);
  splitLabel.textContent = 'holdout →';
  const top = el('text', { class: 'chart-label', x: 4, y: pad.top + 8 }, root);
  top.textContent = String(Math.round(max));
  const axis = el('text', { class: 'chart-label', x: width / 2, y: height - 6 }, root);
  axis.textContent = `week (1–${n})`;
  const path = (values: readonly number[]) => values.map((v, i) => `${i === 0 ? 'M' : 'L'}${x(i).toFixed(1)},${y(v).toFixed(1)}`).join(' ');
  el('path', { class: 'chart-line actual', d: path(series.actual) }, root);
  el('path', { class: 'chart-line predicted', d: path(series.predicted) }, root);
  return root;
}
