import type { RetainEvent } from '../events/event-schema.js';
import { accountIdOf, applyNewEvent, eventTime } from './apply-event.js';
import { mergeSeen, wasSeen } from './dedupe.js';
import { cloneState } from './clone-state.js';
import { createCustomerState } from './create-customer-state.js';
import type { CustomerState } from './customer-state.js';
import { loadHot, storeHot } from './hot-fields.js';

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
  const times = timesOf(list);
  const order = new Int32Array(list.length);
  for (let i = 0; i < order.length; i++) order[i] = i;
  sortByTime(order, times, 0, order.length);
  const draft = state === undefined ? createCustomerState(customerKeyOf(first)) : cloneState(state);
  foldSorted(draft, list, order, times, 0, order.length);
  return draft;
}

/**
 * Folds the events `order[from, to)` (sorted by time; `times[j]` is the time of event `order[j]`)
 * into `draft`. Duplicates are recognised as
 * the one-at-a-time reducer does — same `messageId` and timestamp as an event in the state's
 * window or in this batch — but the window (`draft.seen`) is rebuilt once at the end rather than
 * per event.
 */
function foldSorted(draft: CustomerState, list: readonly RetainEvent[], order: Int32Array, times: Float64Array, from: number, to: number): void {
  const before = draft.seen;
  const beforeLast = before.at.length === 0 ? -Infinity : (before.at[before.at.length - 1] as number);
  const appliedTimes: number[] = [];
  const appliedIds: string[] = [];
  let runTime = NaN;
  let runStart = 0;
  let runIds: Set<string> | undefined;
  const hot = loadHot(draft);
  for (let j = from; j < to; j++) {
    const i = order[j] as number;
    const event = list[i] as RetainEvent;
    const t = times[j] as number;
    const id = event.messageId;
    if (t !== runTime) {
      runTime = t;
      runStart = appliedTimes.length;
      runIds = undefined;
    }
    // A duplicate within the batch has the same time, so it is in the current run of equal times.
    let duplicate = false;
    if (runIds !== undefined) duplicate = runIds.has(id);
    else {
      for (let k = runStart; k < appliedIds.length && !duplicate; k++) duplicate = appliedIds[k] === id;
      if (appliedIds.length - runStart > 16) runIds = new Set(appliedIds.slice(runStart));
    }
    if (duplicate || (t <= beforeLast && wasSeen(before, t, id))) continue;
    appliedTimes.push(t);
    appliedIds.push(id);
    runIds?.add(id);
    applyNewEvent(draft, event, t, hot);
  }
  storeHot(draft, hot);
  draft.seen = mergeSeen(before, appliedTimes, appliedIds);
}

/** The time of every event, parsed once. Throws before anything is folded when one is not a date. */
function timesOf(list: readonly RetainEvent[]): Float64Array {
  const times = new Float64Array(list.length);
  for (let i = 0; i < list.length; i++) times[i] = eventTime(list[i] as RetainEvent);
  return times;
}

/**
 * Sorts `order[from, to)` (event indexes) and `times[from, to)` (their times, side by side) by
 * time, ties by index (stable). Streams are nearly in time order, so this is an insertion sort
 * (linear when little is out of place), which hands over to `Array.prototype.sort` as soon as the
 * input turns out to be badly shuffled. The times sit next to each other (not indexed by event),
 * so the sort and the fold read them from the cache rather than from all over memory.
 */
function sortByTime(order: Int32Array, times: Float64Array, from: number, to: number): void {
  let budget = 8 * (to - from) + 64;
  for (let j = from + 1; j < to; j++) {
    const i = order[j] as number;
    const t = times[j] as number;
    let k = j - 1;
    while (k >= from && (times[k] as number) > t) {
      order[k + 1] = order[k] as number;
      times[k + 1] = times[k] as number;
      k--;
      if (--budget < 0) {
        order[k + 1] = i;
        times[k + 1] = t;
        const at = new Map<number, number>();
        for (let m = from; m < to; m++) at.set(order[m] as number, times[m] as number);
        const part = Array.from(order.subarray(from, to));
        part.sort((x, y) => (at.get(x) as number) - (at.get(y) as number) || x - y);
        order.set(part, from);
        for (let m = from; m < to; m++) times[m] = at.get(order[m] as number) as number;
        return;
      }
    }
    order[k + 1] = i;
    times[k + 1] = t;
  }
}

/**
 * @internal Folds `list` into one state per group: `group[i]` is the group of event `i` (-1:
 * skipped), `keys[g]` the key of group `g`. Each group is folded in timestamp order, one state
 * at a time (which keeps that state hot in the CPU cache). Keys come out in group order.
 */
