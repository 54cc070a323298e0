/** Property-based tests of the reducer's promises: idempotence, order independence, JSON round-trip. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { customerEvents, withDuplicates } from '../../test/arbitraries.js';
import { shuffled } from '../../test/events.js';
import type { RetainEvent } from '../events/event-schema.js';
import { safeParseEvent } from '../events/parse-event.js';
import { applyEvent } from './apply-event.js';
import { createCustomerState } from './create-customer-state.js';
import { parseCustomerState } from './customer-state-schema.js';
import type { CustomerState } from './customer-state.js';
import { foldByAccount, foldByCustomer, foldEvents } from './fold-events.js';

/** One event at a time, in the order given: the reducer itself (no sorting). */
const reduce = (events: readonly RetainEvent[]): CustomerState => events.reduce(applyEvent, createCustomerState('u1'));
// The generator sets one metric and increments another: interleaving sets and increments of the
// same metric is the documented order-sensitive case of the one-at-a-time reducer.
const runs = { numRuns: 150 };

describe('reducer properties', () => {
  it('the generated events are valid wire events', () => {
    fc.assert(fc.property(customerEvents(), (events) => events.every((e) => safeParseEvent(e).success)), { numRuns: 50 });
  });

  it('is idempotent under duplicate delivery: duplicates inserted anywhere change nothing', () => {
    fc.assert(
      fc.property(
        customerEvents().chain((events) => fc.tuple(fc.constant(events), withDuplicates(events))),
        ([events, delivered]) => {
          expect(reduce(delivered)).toEqual(reduce(events));
          expect(foldEvents(delivered)).toEqual(foldEvents(events));
          expect(foldEvents(delivered, createCustomerState('u1'))).toEqual(reduce([...events].sort((a, b) => Date.parse(a.timestamp) - Date.parse(b.timestamp))));
        },
      ),
      runs,
    );
  });

  it('is order-independent: any permutation, one event at a time, gives a deep-equal state', () => {
    fc.assert(
      fc.property(customerEvents(), fc.integer(), (events, seed) => {
        expect(reduce(shuffled(events, seed))).toEqual(reduce(events));
      }),
      runs,
    );
  });

  it('foldEvents, foldByCustomer and foldByAccount give the same states for any permutation', () => {
    fc.assert(
      fc.property(customerEvents(), fc.integer(), (events, seed) => {
        const permuted = shuffled(events, seed);
        expect(foldEvents(permuted)).toEqual(foldEvents(events));
        expect(foldByCustomer(permuted)).toEqual(foldByCustomer(events));
        expect(foldByAccount(permuted)).toEqual(foldByAccount(events));
      }),
      runs,
    );
  });

  it('foldEvents equals the reducer applied in time order', () => {
    fc.assert(
      fc.property(customerEvents(), (events) => {
        const byTime = [...events].sort((a, b) => Date.parse(a.timestamp) - Date.parse(b.timestamp));
        expect(foldEvents(events, createCustomerState('u1'))).toEqual(reduce(byTime));
      }),
      runs,
    );
  });

  it('the batch folds equal applyEvent one event at a time, in time order, for several customers and when continuing from a state', () => {
    const byTime = (events: readonly RetainEvent[]) => [...events].sort((a, b) => Date.parse(a.timestamp) - Date.parse(b.timestamp));
    /** The second customer's events: another userId, its own message and anonymous ids. */
    const asU2 = (events: readonly RetainEvent[]) =>
      events.map((e) => ({ ...e, userId: 'u2', messageId: `u2-${e.messageId}`, ...(e.anonymousId === undefined ? {} : { anonymousId: `u2-${e.anonymousId}` }) }) as RetainEvent);
    fc.assert(
      fc.property(
        customerEvents().chain((a) => fc.tuple(fc.constant(a), withDuplicates(a))),
        customerEvents(),
        fc.integer({ min: 0, max: 40 }),
        fc.integer(),
        ([a, delivered], b, cut, seed) => {
          const u2 = asU2(b);
          const states = foldByCustomer(shuffled([...delivered, ...u2], seed));
          expect(states.get('u1') ?? createCustomerState('u1')).toEqual(byTime(a).reduce(applyEvent, createCustomerState('u1')));
          expect(states.get('u2') ?? createCustomerState('u2')).toEqual(byTime(u2).reduce(applyEvent, createCustomerState('u2')));
          // a batch folded onto a state: the state's events one at a time, then the batch's
          const [first, second] = [a.slice(0, cut), a.slice(cut)];
          const start = byTime(first).reduce(applyEvent, createCustomerState('u1'));
          const expected = byTime(second).reduce(applyEvent, start);
          expect(foldEvents(shuffled(second, seed), start)).toEqual(expected);
          expect(foldByCustomer(second, new Map([['u1', start]])).get('u1')).toEqual(expected);
        },
      ),
      runs,
    );
  });

  it('survives a JSON round-trip: parseCustomerState(JSON.parse(JSON.stringify(s))) deep-equals s', () => {
    fc.assert(
      fc.property(customerEvents(), (events) => {
        const s = reduce(events);
        expect(parseCustomerState(JSON.parse(JSON.stringify(s)))).toEqual(s);
        for (const account of foldByAccount(events).values()) expect(parseCustomerState(JSON.parse(JSON.stringify(account)))).toEqual(account);
      }),
      runs,
    );
  });
});
