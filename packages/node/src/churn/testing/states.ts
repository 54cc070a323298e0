/** Builds customer states from events for tests (internal). */
import { applyEvent, createCustomerState, type CustomerState, type JsonObject } from '@retain/core';

export const DAY = 86_400_000;
export const T0 = Date.parse('2026-01-01T00:00:00Z');

let counter = 0;

/** Folds `track` events `[name, dayOffset (fractional), properties]` into a new state. */
export function stateFrom(events: ReadonlyArray<readonly [string, number, JsonObject?]>, id = 'u1'): CustomerState {
  let state = createCustomerState(id);
  for (const [event, day, properties] of events) {
    state = applyEvent(state, {
      type: 'track',
      event,
      properties: properties ?? {},
      messageId: `m${counter++}`,
      timestamp: new Date(T0 + day * DAY).toISOString(),
      userId: id,
    });
  }
  return state;
}

/** Visits (one `Page Viewed`-like track event each) on the given day offsets. */
export function visitsOn(days: readonly number[]): Array<readonly [string, number]> {
  return days.map((d) => ['Report Viewed', d] as const);
}
