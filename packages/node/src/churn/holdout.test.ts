import { describe, expect, it } from 'vitest';
import { bgNbdExpectedPurchases } from './bg-nbd.js';
import { compareHoldout } from './holdout.js';

const bg = { r: 0.2426, alpha: 4.4135, a: 0.7929, b: 2.4258 };

describe('compareHoldout', () => {
  it('groups by calibration purchases with an open last group, averaging actual and predicted', () => {
    const customers = [
      { x: 0, tx: 0, T: 30, holdoutPurchases: 1 },
      { x: 0, tx: 0, T: 20, holdoutPurchases: 0 },
      { x: 2, tx: 10, T: 30, holdoutPurchases: 3 },
      { x: 5, tx: 25, T: 30, holdoutPurchases: 4 },
      { x: 9, tx: 28, T: 30, holdoutPurchases: 6 },
    ];
    const result = compareHoldout(bg, customers, 39, 3);
    const e = (i: number) => bgNbdExpectedPurchases(bg, customers[i] as (typeof customers)[number], 39);
    expect(result.total.actual).toBe(14);
    expect(result.total.predicted).toBeCloseTo(e(0) + e(1) + e(2) + e(3) + e(4), 10);
    expect(result.byCalibrationPurchases.map((g) => [g.x, g.orMore, g.customers])).toEqual([
      [0, false, 2],
      [1, false, 0],
      [2, false, 1],
      [3, true, 2],
    ]);
    expect(result.byCalibrationPurchases[0]?.actual).toBe(0.5);
    expect(result.byCalibrationPurchases[3]?.predicted).toBeCloseTo((e(3) + e(4)) / 2, 10);
  });

  it('rejects a bad holdout count, length or cap', () => {
    expect(() => compareHoldout(bg, [{ x: 0, tx: 0, T: 1, holdoutPurchases: -1 }], 39)).toThrow(/customers\[0\]\.holdoutPurchases/);
    expect(() => compareHoldout(bg, [], -2)).toThrow(/holdoutLength/);
    expect(() => compareHoldout(bg, [], 39, 0)).toThrow(/cap/);
  });
});
