import { clear, createStore, delMany, get, promisifyRequest, set, setMany } from 'idb-keyval';
import type { QueuedEvent, QueueStorage } from './queue-storage.js';

/**
 * The default storage: IndexedDB through idb-keyval, one database per namespace with the events
 * in `<namespace>-queue` and persisted values in `<namespace>-state`. Nothing is opened until the
 * first operation.
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
  return {
    async add(items) {
      await setMany(items.map((item) => [item.key, item]), q());
    },
    async peek(limit) {
      return q()('readonly', (store) => promisifyRequest(store.getAll(null, limit))) as Promise<QueuedEvent[]>;
    },
    async remove(keys) {
      await delMany(keys as string[], q());
    },
    async count() {
      return q()('readonly', (store) => promisifyRequest(store.count()));
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
