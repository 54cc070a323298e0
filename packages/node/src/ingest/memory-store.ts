import { cloneJson } from './clone-json.js';
import type { CustomerStore, StateRef, StoredState } from './customer-store.js';

/** Options of {@link createMemoryStore}. */
export interface MemoryStoreOptions {
  /**
   * Records to start with (e.g. a snapshot read from a file).
   * @default []
   */
  initial?: Iterable<StoredState>;
}

/**
 * The in-memory {@link CustomerStore}: a `Map` plus one promise chain per key, so that
 * updates of the same customer run one after another while different customers proceed in
 * parallel. Records are copied in and out, so callers cannot mutate the stored state by
 * accident. Lost when the process exits: use a database adapter in production.
 *
 * @example
 * ```ts
 * import { createCustomerState } from '@retain/core';
 * import { createMemoryStore } from '@retain/node';
 * const store = createMemoryStore();
 * const ref = { kind: 'customer', id: 'user-42' } as const;
 * await store.update(ref, (current) => current ?? { state: createCustomerState('user-42'), memory: {} });
 * (await store.get(ref))?.version; // 1
 * ```
 */
export function createMemoryStore(options: MemoryStoreOptions = {}): CustomerStore {
  const records = new Map<string, StoredState>();
  const chains = new Map<string, Promise<unknown>>();
  const keyOf = (ref: StateRef) => `${ref.kind}:${ref.id}`;
  for (const record of options.initial ?? []) records.set(keyOf(record.state), cloneJson(record));

  return {
    async get(ref) {
      const record = records.get(keyOf(ref));
      return record === undefined ? undefined : cloneJson(record);
    },
    update(ref, fn) {
      const key = keyOf(ref);
      const previous = chains.get(key) ?? Promise.resolve();
      const run = previous.then(async () => {
        const current = records.get(key);
        const next = await fn(current === undefined ? undefined : cloneJson(current));
        const written: StoredState = { state: cloneJson(next.state), memory: cloneJson(next.memory), version: (current?.version ?? 0) + 1 };
        records.set(key, written);
        return cloneJson(written);
      });
      // The chain continues whether this update failed or not; the caller sees the failure.
      const tail = run.catch(() => undefined);
      chains.set(key, tail);
      void tail.then(() => {
        if (chains.get(key) === tail) chains.delete(key);
      });
      return run;
    },
    async delete(ref) {
      const key = keyOf(ref);
      // Wait for pending updates of this key so that a delete is not undone by one of them.
      await chains.get(key);
      return records.delete(key);
    },
    async *list(kind) {
      for (const record of [...records.values()]) if (record.state.kind === kind) yield cloneJson(record);
    },
  };
}
