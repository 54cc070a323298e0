import { RetainError } from '@retain/core';

/**
 * A request to the ingest endpoint without a valid write key (HTTP 401).
 *
 * @example
 * ```ts
 * import { UnauthorizedError } from '@retain/node';
 * const error = new UnauthorizedError('no write key: send it as the Basic-auth username or a "writeKey" body field');
 * error.status; // 401
 * ```
 */
export class UnauthorizedError extends RetainError {
  override name = 'UnauthorizedError';
  /** The HTTP status the ingest handler answers with. */
  readonly status = 401;
}
