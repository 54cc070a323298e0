import { DAY_MS, type CustomerState } from '@retain/core';
import { InvalidModelInputError } from './invalid-model-input-error.js';

/** The answer of {@link replenishmentDate}. */
export interface Replenishment {
  /** Expected next purchase: last purchase day + mean interval (epoch ms, 00:00 UTC). */
  expectedAt: number;
  /** Mean days between the customer's purchase days. */
  meanIntervalDays: number;
  /** Standard deviation of the intervals (0 with a single interval). */
  intervalStdDevDays: number;
  /** Intervals seen. */
  intervals: number;
  /** Days past `expectedAt` at `now` (negative: not due yet). */
  overdueDays: number;
}

/**
 * When the customer is expected to buy again, from their own intervals between purchase days
 * (same-day orders merged). Needs at least two purchase days.
 *
 * @param state - the customer's state.
 * @param now - epoch ms, to tell how overdue they are.
 * @returns the expected date, or `null` with fewer than two purchase days.
 * @example
 * ```ts
 * import { createCustomerState } from '@retain/core';
 * import { replenishmentDate } from '@retain/node';
 * const state = createCustomerState('u1');
 * state.transactions.purchaseDays = [{ day: 20000, amount: 30 }, { day: 20030, amount: 25 }];
 * replenishmentDate(state, 20070 * 86_400_000)?.overdueDays; // 10
 * ```
 */
export function replenishmentDate(state: CustomerState, now: number): Replenishment | null {
  if (!Number.isFinite(now)) throw new InvalidModelInputError('now', `must be a finite epoch-millisecond time, got ${now}`);
  const days = state.transactions.purchaseDays;
  if (days.length < 2) return null;
  const intervals: number[] = [];
  for (let i = 1; i < days.length; i++) intervals.push((days[i] as { day: number }).day - (days[i - 1] as { day: number }).day);
  const mean = intervals.reduce((s, v) => s + v, 0) / intervals.length;
  const variance = intervals.reduce((s, v) => s + (v - mean) ** 2, 0) / Math.max(1, intervals.length - 1);
  const expectedAt = ((days[days.length - 1] as { day: number }).day + mean) * DAY_MS;
  return { expectedAt, meanIntervalDays: mean, intervalStdDevDays: Math.sqrt(variance), intervals: intervals.length, overdueDays: (now - expectedAt) / DAY_MS };
}
