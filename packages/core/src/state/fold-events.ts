import type { RetainEvent } from '../events/event-schema.js';
import { cloneState } from './clone-state.js';
import { createCustomerState } from './create-customer-state.js';
import type { CustomerState } from './customer-state.js';
import { GROUP, KIND, layOut, readBatch, releaseRows, type EventColumns } from './event-batch.js';
import { foldRows, newActionCache, releaseScratch, sortByTime } from './fold-batch.js';

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
 * Folds events into one state. Pure: `state` is not modified. Duplicates (same `messageId` and
 * timestamp) are applied once. The events are folded in timestamp order (ties: in the order
 * given), so the result does not depend on the order of `events` at all — not even for the
 * order-sensitive fields documented on {@link CustomerState}, which only depend on how events are
 * split across successive calls.
 *
 * @param events - the events of one customer (or one account, with an account state).
 * @param state - the state to start from; by default a new state keyed by the first event.
 * @throws {InvalidEventError} when an event's timestamp is not a date (nothing is folded then).
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
  const list = Array.isArray(events) ? (events as readonly RetainEvent[]) : [...events];
  const first = list[0];
  if (first === undefined) return state === undefined ? createCustomerState('') : cloneState(state);
  const start = state === undefined ? createCustomerState(customerKeyOf(first)) : cloneState(state);
  return foldGroups(readBatch(list), new Int32Array(list.length), [start.id], () => start).get(start.id) as CustomerState;
}

/**
 * @internal Folds `batch` into one state per group: `group[i]` is the group of row `i` (-1:
 * skipped), `keys[g]` the key of group `g`. Each group is folded in timestamp order, one state
 * at a time (which keeps that state hot in the CPU cache), from its rows laid out side by side.
 * Keys come out in group order.
 */
function foldGroups(batch: EventColumns, group: Int32Array, keys: readonly string[], start: (key: string) => CustomerState): Map<string, CustomerState> {
  const rows = layOut(batch, group, keys.length);
  const m = rows.index.length;
  const order = new Int32Array(m);
  for (let p = 0; p < m; p++) order[p] = p;
  const cache = newActionCache(rows);
  const out = new Map<string, CustomerState>();
  for (let g = 0; g < keys.length; g++) {
    const key = keys[g] as string;
    const from = rows.offsets[g] as number;
    const to = rows.offsets[g + 1] as number;
    sortByTime(order, rows.times, from, to);
    const draft = start(key);
    foldRows(draft, rows, order, rows.times, from, to, g, cache);
    out.set(key, draft);
  }
  releaseRows(rows);
  releaseScratch();
  return out;
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
 * Each customer's events are folded in timestamp order, as {@link foldEvents} does.
 *
 * @param events - a mixed stream (any order; duplicates are applied once).
 * @param states - existing states to continue from (not modified).
 * @throws {InvalidEventError} when an event's timestamp is not a date (nothing is folded then).
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
  const batch = readBatch(list);
  const { times, user, anonymous, strings } = batch;
  const n = list.length;
  const group = new Int32Array(n);
  // Provisional groups: by userId, and by anonymousId for the events that carry no userId (-1:
  // none yet); events with neither share the group of the key ''.
  const byUser = new Int32Array(strings.length + 1).fill(-1);
  const byAnonymousId = new Int32Array(strings.length).fill(-1);
  const provisional: string[] = [];
  /** Per provisional group: its anonymousId (index into strings), -1 for a user's group. */
  const anonymousGroup: number[] = [];
  // Links anonymousId → userId: the earliest linking event's user (ties: the smaller userId).
  const linkTo = new Int32Array(strings.length).fill(-1);
  const linkAt = new Float64Array(strings.length);
  const empty = strings.indexOf('');
  for (let i = 0; i < n; i++) {
    const u = user[i] as number;
    const a = anonymous[i] as number;
    let g: number;
    if (u >= 0 || a < 0) {
      const slot = u >= 0 ? u : empty >= 0 ? empty : strings.length;
      g = byUser[slot] as number;
      if (g < 0) {
        g = provisional.length;
        byUser[slot] = g;
        provisional.push(u >= 0 ? (strings[u] as string) : '');
        anonymousGroup.push(-1);
      }
      if (u >= 0 && a >= 0) {
        const t = times[i] as number;
        const to = linkTo[a] as number;
        if (to < 0 || t < (linkAt[a] as number) || (t === linkAt[a] && u !== to && (strings[u] as string) < (strings[to] as string))) {
          linkTo[a] = u;
          linkAt[a] = t;
        }
      }
    } else {
      g = byAnonymousId[a] as number;
      if (g < 0) {
        g = provisional.length;
        byAnonymousId[a] = g;
        provisional.push(strings[a] as string);
        anonymousGroup.push(a);
      }
    }
    group[i] = g;
  }
  // Anonymous-only groups join their user's (stitching); groups with the same final key merge.
  const finalIds = new Map<string, number>();
  const keys: string[] = [];
  const remap = new Int32Array(provisional.length);
  for (let g = 0; g < provisional.length; g++) {
    const own = provisional[g] as string;
    const a = anonymousGroup[g] as number;
    const to = a >= 0 ? (linkTo[a] as number) : -1;
    const key = to >= 0 ? (strings[to] as string) : own;
    let id = finalIds.get(key);
    if (id === undefined) {
      id = keys.length;
      finalIds.set(key, id);
      keys.push(key);
    }
    remap[g] = id;
  }
  for (let i = 0; i < n; i++) group[i] = remap[group[i] as number] as number;
  const out = foldGroups(batch, group, keys, (key) => {
    const existing = states?.get(key);
    return existing === undefined ? createCustomerState(key) : cloneState(existing);
  });
  if (states !== undefined) for (const [key, s] of states) if (!out.has(key)) out.set(key, s);
  return out;
}

