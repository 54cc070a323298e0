import { formatPath, RetainError } from '@retain/core';

/**
 * A request body that is not a batch at all (HTTP 400): not JSON, or JSON without a `batch`
 * array. Individual bad events inside a well-formed batch are not this error: they are
 * reported one by one in the answer (see {@link IngestResult}).
 *
 * @example
 * ```ts
 * import { MalformedBatchError } from '@retain/node';
 * const error = new MalformedBatchError('body is not JSON: Unexpected token', []);
 * error.status; // 400
 * ```
 */
export class MalformedBatchError extends RetainError {
  override name = 'MalformedBatchError';
  /** The HTTP status the ingest handler answers with. */
  readonly status = 400;
  /** Where in the body the problem is (`[]` for the body itself). */
  readonly path: readonly PropertyKey[];

  constructor(problem: string, path: readonly PropertyKey[]) {
    super(`malformed batch at ${formatPath(path)}: ${problem}. Expected a JSON body { "batch": [event, …], "sentAt": "…" }`);
    this.path = path;
  }
}
