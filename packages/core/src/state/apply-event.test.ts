import { describe, expect, it } from 'vitest';
import { DAY, HOUR, MINUTE, ORIGIN, group, identify, iso, page, shuffled, snapshot, track } from '../../test/events.js';
import { InvalidEventError } from '../errors/invalid-event-error.js';
import type { RetainEvent } from '../events/event-schema.js';
import { accountIdOf, applyEvent, isDuplicateEvent } from './apply-event.js';
import { createCustomerState } from './create-customer-state.js';
import { DEDUPE_WINDOW, MAX_MESSAGES, type CustomerState } from './customer-state.js';
import { daysSince, hasConsent, hasOptedOut, metricValue } from './queries.js';

const fold = (events: readonly RetainEvent[], start = createCustomerState('u1')): CustomerState => events.reduce(applyEvent, start);

describe('applyEvent', () => {
  it('is pure: returns a new state and leaves the input untouched', () => {
    const s0 = createCustomerState('u1');
    const before = snapshot(s0);
    const s1 = applyEvent(s0, page(0));
    expect(s0).toEqual(before);
    expect(s1).not.toBe(s0);
    expect(s1.eventCount).toBe(1);
  });

  it('is idempotent: the same messageId a second time returns the state itself', () => {
    const event = track('Order Completed', 0, { revenue: 80 });
    const s1 = applyEvent(createCustomerState('u1'), event);
    expect(isDuplicateEvent(s1, event)).toBe(true);
    expect(applyEvent(s1, { ...event })).toBe(s1);
    expect(s1.transactions.orders).toBe(1);
  });

  it(`remembers the ${DEDUPE_WINDOW} most recent messageIds by timestamp`, () => {
    const events = Array.from({ length: DEDUPE_WINDOW + 10 }, (_, i) => page(i * MINUTE));
    const s = fold(events);
    expect(s.seen.ids).toHaveLength(DEDUPE_WINDOW);
    expect(s.seen.at).toHaveLength(DEDUPE_WINDOW);
    expect(s.seen.ids[0]).toBe(events[10]?.messageId);
    expect(isDuplicateEvent(s, events.at(-1)!)).toBe(true);
    expect(isDuplicateEvent(s, events[0]!)).toBe(false); // older than the window: documented limit
  });

  it('takes time from the event, never from the clock, and throws InvalidEventError on a bad timestamp', () => {
    const s = applyEvent(createCustomerState('u1'), page(DAY));
    expect(s.updatedAt).toBe(ORIGIN + DAY);
    const bad = { ...page(0), timestamp: 'yesterday' };
    expect(() => applyEvent(s, bad)).toThrow(InvalidEventError);
    expect(() => applyEvent(s, bad)).toThrow(/timestamp/);
  });

  it('counts every action by name with first and last time; page views as "Page Viewed"', () => {
    const s = fold([track('Report Created', HOUR), page(0), track('Report Created', 0), track('Report Created', 2 * HOUR)]);
    expect(s.actions['Report Created']).toEqual({ count: 3, first: ORIGIN, last: ORIGIN + 2 * HOUR });
    expect(s.actions['Page Viewed']?.count).toBe(1);
  });

  it('stores action and metric names that collide with Object.prototype as plain keys', () => {
    const s = fold([track('__proto__', 0), track('constructor', 0), track('Metric Set', 0, { metric: 'toString', value: 3 })]);
    expect(s.actions['__proto__']?.count).toBe(1);
    expect(Object.getPrototypeOf(s.actions)).toBe(Object.prototype);
    expect(s.actions['constructor']?.count).toBe(1);
    expect(metricValue(s, 'toString')).toBe(3);
    expect(metricValue(s, 'valueOf')).toBeNull();
  });
});

