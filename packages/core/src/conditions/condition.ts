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

/**
 * Comparison operators.
 *
 * @example
 * ```ts
 * import { CONDITION_OPS } from '@retain/core';
 * CONDITION_OPS.includes('gte'); // true
 * ```
 */
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

/**
 * A comparison operator. See the guide for the exact meaning of each, and of missing values.
 *
 * @example
 * ```ts
 * import type { ConditionOp } from '@retain/core';
 * const op: ConditionOp = 'notContains';
 * ```
 */
export type ConditionOp = (typeof CONDITION_OPS)[number];

/**
 * Operators that take no `value`.
 *
 * @example
 * ```ts
 * import { PRESENCE_OPS } from '@retain/core';
 * PRESENCE_OPS; // ['exists', 'missing']
 * ```
 */
export const PRESENCE_OPS = ['exists', 'missing'] as const;

/**
 * Units of the duration facts (`since`, `sinceAction`, `until`, `funnelStalled`).
 *
 * @example
 * ```ts
 * import { TIME_UNITS } from '@retain/core';
 * TIME_UNITS; // ['ms', 'minutes', 'hours', 'days']
 * ```
 */
export const TIME_UNITS = ['ms', 'minutes', 'hours', 'days'] as const;

/**
 * A unit of time.
 *
 * @example
 * ```ts
 * import type { TimeUnit } from '@retain/core';
 * const unit: TimeUnit = 'hours';
 * ```
 */
export type TimeUnit = (typeof TIME_UNITS)[number];

/**
 * Length of one {@link TimeUnit} in milliseconds.
 *
 * @example
 * ```ts
 * import { TIME_UNIT_MS } from '@retain/core';
 * TIME_UNIT_MS.hours; // 3600000
 * ```
 */
export const TIME_UNIT_MS: Readonly<Record<TimeUnit, number>> = { ms: 1, minutes: 60_000, hours: 3_600_000, days: 86_400_000 };

/**
 * The fact keys of a comparison: exactly one of them appears in a comparison node.
 *
 * @example
 * ```ts
 * import { FACT_KEYS } from '@retain/core';
 * FACT_KEYS.includes('since'); // true
 * ```
 */
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

/**
 * The name of a fact (what a comparison reads).
 *
 * @example
 * ```ts
 * import type { FactKey } from '@retain/core';
 * const fact: FactKey = 'activityRatio';
 * ```
 */
export type FactKey = (typeof FACT_KEYS)[number];

/**
 * The operator and value of a comparison.
 *
 * @example
 * ```ts
 * import type { Comparison } from '@retain/core';
 * const c: Comparison = { op: 'gte', value: 14 };
 * ```
 */
export interface Comparison {
  op: ConditionOp;
  /** Absent for `exists` / `missing`; an array for `in` / `notIn`; a time (epoch ms or ISO string) for `before` / `after`. */
  value?: JsonValue;
}

/**
 * A value read from the customer state by a dotted path (`subscription.status`, `metrics.seats.value`).
 *
 * @example
 * ```ts
 * import type { StateComparison } from '@retain/core';
 * const c: StateComparison = { state: 'subscription.status', op: 'eq', value: 'active' };
 * ```
 */
export interface StateComparison extends Comparison {
  state: string;
}
/**
 * A value read from the triggering event (`event` is the track name, `properties.revenue`, `context.page.path`).
 *
 * @example
 * ```ts
 * import type { EventComparison } from '@retain/core';
 * const c: EventComparison = { event: 'properties.revenue', op: 'gte', value: 100 };
 * ```
 */
export interface EventComparison extends Comparison {
  event: string;
}
/**
 * Time elapsed since a milestone (`lastVisit`, `signedUp`…), in `unit` (default days); missing if it never happened.
 *
 * @example
 * ```ts
 * import type { SinceComparison } from '@retain/core';
 * const c: SinceComparison = { since: 'lastVisit', op: 'gte', value: 14 };
 * ```
 */
export interface SinceComparison extends Comparison {
  since: string;
  unit?: TimeUnit;
}
/**
 * Time elapsed since the customer last did an action (track event name), in `unit`; missing if never.
 *
 * @example
 * ```ts
 * import type { SinceActionComparison } from '@retain/core';
 * const c: SinceActionComparison = { sinceAction: 'Product Added', unit: 'hours', op: 'gte', value: 1 };
 * ```
 */
export interface SinceActionComparison extends Comparison {
  sinceAction: string;
  unit?: TimeUnit;
}
/**
 * Time left until the instant stored at a state path (epoch ms or ISO string), in `unit`; negative once past.
 *
 * @example
 * ```ts
 * import type { UntilComparison } from '@retain/core';
 * const c: UntilComparison = { until: 'subscription.trialEndsAt', op: 'lte', value: 3 };
 * ```
 */
export interface UntilComparison extends Comparison {
  until: string;
  unit?: TimeUnit;
}
/**
 * Whole days until the next anniversary (UTC month and day) of the date at a state path; 0 on the day.
 *
 * @example
 * ```ts
 * import type { AnniversaryComparison } from '@retain/core';
 * const c: AnniversaryComparison = { anniversary: 'identity.traits.birthday', op: 'eq', value: 0 };
 * ```
 */
export interface AnniversaryComparison extends Comparison {
  anniversary: string;
}
/**
 * Visits that started in the `days` days ending `offsetDays` days before now.
 *
 * @example
 * ```ts
 * import type { VisitsComparison } from '@retain/core';
 * const c: VisitsComparison = { visits: { days: 7 }, op: 'lt', value: 2 };
 * ```
 */
