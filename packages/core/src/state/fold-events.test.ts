import { describe, expect, it } from 'vitest';
import { DAY, HOUR, MINUTE, group, identify, page, shuffled, snapshot, track } from '../../test/events.js';
import { InvalidEventError } from '../errors/invalid-event-error.js';
import type { RetainEvent } from '../events/event-schema.js';
import { applyEvent } from './apply-event.js';
import { createCustomerState } from './create-customer-state.js';
import { customerKeyOf, foldByAccount, foldByCustomer, foldEvents } from './fold-events.js';
import { metricValue } from './queries.js';
import { DEDUPE_WINDOW } from './customer-state.js';

describe('foldEvents', () => {
  it('gives the same state as applying the events one by one in time order', () => {
    const events = [page(0), track('Report Created', MINUTE), identify(2 * MINUTE, { plan: 'pro' }), page(DAY)];
    expect(foldEvents(events)).toEqual(events.reduce(applyEvent, createCustomerState('u1')));
  });

  it('folds in timestamp order, so even interleaved metric sets and increments do not depend on arrival order', () => {
    const events = [
      track('Metric Set', 0, { metric: 'docs', value: 10 }),
      track('Metric Incremented', HOUR, { metric: 'docs', by: 2 }),
      track('Metric Set', 2 * HOUR, { metric: 'docs', value: 1 }),
      track('Metric Incremented', 3 * HOUR, { metric: 'docs' }),
    ];
    for (let seed = 1; seed <= 10; seed++) expect(metricValue(foldEvents(shuffled(events, seed)), 'docs')).toBe(2);
  });

  it('continues from a state without modifying it', () => {
    const start = foldEvents([page(0)]);
    const before = snapshot(start);
    const next = foldEvents([page(HOUR)], start);
    expect(start).toEqual(before);
    expect(next.eventCount).toBe(2);
    expect(foldEvents([], start)).toEqual(start);
    expect(foldEvents([]).eventCount).toBe(0);
  });

  it('recognises duplicates like the reducer, beyond the window size and among many equal timestamps', () => {
    const spread = Array.from({ length: DEDUPE_WINDOW + 44 }, (_, i) => page(i * MINUTE));
    const sameInstant = Array.from({ length: 40 }, () => page(DAY));
    const events = [...spread, ...sameInstant];
    const delivered = [...events, ...events.filter((_, i) => i % 3 === 0).map((e) => ({ ...e }))];
    const expected = events.reduce(applyEvent, createCustomerState('u1'));
    expect(foldEvents(shuffled(delivered, 7))).toEqual(expected);
    expect(foldEvents(delivered).seen.ids).toHaveLength(DEDUPE_WINDOW);
  });

  it('does not re-apply an event already in the state it continues from', () => {
    const first = page(0);
    const start = foldEvents([first, page(MINUTE)]);
    const next = foldEvents([{ ...first }, page(2 * MINUTE)], start);
    expect(next.eventCount).toBe(3);
    expect(next.actions['Page Viewed']?.count).toBe(3);
  });

  it('rejects the whole batch before folding anything when a timestamp is not a date', () => {
    const start = foldEvents([page(0)]);
    expect(() => foldEvents([page(HOUR), { ...page(2 * HOUR), timestamp: 'soon' }], start)).toThrow(InvalidEventError);
    expect(start.eventCount).toBe(1);
  });
});

