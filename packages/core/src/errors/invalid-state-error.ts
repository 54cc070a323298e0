import type { ValidationIssue } from './invalid-event-error.js';
import { formatPath } from './invalid-event-error.js';
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
    super(`Invalid customer state: ${issues.length} problem${issues.length === 1 ? '' : 's'}\n${issues.map((i) => `  - at ${formatPath(i.path)}: ${i.message}`).join('\n')}`);
    this.issues = issues;
    this.value = value;
  }
}
registerRetainErrorName('InvalidStateError');
