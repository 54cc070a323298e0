import { describeFirstIssue } from '../errors/describe-issues.js';
import { formatPath, type ValidationIssue } from '../errors/invalid-event-error.js';
import { RetainError, registerRetainErrorName } from '../errors/retain-error.js';

/**
 * A condition (or a rule holding one) that is not well formed. The message leads with the path
 * of the bad node, e.g. `condition.all[2].any[0].op`; `issues` holds every problem found.
 *
 * @example
 * ```ts
 * import { parseCondition, InvalidConditionError } from '@retain/core';
 * try {
 *   parseCondition({ all: [{ since: 'lastVisit', op: 'greater', value: 14 }] });
 * } catch (error) {
 *   if (error instanceof InvalidConditionError) console.log(error.pathText); // 'condition.all[0].op'
 * }
 * ```
 */
export class InvalidConditionError extends RetainError {
  override name = 'InvalidConditionError';
  /** Every problem found, each with its path. */
  readonly issues: readonly ValidationIssue[];
  /** The path of the first problem. */
  readonly path: readonly PropertyKey[];
  /** The path of the first problem, formatted (`condition.all[2].any[0].op`). */
  readonly pathText: string;
  /** The rejected input, unchanged. */
  readonly value: unknown;

  constructor(issues: readonly ValidationIssue[], value: unknown, what = 'condition') {
    const first = issues[0];
    super(describeFirstIssue(what, issues));
    this.issues = issues;
    this.path = first?.path ?? [];
    this.pathText = formatPath(this.path);
    this.value = value;
  }
}
registerRetainErrorName('InvalidConditionError');