/**
 * Rolls events up to account level (B2B): one account state per account id, with the account's
 * traits (from `group` calls) and its members. An event belongs to the account named by its
 * `context.groupId` or, for a `group` call, its `groupId`; otherwise to the account its user
 * (`userId`, else `anonymousId`) last joined with a `group` call in `events` (latest by
 * timestamp, whatever the order). Events of users with no account are skipped.
 *
 * Each account's events are folded in timestamp order, as {@link foldEvents} does.
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
  const batch = readBatch(list);
  const { times, info, account, user, anonymous, strings } = batch;
  const n = list.length;
  // The customer key of each event (userId, else anonymousId; as an index into strings, or
  // strings.length for neither), and per customer key the account of its latest group call.
  const customer = new Int32Array(n);
  const joined = new Int32Array(strings.length + 1).fill(-1);
  const joinedAt = new Float64Array(strings.length + 1);
  for (let i = 0; i < n; i++) {
    const u = user[i] as number;
    const a = anonymous[i] as number;
    const c = u >= 0 ? u : a >= 0 ? a : strings.length;
    customer[i] = c;
    if (((info[i] as number) & KIND) !== GROUP) continue;
    const to = account[i] as number;
    const t = times[i] as number;
    const current = joined[c] as number;
    if (current < 0 || t > (joinedAt[c] as number) || (t === joinedAt[c] && to !== current && (strings[to] as string) < (strings[current] as string))) {
      joined[c] = to;
      joinedAt[c] = t;
    }
  }
  const ids = new Int32Array(strings.length).fill(-1);
  const keys: string[] = [];
  const group = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const own = account[i] as number;
    const key = own >= 0 ? own : (joined[customer[i] as number] as number);
    let g = -1;
    if (key >= 0) {
      g = ids[key] as number;
      if (g < 0) {
        g = keys.length;
        ids[key] = g;
        keys.push(strings[key] as string);
      }
    }
    group[i] = g;
  }
  const out = foldGroups(batch, group, keys, (key) => {
    const existing = states?.get(key);
    return existing === undefined ? createCustomerState(key, 'account') : cloneState(existing);
  });
  if (states !== undefined) for (const [key, s] of states) if (!out.has(key)) out.set(key, s);
  return out;
}
