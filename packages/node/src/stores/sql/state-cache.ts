/**
 * @internal The SQL stores' cache of the records this process wrote last, so that a batch reads
 * only the `version` and `xmin` of the customers it already holds instead of their whole state
 * (and writes them back without a parse of what it read).
 *
 * Correct with any number of processes on one database: an entry is used only when the row,
 * locked by the transaction's `SELECT … FOR UPDATE`, still has the entry's `version` and the
 * `xmin` (the id of the transaction that wrote that row version), so a write by another process,
 * and a record deleted and created again (which restarts `version` at 1), read in full. An
 * entry is checked out while a transaction uses it (taken out of the cache: the transaction
 * folds into it in place) and comes back with the transaction's write once it committed; a
 * transaction that fails leaves it out.
 */
import type { JsonObject, CustomerState } from '@retain/core';

/** A record as the cache holds it. */
export interface CachedRecord {
  version: number;
  /** The `xmin` of the row version that holds it (as text). */
  xmin: string;
  state: CustomerState;
  memory: JsonObject;
  dueAt: number | null;
}

/** Least recently written first out, at most `capacity` records. */
export interface StateCache {
  /** The validators to send for `key` (`undefined`: not cached). */
  peek(key: string): Pick<CachedRecord, 'version' | 'xmin'> | undefined;
  /** Takes the record out if it still is that row version (else `undefined`: read it in full). */
  checkOut(key: string, version: number, xmin: string): CachedRecord | undefined;
  /** Puts a committed record in. */
  put(key: string, record: CachedRecord): void;
  /** Forgets `key`. */
  drop(key: string): void;
}

/** A cache of up to `capacity` records; `capacity` 0 caches nothing. */
export function createStateCache(capacity: number): StateCache {
  const entries = new Map<string, CachedRecord>();
  return {
    peek(key) {
      return entries.get(key);
    },
    checkOut(key, version, xmin) {
      const entry = entries.get(key);
      if (entry === undefined) return undefined;
      entries.delete(key);
      return entry.version === version && entry.xmin === xmin ? entry : undefined;
    },
    put(key, record) {
      if (capacity <= 0) return;
      entries.delete(key);
      entries.set(key, record);
      if (entries.size > capacity) {
        const oldest = entries.keys();
        while (entries.size > capacity) {
          const next = oldest.next();
          if (next.done === true) break;
          entries.delete(next.value);
        }
      }
    },
    drop(key) {
      entries.delete(key);
    },
  };
}
