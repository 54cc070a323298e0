import { RetainError } from '@retain/core';

/**
 * The store's database failed, timed out or could not be reached. Nothing of the failed work
 * was written; retry later. The ingest handler answers 503 with `Retry-After`, so clients keep
 * the batch and send it again.
 *
 * @example
 * ```ts
 * import { StoreUnavailableError } from '@retain/node';
 * const error = new StoreUnavailableError('postgres', 'connect ECONNREFUSED 127.0.0.1:5432');
 * error.message; // 'postgres store unavailable: connect ECONNREFUSED 127.0.0.1:5432'
 * error.status; // 503
 * ```
 */
export class StoreUnavailableError extends RetainError {
  override name = 'StoreUnavailableError';
  /** The HTTP status the ingest handler answers with. */
  readonly status = 503;

  constructor(
    /** The store's name. */
    readonly store: string,
    detail: string,
    options?: { cause?: unknown },
  ) {
    super(`${store} store unavailable: ${detail}`, options);
  }
}
