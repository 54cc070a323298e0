import { STATE_VERSION, type CustomerState } from './customer-state.js';

/**
 * An empty plain object for a hot map keyed by customer input (`actions`, `milestones`: touched
 * by nearly every event).
 * Removing a property puts it in V8's dictionary mode up front: thousands of such maps, each with
 * its own keys in its own order, are then read by hash instead of through shape caches that they
 * would overflow (about twice as fast in the fold). Still a plain `{}` for every other purpose.
 */
function record<T>(): Record<string, T> {
  const map: Record<string, T | number> = { a: 0, b: 0 };
  delete map['a'];
  delete map['b'];
  return map as Record<string, T>;
}

/**
 * A new, empty state for the customer (or account) `id`.
 *
 * @param id - the customer key (usually the `userId`, else the `anonymousId`) or the account id.
 * @param kind - `'customer'` (default) or `'account'` for a B2B account roll-up.
 * @example
 * ```ts
 * import { createCustomerState } from '@retain/core';
 * const state = createCustomerState('user-42');
 * state.visits.sessions.length; // 0
 * ```
 */
export function createCustomerState(id: string, kind: CustomerState['kind'] = 'customer'): CustomerState {
  return {
    version: STATE_VERSION,
    kind,
    id,
    identity: { anonymousIds: [], userId: null, userIdAt: null, accountId: null, accountIdAt: null, members: [], traits: {}, traitTimes: {} },
    visits: { sessions: [], archived: { count: 0, durationMs: 0, events: 0 }, firstSeen: null, lastSeen: null },
    actions: record(),
    metrics: {},
    milestones: record(),
    funnels: {},
    activity: {},
    transactions: { orders: 0, revenue: 0, refunds: 0, refundedAmount: 0, firstOrderAt: null, lastOrderAt: null, purchaseDays: [] },
    subscription: { status: 'none', plan: null, since: null, paymentFailures: 0, lastPaymentFailedAt: null, trialEndsAt: null, planAt: null, trialEndedAt: null, lifecycle: null },
    feedback: { history: [], total: 0, negatives: 0, lastNps: null, consecutiveNegatives: 0 },
    consent: {},
    messages: [],
    interactions: {},
    experiments: {},
    eventCount: 0,
    updatedAt: null,
    seen: { at: [], ids: [] },
  };
}
