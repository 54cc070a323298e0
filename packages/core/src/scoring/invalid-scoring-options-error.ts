import { describeIssues } from '../errors/describe-issues.js';
import type { ValidationIssue } from '../errors/invalid-event-error.js';
import { RetainError, registerRetainErrorName } from '../errors/retain-error.js';

/**
 * Scoring or goodwill options that are out of range (a half-life of zero, a negative window…).
 * Carries every issue with its path.
 *
 * @example
 * ```ts
 * import { InvalidScoringOptionsError, goodwill } from '@retain/core';
 * try {
 *   goodwill([], Date.now(), { halfLifeDays: 0 });
 * } catch (error) {
 *   if (error instanceof InvalidScoringOptionsError) console.log(error.message);
 * }
 * ```
 */
export class InvalidScoringOptionsError extends RetainError {
  override name = 'InvalidScoringOptionsError';
  /** Every problem found, each with its path. */
  readonly issues: readonly ValidationIssue[];
  /** The rejected options, unchanged. */
  readonly value: unknown;

  constructor(issues: readonly ValidationIssue[], value: unknown, what = 'scoring options') {
    super(describeIssues(what, issues));
    this.issues = issues;
    this.value = value;
  }
}
registerRetainErrorName('InvalidScoringOptionsError');

/** @internal Throws {@link InvalidScoringOptionsError} unless `now` is a finite epoch-ms number. */
export function assertNow(now: unknown): asserts now is number {
  if (typeof now !== 'number' || !Number.isFinite(now)) {
    throw new InvalidScoringOptionsError([{ path: ['now'], message: `expected epoch milliseconds (a finite number), got ${typeof now === 'number' ? String(now) : typeof now}`, code: 'invalid_type' }], now, 'time');
  }
}
