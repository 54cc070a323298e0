/**
 * @internal Safe access to the `Record<string, …>` maps of the state, whose keys come from
 * customer input (event names, metric names…): own properties only, and `__proto__` is stored
 * as a plain key rather than replacing the prototype.
 */
export function getOwn<T>(record: Record<string, T>, key: string): T | undefined {
  const value = record[key];
  // Only a prototype property (a function, or `__proto__`'s getter) can show through: check those.
  if (value === undefined || (typeof value !== 'function' && key !== '__proto__')) return value;
  return Object.hasOwn(record, key) ? value : undefined;
}

/** @internal Sets `record[key]` as an own, enumerable data property, whatever `key` is. */
export function setOwn<T>(record: Record<string, T>, key: string, value: T): void {
  if (key === '__proto__') Object.defineProperty(record, key, { value, enumerable: true, writable: true, configurable: true });
  else record[key] = value;
}

/**
 * @internal Binary search: the first index in `[0, length)` where `before(i)` is false, or
 * `length` (`before` must hold on a prefix of the indexes and fail on the rest).
 */
export function partitionPoint(length: number, before: (i: number) => boolean): number {
  let lo = 0;
  let hi = length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (before(mid)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** @internal Inserts `value` into an array kept sorted by `compare`, after any equal elements. */
export function insertSorted<T>(array: T[], value: T, compare: (a: T, b: T) => number): number {
  const n = array.length;
  // Fast path: appending in time order is the common case.
  if (n > 0 && compare(array[n - 1] as T, value) <= 0) {
    array.push(value);
    return n;
  }
  const at = partitionPoint(n, (i) => compare(array[i] as T, value) <= 0);
  array.splice(at, 0, value);
  return at;
}
