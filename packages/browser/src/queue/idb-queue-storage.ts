import type { QueueStorage } from './queue-storage.js';

/**
 * The default storage: IndexedDB through idb-keyval, one database per namespace with the events
 * in `<namespace>-queue` and persisted values in `<namespace>-state`. Nothing is opened until the
 * first operation, and the code that does it (idb-keyval included) is a chunk of its own, loaded
 * with a dynamic `import()` on that first operation: a page's first download carries only this
 * stub. Events are stored in chunks of up to 50 (a burst of 1,000 events is 20 records in one
 * transaction).
 *
 * If the chunk cannot load (offline before it was ever cached, a blocked URL), the operation
 * rejects like a storage failure: `createRetain` then keeps the queue in memory and reports a
 * `StorageError` (`on('storageFallback')`).
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
  let store: Promise<QueueStorage> | undefined;
  const call =
    <K extends keyof QueueStorage>(name: K) =>
    async (...args: Parameters<QueueStorage[K]>): Promise<Awaited<ReturnType<QueueStorage[K]>>> => {
      const s = await (store ??= import('./idb-store.js').then((m) => m.openIdbStore(namespace)));
      return (s[name] as (...a: typeof args) => Promise<Awaited<ReturnType<QueueStorage[K]>>>)(...args);
    };
  return { add: call('add'), peek: call('peek'), remove: call('remove'), count: call('count'), clear: call('clear'), load: call('load'), save: call('save') };
}
