import { clear, createStore, get, promisifyRequest, set } from 'idb-keyval';
import type { QueuedEvent, QueueStorage } from './queue-storage.js';

/**
 * The default storage: IndexedDB through idb-keyval, one database per namespace with the events
 * in `<namespace>-queue` and persisted values in `<namespace>-state`. Nothing is opened until the
 * first operation.
 *
 * Events are stored in chunks: one record per `add` (a burst of `track()` calls), keyed by the
 * chunk's first event key, so a burst of 1,000 events costs one write, not 1,000. Removing some
 * events of a chunk rewrites it in the same transaction (several tabs may share the store).
 *
 * @param namespace - prefix of the database names. @default 'retain'
 * @example
 * ```ts
 * import { createRetain, idbQueueStorage } from '@retain/browser';
 * const retain = createRetain({ endpoint: 'https://collect.example.com/v1/batch', storage: idbQueueStorage('shop') });
 * retain.track('Signed Up');
 * ```
 */
export function idbQueueStorage(namespace = 'retain'): QueueStorage {
  let queue: ReturnType<typeof createStore> | undefined;
  let values: ReturnType<typeof createStore> | undefined;
  const q = () => (queue ??= createStore(`${namespace}-queue`, 'events'));
  const v = () => (values ??= createStore(`${namespace}-state`, 'kv'));
  const all = (store: IDBObjectStore) => Promise.all([promisifyRequest(store.getAllKeys()), promisifyRequest(store.getAll())]) as Promise<[string[], QueuedEvent[][]]>;
  return {
    async add(items) {
      if (items.length === 0) return;
      await q()('readwrite', (store) => {
        store.put(items, items[0]!.key);
        return promisifyRequest(store.transaction);
      });
    },
    async peek(limit) {
      // chunks hold at least one event each: `limit` chunks hold at least `limit` events
      const chunks = (await q()('readonly', (store) => promisifyRequest(store.getAll(null, limit)))) as QueuedEvent[][];
      return chunks.flat().sort((a, b) => (a.key < b.key ? -1 : 1)).slice(0, limit);
    },
    async remove(keys) {
      const gone = new Set(keys);
      await q()('readwrite', async (store) => {
        const [chunkKeys, chunks] = await all(store);
        chunks.forEach((chunk, i) => {
          const left = chunk.filter((item) => !gone.has(item.key));
          if (left.length === chunk.length) return;
          if (left.length === 0) store.delete(chunkKeys[i]!);
          else store.put(left, chunkKeys[i]!);
        });
        return promisifyRequest(store.transaction);
      });
    },
    async count() {
      return q()('readonly', async (store) => (await all(store))[1].reduce((n, chunk) => n + chunk.length, 0));
    },
    async clear() {
      await Promise.all([clear(q()), clear(v())]);
    },
    async load(name) {
      return get(name, v());
    },
    async save(name, value) {
      await set(name, value, v());
    },
  };
}
