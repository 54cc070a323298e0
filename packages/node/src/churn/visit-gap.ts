import { DAY_MS, type CustomerState } from '@retain/core';
import { clamp01, type ChurnSignal } from './signal.js';

/**
 * Time since the last visit against the customer's own rhythm (median gap between visit starts).
 * Severity 0 up to one usual gap, rising to 1 at `overdueFactor` usual gaps. Needs at least three
 * visits to know a rhythm.
 *
 * @param state - the customer's state.
 * @param now - epoch ms.
 * @param overdueFactor - how many usual gaps make the strongest signal. @default 4
 * @example
 * ```ts
 * import { createCustomerState } from '@retain/core';
 * import { visitGapSignal } from '@retain/node';
 * visitGapSignal(createCustomerState('u1'), Date.now()).severity; // 0 (no rhythm yet)
 * ```
 */
export function visitGapSignal(state: CustomerState, now: number, overdueFactor = 4): ChurnSignal {
  const starts = state.visits.sessions.map((s) => s.start).filter((s) => s <= now);
  if (starts.length < 3) return { signal: 'visitGap', severity: 0, detail: 'fewer than three visits: no rhythm yet' };
  const gaps: number[] = [];
  for (let i = 1; i < starts.length; i++) gaps.push((starts[i] as number) - (starts[i - 1] as number));
  gaps.sort((a, b) => a - b);
  const mid = gaps.length >> 1;
  const usual = gaps.length % 2 === 1 ? (gaps[mid] as number) : ((gaps[mid - 1] as number) + (gaps[mid] as number)) / 2;
  const last = state.visits.lastSeen ?? (starts[starts.length - 1] as number);
  const since = Math.max(0, now - Math.min(last, now));
  const times = usual > 0 ? since / usual : since > 0 ? Infinity : 0;
  const severity = clamp01((times - 1) / (overdueFactor - 1));
  return {
    signal: 'visitGap',
    severity,
    detail: `${(since / DAY_MS).toFixed(1)} days since the last visit; usually ${(usual / DAY_MS).toFixed(1)} days between visits`,
  };
}
