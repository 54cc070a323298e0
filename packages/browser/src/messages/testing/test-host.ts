/**
 * A real {@link MessageHost} for tests and demo pages: folds every event with core's
 * `applyEvent`, like the tracking client, and keeps what was tracked. "Reload" by creating a new
 * host from `host.state()` (what the tracking client persists).
 */
import { applyEvent, createCustomerState, type CustomerState, type JsonObject, type RetainError, type RetainEvent } from '@retain/core';
import type { MessageHost } from '../host.js';

export interface TestHost extends MessageHost {
  /** Every event folded, in order. */
  readonly events: RetainEvent[];
  /** Errors reported. */
  readonly errors: RetainError[];
  /** Tracks a page view (as the tracking client does on navigation). */
  page(name?: string): void;
  /** Track events named `name` recorded so far, with their properties. */
  tracked(name: string): JsonObject[];
}

export function createTestHost(options: { userId?: string; state?: CustomerState; now?: () => number } = {}): TestHost {
  const userId = options.userId ?? 'user-1';
  const now = options.now ?? Date.now;
  let state = options.state ?? createCustomerState(userId);
  let n = 0;
  const listeners = new Set<(state: CustomerState, event: RetainEvent) => void>();
  const events: RetainEvent[] = [];
  const errors: RetainError[] = [];
  const fold = (event: RetainEvent): void => {
    events.push(event);
    state = applyEvent(state, event);
    for (const listener of [...listeners]) listener(state, event);
  };
  const base = () => ({ messageId: `${userId}-${Date.now()}-${++n}`, timestamp: new Date(now()).toISOString(), userId });
  return {
    events,
    errors,
    state: () => state,
    customerId: () => userId,
    track: (event, properties) => fold({ ...base(), type: 'track', event, ...(properties === undefined ? {} : { properties }) }),
    page: (name) => fold({ ...base(), type: 'page', ...(name === undefined ? {} : { name }) }),
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    reportError: (error) => errors.push(error),
    tracked: (name) => events.flatMap((e) => (e.type === 'track' && e.event === name ? [e.properties ?? {}] : [])),
  };
}
