/**
 * The goodwill ledger is the customer's own message history (`state.messages`): `recordSend`
 * writes a send into it as a `Message Sent` event carrying the message's score, so goodwill,
 * caps and send frequency read one source of truth, and replaying the same event through
 * ingestion changes nothing (same `messageId`).
 */
import {
  applyEvent,
  createMessageScorer,
  goodwill,
  resolveScoringOptions,
  type CustomerState,
  type GoodwillOptions,
  type Message,
  type ScoringOptions,
  type TrackEvent,
} from '@retain/core';
import { assertTime } from './invalid-send-time-error.js';

/** The answer of {@link recordSend}. */
export interface RecordedSend {
  /** The customer's new state, with the message in `messages` (the input state is not modified). */
  readonly customer: CustomerState;
  /** The `Message Sent` event that was applied: store or forward it so every replica agrees. */
  readonly event: TrackEvent;
  /** The message's score for this customer at the time of the send, as recorded. */
  readonly score: number;
}

/** Options of {@link recordSend}. */
export interface RecordSendOptions {
  /** How the score is derived (use the policy's scoring options). */
  scoring?: ScoringOptions;
}

/**
 * Records that `message` was sent to `customer` at `now`: scores it for this customer (as
 * {@link checkSend} did), and applies a `Message Sent` event with that score to the state.
 * Pure and serializable (the state is plain JSON); recording the same send twice changes nothing.
 *
 * @throws {InvalidMessageError} when the message is invalid.
 * @throws {InvalidSendTimeError} when `now` is not a finite number.
 * @example
 * ```ts
 * import { createCustomerState } from '@retain/core';
 * import { checkSend, defaultPolicy, recordSend } from '@retain/node';
 *
 * const now = Date.parse('2026-11-22T10:00:00Z');
 * let customer = createCustomerState('user-42');
 * customer = { ...customer, consent: { in_context: { granted: true, at: now - 1000 } } };
 * const message = { id: 'tips-1', channel: 'in_context', value: 'high', relevance: 'high' } as const;
 * if (checkSend(customer, message, defaultPolicy, now).allowed) {
 *   const sent = recordSend(customer, message, now, { scoring: defaultPolicy.scoring });
 *   customer = sent.customer; // sent.event: forward it to your event pipeline
 * }
 * ```
 */
export function recordSend(customer: CustomerState, message: Message, now: number, options: RecordSendOptions = {}): RecordedSend {
  assertTime(now, 'recordSend(now)');
  const scorer = createMessageScorer(message, resolveScoringOptions(options.scoring));
  const score = scorer.score(customer, now);
  const m = scorer.message;
  const identity = customer.identity.userId !== null ? { userId: customer.identity.userId } : { anonymousId: customer.id };
  const event: TrackEvent = {
    type: 'track',
    event: 'Message Sent',
    messageId: `send:${m.id}:${customer.id}:${now}`,
    timestamp: new Date(now).toISOString(),
    ...identity,
    properties: { message_id: m.id, channel: m.channel, score, ...(m.campaign === undefined ? {} : { campaign: m.campaign }) },
  };
  return Object.freeze({ customer: applyEvent(customer, event), event, score });
}

/**
 * A customer's goodwill at `now`, read from their ledger (`state.messages`).
 *
 * @example
 * ```ts
 * import { createCustomerState } from '@retain/core';
 * import { customerGoodwill } from '@retain/node';
 * customerGoodwill(createCustomerState('user-42'), Date.parse('2026-11-22T10:00:00Z')); // 0
 * ```
 */
export function customerGoodwill(customer: Pick<CustomerState, 'messages'>, now: number, options?: GoodwillOptions): number {
  assertTime(now, 'customerGoodwill(now)');
  return goodwill(customer.messages, now, options);
}
