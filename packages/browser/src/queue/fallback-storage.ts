import { StorageError } from '../errors/storage-error.js';
import { memoryQueueStorage } from './queue-storage.js';
import type { QueuedEvent, QueueStorage } from './queue-storage.js';

/**
 * Wraps a storage so that its first failure (blocked, quota, corrupted) switches every later
 * operation to memory instead of breaking the app. `seed` gives the events this tab still holds
 * (they are copied into memory so nothing this tab accepted is lost), `onFallback` is told once.
 */
export function withMemoryFallback(
  primary: QueueStorage,
  seed: () => readonly QueuedEvent[],
  onFallback: (error: StorageError) => void,
): QueueStorage & { readonly failed: boolean } {
  let current = primary;
  let failed = false;
  const run =
    <A extends unknown[], R>(name: keyof QueueStorage, op: (s: QueueStorage, ...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      if (!failed) {
        try {
          return await op(current, ...args);
        } catch (cause) {
          failed = true;
          current = memoryQueueStorage();
          await current.add(seed());
          onFallback(new StorageError(name, cause));
        }
      }
      return op(current, ...args);
    };
  return {
    get failed() {
      return failed;
    },
    add: run('add', (s, items: readonly QueuedEvent[]) => s.add(items)),
    peek: run('peek', (s, limit: number) => s.peek(limit)),
    remove: run('remove', (s, keys: readonly string[]) => s.remove(keys)),
    count: run('count', (s) => s.count()),
    clear: run('clear', (s) => s.clear()),
    load: run('load', (s, name: string) => s.load(name)),
    save: run('save', (s, name: string, value: unknown) => s.save(name, value)),
  };
}
