/**
 * `@retain/core/errors` — the error classes and issue formatting alone: no reducer, no schema.
 * What a tracking page needs up front. The same values as `@retain/core` and
 * `@retain/core/state` export (one class, whichever entry point names it).
 *
 * (esbuild splits code by the files a page can reach, not by what it uses: a page that imports
 * `@retain/core/state` for an error class would download the reducer too, as soon as a lazy
 * chunk of the page uses the reducer.)
 *
 * @example
 * ```ts
 * import { InvalidEventError, isRetainError } from '@retain/core/errors';
 * const error = new InvalidEventError([{ path: ['event'], message: 'must not be empty', code: 'invalid_name' }], {});
 * isRetainError(error); // true
 * ```
 *
 * @packageDocumentation
 */
export { RetainError, isRetainError } from './retain-error.js';
export { InvalidEventError, formatPath } from './invalid-event-error.js';
export type { ValidationIssue } from './invalid-event-error.js';
export { describeIssues, describeFirstIssue } from './describe-issues.js';
export { InvalidStateError } from './invalid-state-error.js';
export { InvalidMergeError } from './invalid-merge-error.js';