function foldGroups(
  list: readonly RetainEvent[],
  times: Float64Array,
  group: Int32Array,
  keys: readonly string[],
  start: (key: string) => CustomerState,
): Map<string, CustomerState> {
  const n = list.length;
  // Counting sort of the event indexes by group (arrival order kept within a group).
  const k = keys.length;
  const offsets = new Int32Array(k + 1);
  for (let i = 0; i < n; i++) {
    const g = group[i] as number;
    if (g >= 0) offsets[g + 1] = (offsets[g + 1] as number) + 1;
  }
  for (let g = 0; g < k; g++) offsets[g + 1] = (offsets[g + 1] as number) + (offsets[g] as number);
  const cursor = offsets.slice(0, k);
  const order = new Int32Array(offsets[k] as number);
  for (let i = 0; i < n; i++) {
    const g = group[i] as number;
    if (g < 0) continue;
    const at = cursor[g] as number;
    order[at] = i;
    cursor[g] = at + 1;
  }
  // The times in group order, side by side (one scattered read per event, here only).
  const sorted = new Float64Array(order.length);
  for (let j = 0; j < order.length; j++) sorted[j] = times[order[j] as number] as number;
  const out = new Map<string, CustomerState>();
  for (let g = 0; g < k; g++) {
    const key = keys[g] as string;
    const from = offsets[g] as number;
    const to = offsets[g + 1] as number;
    sortByTime(order, sorted, from, to);
    const draft = start(key);
    foldSorted(draft, list, order, sorted, from, to);
    out.set(key, draft);
  }
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
  const n = list.length;
  const times = new Float64Array(n);
  const group = new Int32Array(n);
  // One pass over the events: times, links anonymousId → userId, and provisional groups — by
  // userId, and by anonymousId for the events that carry no userId.
  const byUser = new Map<string, number>();
  const byAnonymousId = new Map<string, number>();
  const provisional: string[] = [];
  const anonymous: boolean[] = [];
  const links = new Map<string, Link>();
  // Per group, the anonymousId it was last linked with, and the earliest time of that link: a
  // later event with the same pair cannot change the link, so the map is not consulted for it.
  const linkedId: (string | undefined)[] = [];
  const linkedAt: number[] = [];
  for (let i = 0; i < n; i++) {
    const event = list[i] as RetainEvent;
    const t = eventTime(event);
    times[i] = t;
    const { userId, anonymousId } = event;
    let key: string;
    let groups = byUser;
    if (userId !== undefined) key = userId;
    else if (anonymousId !== undefined) {
      key = anonymousId;
      groups = byAnonymousId;
    } else key = '';
    let g = groups.get(key);
    if (g === undefined) {
      g = provisional.length;
      groups.set(key, g);
      provisional.push(key);
      anonymous.push(groups === byAnonymousId);
      linkedId.push(undefined);
      linkedAt.push(Infinity);
    }
    group[i] = g;
    if (userId !== undefined && anonymousId !== undefined && (anonymousId !== linkedId[g] || t < (linkedAt[g] as number))) {
      link(links, anonymousId, userId, t, false);
      if (anonymousId !== linkedId[g]) linkedAt[g] = t;
      else linkedAt[g] = Math.min(linkedAt[g] as number, t);
      linkedId[g] = anonymousId;
    }
  }
  // Anonymous-only groups join their user's (stitching); groups with the same final key merge.
  const finalIds = new Map<string, number>();
  const keys: string[] = [];
  const remap = new Int32Array(provisional.length);
  for (let g = 0; g < provisional.length; g++) {
    const own = provisional[g] as string;
    const key = anonymous[g] === true ? (links.get(own)?.to ?? own) : own;
    let id = finalIds.get(key);
    if (id === undefined) {
      id = keys.length;
      finalIds.set(key, id);
      keys.push(key);
    }
    remap[g] = id;
  }
  for (let i = 0; i < n; i++) group[i] = remap[group[i] as number] as number;
  const out = foldGroups(list, times, group, keys, (key) => {
    const existing = states?.get(key);
    return existing === undefined ? createCustomerState(key) : cloneState(existing);
  });
  if (states !== undefined) for (const [key, s] of states) if (!out.has(key)) out.set(key, s);
  return out;
}

interface Link {
  to: string;
  at: number;
}

/** Keeps, per key, the link made by the earliest (or latest) event; ties: the smaller target, whatever the order. */
function link(links: Map<string, Link>, from: string, to: string, at: number, latest: boolean): void {
  const current = links.get(from);
  if (current === undefined) links.set(from, { to, at });
  else if (current.to !== to || at !== current.at) {
    const dt = at - current.at;
    if ((latest ? dt > 0 : dt < 0) || (dt === 0 && to < current.to)) links.set(from, { to, at });
  }
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
  const n = list.length;
  const times = new Float64Array(n);
  const memberships = new Map<string, Link>();
  for (let i = 0; i < n; i++) {
    const event = list[i] as RetainEvent;
    times[i] = eventTime(event);
    if (event.type === 'group') link(memberships, customerKeyOf(event), event.groupId, times[i] as number, true);
  }
  const ids = new Map<string, number>();
  const keys: string[] = [];
  const group = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const event = list[i] as RetainEvent;
    const key = accountIdOf(event) ?? memberships.get(customerKeyOf(event))?.to;
    let g = -1;
    if (key !== undefined) {
      g = ids.get(key) ?? -1;
      if (g < 0) {
        g = keys.length;
        ids.set(key, g);
        keys.push(key);
      }
    }
    group[i] = g;
  }
  const out = foldGroups(list, times, group, keys, (key) => {
    const existing = states?.get(key);
    return existing === undefined ? createCustomerState(key, 'account') : cloneState(existing);
  });
  if (states !== undefined) for (const [key, s] of states) if (!out.has(key)) out.set(key, s);
  return out;
}
