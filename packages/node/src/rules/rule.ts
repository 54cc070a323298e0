/**
 * The JSON form of a trigger rule: when a condition holds for a customer (optionally on a
 * given event), respond with an action — subject to priority, stop-processing, a per-customer
 * cooldown and a dedupe key.
 */
import type { Channel, Condition, JsonObject, JsonValue, RetainEventType, TimeUnit } from '@retain/core';

/**
 * What a rule does when it fires: which campaign and message, on which channel, with what payload.
 *
 * @example
 * ```ts
 * import type { RuleAction } from '@retain/node';
 * const action: RuleAction = { campaign: 'winback', message: 'winback-1', channel: 'email', payload: { discount: 10 } };
 * ```
 */
export type RuleAction = {
  /** The campaign the message belongs to (`winback`, `welcome-series`…). */
  campaign: string;
  /** The message (template) key; defaults to the campaign. */
  message?: string;
  /** The channel to respond on. */
  channel: Channel;
  /** Whatever the delivery needs (template variables, subject…). */
  payload?: JsonObject;
};

/**
 * Restricts a rule to a triggering event, matched structurally (with ts-pattern).
 *
 * @example
 * ```ts
 * import type { EventMatch } from '@retain/node';
 * const on: EventMatch = { event: ['Order Completed', 'Order Updated'], properties: { currency: 'EUR' } };
 * ```
 */
export type EventMatch = {
  /** The event type (`track`, `page`, `identify`, `group`). */
  type?: RetainEventType;
  /** The track event name, or any of several. */
  event?: string | string[];
  /** Properties that must be present with these exact values. */
  properties?: { [key: string]: JsonValue };
};

/**
 * A duration.
 *
 * @example
 * ```ts
 * import type { Duration } from '@retain/node';
 * const week: Duration = { value: 7, unit: 'days' };
 * ```
 */
export type Duration = { value: number; unit: TimeUnit };

/**
 * A rule in its JSON form (store it in a database, edit it in a UI).
 *
 * @example
 * ```ts
 * import type { RuleJson } from '@retain/node';
 * const winback: RuleJson = {
 *   id: 'winback-14d',
 *   when: { all: [{ since: 'lastVisit', op: 'gte', value: 14 }, { consent: 'email' }] },
 *   action: { campaign: 'winback', channel: 'email' },
 *   priority: 5,
 *   cooldown: { value: 30, unit: 'days' },
 * };
 * ```
 */
export type RuleJson = {
  /** Unique within a rule set. */
  id: string;
  /** What the rule is for, in words. */
  description?: string;
  /** Only on this event (the rule never fires without a matching event). */
  on?: EventMatch;
  /** The condition (see the condition language in `@retain/core`). */
  when: Condition;
  action: RuleAction;
  /** Higher runs first. @default 0 */
  priority?: number;
  /** When this rule fires, rules after it (lower priority) are not evaluated. @default false */
  stopProcessing?: boolean;
  /** After firing for a customer, the rule stays silent for that customer this long. */
  cooldown?: Duration;
  /**
   * Fire at most once per customer per key. `{state.<path>}` and `{event.<path>}` placeholders
   * are filled from the state and the event (missing values become empty), e.g.
   * `trial-ending:{state.subscription.trialEndsAt}`.
   */
  dedupeKey?: string;
};

/**
 * What rules remember per customer, as plain JSON: when each rule last fired (for cooldowns)
 * and the dedupe keys already used. Keep it next to the customer state.
 *
 * @example
 * ```ts
 * import type { RuleMemory } from '@retain/node';
 * const memory: RuleMemory = { lastFired: { winback: 1795305600000 }, fired: { 'trial-ending:1795392000000': 1795305600000 } };
 * ```
 */
export type RuleMemory = {
  /** Rule id → when it last fired (epoch ms); kept for rules with a cooldown. */
  lastFired: { [ruleId: string]: number };
  /** Dedupe key → when it fired (epoch ms). */
  fired: { [key: string]: number };
};

/**
 * An empty rule memory.
 *
 * @example
 * ```ts
 * import { emptyRuleMemory } from '@retain/node';
 * const memory = emptyRuleMemory(); // { lastFired: {}, fired: {} }
 * ```
 */
export function emptyRuleMemory(): RuleMemory {
  return { lastFired: {}, fired: {} };
}
