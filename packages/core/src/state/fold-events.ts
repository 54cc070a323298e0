import type { RetainEvent } from '../events/event-schema.js';
import { accountIdOf, applyEventInPlace } from './apply-event.js';
import { cloneState } from './clone-state.js';
import { createCustomerState } from './create-customer-state.js';
import type { CustomerState } from './customer-state.js';

/**
 * The key of the customer an event belongs to: its `userId`, else its `anonymousId`.
 *
 * @example
 * ```ts
 * import { customerKeyOf } from '@retain/core';
 * customerKeyOf({ type: 'page', messageId: 'm', timestamp: '2026-11-22T10:00:00Z', anonymousId: 'a-1' }); // 'a-1'
 * ```
 */
export function customerKeyOf(event: RetainEvent): string {
  return event.userId ?? event.anonymousId ?? '';
}

/**
 * Folds events into one state, in the order given (the result is the same for any order,
 * except for the order-sensitive fields documented on {@link CustomerState}). Pure: `state` is
 * not modified. Duplicates (same `messageId`) are applied once.
 *
 * @param events - the events of one customer (or one account, with an account state).
 * @param state - the state to start from; by default a new state keyed by the first event.
 * @example
 * ```ts
 * import { foldEvents } from '@retain/core';
 * const state = foldEvents([
 *   { type: 'page', messageId: 'm1', timestamp: '2026-11-22T10:00:00Z', userId: 'u1' },
 *   { type: 'page', messageId: 'm2', timestamp: '2026-11-22T10:10:00Z', userId: 'u1' },
 * ]);
 * state.visits.sessions.length; // 1 (ten minutes apart: one visit)
 * ```
 */
export function foldEvents(events: Iterable<RetainEvent>, state?: CustomerState): CustomerState {
  let draft: CustomerState | undefined = state === undefined ? undefined : cloneState(state);
  for (const event of events) {
    draft ??= createCustomerState(customerKeyOf(event));
    applyEventInPlace(draft, event);
  }
  return draft ?? createCustomerState('');
}

/**
 * Folds a mixed stream of events into one state per customer (keyed by {@link customerKeyOf}).
 *
 * @param states - existing states to continue from (not modified).
 * @example
 * ```ts
 * import { foldByCustomer } from '@retain/core';
 * const states = foldByCustomer([
 *   { type: 'page', messageId: 'm1', timestamp: '2026-11-22T10:00:00Z', userId: 'u1' },
 *   { type: 'page', messageId: 'm2', timestamp: '2026-11-22T10:00:00Z', userId: 'u2' },
 * ]);
 * states.size; // 2
 * ```
 */
export function foldByCustomer(events: Iterable<RetainEvent>, states?: ReadonlyMap<string, CustomerState>): Map<string, CustomerState> {
  const out = new Map<string, CustomerState>();
  for (const event of events) {
    const key = customerKeyOf(event);
    let draft = out.get(key);
    if (draft === undefined) {
      const existing = states?.get(key);
      draft = existing === undefined ? createCustomerState(key) : cloneState(existing);
      out.set(key, draft);
    }
    applyEventInPlace(draft, event);
  }
  if (states !== undefined) for (const [key, s] of states) if (!out.has(key)) out.set(key, s);
  return out;
}

/**
 * Rolls events up to account level (B2B): one account state per `groupId` (from `group` calls
 * and `context.groupId`), with the account's traits and its members. Events with no account are
 * skipped.
 *
 * @example
 * ```ts
 * import { foldByAccount } from '@retain/core';
 * const accounts = foldByAccount([
 *   { type: 'group', groupId: 'acct-7', traits: { seats: 12 }, messageId: 'g1', timestamp: '2026-11-22T10:00:00Z', userId: 'u1' },
 *   { type: 'track', event: 'Report Created', context: { groupId: 'acct-7' }, messageId: 't1', timestamp: '2026-11-22T10:05:00Z', userId: 'u2' },
 * ]);
 * accounts.get('acct-7')?.identity.members; // ['u1', 'u2']
 * ```
 */
export function foldByAccount(events: Iterable<RetainEvent>, states?: ReadonlyMap<string, CustomerState>): Map<string, CustomerState> {
  const out = new Map<string, CustomerState>();
  for (const event of events) {
    const key = accountIdOf(event);
    if (key === undefined) continue;
    let draft = out.get(key);
    if (draft === undefined) {
      const existing = states?.get(key);
      draft = existing === undefined ? createCustomerState(key, 'account') : cloneState(existing);
      out.set(key, draft);
    }
    applyEventInPlace(draft, event);
  }
  if (states !== undefined) for (const [key, s] of states) if (!out.has(key)) out.set(key, s);
  return out;
}
