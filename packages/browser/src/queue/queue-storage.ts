/**
 * One accepted, not yet acknowledged event as it sits in the queue: kept as the JSON that will be
 * sent (serialised once, at `track()` time; cheap to store and to batch).
 */
export interface QueuedEvent {
  /** Sort key: oldest first across tabs (time, then a per-tab counter, then the messageId). */
  key: string;
  /** The event, as JSON (its length is the size used for batching). */
  json: string;
}

/**
 * Where the queue and the small persisted values (customer state) live. Several tabs of the same
 * origin may share one storage: `add` and `remove` touch only the keys given, so tabs never
 * overwrite each other's events. The default is IndexedDB through idb-keyval
 * ({@link idbQueueStorage}); {@link memoryQueueStorage} is the fallback.
 *
 * @example
 * ```ts
 * import { createRetain, memoryQueueStorage } from '@retain/browser';
 * const retain = createRetain({ endpoint: 'https://collect.example.com/v1/batch', storage: memoryQueueStorage() });
 * retain.track('Signed Up');
 * ```
 */
export interface QueueStorage {
  /** Adds events (atomically, when the storage can). */
  add(items: readonly QueuedEvent[]): Promise<void>;
  /** The oldest `limit` events, oldest first. */
  peek(limit: number): Promise<QueuedEvent[]>;
  /** Removes events by key (unknown keys are ignored). */
  remove(keys: readonly string[]): Promise<void>;
  /** How many events are queued. */
  count(): Promise<number>;
  /** Removes every queued event and persisted value. */
  clear(): Promise<void>;
  /** Reads a persisted value (`undefined` when absent). */
  load(name: string): Promise<unknown>;
  /** Writes a persisted value. */
  save(name: string, value: unknown): Promise<void>;
}

/**
 * A queue in memory: lost when the page closes. The fallback when IndexedDB is blocked or full,
 * and handy in tests.
 *
 * @example
 * ```ts
 * import { memoryQueueStorage } from '@retain/browser';
 * const storage = memoryQueueStorage();
 * await storage.save('state', { ok: true });
 * ```
 */
export function memoryQueueStorage(): QueueStorage {
  const events = new Map<string, QueuedEvent>();
  const values = new Map<string, unknown>();
  return {
    async add(items) {
      for (const item of items) events.set(item.key, item);
    },
    async peek(limit) {
      return [...events.values()].sort((a, b) => (a.key < b.key ? -1 : 1)).slice(0, limit);
    },
    async remove(keys) {
      for (const key of keys) events.delete(key);
    },
    async count() {
      return events.size;
    },
    async clear() {
      events.clear();
      values.clear();
    },
    async load(name) {
      return values.get(name);
    },
    async save(name, value) {
      values.set(name, value);
    },
  };
}
