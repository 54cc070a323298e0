import { describeFirstIssue } from './describe-issues.js';
import type { ValidationIssue } from './invalid-event-error.js';
import { RetainError, registerRetainErrorName } from './retain-error.js';

/**
 * Two states that cannot be merged: one is not a valid state of the current version, or they
 * are of different kinds (a customer and an account). Every issue's path starts with `a` or
 * `b`, the argument it is about.
 *
 * @example
 * ```ts
 * import { createCustomerState, mergeCustomerStates, InvalidMergeError } from '@retain/core';
 * try {
 *   mergeCustomerStates(createCustomerState('u1'), createCustomerState('acct-1', 'account'));
 * } catch (error) {
 *   if (error instanceof InvalidMergeError) console.log(error.path); // ['b', 'kind']
 * }
 * ```
 */
export class InvalidMergeError extends RetainError {
  override name = 'InvalidMergeError';
  /** Every problem found, each with its path (`['a', …]` or `['b', …]`). */
  readonly issues: readonly ValidationIssue[];
  /** The path of the first problem (the one the message leads with). */
  readonly path: readonly PropertyKey[];
  /** The two states given, unchanged. */
  readonly states: readonly [unknown, unknown];

  constructor(issues: readonly ValidationIssue[], states: readonly [unknown, unknown]) {
    super(describeFirstIssue('states to merge', issues));
    this.issues = issues;
    this.path = issues[0]?.path ?? [];
    this.states = states;
  }
}
registerRetainErrorName('InvalidMergeError');
