import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidModelInputError } from '../invalid-model-input-error.js';
import { probabilityAliveHeatmap, survivalProjectionChart, holdoutByFrequencyChart } from './churn-plots.js';
import { heatmap } from './heatmap.js';
import { lineChart } from './line-chart.js';
import { escapeXml, niceTicks, sequentialColor } from './svg.js';

const luminance = (hex: string) => {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
  return 0.2126 * (r as number) + 0.7152 * (g as number) + 0.0722 * (b as number);
};

describe('svg helpers', () => {
  it('escapes every markup character', () => {
    expect(escapeXml(`<script>alert("x") & 'y'</script>`)).toBe('&lt;script&gt;alert(&quot;x&quot;) &amp; &#39;y&#39;&lt;/script&gt;');
  });

  it('nice ticks cover the range with 1-2-5 steps', () => {
    fc.assert(
      fc.property(fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.double({ min: 1e-3, max: 1e6, noNaN: true }), (min, span) => {
        const ticks = niceTicks(min, min + span, 5);
        expect(ticks.length).toBeGreaterThanOrEqual(1);
        expect(ticks.length).toBeLessThanOrEqual(11);
        const step = (ticks[1] ?? 0) - (ticks[0] ?? 0);
        if (ticks.length > 1) {
          const mantissa = step / 10 ** Math.floor(Math.log10(step) + 1e-9);
          expect([1, 2, 5, 10].some((m) => Math.abs(mantissa - m) < 1e-6)).toBe(true);
        }
        for (const t of ticks) expect(t).toBeGreaterThanOrEqual(min - 1e-9 * Math.abs(min) - 1e-12);
      }),
    );
  });

  it('the colour scale gets lighter as the value grows, and clamps', () => {
    const values = [0, 0.1, 0.3, 0.5, 0.7, 0.9, 1];
    const lum = values.map((v) => luminance(sequentialColor(v)));
    for (let i = 1; i < lum.length; i++) expect(lum[i]).toBeGreaterThan(lum[i - 1] as number);
    expect(sequentialColor(-3)).toBe(sequentialColor(0));
    expect(sequentialColor(7)).toBe(sequentialColor(1));
    expect(sequentialColor(Number.NaN)).toBe(sequentialColor(0));
  });
});

describe('charts', () => {
  it('writes series names as text, never as markup', () => {
    const svg = lineChart({ title: 'T <b>', xLabel: 'x', yLabel: 'y', series: [{ name: '<img src=x onerror=alert(1)>', points: [[0, 1], [1, 2]] }] });
    expect(svg).not.toContain('<img');
    expect(svg).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(svg).toContain('T &lt;b&gt;');
  });

  it('draws higher values higher (smaller y)', () => {
    const svg = lineChart({ title: 't', xLabel: 'x', yLabel: 'y', series: [{ name: 's', points: [[0, 10], [1, 50], [2, 30]] }] });
    const ys = [...svg.matchAll(/<circle cx="[\d.]+" cy="([\d.]+)"/g)].map((m) => Number(m[1]));
    expect(ys).toHaveLength(3);
    expect(ys[1]).toBeLessThan(ys[2] as number);
    expect(ys[2]).toBeLessThan(ys[0] as number);
  });

  it('rejects what it cannot draw, naming the place', () => {
    expect(() => lineChart({ title: 't', xLabel: 'x', yLabel: 'y', series: [] })).toThrow(InvalidModelInputError);
    expect(() => lineChart({ title: 't', xLabel: 'x', yLabel: 'y', series: [{ name: 's', points: [[0, Number.NaN]] }] })).toThrow(/series\[0\]\.points\[0\]/);
    expect(() => heatmap({ title: 't', xLabel: 'x', yLabel: 'y', xs: [1], ys: [1], value: () => 1.5 })).toThrow(/value\(1, 1\)/);
    expect(() => survivalProjectionChart({ actual: [100, 80], projected: [100, 79], calibrationPeriods: 5 })).toThrow(/calibrationPeriods/);
    expect(() => holdoutByFrequencyChart({})).toThrow(/models/);
    expect(() => probabilityAliveHeatmap(() => 0.5, { T: 0, maxFrequency: 3 })).toThrow(/options\.T/);
  });

  it('the P(alive) heat map has one cell per frequency × recency, coloured by the model', () => {
    const svg = probabilityAliveHeatmap((c) => (c.x === 0 ? 1 : c.tx / c.T), { T: 40, maxFrequency: 4, recencyColumns: 8 });
    const cells = [...svg.matchAll(/<rect x="[\d.]+" y="[\d.]+" width="[\d.]+" height="[\d.]+" fill="(#[0-9a-f]{6})"><title>([^<]*)<\/title>/g)];
    expect(cells).toHaveLength(5 * 8);
    // recency 37.5 of 40 with x ≥ 1 → 0.938; the x = 0 row is the model's value at tx = 0 (here 1)
    expect(cells.some((c) => (c[2] as string).endsWith('37.5, Frequency: repeat purchases 3: 0.938'))).toBe(true);
    expect(cells.filter((c) => (c[2] as string).includes('repeat purchases 0:')).every((c) => c[1] === sequentialColor(1))).toBe(true);
  });

  it('the holdout chart labels the open-ended group', () => {
    const group = (x: number, orMore = false) => ({ x, orMore, customers: 10, actual: x / 2, predicted: x / 2.1 });
    const svg = holdoutByFrequencyChart({ 'BG/NBD': { byCalibrationPurchases: [group(0), group(1), group(2, true)] } });
    expect(svg).toContain('>2+</text>');
    expect(svg.match(/<path /g)).toHaveLength(2);
  });
});