describe('identity and traits', () => {
  it('merges traits per key, last write by timestamp wins', () => {
    const events = [identify(DAY, { plan: 'pro', seats: 3 }), identify(0, { plan: 'free', locale: 'fr' }), identify(2 * DAY, { seats: 5 })];
    const s = fold(events);
    expect(s.identity.traits).toEqual({ plan: 'pro', seats: 5, locale: 'fr' });
    for (let seed = 1; seed <= 10; seed++) expect(fold(shuffled(events, seed)).identity).toEqual(s.identity);
  });

  it('copies trait values, so mutating the event later does not change the state', () => {
    const traits = { address: { city: 'Lyon' } };
    const s = applyEvent(createCustomerState('u1'), identify(0, traits));
    traits.address.city = 'Paris';
    expect(s.identity.traits).toEqual({ address: { city: 'Lyon' } });
  });

  it('collects anonymous ids and keeps the latest userId and accountId', () => {
    const s = fold([
      page(0, { anonymousId: 'a-2' }),
      identify(HOUR, {}, { anonymousId: 'a-1', userId: 'u1' }),
      group(2 * HOUR, 'acct-1'),
      page(3 * HOUR, { userId: 'u1', context: { groupId: 'acct-2' } }),
    ]);
    expect(s.identity).toMatchObject({ anonymousIds: ['a-1', 'a-2'], userId: 'u1', accountId: 'acct-2', accountIdAt: ORIGIN + 3 * HOUR });
  });

  it('finds the account of an event: group call, else context.groupId', () => {
    expect(accountIdOf(group(0, 'acct-7'))).toBe('acct-7');
    expect(accountIdOf(page(0, { context: { groupId: 'acct-8' } }))).toBe('acct-8');
    expect(accountIdOf(page(0))).toBeUndefined();
  });
});

describe('milestones and subscription', () => {
  it('keeps the earliest first-type and latest last-type milestone, and custom ones', () => {
    const s = fold([
      track('Signed Up', DAY),
      track('Signed Up', 0),
      track('Milestone Reached', 3 * DAY, { milestone: 'first_report' }),
      track('Milestone Reached', 2 * DAY, { milestone: 'first_report' }),
      page(5 * DAY),
    ]);
    expect(daysSince(s, 'signedUp', ORIGIN + 10 * DAY)).toBe(10);
    expect(daysSince(s, 'first_report', ORIGIN + 10 * DAY)).toBe(8);
    expect(daysSince(s, 'lastVisit', ORIGIN + 10 * DAY)).toBe(5);
    expect(daysSince(s, 'becamePaying', ORIGIN)).toBeNull();
  });

  it('derives the subscription status from the latest lifecycle event, in any order', () => {
    const events = [
      track('Trial Started', 0, { plan: 'pro', trial_end_date: iso(14 * DAY) }),
      track('Subscription Started', 10 * DAY, { plan: 'team' }),
      track('Trial Ended', 14 * DAY),
    ];
    const s = fold(events);
    expect(s.subscription).toMatchObject({ status: 'active', plan: 'team', since: ORIGIN + 10 * DAY, trialEndsAt: ORIGIN + 14 * DAY });
    for (let seed = 1; seed <= 10; seed++) expect(fold(shuffled(events, seed)).subscription).toEqual(s.subscription);
  });

  it('a trial that ends without a subscription leaves status none; a later cancellation wins', () => {
    const trial = [track('Trial Started', 0), track('Trial Ended', 14 * DAY)];
    expect(fold(trial).subscription).toMatchObject({ status: 'none', since: ORIGIN + 14 * DAY });
    expect(fold([...trial].reverse()).subscription).toEqual(fold(trial).subscription);
    const s = fold([track('Subscription Started', 0), track('Subscription Cancelled', DAY, { reason: 'price' })]);
    expect(s.subscription.status).toBe('cancelled');
    expect(daysSince(s, 'subscriptionCancelled', ORIGIN + 2 * DAY)).toBe(1);
  });

  it('counts payment failures', () => {
    const s = fold([track('Payment Failed', DAY, { amount: 20 }), track('Payment Failed', 0)]);
    expect(s.subscription).toMatchObject({ paymentFailures: 2, lastPaymentFailedAt: ORIGIN + DAY });
  });
});

