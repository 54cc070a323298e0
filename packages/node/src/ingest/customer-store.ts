/**
 * Where the ingest handler keeps customer and account states. An interface so that any
 * database can back it; {@link createMemoryStore} is the in-memory default.
 */
import type { CustomerState, JsonObject } from '@retain/core';

/**
 * Which state: a customer (keyed by `userId`, else `anonymousId`) or a B2B account (`groupId`).
 *
 * @example
 * ```ts
 * import type { StateRef } from '@retain/node';
 * const ref: StateRef = { kind: 'account', id: 'acct-7' };
 * ```
 */
export interface StateRef {
  kind: CustomerState['kind'];
  id: string;
}

/**
 * What a store keeps per customer or account. Plain JSON: store it as one document/row.
 *
 * @example
 * ```ts
 * import { createCustomerState } from '@retain/core';
 * import type { StoredState } from '@retain/node';
 * const record: StoredState = { state: createCustomerState('user-42'), memory: {}, version: 1 };
 * const row = JSON.stringify(record); // one row per customer
 * ```
 */
export interface StoredState {
  /** The folded customer (or account) state. */
  state: CustomerState;
  /** Data kept for the rules and send checks (rule firings, goodwill ledger…). JSON only. */
  memory: JsonObject;
  /**
   * Bumped by one on every write. A database adapter uses it for compare-and-set:
   * `UPDATE … SET doc = $new, version = $v + 1 WHERE key = $k AND version = $v`, and retries
   * the update function when no row matched.
   */
  version: number;
}

/**
 * Storage for customer and account states.
 *
 * **Contract** (what the ingest handler relies on, and what an adapter must guarantee):
 * - `update(ref, fn)` is atomic per key: no two updates of the same key interleave, so two
 *   concurrent batches for one customer never lose an event. `fn` receives the current record
 *   (or `undefined`) and returns the next one; the store persists it with `version + 1`.
 *   An in-process store serialises calls per key (a promise chain); a database adapter reads
 *   the row, runs `fn`, and writes with compare-and-set on `version`, calling `fn` again with
 *   the fresh row when another writer won. `fn` must therefore be pure (no side effects).
 * - When `fn` throws, nothing is written and `update` rejects with that error.
 * - `get` returns the last committed record; `delete` removes it (the right to be forgotten),
 *   and `list` yields every record of a kind (for dashboards and batch jobs).
 *
 * @example
 * ```ts
 * import { createMemoryStore, type CustomerStore } from '@retain/node';
 * const store: CustomerStore = createMemoryStore();
 * await store.delete({ kind: 'customer', id: 'user-42' }); // forget a customer
 * ```
 */
export interface CustomerStore {
  /** The record of `ref`, or `undefined` when unknown. */
  get(ref: StateRef): Promise<StoredState | undefined>;
  /**
   * Atomically replaces the record of `ref` by `fn(current)`. Resolves to the record written
   * (its `version` one above the previous one, 1 for a new record).
   */
  update(ref: StateRef, fn: (current: StoredState | undefined) => Omit<StoredState, 'version'> | Promise<Omit<StoredState, 'version'>>): Promise<StoredState>;
  /** Removes the record of `ref`. Resolves to whether there was one. */
  delete(ref: StateRef): Promise<boolean>;
  /** Every record of one kind, in no particular order. */
  list(kind: StateRef['kind']): AsyncIterable<StoredState>;
}
