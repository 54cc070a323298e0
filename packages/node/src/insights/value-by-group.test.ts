import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { valueByGroup } from './value-by-group.js';

describe('valueByGroup', () => {
  it('sums, averages and takes the median per group, highest mean first', () => {
    expect(
      valueByGroup([
        { group: 'ads', value: 20 },
        { group: 'referral', value: 90 },
        { group: 'ads', value: 40 },
        { group: 'ads', value: 0 },
      ]),
    ).toEqual([
      { group: 'referral', customers: 1, total: 90, mean: 90, median: 90 },
      { group: 'ads', customers: 3, total: 60, mean: 20, median: 20 },
    ]);
    expect(() => valueByGroup([{ group: 'a', value: Number.NaN }])).toThrow(/customers\[0\]\.value/);
  });

  it('keeps every customer and the grand total', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ group: fc.constantFrom('a', 'b', 'c'), value: fc.integer({ min: -100, max: 1000 }) })), (rows) => {
        const groups = valueByGroup(rows);
        expect(groups.reduce((s, g) => s + g.customers, 0)).toBe(rows.length);
        expect(groups.reduce((s, g) => s + g.total, 0)).toBe(rows.reduce((s, r) => s + r.value, 0));
      }),
    );
  });
});
