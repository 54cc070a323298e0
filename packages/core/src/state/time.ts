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

const ZERO = 48;

/** Two ASCII digits at `i` as a number, or -1 when either is not a digit. */
function two(s: string, i: number): number {
  const a = s.charCodeAt(i) - ZERO;
  const b = s.charCodeAt(i + 1) - ZERO;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

/**
 * Epoch ms of an ISO-8601 timestamp, as `Date.parse` reads it (`NaN` when it is not a date).
 * The canonical UTC forms `YYYY-MM-DDTHH:mm:ssZ` and `YYYY-MM-DDTHH:mm:ss.sssZ` (what
 * `Date.prototype.toISOString` and Segment libraries send) are read without `Date.parse`, several
 * times faster; every other form falls back to it.
 *
 * @example
 * ```ts
 * import { parseTimestamp } from '@retain/core';
 * parseTimestamp('2026-11-22T10:00:00.000Z'); // 1795341600000
 * parseTimestamp('2026-11-22T11:00:00+01:00'); // 1795341600000 (via Date.parse)
 * parseTimestamp('yesterday'); // NaN
 * ```
 */
export function parseTimestamp(s: string): number {
  const n = s.length;
  if (
    (n === 20 || (n === 24 && s.charCodeAt(19) === 46)) &&
    s.charCodeAt(n - 1) === 90 /* Z */ &&
    s.charCodeAt(4) === 45 &&
    s.charCodeAt(7) === 45 &&
    s.charCodeAt(10) === 84 /* T */ &&
    s.charCodeAt(13) === 58 &&
    s.charCodeAt(16) === 58
  ) {
    const hi = two(s, 0);
    const lo = two(s, 2);
    const month = two(s, 5);
    const day = two(s, 8);
    const hour = two(s, 11);
    const minute = two(s, 14);
    const second = two(s, 17);
    let ms = 0;
    if (n === 24) {
      const a = two(s, 20);
      const c = s.charCodeAt(22) - ZERO;
      ms = a < 0 || c < 0 || c > 9 ? -1 : a * 10 + c;
    }
    if (hi >= 0 && lo >= 0 && month >= 1 && month <= 12 && day >= 1 && day <= 31 && hour >= 0 && hour <= 23 && minute >= 0 && minute <= 59 && second >= 0 && second <= 59 && ms >= 0) {
      return (daysFromCivil(hi * 100 + lo, month, day) * 86_400 + hour * 3600 + minute * 60 + second) * 1000 + ms;
    }
  }
  return Date.parse(s);
}

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm); `day` past the month's end rolls over, as in `Date.UTC`. */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

/**
 * A time given as epoch milliseconds, a `Date`, or an ISO-8601 string.
 *
 * @example
 * ```ts
 * import { toMillis, type TimeInput } from '@retain/core';
 * const inputs: TimeInput[] = [1795305600000, new Date(1795305600000), '2026-11-22T00:00:00Z'];
 * inputs.map(toMillis); // three times the same number
 * ```
 */
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
  if (typeof time === 'string') return parseTimestamp(time);
  return time.getTime();
}
