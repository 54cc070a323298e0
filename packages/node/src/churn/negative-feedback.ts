import { consecutiveNegativeFeedback, type CustomerState } from '@retain/core';
import type { ChurnSignal } from './signal.js';

/**
 * Consecutive negative feedback, the strongest churn signal (DOMAIN.md §4): severity is the share
 * of customers who cancelled after it in the source data — 0.35 after one negative, 0.8 after two
 * or more in a row.
 *
 * @example
 * ```ts
 * import { createCustomerState } from '@retain/core';
 * import { negativeFeedbackSignal } from '@retain/node';
 * negativeFeedbackSignal(createCustomerState('u1')).severity; // 0
 * ```
 */
export function negativeFeedbackSignal(state: CustomerState): ChurnSignal {
  const run = consecutiveNegativeFeedback(state);
  const severity = run >= 2 ? 0.8 : run === 1 ? 0.35 : 0;
  const detail =
    run === 0 ? 'latest feedback is not negative' : run === 1 ? 'latest feedback was negative' : `${run} negative feedbacks in a row`;
  return { signal: 'negativeFeedback', severity, detail };
}
