import { activityRatio, type ActivityRatioOptions, type CustomerState } from '@retain/core';
import { clamp01, type ChurnSignal } from './signal.js';

/**
 * Activity against the customer's own baseline (visits in the last 7 days vs the 28 before, per
 * day): severity is the size of the drop, 1 − ratio (0 when activity held or rose, 1 when it
 * stopped). No baseline, no signal.
 *
 * @example
 * ```ts
 * import { createCustomerState } from '@retain/core';
 * import { activityDropSignal } from '@retain/node';
 * activityDropSignal(createCustomerState('u1'), Date.now()).severity; // 0 (no baseline yet)
 * ```
 */
export function activityDropSignal(state: CustomerState, now: number, options: ActivityRatioOptions = {}): ChurnSignal {
  const { recent, baseline, ratio } = activityRatio(state, now, options);
  const recentDays = options.recentDays ?? 7;
  const baselineDays = options.baselineDays ?? 28;
  if (ratio === null) return { signal: 'activityDrop', severity: 0, detail: `no activity in the ${baselineDays}-day baseline to compare with` };
  const severity = clamp01(1 - ratio);
  return {
    signal: 'activityDrop',
    severity,
    detail: `${recent} in the last ${recentDays} days vs ${baseline} in the ${baselineDays} days before (${Math.round(ratio * 100)}% of the usual rate)`,
  };
}
