import { createCustomerState } from '@retain/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { rfmInputFromState, rfmScores, rfmSegment } from './rfm.js';
import { DAY, stateFrom, T0 } from './testing/states.js';

describe('RFM', () => {
  it('scores quintiles: each score holds a fifth of a population of distinct values', () => {
    const customers = Array.from({ length: 100 }, (_, i) => ({ customerId: `c${i}`, recencyDays: i, frequency: i, monetary: 1000 - i }));
    const scores = rfmScores(customers);
    for (const key of ['r', 'f', 'm'] as const) {
      for (let s = 1; s <= 5; s++) expect(scores.filter((x) => x[key] === s)).toHaveLength(20);
    }
    expect(scores[0]).toMatchObject({ r: 5, f: 1, m: 5 }); // most recent, fewest purchases, most spend
    expect(scores[99]).toMatchObject({ r: 1, f: 5, m: 1 });
  });

  it('gives ties the same score, and scores stay in 1–5', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ recencyDays: fc.integer({ min: 0, max: 30 }), frequency: fc.integer({ min: 0, max: 5 }), monetary: fc.integer({ min: 0, max: 9 }) }), { minLength: 1, maxLength: 60 }), (rows) => {
        const scores = rfmScores(rows.map((r, i) => ({ customerId: String(i), ...r })));
        rows.forEach((a, i) =>
          rows.forEach((b, j) => {
            if (a.frequency === b.frequency) expect(scores[i]?.f).toBe(scores[j]?.f);
            if (a.recencyDays < b.recencyDays) expect(scores[i]?.r).toBeGreaterThanOrEqual(scores[j]?.r as number);
          }),
        );
        for (const s of scores) for (const v of [s.r, s.f, s.m]) expect(v >= 1 && v <= 5).toBe(true);
      }),
    );
  });

  it('scores fixed cut points', () => {
    const scoring = { method: 'cutPoints' as const, recency: [7, 30, 90, 180] as [number, number, number, number], frequency: [2, 3, 5, 10] as [number, number, number, number], monetary: [50, 100, 250, 500] as [number, number, number, number] };
    const [a, b] = rfmScores(
      [
        { customerId: 'a', recencyDays: 7, frequency: 10, monetary: 499 },
        { customerId: 'b', recencyDays: 200, frequency: 1, monetary: 20 },
      ],
      scoring,
    );
    expect(a).toEqual({ customerId: 'a', r: 5, f: 5, m: 4, segment: 'champions' });
    expect(b).toEqual({ customerId: 'b', r: 1, f: 1, m: 1, segment: 'lost' });
    expect(() => rfmScores([], { ...scoring, recency: [30, 7, 90, 180] })).toThrow(/ascending/);
  });

  it('names the segments', () => {
    expect(rfmSegment(5, 5, 5)).toBe('champions');
    expect(rfmSegment(3, 4, 4)).toBe('loyal');
    expect(rfmSegment(2, 4, 3)).toBe('atRisk');
    expect(rfmSegment(1, 5, 5)).toBe('cannotLoseThem');
    expect(rfmSegment(4, 2, 2)).toBe('potentialLoyalist');
    expect(rfmSegment(5, 1, 1)).toBe('newCustomers');
    expect(rfmSegment(4, 1, 1)).toBe('promising');
    expect(rfmSegment(3, 1, 2)).toBe('needsAttention');
    expect(rfmSegment(2, 2, 1)).toBe('hibernating');
    expect(rfmSegment(1, 1, 1)).toBe('lost');
  });

  it('reads recency, frequency and net revenue from a state', () => {
    const state = stateFrom([['Order Completed', 0, { revenue: 30 }], ['Order Completed', 0.5, { revenue: 20 }], ['Order Completed', 10, { revenue: 50 }], ['Order Refunded', 11, { revenue: 20 }]]);
    expect(rfmInputFromState(state, T0 + 15 * DAY)).toEqual({ customerId: 'u1', recencyDays: 5, frequency: 2, monetary: 80 });
    expect(rfmInputFromState(createCustomerState('x'), T0)).toBeNull();
  });
});
