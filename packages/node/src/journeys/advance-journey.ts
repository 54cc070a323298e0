/**
 * The journey runtime: a pure function of (journey, customer state, position, event or time) →
 * (new position, proposed sends, explanation). It runs in the ingest handler, a scheduler or a
 * host's own worker alike; the position is stored with the customer.
 */
import type { Channel, CustomerState, JsonObject, RetainEvent } from '@retain/core';
import { compileJourney, type JourneyInput } from './compile-journey.js';
import type { JourneyPosition } from './journey.js';
import { advanceOwned } from './journey-runtime.js';

/** A message a journey step proposes. */
export interface JourneySend {
  journey: string;
  step: string;
  message: string;
  channel: Channel;
  campaign?: string;
  payload?: JsonObject;
  /** The split arm the customer is in, if any. */
  arm?: string;
}

/** The send checks' answer for a journey send (what `checkSend` says, in short). */
export interface JourneySendVerdict {
  allowed: boolean;
  reasons: readonly string[];
  /** Goodwill before and after, when known. */
  goodwill?: { before: number; after: number };
}

/** What {@link advanceJourney} needs. */
export interface AdvanceInput {
  state: CustomerState;
  /** The stored position; null or undefined when the customer never entered. */
  position?: JourneyPosition | null | undefined;
  /** The event that triggered the evaluation; left out for a wake-up by time. */
  event?: RetainEvent | undefined;
  /** Evaluation time, epoch ms. */
  now: number;
  /** The send checks (goodwill, caps, quiet hours, consent); without them every send is allowed. */
  check?: (send: JourneySend, state: CustomerState) => JourneySendVerdict;
}

/** What {@link advanceJourney} returns. */
export interface JourneyAdvance {
  /** The next position (store it); null when the customer has not entered. */
  position: JourneyPosition | null;
  /** Messages to send (they passed the send checks). */
  sends: JourneySend[];
  /** Sends the checks refused, with the reasons. */
  refused: Array<{ send: JourneySend; reasons: readonly string[] }>;
  /** What a holdout arm would have sent (for lift measurement). */
  heldOut: JourneySend[];
  /** Traits set by update steps, for the host to apply (e.g. with `identify`). */
  updates: JsonObject[];
  /** Goodwill spent by the allowed sends (sum of before − after, when known). */
  goodwillSpent: number;
  /** True when this call converted the customer (goal reached). */
  converted: boolean;
  /** Set when the position was made for an older version of the journey. */
  migrated?: { from: number; to: number; removedStep: string | null };
  /** What happened, in words. */
  explanation: string[];
}

export { splitDraw } from './journey-runtime.js';

/**
 * Advances one customer in one journey: enters them when the entry matches, checks the goal and
 * exits, then runs steps until one waits (a wait, or a refused send told to retry) or the customer
 * leaves. Pure and deterministic: the same input gives the same output, and an event already
 * handled (by message id) changes nothing, so retried and duplicated events are harmless; an
 * event older than the customer's arrival at a wait does not end it.
 *
 * @example
 * ```ts
 * import { createCustomerState, type RetainEvent } from '@retain/core';
 * import { advanceJourney, compileJourney, journeyTemplates } from '@retain/node';
 * const onboarding = compileJourney(journeyTemplates.onboarding());
 * const signUp: RetainEvent = { type: 'track', event: 'Signed Up', userId: 'ada', messageId: 'm1', timestamp: '2026-05-01T09:00:00.000Z' };
 * const now = Date.parse('2026-05-01T09:00:00.000Z');
 * const step = advanceJourney(onboarding, { state: createCustomerState('ada'), event: signUp, now });
 * step.sends.map((s) => s.message); // ['welcome']
 * step.position?.step; // 'wait-for-purchase'
 * ```
 */
export function advanceJourney(journey: JourneyInput, input: AdvanceInput): JourneyAdvance {
  const j = compileJourney(journey);
  const out: JourneyAdvance = { position: input.position ?? null, sends: [], refused: [], heldOut: [], updates: [], goodwillSpent: 0, converted: false, explanation: [] };
  const { event, now, state } = input;
  const stored = input.position === undefined || input.position === null ? undefined : input.position;
  if (event !== undefined && stored?.seen.includes(event.messageId) === true) {
    out.explanation.push(`event ${event.messageId} was already handled: nothing to do`);
    return out;
  }
  // The stored position is the caller's: the runtime advances a copy of it.
  advanceOwned(j, stored === undefined ? undefined : copyPosition(stored), state, event, now, input.check, out, true);
  return out;
}

function copyPosition(p: JourneyPosition): JourneyPosition {
  return { ...p, history: [...p.history], seen: [...p.seen], ...(p.traits === undefined ? {} : { traits: { ...p.traits } }) };
}
