import { ACTIVITY_RETENTION_DAYS } from './customer-state.js';

/**
 * @internal Adds one event to the daily bucket of `day` (UTC epoch day) and drops buckets that
 * fall {@link ACTIVITY_RETENTION_DAYS} or more before the newest day. Order-independent: a bucket
 * that would be pruned is pruned whichever event arrives first.
 *
 * @param newestDayBefore - the newest activity day before this event (null if none).
 * @param oldestDay - a day on or before the oldest bucket (the day first seen): skips the scan for young customers.
 */
export function recordActivity(activity: Record<string, number>, day: number, newestDayBefore: number | null, oldestDay: number = -Infinity): void {
  const newest = newestDayBefore === null ? day : Math.max(newestDayBefore, day);
  if (day <= newest - ACTIVITY_RETENTION_DAYS) return;
  // Keys are integers (never a prototype property name): index directly, without building a string.
  const buckets = activity as unknown as Record<number, number | undefined>;
  buckets[day] = (buckets[day] ?? 0) + 1;
  // Scan for buckets to drop only when the day moved on and the oldest activity could be that old.
  if (newestDayBefore !== null && day > newestDayBefore && oldestDay <= day - ACTIVITY_RETENTION_DAYS) {
    const cutoff = day - ACTIVITY_RETENTION_DAYS;
    for (const k in activity) if (Number(k) <= cutoff) delete activity[k];
  }
}
