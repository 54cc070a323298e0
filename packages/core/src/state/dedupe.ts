import { DEDUPE_WINDOW, type SeenMessages } from './customer-state.js';
import { partitionPoint } from './records.js';

/** Order of `(at, id)` against entry `k` of `seen`: negative, zero or positive. */
function compareAt(seen: SeenMessages, k: number, at: number, id: string): number {
  const other = seen.ids[k] as string;
  return at - (seen.at[k] as number) || (id < other ? -1 : id > other ? 1 : 0);
}

/** Index of the first entry not smaller than `(at, id)`. */
function lowerBound(seen: SeenMessages, at: number, id: string): number {
  return partitionPoint(seen.at.length, (k) => compareAt(seen, k, at, id) > 0);
}

/**
 * @internal Whether the event `(at, id)` was already applied, and if not, remembers it
 * (mutates `seen`). Keeps the {@link DEDUPE_WINDOW} most recent ids by timestamp, so the set is
 * the same whatever order the events arrived in. A duplicate older than every remembered id is
 * not recognised (documented: collectors dedupe globally by messageId too).
 *
 * @returns true when the event is a duplicate.
 */
export function checkAndRemember(seen: SeenMessages, at: number, id: string): boolean {
  const n = seen.at.length;
  if (n === 0 || compareAt(seen, n - 1, at, id) > 0) {
    seen.at.push(at);
    seen.ids.push(id);
    if (n + 1 > DEDUPE_WINDOW) {
      seen.at.shift();
      seen.ids.shift();
    }
    return false;
  }
  const k = lowerBound(seen, at, id);
  if (k < n && seen.at[k] === at && seen.ids[k] === id) return true;
  if (k === 0 && n >= DEDUPE_WINDOW) return false; // older than the window: apply, do not remember
  seen.at.splice(k, 0, at);
  seen.ids.splice(k, 0, id);
  if (seen.at.length > DEDUPE_WINDOW) {
    seen.at.shift();
    seen.ids.shift();
  }
  return false;
}

/** @internal Whether `(at, id)` is among the remembered ids (no change). */
export function wasSeen(seen: SeenMessages, at: number, id: string): boolean {
  const k = lowerBound(seen, at, id);
  return k < seen.at.length && seen.at[k] === at && seen.ids[k] === id;
}

/**
 * @internal The window after a batch: the {@link DEDUPE_WINDOW} greatest `(timestamp, id)` of
 * the window before and the `n` events applied (`appliedTimes[k]`, `appliedIds[k]`, in time
 * order), as the one-at-a-time reducer would have kept them — but built once per batch, not per event.
 */
export function mergeSeen(before: SeenMessages, appliedTimes: ArrayLike<number>, appliedIds: readonly string[], n: number): SeenMessages {
  // Take the applied tail: at least DEDUPE_WINDOW entries, extended to a whole run of equal times.
  let from = Math.max(0, n - DEDUPE_WINDOW);
  while (from > 0 && appliedTimes[from - 1] === appliedTimes[from]) from--;
  const m = before.at.length;
  if (m === 0) {
    // The applied events are in time order: only the ids within a run of equal times need sorting.
    const at: number[] = [];
    for (let k = from; k < n; k++) at.push(appliedTimes[k] as number);
    const ids = appliedIds.slice(from, n);
    for (let k = 1; k < ids.length; k++) {
      if (at[k] !== at[k - 1]) continue;
      const id = ids[k] as string;
      let j = k - 1;
      while (j >= 0 && at[j] === at[k] && (ids[j] as string) > id) {
        ids[j + 1] = ids[j] as string;
        j--;
      }
      ids[j + 1] = id;
    }
    return ids.length > DEDUPE_WINDOW ? { at: at.slice(ids.length - DEDUPE_WINDOW), ids: ids.slice(ids.length - DEDUPE_WINDOW) } : { at, ids };
  }
  const order: number[] = [];
  for (let k = 0; k < m + n - from; k++) order.push(k);
  const atOf = (k: number) => (k < m ? (before.at[k] as number) : (appliedTimes[from + k - m] as number));
  const idOf = (k: number) => (k < m ? (before.ids[k] as string) : (appliedIds[from + k - m] as string));
  order.sort((a, b) => {
    const x = idOf(a);
    const y = idOf(b);
    return atOf(a) - atOf(b) || (x < y ? -1 : x > y ? 1 : 0);
  });
  const kept = order.length > DEDUPE_WINDOW ? order.slice(order.length - DEDUPE_WINDOW) : order;
  return { at: kept.map(atOf), ids: kept.map(idOf) };
}
