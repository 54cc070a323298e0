import type { CustomerState } from '@retain/core';
import { replenishmentDate } from './replenishment.js';
import { clamp01, type ChurnSignal } from './signal.js';

/**
 * A repeat buyer who is late for their next purchase (from {@link replenishmentDate}): severity 0
 * until the expected date, rising to 1 when they are late by `lateIntervals` usual intervals.
 *
 * @example
 * ```ts
 * import { createCustomerState } from '@retain/core';
 * import { purchaseOverdueSignal } from '@retain/node';
 * purchaseOverdueSignal(createCustomerState('u1'), Date.now()).severity; // 0
 * ```
 */
export function purchaseOverdueSignal(state: CustomerState, now: number, lateIntervals = 2): ChurnSignal {
  const next = replenishmentDate(state, now);
  if (next === null) return { signal: 'purchaseOverdue', severity: 0, detail: 'fewer than two purchase days: no purchase rhythm yet' };
  if (next.overdueDays <= 0) return { signal: 'purchaseOverdue', severity: 0, detail: `next purchase expected in ${(-next.overdueDays).toFixed(0)} days` };
  return {
    signal: 'purchaseOverdue',
    severity: clamp01(next.overdueDays / (lateIntervals * Math.max(1, next.meanIntervalDays))),
    detail: `${next.overdueDays.toFixed(0)} days late for the next purchase (usually every ${next.meanIntervalDays.toFixed(0)} days)`,
  };
}
