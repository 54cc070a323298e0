/** The SVG figures parse as XML in a real browser, and their text stays text. */
import { describe, expect, it } from 'vitest';
import { holdoutByFrequencyChart, probabilityAliveHeatmap, survivalProjectionChart } from './churn-plots.js';

const parse = (svg: string) => new DOMParser().parseFromString(svg, 'image/svg+xml');

describe('churn plots in Chromium', () => {
  it('are well-formed SVG documents with a title', () => {
    const group = (x: number, orMore = false) => ({ x, orMore, customers: 3, actual: x, predicted: x * 0.9 });
    const docs = [
      probabilityAliveHeatmap((c) => (c.x === 0 ? 0.9 : c.tx / c.T), { T: 39, maxFrequency: 6 }),
      holdoutByFrequencyChart({ 'BG/NBD': { byCalibrationPurchases: [group(0), group(1, true)] }, '<Pareto/NBD>': { byCalibrationPurchases: [group(0), group(1, true)] } }),
      survivalProjectionChart({ actual: [100, 63.1, 46.8], projected: [100, 62.5, 47.2, 38.9], calibrationPeriods: 2 }),
    ].map(parse);
    for (const doc of docs) {
      expect(doc.querySelector('parsererror')).toBeNull();
      expect(doc.documentElement.namespaceURI).toBe('http://www.w3.org/2000/svg');
      expect(doc.querySelector('title')?.textContent?.length).toBeGreaterThan(0);
    }
    const legend = Array.from((docs[1] as Document).querySelectorAll('text'), (t) => t.textContent);
    expect(legend).toContain('<Pareto/NBD>');
    expect((docs[1] as Document).querySelector('Pareto')).toBeNull();
  });
});
