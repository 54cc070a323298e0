import { DAY_MS } from './customer-state.js';

/**
 * The UTC epoch day of a time in milliseconds (days since 1970-01-01).
 *
 * @example
 * ```ts
 * import { epochDay } from '@retain/core';
 * epochDay(Date.parse('1970-01-02T12:00:00Z')); // 1
 * ```
 */
export function epochDay(ms: number): number {
  return Math.floor(ms / DAY_MS);
}

/** A time given as epoch milliseconds, a `Date`, or an ISO-8601 string. */
export type TimeInput = number | Date | string;

/**
 * Converts a {@link TimeInput} to epoch milliseconds (`NaN` when it is not a time).
 *
 * @example
 * ```ts
 * import { toMillis } from '@retain/core';
 * toMillis('2026-11-22T00:00:00Z'); // 1795305600000
 * ```
 */
export function toMillis(time: TimeInput): number {
  if (typeof time === 'number') return time;
  if (typeof time === 'string') return Date.parse(time);
  return time.getTime();
}
