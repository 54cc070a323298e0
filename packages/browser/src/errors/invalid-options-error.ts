import { describeIssues, RetainError, type ValidationIssue } from '@retain/core/errors';

/**
 * `createRetain()` was given options it cannot work with (no endpoint, a batch size of 0, a
 * negative interval…). Thrown at once, before anything is stored or sent; `issues` names each
 * bad option by its path.
 *
 * @example
 * ```ts
 * import { createRetain, InvalidOptionsError } from '@retain/browser';
 * try {
 *   createRetain({ endpoint: '', batch: { maxEvents: 0 } });
 * } catch (error) {
 *   if (error instanceof InvalidOptionsError) console.log(error.issues.map((i) => i.path.join('.'))); // ['endpoint', 'batch.maxEvents']
 * }
 * ```
 */
export class InvalidOptionsError extends RetainError {
  override name = 'InvalidOptionsError';
  /** Every bad option, with its path. */
  readonly issues: readonly ValidationIssue[];

  constructor(issues: readonly ValidationIssue[]) {
    super(describeIssues('createRetain options', issues));
    this.issues = issues;
  }
}
