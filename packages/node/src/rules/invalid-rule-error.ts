import { RetainError, describeFirstIssue, formatPath, type ValidationIssue } from '@retain/core';

/**
 * A rule (or rule set) that is not well formed. Thrown at definition, never at evaluation;
 * the message leads with the path of the bad node (`rules[3].when.all[2].any[0].op`).
 *
 * @example
 * ```ts
 * import { compileRules, InvalidRuleError } from '@retain/node';
 * try {
 *   compileRules([{ id: 'x', when: { since: 'lastVisit', op: 'gte' }, action: { campaign: 'c', channel: 'email' } }]);
 * } catch (error) {
 *   if (error instanceof InvalidRuleError) console.log(error.pathText); // 'rules[0].when.value'
 * }
 * ```
 */
export class InvalidRuleError extends RetainError {
  override name = 'InvalidRuleError';
  /** Every problem found, each with its path. */
  readonly issues: readonly ValidationIssue[];
  /** The path of the first problem. */
  readonly path: readonly PropertyKey[];
  /** The path of the first problem, formatted. */
  readonly pathText: string;
  /** The rejected input, unchanged. */
  readonly value: unknown;

  constructor(issues: readonly ValidationIssue[], value: unknown) {
    const first = issues[0];
    super(describeFirstIssue('rule', issues));
    this.issues = issues;
    this.path = first?.path ?? [];
    this.pathText = formatPath(this.path);
    this.value = value;
  }
}
