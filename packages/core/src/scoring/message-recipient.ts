import type { JsonObject } from '../events/event-schema.js';
import type { ActionStats, CustomerState, ReceivedMessage } from '../state/customer-state.js';

/**
 * The part of a customer's state that scoring, goodwill and send checks read: consent, the
 * messages received (in time order, as in `state.messages`), actions and traits. A whole
 * {@link CustomerState} is one; so is a lighter projection of it kept for population checks.
 *
 * @example
 * ```ts
 * import type { MessageRecipient } from '@retain/core';
 * const light: MessageRecipient = { consent: { email: { granted: true, at: 0 } }, messages: [], actions: {}, identity: { traits: { timezone: 'Europe/Paris' } } };
 * ```
 */
export interface MessageRecipient {
  readonly consent: CustomerState['consent'];
  /** Messages received, sorted by `at` ascending (as `state.messages` is). */
  readonly messages: readonly ReceivedMessage[];
  readonly actions: Readonly<Record<string, ActionStats>>;
  readonly identity: { readonly traits: JsonObject };
}
