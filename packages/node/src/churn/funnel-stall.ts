import { DAY_MS, type CustomerState } from '@retain/core';
import { clamp01, type ChurnSignal } from './signal.js';

/**
 * Stalled funnels (checkout, onboarding…): the longest-stalled unfinished funnel. Severity 0 before
 * `stallAfterDays`, 0.5 at it, rising to 1 at four times it.
 *
 * @param state - the customer's state.
 * @param now - epoch ms.
 * @param stallAfterDays - days without progress that make a funnel stalled. @default 3
 * @example
 * ```ts
 * import { createCustomerState } from '@retain/core';
 * import { funnelStallSignal } from '@retain/node';
 * funnelStallSignal(createCustomerState('u1'), Date.now()).severity; // 0
 * ```
 */
export function funnelStallSignal(state: CustomerState, now: number, stallAfterDays = 3): ChurnSignal {
  let worst: { name: string; days: number; step: string } | null = null;
  for (const [name, f] of Object.entries(state.funnels)) {
    if (f.completed) continue;
    const days = Math.max(0, now - f.lastActivityAt) / DAY_MS;
    if (worst === null || days > worst.days) worst = { name, days, step: f.furthestStep };
  }
  if (worst === null || worst.days < stallAfterDays) return { signal: 'funnelStall', severity: 0, detail: 'no stalled funnel' };
  return {
    signal: 'funnelStall',
    severity: clamp01(0.5 + (0.5 * (worst.days - stallAfterDays)) / (3 * stallAfterDays)),
    detail: `funnel "${worst.name}" stalled at "${worst.step}" for ${worst.days.toFixed(1)} days`,
  };
}
