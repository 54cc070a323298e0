import { describe, expect, it } from 'vitest';
import { HOUR, MINUTE, ORIGIN, shuffled, track } from '../../test/events.js';
import type { RetainEvent } from '../events/event-schema.js';
import { applyEvent } from './apply-event.js';
import { createCustomerState } from './create-customer-state.js';
import type { CustomerState } from './customer-state.js';
import { funnelStalledForMs, funnelStepReached } from './queries.js';

const fold = (events: readonly RetainEvent[]): CustomerState => events.reduce(applyEvent, createCustomerState('u1'));
const step = (funnel: string, name: string, index: number, ms: number, final = false) =>
  track('Funnel Step Reached', ms, { funnel, step: name, step_index: index, ...(final ? { final: true } : {}) });

describe('funnels', () => {
  it('keeps the furthest step, when it was first reached, entry and last activity', () => {
    const s = fold([step('checkout', 'cart', 0, 0), step('checkout', 'shipping', 1, 10 * MINUTE), step('checkout', 'cart', 0, 20 * MINUTE), step('checkout', 'shipping', 1, 30 * MINUTE)]);
    expect(s.funnels['checkout']).toEqual({
      furthestStep: 'shipping',
      furthestIndex: 1,
      reachedAt: ORIGIN + 10 * MINUTE,
      startedAt: ORIGIN,
      lastActivityAt: ORIGIN + 30 * MINUTE,
      completed: false,
    });
  });

  it('keeps funnels apart by name', () => {
    const s = fold([step('checkout', 'cart', 0, 0), step('onboarding', 'profile', 2, MINUTE)]);
    expect(Object.keys(s.funnels).sort()).toEqual(['checkout', 'onboarding']);
    expect(funnelStepReached(s, 'onboarding', 2)).toBe(true);
    expect(funnelStepReached(s, 'checkout', 1)).toBe(false);
  });

  it('is completed when a final step is reached, and then is not stalled', () => {
    const s = fold([step('checkout', 'cart', 0, 0), step('checkout', 'confirmed', 3, HOUR, true)]);
    expect(s.funnels['checkout']?.completed).toBe(true);
    expect(funnelStalledForMs(s, 'checkout', ORIGIN + 5 * HOUR)).toBeNull();
  });

  it('completion does not depend on arrival order among events at the furthest step', () => {
    const events = [step('checkout', 'confirmed', 3, HOUR), step('checkout', 'confirmed', 3, 2 * HOUR, true), step('checkout', 'cart', 0, 0)];
    const expected = fold(events).funnels;
    expect(expected['checkout']?.completed).toBe(true);
    for (let seed = 1; seed <= 10; seed++) expect(fold(shuffled(events, seed)).funnels).toEqual(expected);
  });

  it('a stalled funnel reports how long since its last step', () => {
    const s = fold([step('checkout', 'cart', 0, 0), step('checkout', 'shipping', 1, HOUR)]);
    expect(funnelStalledForMs(s, 'checkout', ORIGIN + 3 * HOUR)).toBe(2 * HOUR);
    expect(funnelStalledForMs(s, 'checkout', ORIGIN)).toBe(0);
    expect(funnelStalledForMs(s, 'never-entered', ORIGIN)).toBeNull();
    expect(funnelStepReached(s, 'checkout', 'shipping')).toBe(true);
    expect(funnelStepReached(s, 'checkout', 'cart')).toBe(false); // by name: the furthest step only
  });
});
