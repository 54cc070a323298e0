import { DAY_MS, type CustomerState } from '@retain/core';
import type { ChurnSignal } from './signal.js';

/**
 * Failed payments (involuntary churn): counts only while the last failure is recent. Severity 0.5
 * after one failure, 1 after two or more.
 *
 * @param state - the customer's state.
 * @param now - epoch ms.
 * @param windowDays - a failure older than this no longer counts. @default 30
 * @example
 * ```ts
 * import { createCustomerState } from '@retain/core';
 * import { paymentFailuresSignal } from '@retain/node';
 * paymentFailuresSignal(createCustomerState('u1'), Date.now()).severity; // 0
 * ```
 */
export function paymentFailuresSignal(state: CustomerState, now: number, windowDays = 30): ChurnSignal {
  const { paymentFailures, lastPaymentFailedAt } = state.subscription;
  const recent = lastPaymentFailedAt !== null && now - lastPaymentFailedAt <= windowDays * DAY_MS;
  if (!recent || paymentFailures === 0) return { signal: 'paymentFailures', severity: 0, detail: `no payment failure in the last ${windowDays} days` };
  return {
    signal: 'paymentFailures',
    severity: paymentFailures >= 2 ? 1 : 0.5,
    detail: `${paymentFailures} failed payment${paymentFailures === 1 ? '' : 's'}, the last ${((now - lastPaymentFailedAt) / DAY_MS).toFixed(0)} days ago`,
  };
}