export interface VisitsComparison extends Comparison {
  visits: { days: number; offsetDays?: number };
}
/**
 * Active events in the last `days` UTC days (daily buckets).
 *
 * @example
 * ```ts
 * import type { EventsComparison } from '@retain/core';
 * const c: EventsComparison = { events: { days: 30 }, op: 'gt', value: 0 };
 * ```
 */
export interface EventsComparison extends Comparison {
  events: { days: number };
}
/**
 * Recent activity rate ÷ baseline rate (see `activityRatio` in queries); missing when the baseline is empty.
 *
 * @example
 * ```ts
 * import type { ActivityRatioComparison } from '@retain/core';
 * const c: ActivityRatioComparison = { activityRatio: { recentDays: 7, baselineDays: 28 }, op: 'lt', value: 0.5 };
 * ```
 */
export interface ActivityRatioComparison extends Comparison {
  activityRatio: { recentDays?: number; baselineDays?: number; measure?: 'visits' | 'events' };
}
/**
 * How many times the customer did an action (0 if never).
 *
 * @example
 * ```ts
 * import type { ActionCountComparison } from '@retain/core';
 * const c: ActionCountComparison = { actionCount: 'Report Viewed', op: 'eq', value: 0 };
 * ```
 */
export interface ActionCountComparison extends Comparison {
  actionCount: string;
}
/**
 * A business metric's value; missing if never set.
 *
 * @example
 * ```ts
 * import type { MetricComparison } from '@retain/core';
 * const c: MetricComparison = { metric: 'seats', op: 'gte', value: 10 };
 * ```
 */
export interface MetricComparison extends Comparison {
  metric: string;
}
/**
 * A trait (`identity.traits[name]`); missing if not set.
 *
 * @example
 * ```ts
 * import type { TraitComparison } from '@retain/core';
 * const c: TraitComparison = { trait: 'plan', op: 'in', value: ['pro', 'enterprise'] };
 * ```
 */
export interface TraitComparison extends Comparison {
  trait: string;
}
/**
 * Messages received in the last `days` days, on any channel or on `channel`.
 *
 * @example
 * ```ts
 * import type { MessagesComparison } from '@retain/core';
 * const c: MessagesComparison = { messages: { days: 7, channel: 'email' }, op: 'lt', value: 3 };
 * ```
 */
export interface MessagesComparison extends Comparison {
  messages: { days: number; channel?: Channel };
}
/**
 * How long a funnel has been stalled (entered, not completed), in `unit`; missing when never entered or completed.
 *
 * @example
 * ```ts
 * import type { FunnelStalledComparison } from '@retain/core';
 * const c: FunnelStalledComparison = { funnelStalled: 'checkout', unit: 'hours', op: 'gte', value: 1 };
 * ```
 */
export interface FunnelStalledComparison extends Comparison {
  funnelStalled: string;
  unit?: TimeUnit;
}

/**
 * Any comparison node.
 *
 * @example
 * ```ts
 * import type { ComparisonCondition } from '@retain/core';
 * const c: ComparisonCondition = { metric: 'seats', op: 'exists' };
 * ```
 */
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

/**
 * Holds when the customer granted consent for the channel or purpose.
 *
 * @example
 * ```ts
 * import type { ConsentCondition } from '@retain/core';
 * const c: ConsentCondition = { consent: 'email' };
 * ```
 */
export interface ConsentCondition {
  consent: ConsentPurpose;
}
/**
 * Holds when the customer explicitly withdrew consent for the channel or purpose.
 *
 * @example
 * ```ts
 * import type { OptedOutCondition } from '@retain/core';
 * const c: OptedOutCondition = { optedOut: 'sms' };
 * ```
 */
export interface OptedOutCondition {
  optedOut: ConsentPurpose;
}
/**
 * Holds when the customer reached `step` (index, or the step name as furthest step) of a funnel.
 *
 * @example
 * ```ts
 * import type { FunnelReachedCondition } from '@retain/core';
 * const c: FunnelReachedCondition = { funnelReached: 'checkout', step: 'payment' };
 * ```
 */
export interface FunnelReachedCondition {
  funnelReached: string;
  step: number | string;
}
/**
 * Holds when every child holds (true when empty).
 *
 * @example
 * ```ts
 * import type { AllCondition } from '@retain/core';
 * const c: AllCondition = { all: [{ consent: 'email' }, { since: 'lastVisit', op: 'gte', value: 14 }] };
 * ```
 */
export interface AllCondition {
  all: Condition[];
}
/**
 * Holds when at least one child holds (false when empty).
 *
 * @example
 * ```ts
 * import type { AnyCondition } from '@retain/core';
 * const c: AnyCondition = { any: [{ consent: 'email' }, { consent: 'push' }] };
 * ```
 */
export interface AnyCondition {
  any: Condition[];
}
/**
 * Holds when the child does not.
 *
 * @example
 * ```ts
 * import type { NotCondition } from '@retain/core';
 * const c: NotCondition = { not: { trait: 'plan', op: 'eq', value: 'enterprise' } };
 * ```
 */
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

/**
 * What a condition is evaluated against.
 *
 * @example
 * ```ts
 * import { createCustomerState, type ConditionContext } from '@retain/core';
 * const ctx: ConditionContext = { state: createCustomerState('u1'), now: Date.parse('2026-11-22T10:00:00Z') };
 * ```
 */
export interface ConditionContext {
  /** The customer (or account) state. */
  state: CustomerState;
  /** The event being handled, if any; event comparisons are false without one. */
  event?: RetainEvent | undefined;
  /** The time of evaluation, epoch ms. Never read from the clock. */
  now: number;
}

export type { Channel, ConsentPurpose, JsonValue };
