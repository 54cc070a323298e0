import type { RetainEvent } from '../events/event-schema.js';
import { accountIdOf, applyEventInPlace } from './apply-event.js';
import { cloneState } from './clone-state.js';
import { createCustomerState } from './create-customer-state.js';
import type { CustomerState } from './customer-state.js';
import { parseTimestamp } from './time.js';

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
 * Identity stitching: an anonymous visitor who later identifies (an event that carries both
 * `anonymousId` and `userId`) is one customer, so the events that carry only that `anonymousId`
 * are folded into the `userId`'s state. When one `anonymousId` is linked to several users (a
 * shared device), its anonymous events go to the user of the earliest linking event. Stitching
 * is done within `events` (whatever their order); states passed in are not merged.
 *
 * @param events - a mixed stream (any order; duplicates are applied once).
 * @param states - existing states to continue from (not modified).
 * @example
 * ```ts
 * import { foldByCustomer } from '@retain/core';
 * const states = foldByCustomer([
 *   { type: 'page', messageId: 'm1', timestamp: '2026-11-22T10:00:00Z', anonymousId: 'a-1' },
 *   { type: 'identify', messageId: 'm2', timestamp: '2026-11-22T10:01:00Z', anonymousId: 'a-1', userId: 'u1' },
 *   { type: 'page', messageId: 'm3', timestamp: '2026-11-22T10:00:00Z', userId: 'u2' },
 * ]);
 * states.size; // 2: 'u1' (with the anonymous page view) and 'u2'
 * ```
 */
export function foldByCustomer(events: Iterable<RetainEvent>, states?: ReadonlyMap<string, CustomerState>): Map<string, CustomerState> {
  const list = Array.isArray(events) ? (events as readonly RetainEvent[]) : [...events];
  const aliases = stitchAnonymousIds(list);
  const out = new Map<string, CustomerState>();
  for (let i = 0; i < list.length; i++) {
    const event = list[i] as RetainEvent;
    const key = event.userId ?? (event.anonymousId === undefined ? '' : (aliases.get(event.anonymousId) ?? event.anonymousId));
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

interface Link {
  to: string;
  event: RetainEvent;
  at: number | undefined;
}

const timeOf = (link: Link): number => (link.at ??= parseTimestamp(link.event.timestamp));

/** Keeps, per key, the link made by the earliest event (ties: the smaller target), whatever the order. */
function link(links: Map<string, Link>, from: string, to: string, event: RetainEvent, latest: boolean): void {
  const current = links.get(from);
  if (current === undefined) {
    links.set(from, { to, event, at: undefined });
    return;
  }
  if (current.to === to && !latest) return;
  const candidate: Link = { to, event, at: undefined };
  const dt = timeOf(candidate) - timeOf(current);
  if ((latest ? dt > 0 : dt < 0) || (dt === 0 && to < current.to)) links.set(from, candidate);
}

/** anonymousId → userId, from the events that carry both (the earliest link wins). */
function stitchAnonymousIds(events: readonly RetainEvent[]): Map<string, string> {
  const links = new Map<string, Link>();
  for (let i = 0; i < events.length; i++) {
    const event = events[i] as RetainEvent;
    if (event.userId !== undefined && event.anonymousId !== undefined) link(links, event.anonymousId, event.userId, event, false);
  }
  const aliases = new Map<string, string>();
  for (const [from, l] of links) aliases.set(from, l.to);
  return aliases;
}

/**
 * Rolls events up to account level (B2B): one account state per account id, with the account's
 * traits (from `group` calls) and its members. An event belongs to the account named by its
 * `context.groupId` or, for a `group` call, its `groupId`; otherwise to the account its user
 * (`userId`, else `anonymousId`) last joined with a `group` call in `events` (latest by
 * timestamp, whatever the order). Events of users with no account are skipped.
 *
 * @param events - a mixed stream (any order; duplicates are applied once per account).
 * @param states - existing account states to continue from (not modified).
 * @example
 * ```ts
 * import { foldByAccount } from '@retain/core';
 * const accounts = foldByAccount([
 *   { type: 'group', groupId: 'acct-7', traits: { seats: 12 }, messageId: 'g1', timestamp: '2026-11-22T10:00:00Z', userId: 'u1' },
 *   { type: 'track', event: 'Report Created', context: { groupId: 'acct-7' }, messageId: 't1', timestamp: '2026-11-22T10:05:00Z', userId: 'u2' },
 *   { type: 'page', messageId: 'p1', timestamp: '2026-11-22T10:06:00Z', userId: 'u1' },
 * ]);
 * accounts.get('acct-7')?.identity.members; // ['u1', 'u2']
 * accounts.get('acct-7')?.eventCount; // 3: u1's page view counts for the account u1 joined
 * ```
 */
export function foldByAccount(events: Iterable<RetainEvent>, states?: ReadonlyMap<string, CustomerState>): Map<string, CustomerState> {
  const list = Array.isArray(events) ? (events as readonly RetainEvent[]) : [...events];
  const memberships = new Map<string, Link>();
  for (let i = 0; i < list.length; i++) {
    const event = list[i] as RetainEvent;
    if (event.type === 'group') link(memberships, customerKeyOf(event), event.groupId, event, true);
  }
  const out = new Map<string, CustomerState>();
  for (let i = 0; i < list.length; i++) {
    const event = list[i] as RetainEvent;
    const key = accountIdOf(event) ?? memberships.get(customerKeyOf(event))?.to;
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
