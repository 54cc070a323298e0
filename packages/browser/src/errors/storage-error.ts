import { RetainError } from '@retain/core/errors';

/**
 * Persistent storage (IndexedDB or localStorage) is blocked or full. Retain keeps working from
 * memory and reports this once through `on('storageFallback')` and `on('error')`.
 *
 * @example
 * ```ts
 * import { createRetain } from '@retain/browser';
 * const retain = createRetain({ endpoint: 'https://collect.example.com/v1/batch' });
 * retain.on('storageFallback', (error) => console.warn(error.operation, error.cause));
 * ```
 */
export class StorageError extends RetainError {
  override name = 'StorageError';
  /** What Retain was doing: `'open'`, `'add'`, `'peek'`… */
  readonly operation: string;

  constructor(operation: string, cause: unknown) {
    super(`Storage failed during "${operation}" (${cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause)}); events are now kept in memory only and are lost if the page closes before they are sent`, { cause });
    this.operation = operation;
  }
}
