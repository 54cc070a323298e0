import type { CustomerStore, StateRef, StoredState } from './customer-store.js';

/**
 * Options of {@link createMemoryStore}.
 *
 * @example
 * ```ts
 * import { createMemoryStore, type MemoryStoreOptions, type StoredState } from '@retain/node';
 * declare const snapshot: StoredState[];
 * const options: MemoryStoreOptions = { initial: snapshot };
 * const store = createMemoryStore(options);
 * ```
 */
export interface MemoryStoreOptions {
  /**
   * Records to start with (e.g. a snapshot read from a file).
   * @default []
   */
  initial?: Iterable<StoredState>;
}

/**
 * The in-memory {@link CustomerStore}: a `Map` of serialised records plus one promise chain
 * per key, so that updates of the same customer run one after another while different
 * customers proceed in parallel. Records are stored as JSON text (like a database row), so
 * callers cannot mutate the stored state by accident. Lost when the process exits: use a
 * database adapter in production.
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
  // Records are kept serialised, as a database would: a read parses a fresh copy, a write
  // serialises what it is given, so no caller can mutate the stored state through a reference.
  const records = new Map<string, { kind: StateRef['kind']; json: string }>();
  const chains = new Map<string, Promise<unknown>>();
  const keyOf = (ref: StateRef) => `${ref.kind}:${ref.id}`;
  const read = (key: string): StoredState | undefined => {
    const record = records.get(key);
    return record === undefined ? undefined : (JSON.parse(record.json) as StoredState);
  };
  for (const record of options.initial ?? []) records.set(keyOf(record.state), { kind: record.state.kind, json: JSON.stringify(record) });

  return {
    async get(ref) {
      return read(keyOf(ref));
    },
    update(ref, fn) {
      const key = keyOf(ref);
      const previous = chains.get(key) ?? Promise.resolve();
      const run = previous.then(async () => {
        const current = read(key);
        const next = await fn(current);
        const written: StoredState = { state: next.state, memory: next.memory, version: (current?.version ?? 0) + 1 };
        records.set(key, { kind: ref.kind, json: JSON.stringify(written) });
        return written;
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
      for (const [key, record] of [...records]) {
        if (record.kind !== kind) continue;
        const value = read(key);
        if (value !== undefined) yield value;
      }
    },
  };
}
