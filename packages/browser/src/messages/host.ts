import type { CustomerState, JsonObject, RetainError, RetainEvent } from '@retain/core';

/**
 * What the in-context message renderer needs from the tracking client.
 *
 * @example
 * ```ts
 * import { createRetain } from '@retain/browser';
 * const retain = createRetain({ endpoint: 'https://collect.example.com/v1/batch' });
 * const unsubscribe = retain.subscribe((state) => console.log(state.eventCount));
 * unsubscribe();
 * ```
 */
export interface MessageHost {
  /** The customer's current local state. */
  state(): CustomerState;
  /** Stable id for holdout assignment: userId ?? anonymousId. */
  customerId(): string;
  /** Enqueue an automatic event (Message Shown / Clicked / Dismissed) through the normal pipeline. */
  track(event: string, properties?: JsonObject): void;
  /** Called after every state change (event tracked, page change) with the new state and the event that caused it. Returns an unsubscribe function. */
  subscribe(listener: (state: CustomerState, event: RetainEvent) => void): () => void;
  /** Report an error through the app's error callback. */
  reportError(error: RetainError): void;
}
