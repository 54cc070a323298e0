import { createCustomerState } from '@retain/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { activityDropSignal } from './activity-drop.js';
import { funnelStallSignal } from './funnel-stall.js';
import { negativeFeedbackSignal } from './negative-feedback.js';
import { paymentFailuresSignal } from './payment-failures.js';
import { purchaseOverdueSignal } from './purchase-overdue.js';
import { replenishmentDate } from './replenishment.js';
import { DAY, stateFrom, T0, visitsOn } from './testing/states.js';
import { trialConversionLikelihood } from './trial-conversion.js';
import { visitGapSignal } from './visit-gap.js';

describe('negative feedback', () => {
  it('is 0.35 after one negative and 0.8 after two in a row (DOMAIN.md §4); a positive breaks the run', () => {
    const one = stateFrom([['Feedback Given', 0, { nps: 9 }], ['Feedback Given', 1, { nps: 2 }]]);
    const two = stateFrom([['Feedback Given', 0, { nps: 3 }], ['Feedback Given', 1, { thumbs: 'down' }]]);
    const broken = stateFrom([['Feedback Given', 0, { nps: 3 }], ['Feedback Given', 1, { nps: 10 }]]);
    expect(negativeFeedbackSignal(one).severity).toBe(0.35);
    expect(negativeFeedbackSignal(two).severity).toBe(0.8);
    expect(negativeFeedbackSignal(two).detail).toMatch(/2 negative feedbacks in a row/);
    expect(negativeFeedbackSignal(broken).severity).toBe(0);
  });
});

describe('payment failures', () => {
  it('counts recent failures only: 0.5 for one, 1 for two', () => {
    const one = stateFrom([['Subscription Started', 0], ['Payment Failed', 10]]);
    const two = stateFrom([['Subscription Started', 0], ['Payment Failed', 10], ['Payment Failed', 12]]);
    expect(paymentFailuresSignal(one, T0 + 11 * DAY).severity).toBe(0.5);
    expect(paymentFailuresSignal(two, T0 + 13 * DAY).severity).toBe(1);
    expect(paymentFailuresSignal(two, T0 + 60 * DAY).severity).toBe(0);
  });
});

describe('activity drop', () => {
  it('is the size of the drop against the customer’s own baseline', () => {
    // 28 baseline days with a visit every day, then 7 days with one visit: 1/7 of the usual rate.
    const days = [...Array.from({ length: 28 }, (_, i) => i), 30];
    const state = stateFrom(visitsOn(days));
    const now = T0 + 34.5 * DAY;
    const signal = activityDropSignal(state, now);
    expect(signal.severity).toBeCloseTo(1 - 1 / 7, 10);
    expect(activityDropSignal(stateFrom(visitsOn(Array.from({ length: 35 }, (_, i) => i))), now).severity).toBe(0);
    expect(activityDropSignal(createCustomerState('x'), now).severity).toBe(0);
  });
});

describe('visit gap', () => {
  it('is 0 within the usual rhythm and grows to 1 at four usual gaps', () => {
    const state = stateFrom(visitsOn([0, 2, 4, 6, 8]));
    expect(visitGapSignal(state, T0 + 9 * DAY).severity).toBe(0);
    expect(visitGapSignal(state, T0 + (8 + 5) * DAY).severity).toBeCloseTo(1.5 / 3, 2);
    expect(visitGapSignal(state, T0 + 30 * DAY).severity).toBe(1);
    expect(visitGapSignal(stateFrom(visitsOn([0, 1])), T0 + 30 * DAY).severity).toBe(0);
  });

  it('never decreases as time passes without a visit', () => {
    const state = stateFrom(visitsOn([0, 3, 5, 9]));
    fc.assert(
      fc.property(fc.double({ min: 9, max: 100, noNaN: true }), fc.double({ min: 0, max: 50, noNaN: true }), (a, extra) => {
        expect(visitGapSignal(state, T0 + (a + extra) * DAY).severity).toBeGreaterThanOrEqual(visitGapSignal(state, T0 + a * DAY).severity);
      }),
    );
  });
});

describe('funnel stall', () => {
  it('flags the longest-stalled unfinished funnel after the threshold', () => {
    const state = stateFrom([
      ['Funnel Step Reached', 0, { funnel: 'checkout', step: 'cart', step_index: 0 }],
      ['Funnel Step Reached', 1, { funnel: 'checkout', step: 'payment', step_index: 1 }],
      ['Funnel Step Reached', 0, { funnel: 'onboarding', step: 'done', step_index: 3, final: true }],
    ]);
    expect(funnelStallSignal(state, T0 + 2 * DAY).severity).toBe(0);
    expect(funnelStallSignal(state, T0 + 4 * DAY).severity).toBe(0.5);
    expect(funnelStallSignal(state, T0 + 13 * DAY).severity).toBe(1);
    expect(funnelStallSignal(state, T0 + 4 * DAY).detail).toMatch(/"checkout" stalled at "payment"/);
  });
});

describe('replenishment', () => {
  it('expects the next purchase one mean interval after the last, and tells how late the customer is', () => {
    const state = stateFrom([['Order Completed', 0, { revenue: 10 }], ['Order Completed', 10, { revenue: 10 }], ['Order Completed', 30, { revenue: 10 }]]);
    const next = replenishmentDate(state, T0 + 50 * DAY);
    expect(next?.meanIntervalDays).toBe(15);
    expect(next?.expectedAt).toBe(T0 + 45 * DAY);
    expect(next?.overdueDays).toBe(5);
    expect(next?.intervalStdDevDays).toBeCloseTo(Math.sqrt(50), 10);
    expect(replenishmentDate(stateFrom([['Order Completed', 0, { revenue: 1 }]]), T0)).toBeNull();
    expect(purchaseOverdueSignal(state, T0 + 40 * DAY).severity).toBe(0);
    expect(purchaseOverdueSignal(state, T0 + 60 * DAY).severity).toBeCloseTo(15 / 30, 10);
  });
});

describe('trial conversion likelihood', () => {
  it('follows the documented logistic form and rises with progress and activity', () => {
    const idle = trialConversionLikelihood(createCustomerState('x'), T0);
    expect(idle.probability).toBeCloseTo(1 / (1 + Math.exp(2.5)), 12);
    const engaged = stateFrom([
      ...visitsOn(Array.from({ length: 14 }, (_, i) => i)),
      ['Funnel Step Reached', 13, { funnel: 'onboarding', step: 'invite', step_index: 2 }],
    ]);
    const result = trialConversionLikelihood(engaged, T0 + 13.5 * DAY);
    expect(result.features.funnelProgress).toBe(0.5);
    expect(result.features.activeDays).toBe(1);
    const logit = -2.5 + 2.5 * 0.5 + 3 * 1 + 0.8 * result.features.trend;
    expect(result.logit).toBeCloseTo(logit, 12);
    expect(result.probability).toBeGreaterThan(idle.probability);
    expect(trialConversionLikelihood(engaged, T0 + 13.5 * DAY, { coefficients: { intercept: -10 } }).probability).toBeLessThan(result.probability);
    expect(() => trialConversionLikelihood(engaged, T0, { funnelSteps: 1 })).toThrow(/funnelSteps/);
  });
});
