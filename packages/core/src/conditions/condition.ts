/**
 * The JSON form of Retain's condition language: plain, serializable objects that say when a
 * customer (their state, and optionally the event that just happened) matches. Shared by the
 * node rules engine and the browser's in-context messages.
 *
 * A condition is a combinator (`all` / `any` / `not`), a predicate (`consent`, `optedOut`,
 * `funnelReached`), or a comparison: one *fact* key (`state`, `event`, `since`, `visits`…),
 * an `op` and, for most ops, a `value`.
 */
import type { Channel, ConsentPurpose } from '../events/channels.js';
import type { JsonValue, RetainEvent } from '../events/event-schema.js';
import type { CustomerState } from '../state/customer-state.js';

/** Comparison operators. */
export const CONDITION_OPS = [
  'eq',
  'neq',
  'gt',
  'gte',
  'lt',
  'lte',
  'in',
  'notIn',
  'contains',
  'notContains',
  'exists',
  'missing',
  'before',
  'after',
] as const;

/** A comparison operator. See the guide for the exact meaning of each, and of missing values. */
export type ConditionOp = (typeof CONDITION_OPS)[number];

/** Operators that take no `value`. */
export const PRESENCE_OPS = ['exists', 'missing'] as const;

/** Units of the duration facts (`since`, `sinceAction`, `until`, `funnelStalled`). */
export const TIME_UNITS = ['ms', 'minutes', 'hours', 'days'] as const;

/** A unit of time. */
export type TimeUnit = (typeof TIME_UNITS)[number];

/** Length of one {@link TimeUnit} in milliseconds. */
export const TIME_UNIT_MS: Readonly<Record<TimeUnit, number>> = { ms: 1, minutes: 60_000, hours: 3_600_000, days: 86_400_000 };

/** The fact keys of a comparison: exactly one of them appears in a comparison node. */
export const FACT_KEYS = [
  'state',
  'event',
  'since',
  'sinceAction',
  'until',
  'anniversary',
  'visits',
  'events',
  'activityRatio',
  'actionCount',
  'metric',
  'trait',
  'messages',
  'funnelStalled',
] as const;

/** The name of a fact (what a comparison reads). */
export type FactKey = (typeof FACT_KEYS)[number];

/** The operator and value of a comparison. */
export interface Comparison {
  op: ConditionOp;
  /** Absent for `exists` / `missing`; an array for `in` / `notIn`; a time (epoch ms or ISO string) for `before` / `after`. */
  value?: JsonValue;
}

/** A value read from the customer state by a dotted path (`subscription.status`, `metrics.seats.value`). */
export interface StateComparison extends Comparison {
  state: string;
}
/** A value read from the triggering event (`event` is the track name, `properties.revenue`, `context.page.path`). */
export interface EventComparison extends Comparison {
  event: string;
}
/** Time elapsed since a milestone (`lastVisit`, `signedUp`…), in `unit` (default days); missing if it never happened. */
export interface SinceComparison extends Comparison {
  since: string;
  unit?: TimeUnit;
}
/** Time elapsed since the customer last did an action (track event name), in `unit`; missing if never. */
export interface SinceActionComparison extends Comparison {
  sinceAction: string;
  unit?: TimeUnit;
}
/** Time left until the instant stored at a state path (epoch ms or ISO string), in `unit`; negative once past. */
export interface UntilComparison extends Comparison {
  until: string;
  unit?: TimeUnit;
}
/** Whole days until the next anniversary (UTC month and day) of the date at a state path; 0 on the day. */
export interface AnniversaryComparison extends Comparison {
  anniversary: string;
}
/** Visits that started in the `days` days ending `offsetDays` days before now. */
export interface VisitsComparison extends Comparison {
  visits: { days: number; offsetDays?: number };
}
/** Active events in the last `days` UTC days (daily buckets). */
export interface EventsComparison extends Comparison {
  events: { days: number };
}
/** Recent activity rate ÷ baseline rate (see `activityRatio` in queries); missing when the baseline is empty. */
export interface ActivityRatioComparison extends Comparison {
  activityRatio: { recentDays?: number; baselineDays?: number; measure?: 'visits' | 'events' };
}
/** How many times the customer did an action (0 if never). */
export interface ActionCountComparison extends Comparison {
  actionCount: string;
}
/** A business metric's value; missing if never set. */
export interface MetricComparison extends Comparison {
  metric: string;
}
/** A trait (`identity.traits[name]`); missing if not set. */
export interface TraitComparison extends Comparison {
  trait: string;
}
/** Messages received in the last `days` days, on any channel or on `channel`. */
export interface MessagesComparison extends Comparison {
  messages: { days: number; channel?: Channel };
}
/** How long a funnel has been stalled (entered, not completed), in `unit`; missing when never entered or completed. */
export interface FunnelStalledComparison extends Comparison {
  funnelStalled: string;
  unit?: TimeUnit;
}

/** Any comparison node. */
export type ComparisonCondition =
  | StateComparison
  | EventComparison
  | SinceComparison
  | SinceActionComparison
  | UntilComparison
  | AnniversaryComparison
  | VisitsComparison
  | EventsComparison
  | ActivityRatioComparison
  | ActionCountComparison
  | MetricComparison
  | TraitComparison
  | MessagesComparison
  | FunnelStalledComparison;

/** Holds when the customer granted consent for the channel or purpose. */
export interface ConsentCondition {
  consent: ConsentPurpose;
}
/** Holds when the customer explicitly withdrew consent for the channel or purpose. */
export interface OptedOutCondition {
  optedOut: ConsentPurpose;
}
/** Holds when the customer reached `step` (index, or the step name as furthest step) of a funnel. */
export interface FunnelReachedCondition {
  funnelReached: string;
  step: number | string;
}
/** Holds when every child holds (true when empty). */
export interface AllCondition {
  all: Condition[];
}
/** Holds when at least one child holds (false when empty). */
export interface AnyCondition {
  any: Condition[];
}
/** Holds when the child does not. */
export interface NotCondition {
  not: Condition;
}

/**
 * A condition in its JSON form.
 *
 * @example
 * ```ts
 * import type { Condition } from '@retain/core';
 * const winback: Condition = {
 *   all: [
 *     { since: 'lastVisit', op: 'gte', value: 14 },
 *     { state: 'transactions.orders', op: 'gte', value: 1 },
 *     { consent: 'email' },
 *   ],
 * };
 * ```
 */
export type Condition =
  | AllCondition
  | AnyCondition
  | NotCondition
  | ConsentCondition
  | OptedOutCondition
  | FunnelReachedCondition
  | ComparisonCondition;

/** What a condition is evaluated against. */
export interface ConditionContext {
  /** The customer (or account) state. */
  state: CustomerState;
  /** The event being handled, if any; event comparisons are false without one. */
  event?: RetainEvent | undefined;
  /** The time of evaluation, epoch ms. Never read from the clock. */
  now: number;
}

export type { Channel, ConsentPurpose, JsonValue };
