import { RetainError } from '@retain/core';

/**
 * A `now` that is not a finite epoch-milliseconds number (e.g. a `Date`, a string, `NaN`).
 *
 * @example
 * ```ts
 * import { InvalidSendTimeError, checkSend, defaultPolicy } from '@retain/node';
 * import { createCustomerState } from '@retain/core';
 * try {
 *   checkSend(createCustomerState('u1'), { id: 'm', channel: 'email', value: 'high', relevance: 'high' }, defaultPolicy, Number.NaN);
 * } catch (error) {
 *   if (error instanceof InvalidSendTimeError) console.log(error.message);
 * }
 * ```
 */
export class InvalidSendTimeError extends RetainError {
  override name = 'InvalidSendTimeError';
  /** The rejected value. */
  readonly value: unknown;

  constructor(value: unknown, where: string) {
    super(`Invalid time at ${where}: expected epoch milliseconds (a finite number), got ${typeof value === 'number' ? String(value) : typeof value}`);
    this.value = value;
  }
}

/** @internal Throws unless `now` is a finite number. */
export function assertTime(now: unknown, where: string): asserts now is number {
  if (typeof now !== 'number' || !Number.isFinite(now)) throw new InvalidSendTimeError(now, where);
}