describe('metrics', () => {
  it('sets (last write by timestamp wins) and increments', () => {
    const s = fold([
      track('Metric Set', DAY, { metric: 'seats', value: 10 }),
      track('Metric Set', 0, { metric: 'seats', value: 3 }),
      track('Metric Incremented', HOUR, { metric: 'documents' }),
      track('Metric Incremented', 2 * HOUR, { metric: 'documents', by: 4 }),
    ]);
    expect(metricValue(s, 'seats')).toBe(10);
    expect(metricValue(s, 'documents')).toBe(5);
    expect(metricValue(s, 'unknown')).toBeNull();
  });

  it('breaks a tie between two sets at the same instant by value, whatever the order', () => {
    const a = track('Metric Set', 0, { metric: 'seats', value: 3 });
    const b = track('Metric Set', 0, { metric: 'seats', value: 7 });
    expect(metricValue(fold([a, b]), 'seats')).toBe(7);
    expect(metricValue(fold([b, a]), 'seats')).toBe(7);
  });
});

describe('consent', () => {
  it('is per channel, last write by timestamp wins, whatever the arrival order', () => {
    const events = [
      track('Consent Changed', DAY, { purpose: 'email', granted: false }),
      track('Consent Changed', 0, { purpose: 'email', granted: true }),
      track('Consent Changed', 0, { purpose: 'sms', granted: true }),
    ];
    for (let seed = 0; seed <= 6; seed++) {
      const s = fold(seed === 0 ? events : shuffled(events, seed));
      expect(hasOptedOut(s, 'email')).toBe(true);
      expect(hasConsent(s, 'email')).toBe(false);
      expect(hasConsent(s, 'sms')).toBe(true);
      expect(hasConsent(s, 'push')).toBe(false);
      expect(hasOptedOut(s, 'push')).toBe(false);
    }
  });

  it('at the same instant, a withdrawal wins (the safe side)', () => {
    const grant = track('Consent Changed', 0, { purpose: 'push', granted: true });
    const withdraw = track('Consent Changed', 0, { purpose: 'push', granted: false });
    expect(hasOptedOut(fold([grant, withdraw]), 'push')).toBe(true);
    expect(hasOptedOut(fold([withdraw, grant]), 'push')).toBe(true);
  });

  it('ignores a purpose that is not a channel (no prototype pollution from untyped input)', () => {
    const s = fold([track('Consent Changed', 0, { purpose: '__proto__', granted: true }), track('Consent Changed', 0, { purpose: 'fax', granted: true })]);
    expect(s.consent).toEqual({});
    expect(Object.getPrototypeOf(s.consent)).toBe(Object.prototype);
  });
});

describe('messages received', () => {
  it('records sent and shown messages with channel and score, and interactions', () => {
    const s = fold([
      track('Message Sent', 0, { message_id: 'welcome', channel: 'email', score: 4, campaign: 'onboarding' }),
      track('Message Shown', HOUR, { message_id: 'tip-1' }),
      track('Message Clicked', 2 * HOUR, { message_id: 'tip-1' }),
      track('Message Dismissed', 3 * HOUR, { message_id: 'tip-1' }),
    ]);
    expect(s.messages).toEqual([
      { id: 'welcome', channel: 'email', score: 4, at: ORIGIN, campaign: 'onboarding' },
      { id: 'tip-1', channel: 'in_context', score: null, at: ORIGIN + HOUR, campaign: null },
    ]);
    expect(s.interactions['tip-1']).toEqual({ shown: 1, clicked: 1, dismissed: 1, lastShownAt: ORIGIN + HOUR, lastClickedAt: ORIGIN + 2 * HOUR, lastDismissedAt: ORIGIN + 3 * HOUR });
  });

  it('falls back to in_context for a channel that is not one', () => {
    const s = fold([track('Message Shown', 0, { message_id: 'x', channel: 'fax' })]);
    expect(s.messages[0]?.channel).toBe('in_context');
  });

  it(`keeps the ${MAX_MESSAGES} most recent`, () => {
    const s = fold(Array.from({ length: MAX_MESSAGES + 3 }, (_, i) => track('Message Sent', i * HOUR, { message_id: `m${i}`, channel: 'push' })));
    expect(s.messages).toHaveLength(MAX_MESSAGES);
    expect(s.messages[0]?.id).toBe('m3');
  });
});

describe('experiments', () => {
  it('records the variation seen (last write by timestamp wins)', () => {
    const s = fold([track('Experiment Viewed', DAY, { experiment_id: 'e1', variation_id: 'b' }), track('Experiment Viewed', 0, { experiment_id: 'e1', variation_id: 'a' })]);
    expect(s.experiments['e1']).toEqual({ variation: 'b', at: ORIGIN + DAY });
  });
});
