import type { ValidationIssue } from './invalid-event-error.js';
import { describeIssues } from './describe-issues.js';
import { RetainError, registerRetainErrorName } from './retain-error.js';

/**
 * A stored customer state that does not match the state schema (corrupted, or from an unknown
 * version). Carries every issue with its path.
 *
 * @example
 * ```ts
 * import { parseCustomerState, InvalidStateError } from '@retain/core';
 * try { parseCustomerState({ version: 99 }); } catch (e) { if (e instanceof InvalidStateError) console.log(e.issues.length); }
 * ```
 */
export class InvalidStateError extends RetainError {
  override name = 'InvalidStateError';
  readonly issues: readonly ValidationIssue[];
  readonly value: unknown;

  constructor(issues: readonly ValidationIssue[], value: unknown) {
    super(describeIssues('customer state', issues));
    this.issues = issues;
    this.value = value;
  }
}
registerRetainErrorName('InvalidStateError');
