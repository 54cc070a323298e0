import { ACTIVITY_RETENTION_DAYS } from './customer-state.js';

/**
 * @internal Adds one event to the daily bucket of `day` (UTC epoch day) and drops buckets that
 * fall {@link ACTIVITY_RETENTION_DAYS} or more before the newest day. Order-independent: a bucket
 * that would be pruned is pruned whichever event arrives first.
 *
 * @param newestDayBefore - the newest activity day before this event (null if none).
 * @param oldestDay - a day on or before the oldest bucket (the day first seen): skips the scan for young customers.
 * @param count - events to add (a run of events of the same day, see {@link ActivityTally}).
 */
export function recordActivity(activity: Record<string, number>, day: number, newestDayBefore: number | null, oldestDay: number = -Infinity, count = 1): void {
  const newest = newestDayBefore === null ? day : Math.max(newestDayBefore, day);
  if (day <= newest - ACTIVITY_RETENTION_DAYS) return;
  // Keys are integers (never a prototype property name): index directly, without building a string.
  const buckets = activity as unknown as Record<number, number | undefined>;
  buckets[day] = (buckets[day] ?? 0) + count;
  // Scan for buckets to drop only when the day moved on and the oldest activity could be that old.
  if (newestDayBefore !== null && day > newestDayBefore && oldestDay <= day - ACTIVITY_RETENTION_DAYS) {
    const cutoff = day - ACTIVITY_RETENTION_DAYS;
    for (const k in activity) if (Number(k) <= cutoff) delete activity[k];
  }
}

/**
 * @internal A run of active events of one day, counted by a batch fold (whose events come in time
 * order) and added to the buckets in one step when the day changes: the same result as adding
 * them one by one, since only the first event of a run can move the newest day.
 */
export interface ActivityTally {
  day: number;
  count: number;
  /** The newest activity day before the run (null if none). */
  newestBefore: number | null;
  /** The day first seen before the run. */
  oldest: number;
}

/** @internal A tally with no run yet. */
export const newActivityTally = (): ActivityTally => ({ day: 0, count: 0, newestBefore: null, oldest: -Infinity });

/** @internal Adds the tallied run to the buckets, and empties the tally. */
export function flushActivity(activity: Record<string, number>, tally: ActivityTally): void {
  if (tally.count === 0) return;
  recordActivity(activity, tally.day, tally.newestBefore, tally.oldest, tally.count);
  tally.count = 0;
}
