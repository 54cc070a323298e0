/**
 * What the ingest handler hands to the rules and send checks, and what comes back: the
 * message a rule proposes, the send check's verdict, and the resulting decision.
 */
import type { Channel, CustomerState, JsonObject, RetainEvent, RetainEventType } from '@retain/core';

/**
 * A message a rule proposes to send in response to an event.
 *
 * @example
 * ```ts
 * import type { ProposedMessage } from '@retain/node';
 * const proposal: ProposedMessage = { rule: 'cart-abandon', id: 'cart-reminder', channel: 'email', campaign: 'cart-abandon' };
 * ```
 */
export interface ProposedMessage {
  /** The rule that fired. */
  rule: string;
  /** The message (template) id, as recorded in `Message Sent` events. */
  id: string;
  channel: Channel;
  /** The campaign the message belongs to, if any. */
  campaign?: string;
  /** The message score at proposal time (the message scorecard), when known. */
  score?: number;
  /** Whatever the delivery needs (subject, body, template variables). */
  content?: JsonObject;
}

/**
 * What the rules see for one event: the states after folding it, and the clock.
 *
 * @example
 * ```ts
 * import type { RulesContext, RulesOutcome } from '@retain/node';
 * const rules = ({ state }: RulesContext): RulesOutcome => ({
 *   messages: state.feedback.consecutiveNegatives >= 2 ? [{ rule: 'two-negatives', id: 'cs-call', channel: 'email' }] : [],
 * });
 * ```
 */
export interface RulesContext {
  /**
   * The customer state, with the triggering event folded in. Read it during the call: the
   * handler folds the batch's next events and sends into the same object afterwards (copy what
   * you keep, e.g. with `structuredClone`).
   */
  state: CustomerState;
  /** The customer's account state (B2B), when the customer belongs to one. */
  account: CustomerState | undefined;
  /** The event that triggered the evaluation. */
  event: RetainEvent;
  /** The time of the evaluation (epoch ms). */
  now: number;
  /** The customer's rule memory (what fired when), as stored. Read-only: return a new object as `memory`. */
  memory: JsonObject;
}

/**
 * The rules' answer: the messages to consider, and the memory to store.
 *
 * @example
 * ```ts
 * import type { RulesOutcome } from '@retain/node';
 * const none: RulesOutcome = { messages: [] };
 * ```
 */
export interface RulesOutcome {
  messages: readonly ProposedMessage[];
  /** The next rule memory; the old one is kept when omitted. */
  memory?: JsonObject;
}

/**
 * The send check's verdict on one proposed message.
 *
 * @example
 * ```ts
 * import type { SendVerdict } from '@retain/node';
 * const held: SendVerdict = { allowed: false, reasons: ['the customer opted out of sms'] };
 * ```
 */
export interface SendVerdict {
  allowed: boolean;
  /** Why, in words (e.g. `goodwill would fall below 0`, `opted out of email`). */
  reasons: readonly string[];
  /** The next memory (e.g. an updated goodwill ledger); the old one is kept when omitted. */
  memory?: JsonObject;
  /** The message's score for this customer (recorded with the send, so goodwill counts it). */
  score?: number;
  /** Goodwill before and after the send. */
  goodwill?: { before: number; after: number };
}

/**
 * What a send check sees: the customer state, the proposed message, the clock and the memory.
 *
 * @example
 * ```ts
 * import { hasOptedOut } from '@retain/core';
 * import type { SendContext, SendVerdict } from '@retain/node';
 * const policy = ({ state, message }: SendContext): SendVerdict =>
 *   hasOptedOut(state, message.channel) ? { allowed: false, reasons: [`opted out of ${message.channel}`] } : { allowed: true, reasons: [] };
 * ```
 */
export interface SendContext {
  /** The customer state; as in {@link RulesContext}, folded into further after the call (copy what you keep). */
  state: CustomerState;
  message: ProposedMessage;
  now: number;
  memory: JsonObject;
}

/**
 * A decision of the ingest handler, handed to `onDecision`: a rule proposed `message` for
 * `customerId`, and the send checks allowed or refused it, with reasons.
 *
 * @example
 * ```ts
 * import type { IngestDecision } from '@retain/node';
 * const log = (d: IngestDecision) =>
 *   `${d.customerId}: ${d.message.rule} → ${d.allowed ? 'send' : 'hold'} (${d.reasons.join('; ')})`;
 * ```
 */
export interface IngestDecision {
  /**
   * Stable across redeliveries (`customerId/triggerMessageId/rule/message`): a receiver that
   * may get a decision twice (the outbox delivers at least once) drops repeats by it.
   */
  id: string;
  customerId: string;
  accountId: string | null;
  /** The event that triggered the rule. */
  trigger: { messageId: string; type: RetainEventType; event: string | null; timestamp: string };
  message: ProposedMessage;
  allowed: boolean;
  reasons: readonly string[];
  /** The message score for this customer, when the send check computed it. */
  score: number | null;
  /** Goodwill before and after the send, when the send check computed it. */
  goodwill: { before: number; after: number } | null;
  /** When the decision was made (epoch ms). */
  at: number;
}
