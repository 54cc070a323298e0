import { RetainError, formatPath } from '@retain/core/errors';

/**
 * A link in message content whose scheme is not `http:` or `https:` (and that is not relative):
 * `javascript:`, `data:`, `vbscript:`… are refused, never rendered.
 *
 * @example
 * ```ts
 * import { UnsafeUrlError } from '@retain/browser';
 * const error = new UnsafeUrlError('javascript:alert(1)', ['content', 'actions', 0, 'href']);
 * error.path; // ['content', 'actions', 0, 'href']
 * ```
 */
export class UnsafeUrlError extends RetainError {
  override name = 'UnsafeUrlError';
  /** The refused URL, as given. */
  readonly url: string;
  /** Where the URL was found in the definition. */
  readonly path: readonly PropertyKey[];

  constructor(url: string, path: readonly PropertyKey[]) {
    super(`Unsafe link at ${formatPath(path)}: ${JSON.stringify(url.slice(0, 80))} — only http:, https: or relative URLs are allowed in message content`);
    this.url = url;
    this.path = path;
  }
}
