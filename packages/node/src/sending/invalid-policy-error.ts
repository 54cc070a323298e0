import { RetainError, describeIssues, type ValidationIssue } from '@retain/core';

/**
 * A send policy that does not match the policy schema (an unknown key, a cap of −1, quiet hours
 * of "25:00", a time zone that does not exist…). Carries every issue with its path.
 *
 * @example
 * ```ts
 * import { InvalidPolicyError, resolvePolicy } from '@retain/node';
 * try {
 *   resolvePolicy({ minScore: Number.NaN });
 * } catch (error) {
 *   if (error instanceof InvalidPolicyError) console.log(error.issues[0]?.path); // ['minScore']
 * }
 * ```
 */
export class InvalidPolicyError extends RetainError {
  override name = 'InvalidPolicyError';
  /** Every problem found, each with its path. */
  readonly issues: readonly ValidationIssue[];
  /** The rejected policy, unchanged. */
  readonly value: unknown;

  constructor(issues: readonly ValidationIssue[], value: unknown) {
    super(describeIssues('send policy', issues));
    this.issues = issues;
    this.value = value;
  }
}
