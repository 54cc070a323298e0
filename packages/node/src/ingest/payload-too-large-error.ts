import { RetainError } from '@retain/core';

/**
 * A request body larger than the ingest endpoint accepts (HTTP 413). Detected while the body
 * streams in: the handler stops reading at the limit instead of buffering the whole body.
 *
 * @example
 * ```ts
 * import { PayloadTooLargeError } from '@retain/node';
 * const error = new PayloadTooLargeError(512 * 1024);
 * error.message; // 'request body exceeds the limit of 524288 bytes…'
 * ```
 */
export class PayloadTooLargeError extends RetainError {
  override name = 'PayloadTooLargeError';
  /** The HTTP status the ingest handler answers with. */
  readonly status = 413;
  /** The limit that was exceeded, in bytes. */
  readonly limit: number;

  constructor(limit: number) {
    super(`request body exceeds the limit of ${limit} bytes: send smaller batches (the browser client splits them)`);
    this.limit = limit;
  }
}
