/**
 * The small SVG vocabulary the churn plots share (internal): escaping, number labels, axis ticks
 * and a sequential colour scale. Every label is written as escaped text, never as markup.
 */

/** Escapes text for an SVG text node or attribute value. */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '"' ? '&quot;' : '&#39;'));
}

/** A coordinate with at most two decimals (keeps the files small and diffs stable). */
export function coord(value: number): string {
  return String(Math.round(value * 100) / 100);
}

/** A short axis label: `1,250`, `0.25`, `12.5`. */
export function label(value: number): string {
  if (Number.isInteger(value)) return value.toLocaleString('en-US');
  const digits = Math.abs(value) >= 10 ? 1 : Math.abs(value) >= 1 ? 2 : 3;
  return String(Number(value.toFixed(digits)));
}

/** "Nice" tick values covering [min, max] (1, 2, 5 × 10ⁿ steps), at most about `count` of them. */
export function niceTicks(min: number, max: number, count = 5): number[] {
  if (!(max > min)) return [min];
  const raw = (max - min) / Math.max(1, count);
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = ([1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? 10 * power) as number;
  const ticks: number[] = [];
  for (let t = Math.ceil(min / step) * step; t <= max + step * 1e-9; t += step) ticks.push(Number(t.toPrecision(12)));
  return ticks;
}

// Viridis at five stops: perceptually uniform, readable in grey and by most colour-blind readers.
const STOPS: ReadonlyArray<readonly [number, number, number]> = [
  [68, 1, 84],
  [59, 82, 139],
  [33, 145, 140],
  [94, 201, 98],
  [253, 231, 37],
];

/** The colour of `value` in [0, 1] on the viridis scale (values outside are clamped). */
export function sequentialColor(value: number): string {
  const v = Number.isFinite(value) ? Math.min(1, Math.max(0, value)) : 0;
  const at = v * (STOPS.length - 1);
  const i = Math.min(STOPS.length - 2, Math.floor(at));
  const f = at - i;
  const a = STOPS[i] as readonly [number, number, number];
  const b = STOPS[i + 1] as readonly [number, number, number];
  const hex = (k: 0 | 1 | 2) => Math.round(a[k] + (b[k] - a[k]) * f).toString(16).padStart(2, '0');
  return `#${hex(0)}${hex(1)}${hex(2)}`;
}

/** Colours for up to eight series (Okabe–Ito, safe for colour-blind readers). */
export const SERIES_COLORS = ['#000000', '#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#F0E442'] as const;

/** Opens an SVG document of the given size with a title (for screen readers) and a white background. */
export function svgOpen(width: number, height: number, title: string): string {
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" font-family="system-ui, sans-serif" font-size="12">` +
    `<title>${escapeXml(title)}</title><rect width="${width}" height="${height}" fill="#fff"/>`
  );
}

/** A text element; `anchor` is the SVG `text-anchor`. */
export function text(x: number, y: number, content: string, anchor: 'start' | 'middle' | 'end' = 'start', extra = ''): string {
  return `<text x="${coord(x)}" y="${coord(y)}" text-anchor="${anchor}"${extra}>${escapeXml(content)}</text>`;
}
