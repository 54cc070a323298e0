import { RetainError, describeIssues, type ValidationIssue } from '@retain/core/errors';

/**
 * An in-context message definition that cannot be shown as written: every problem is listed
 * with its path (`content.actions[1].label`…), and the rejected definition is kept.
 *
 * @example
 * ```ts
 * import { InvalidInContextMessageError } from '@retain/browser';
 * const error = new InvalidInContextMessageError([{ path: ['priority'], message: 'must be a number', code: 'invalid_type' }], {});
 * error.message; // 'Invalid in-context message: 1 problem\n  - at priority: must be a number'
 * ```
 */
export class InvalidInContextMessageError extends RetainError {
  override name = 'InvalidInContextMessageError';
  /** Every problem found, each with its path. */
  readonly issues: readonly ValidationIssue[];
  /** The path of the first problem. */
  readonly path: readonly PropertyKey[];
  /** The rejected definition, unchanged. */
  readonly definition: unknown;

  constructor(issues: readonly ValidationIssue[], definition: unknown) {
    const id = typeof definition === 'object' && definition !== null ? (definition as { id?: unknown }).id : undefined;
    const label = typeof id === 'string' ? `in-context message "${id}"` : 'in-context message';
    super(describeIssues(label, issues));
    this.issues = issues;
    this.path = issues[0]?.path ?? [];
    this.definition = definition;
  }
}