describe('foldByCustomer', () => {
  it('keys customers by userId, else anonymousId', () => {
    expect(customerKeyOf(page(0, { anonymousId: 'a-1' }))).toBe('a-1');
    const states = foldByCustomer([page(0, { userId: 'u1' }), page(0, { userId: 'u2' }), page(0, { anonymousId: 'a-9' })]);
    expect([...states.keys()]).toEqual(['u1', 'u2', 'a-9']);
  });

  it('stitches an anonymous visitor to the user they identify as, in any order', () => {
    const events = [page(0, { anonymousId: 'a-1' }), page(MINUTE, { anonymousId: 'a-1' }), identify(2 * MINUTE, { plan: 'pro' }, { anonymousId: 'a-1', userId: 'u1' }), page(3 * MINUTE, { userId: 'u1' })];
    for (let seed = 0; seed <= 8; seed++) {
      const states = foldByCustomer(seed === 0 ? events : shuffled(events, seed));
      expect([...states.keys()]).toEqual(['u1']);
      expect(states.get('u1')?.eventCount).toBe(4);
      expect(states.get('u1')?.visits.sessions).toHaveLength(1);
    }
  });

  it('on a shared device, gives the anonymous events to the user of the earliest link', () => {
    const events = [page(0, { anonymousId: 'a-1' }), identify(2 * HOUR, {}, { anonymousId: 'a-1', userId: 'bob' }), identify(HOUR, {}, { anonymousId: 'a-1', userId: 'alice' })];
    const states = foldByCustomer(events);
    expect(states.get('alice')?.eventCount).toBe(2);
    expect(states.get('bob')?.eventCount).toBe(1);
  });

  it('continues from existing states (not modified) and keeps those with no new events', () => {
    const first = foldByCustomer([page(0, { userId: 'u1' }), page(0, { userId: 'u2' })]);
    const next = foldByCustomer([page(HOUR, { userId: 'u1' })], first);
    expect(next.get('u1')?.eventCount).toBe(2);
    expect(next.get('u2')).toBe(first.get('u2'));
    expect(first.get('u1')?.eventCount).toBe(1);
  });

  it('matches foldEvents per customer, whatever the interleaving', () => {
    const u1 = [page(0, { userId: 'u1' }), track('Order Completed', HOUR, { revenue: 10 }, { userId: 'u1' })];
    const u2 = [page(30 * MINUTE, { userId: 'u2' }), page(DAY, { userId: 'u2' })];
    const states = foldByCustomer(shuffled([...u1, ...u2], 3));
    expect(states.get('u1')).toEqual(foldEvents(u1));
    expect(states.get('u2')).toEqual(foldEvents(u2));
  });
});

describe('foldByAccount (B2B roll-up)', () => {
  const events: RetainEvent[] = [
    group(0, 'acct-7', { name: 'Acme', seats: 12 }, { userId: 'u1' }),
    group(MINUTE, 'acct-7', { plan: 'team' }, { userId: 'u2' }),
    page(HOUR, { userId: 'u1' }),
    track('Report Created', 2 * HOUR, undefined, { userId: 'u2', context: { groupId: 'acct-7' } }),
    track('Order Completed', 3 * HOUR, { revenue: 99 }, { userId: 'u3', context: { groupId: 'acct-9' } }),
    page(4 * HOUR, { userId: 'loner' }),
  ];

  it('rolls the members’ events up to their account, with account traits and members', () => {
    const accounts = foldByAccount(events);
    expect([...accounts.keys()].sort()).toEqual(['acct-7', 'acct-9']);
    const acme = accounts.get('acct-7')!;
    expect(acme.kind).toBe('account');
    expect(acme.identity.traits).toEqual({ name: 'Acme', seats: 12, plan: 'team' });
    expect(acme.identity.members).toEqual(['u1', 'u2']);
    expect(acme.eventCount).toBe(4);
    expect(acme.actions['Report Created']?.count).toBe(1);
    expect(accounts.get('acct-9')?.transactions.revenue).toBe(99);
  });

  it('gives the same accounts in any order', () => {
    const expected = foldByAccount(events);
    for (let seed = 1; seed <= 8; seed++) expect(Object.fromEntries(foldByAccount(shuffled(events, seed)))).toEqual(Object.fromEntries(expected));
  });

  it('does not copy account traits into the users’ states, nor user traits into the account', () => {
    const all = [...events, identify(0, { email: 'u1@example.com' }, { userId: 'u1' })];
    expect(foldByCustomer(all).get('u1')?.identity.traits).toEqual({ email: 'u1@example.com' });
    expect(foldByCustomer(all).get('u1')?.identity.accountId).toBe('acct-7');
    expect(foldByAccount(all).get('acct-7')?.identity.traits).not.toHaveProperty('email');
  });
});
