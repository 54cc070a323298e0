import { describeIssues } from '../errors/describe-issues.js';
import type { ValidationIssue } from '../errors/invalid-event-error.js';
import { RetainError, registerRetainErrorName } from '../errors/retain-error.js';

/**
 * A message to be scored or sent that does not match the message schema. Carries every issue
 * with its path, and the message itself, unchanged.
 *
 * @example
 * ```ts
 * import { InvalidMessageError, scoreMessage } from '@retain/core';
 * try {
 *   scoreMessage({ id: 'm1', channel: 'fax', value: 'high', relevance: 'high' } as never);
 * } catch (error) {
 *   if (error instanceof InvalidMessageError) console.log(error.issues[0]?.path); // ['channel']
 * }
 * ```
 */
export class InvalidMessageError extends RetainError {
  override name = 'InvalidMessageError';
  /** Every problem found, each with its path. */
  readonly issues: readonly ValidationIssue[];
  /** The path of the first problem. */
  readonly path: readonly PropertyKey[];
  /** The rejected message, unchanged. */
  readonly value: unknown;

  constructor(issues: readonly ValidationIssue[], value: unknown) {
    const id = typeof value === 'object' && value !== null && typeof (value as { id?: unknown }).id === 'string' ? ` "${(value as { id: string }).id}"` : '';
    super(describeIssues(`message${id}`, issues));
    this.issues = issues;
    this.path = issues[0]?.path ?? [];
    this.value = value;
  }
}
registerRetainErrorName('InvalidMessageError');
