import { DEDUPE_WINDOW } from './customer-state.js';

type Seen = Array<[number, string]>;

const compare = (at: number, id: string, entry: [number, string]) => at - entry[0] || (id < entry[1] ? -1 : id > entry[1] ? 1 : 0);

/**
 * @internal Whether the event `(at, id)` was already applied, and if not, remembers it
 * (mutates `seen`). Keeps the {@link DEDUPE_WINDOW} most recent ids by timestamp, so the set is
 * the same whatever order the events arrived in. A duplicate older than every remembered id is
 * not recognised (documented: collectors dedupe globally by messageId too).
 *
 * @returns true when the event is a duplicate.
 */
export function checkAndRemember(seen: Seen, at: number, id: string): boolean {
  const n = seen.length;
  const last = seen[n - 1];
  if (last === undefined || compare(at, id, last) > 0) {
    seen.push([at, id]);
    if (n + 1 > DEDUPE_WINDOW) seen.shift();
    return false;
  }
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compare(at, id, seen[mid] as [number, string]) > 0) lo = mid + 1;
    else hi = mid;
  }
  const found = seen[lo];
  if (found !== undefined && found[0] === at && found[1] === id) return true;
  if (lo === 0 && n >= DEDUPE_WINDOW) return false; // older than the window: apply, do not remember
  seen.splice(lo, 0, [at, id]);
  if (seen.length > DEDUPE_WINDOW) seen.shift();
  return false;
}

/** @internal Whether `(at, id)` is among the remembered ids (no change). */
export function wasSeen(seen: Seen, at: number, id: string): boolean {
  let lo = 0;
  let hi = seen.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compare(at, id, seen[mid] as [number, string]) > 0) lo = mid + 1;
    else hi = mid;
  }
  const found = seen[lo];
  return found !== undefined && found[0] === at && found[1] === id;
}

/**
 * @internal The window after a batch: the {@link DEDUPE_WINDOW} greatest `(timestamp, id)` of
 * the window before and the events applied (given in time order), as the one-at-a-time reducer
 * would have kept them — but built once per batch, not per event.
 */
export function mergeSeen(before: Seen, appliedTimes: readonly number[], appliedIds: readonly string[]): Seen {
  const n = appliedTimes.length;
  // Take the applied tail: at least DEDUPE_WINDOW entries, extended to a whole run of equal times.
  let from = Math.max(0, n - DEDUPE_WINDOW);
  while (from > 0 && appliedTimes[from - 1] === appliedTimes[from]) from--;
  const tail: Seen = [];
  for (let k = from; k < n; k++) tail.push([appliedTimes[k] as number, appliedIds[k] as string]);
  const merged = before.length === 0 ? tail : before.concat(tail);
  if (from > 0 || before.length > 0 || hasTies(appliedTimes, from)) merged.sort((a, b) => compare(a[0], a[1], b));
  return merged.length > DEDUPE_WINDOW ? merged.slice(merged.length - DEDUPE_WINDOW) : merged;
}

function hasTies(times: readonly number[], from: number): boolean {
  for (let k = from + 1; k < times.length; k++) if (times[k] === times[k - 1]) return true;
  return false;
}
