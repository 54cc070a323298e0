import { RetainError, describeIssues, type ValidationIssue } from '@retain/core';

/**
 * Options of `createIngestHandler` that cannot work: a limit that is not a positive whole number
 * (`maxTransactions: 0` would never store a batch), a negative wait. Thrown when the handler is
 * created, before any request; carries every issue with its path.
 *
 * @example
 * ```ts
 * import { createIngestHandler, InvalidIngestOptionsError } from '@retain/node';
 * try {
 *   createIngestHandler({ writeKeys: ['wk'], maxTransactions: 0 });
 * } catch (error) {
 *   if (error instanceof InvalidIngestOptionsError) console.log(error.issues[0]?.path); // ['maxTransactions']
 * }
 * ```
 */
export class InvalidIngestOptionsError extends RetainError {
  override name = 'InvalidIngestOptionsError';
  /** Every problem found, each with its path. */
  readonly issues: readonly ValidationIssue[];

  constructor(issues: readonly ValidationIssue[]) {
    super(describeIssues('ingest options', issues));
    this.issues = issues;
  }
}
