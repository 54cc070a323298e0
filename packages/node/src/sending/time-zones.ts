/**
 * Local time of day in a customer's IANA time zone, with one cached `Intl.DateTimeFormat` per
 * time zone (creating a formatter costs far more than using one).
 */

const formatters = new Map<string, Intl.DateTimeFormat | null>();
const MAX_CACHED = 2048;

function formatterFor(timeZone: string): Intl.DateTimeFormat | null {
  let f = formatters.get(timeZone);
  if (f !== undefined) return f;
  try {
    f = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', hour: '2-digit', minute: '2-digit' });
  } catch {
    f = null;
  }
  if (formatters.size < MAX_CACHED) formatters.set(timeZone, f);
  return f;
}

/**
 * Whether `timeZone` is an IANA time zone that this runtime knows (e.g. `Europe/Paris`, `UTC`).
 *
 * @example
 * ```ts
 * import { isValidTimeZone } from '@retain/node';
 * isValidTimeZone('America/New_York'); // true
 * isValidTimeZone('Mars/Olympus');     // false
 * ```
 */
export function isValidTimeZone(timeZone: string): boolean {
  return timeZone.length > 0 && formatterFor(timeZone) !== null;
}

/**
 * Minutes since local midnight (0–1439) at `now` in `timeZone`, or `null` if the time zone is unknown.
 *
 * @example
 * ```ts
 * import { localMinuteOfDay } from '@retain/node';
 * localMinuteOfDay('Asia/Tokyo', Date.parse('2026-11-22T00:30:00Z')); // 570 (09:30)
 * ```
 */
export function localMinuteOfDay(timeZone: string, now: number): number | null {
  const f = formatterFor(timeZone);
  if (f === null) return null;
  let hour = 0;
  let minute = 0;
  for (const part of f.formatToParts(now)) {
    if (part.type === 'hour') hour = Number(part.value);
    else if (part.type === 'minute') minute = Number(part.value);
  }
  return (hour % 24) * 60 + minute;
}

/** @internal Formats minutes since midnight as `HH:MM`. */
export function formatMinute(minute: number): string {
  return `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
}
