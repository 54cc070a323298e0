import type { InvalidEventError } from '../errors/invalid-event-error.js';
import { safeParseEvent } from '../events/parse-event.js';
import { applyEvent } from './apply-event.js';
import type { CustomerState } from './customer-state.js';

/**
 * The result of {@link safeApplyEvent}. On failure, `state` is the input state, untouched, and `error.event` the rejected input.
 *
 * @example
 * ```ts
 * import { createCustomerState, safeApplyEvent, type SafeApplyResult } from '@retain/core';
 * const result: SafeApplyResult = safeApplyEvent(createCustomerState('u1'), { type: 'page' });
 * result.success; // false: messageId, timestamp and an id are missing
 * ```
 */
export type SafeApplyResult = { success: true; state: CustomerState } | { success: false; state: CustomerState; error: InvalidEventError };

/**
 * Validates untrusted input and, if it is a valid event, folds it into `state`. Never throws;
 * a malformed event leaves the state as it was and comes back inside the error.
 *
 * @example
 * ```ts
 * import { createCustomerState, safeApplyEvent } from '@retain/core';
 * const result = safeApplyEvent(createCustomerState('u1'), JSON.parse('{"type":"track"}'));
 * if (!result.success) console.warn(result.error.message); // says what is missing, and where
 * ```
 */
export function safeApplyEvent(state: CustomerState, input: unknown): SafeApplyResult {
  const parsed = safeParseEvent(input);
  if (!parsed.success) return { success: false, state, error: parsed.error };
  return { success: true, state: applyEvent(state, parsed.event) };
}
