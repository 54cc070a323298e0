import { createCustomerState } from '@retain/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_HEALTH_WEIGHTS, healthScore } from './health-score.js';
import { DAY, stateFrom, T0, visitsOn } from './testing/states.js';

describe('healthScore', () => {
  it('is 100 with no reasons for a customer without risk signals', () => {
    expect(healthScore(createCustomerState('u'), T0)).toEqual({ score: 100, reasons: [] });
  });

  it('takes 32 points for two consecutive negative feedbacks and 14 for one, with the reason', () => {
    const two = stateFrom([['Feedback Given', 0, { nps: 3 }], ['Feedback Given', 1, { nps: 2 }]]);
    const health = healthScore(two, T0 + 2 * DAY);
    expect(health.score).toBe(68);
    expect(health.reasons).toEqual([{ signal: 'negativeFeedback', severity: 0.8, detail: '2 negative feedbacks in a row', contribution: -32 }]);
    expect(healthScore(stateFrom([['Feedback Given', 0, { nps: 3 }]]), T0 + DAY).score).toBe(86);
  });

  it('adds up several signals, orders the reasons by effect, and the contributions explain the score', () => {
    const state = stateFrom([
      ...visitsOn([0, 2, 4, 6, 8]),
      ['Subscription Started', 0],
      ['Payment Failed', 9],
      ['Payment Failed', 10],
      ['Feedback Given', 9, { nps: 1 }],
    ]);
    const health = healthScore(state, T0 + 20 * DAY);
    // Two failed payments −25, no visit for 10 days after visiting every other day: activity −20 and visit gap −15, one negative NPS −14.
    expect(health.reasons.map((r) => [r.signal, r.contribution])).toEqual([
      ['paymentFailures', -25],
      ['activityDrop', -20],
      ['visitGap', -15],
      ['negativeFeedback', -14],
    ]);
    expect(health.score).toBe(26);
    const total = health.reasons.reduce((s, r) => s + r.contribution, 0);
    expect(health.score).toBeCloseTo(100 + total, 6);
    for (let i = 1; i < health.reasons.length; i++) expect(health.reasons[i]?.contribution).toBeGreaterThanOrEqual(health.reasons[i - 1]?.contribution as number);
  });

  it('uses the weights given: a zero weight removes a reason, a larger one takes more points', () => {
    const state = stateFrom([['Feedback Given', 0, { nps: 3 }], ['Feedback Given', 1, { nps: 2 }]]);
    expect(healthScore(state, T0 + 2 * DAY, { negativeFeedback: 0 })).toEqual({ score: 100, reasons: [] });
    expect(healthScore(state, T0 + 2 * DAY, { negativeFeedback: 100 }).score).toBe(20);
    expect(() => healthScore(state, T0, { negativeFeedback: -1 })).toThrow(/weights\.negativeFeedback/);
    expect(() => healthScore(state, T0, { nope: 1 } as never)).toThrow(/weights/);
    expect(() => healthScore(state, Number.NaN)).toThrow(/now/);
  });

  it('stays within 0–100 and never exceeds 100 minus the weighted severities', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 10 }), fc.integer({ min: 0, max: 60 })), { maxLength: 12 }), fc.integer({ min: 0, max: 90 }), (feedback, nowDay) => {
        const state = stateFrom(feedback.map(([nps, day]) => ['Feedback Given', day, { nps }] as const));
        const health = healthScore(state, T0 + nowDay * DAY, { ...DEFAULT_HEALTH_WEIGHTS, negativeFeedback: 200 });
        expect(health.score).toBeGreaterThanOrEqual(0);
        expect(health.score).toBeLessThanOrEqual(100);
        for (const r of health.reasons) expect(r.contribution).toBeLessThan(0);
      }),
      { numRuns: 60 },
    );
  });
});
