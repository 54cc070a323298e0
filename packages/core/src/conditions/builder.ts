/**
 * The typed face of the condition language. Every builder produces the JSON form (`toJSON()`),
 * and {@link cond.fromJSON} turns JSON back into a builder, losslessly. State paths are checked
 * at compile time: `cond.state('subscripton.status')` does not compile.
 */
import type { Channel, ConsentPurpose } from '../events/channels.js';
import type { JsonValue } from '../events/event-schema.js';
import type { CustomerState, MilestoneName } from '../state/customer-state.js';
import type { ActivityRatioComparison, Comparison, ComparisonCondition, Condition, ConditionOp, TimeUnit } from './condition.js';
import { conditionJson, type ConditionInput } from './compile-condition.js';
import { parseCondition } from './parse-condition.js';
import type { StatePath } from './state-path.js';

/**
 * The type of the value at a dotted path of `T` (`JsonValue` where the path goes free-form).
 *
 * @example
 * ```ts
 * import type { CustomerState, PathValue } from '@retain/core';
 * const status: PathValue<CustomerState, 'subscription.status'> = 'trialing';
 * ```
 */
export type PathValue<T, P extends string> = P extends `${infer K}.${infer R}`
  ? K extends keyof T
    ? PathValue<NonNullable<T[K]>, R>
    : string extends keyof T
      ? PathValue<NonNullable<T[string & keyof T]>, R>
      : JsonValue
  : P extends keyof T
    ? T[P]
    : string extends keyof T
      ? T[string & keyof T]
      : JsonValue;

/**
 * The paths of an event a condition may read.
 *
 * @example
 * ```ts
 * import type { EventPath } from '@retain/core';
 * const path: EventPath = 'properties.revenue';
 * ```
 */
export type EventPath =
  | 'event'
  | 'type'
  | 'name'
  | 'category'
  | 'userId'
  | 'anonymousId'
  | 'groupId'
  | 'messageId'
  | 'timestamp'
  | `properties.${string}`
  | `context.${string}`
  | `traits.${string}`;

/** A value accepted where a `V` is compared: the JSON values of its type. */
type Comparable<V> = [V] extends [never] ? JsonValue : Extract<NonNullable<V>, JsonValue> extends never ? JsonValue : Extract<NonNullable<V>, JsonValue>;

/**
 * A condition under construction. Immutable; combine with `and` / `or` / `not`.
 *
 * @example
 * ```ts
 * import { cond } from '@retain/core';
 * const quietBuyer = cond.since('lastVisit').gte(14).and(cond.state('transactions.orders').gte(1));
 * quietBuyer.toJSON(); // { all: [ … ] }
 * ```
 */
export class ConditionBuilder<C extends Condition = Condition> {
  readonly #json: C;

  constructor(json: C) {
    this.#json = json;
  }

  /** The JSON form (what `JSON.stringify` writes). */
  toJSON(): C {
    return this.#json;
  }

  /** This condition and every one of `others`. */
  and(...others: ConditionInput[]): ConditionBuilder {
    return cond.all(this, ...others);
  }

  /** This condition or any of `others`. */
  or(...others: ConditionInput[]): ConditionBuilder {
    return cond.any(this, ...others);
  }

  /** The negation of this condition. */
  not(): ConditionBuilder {
    return cond.not(this);
  }
}

/**
 * A fact awaiting its comparison: `cond.since('lastVisit').gte(14)`. `V` is the type of the
 * values it holds, so that `cond.state('subscription.status').eq('actve')` does not compile.
 *
 * @example
 * ```ts
 * import { cond } from '@retain/core';
 * const seats = cond.metric('seats'); // a FactBuilder
 * const big = seats.gte(50);
 * ```
 */
export class FactBuilder<F extends object, V = JsonValue> {
  readonly #fact: F;

  constructor(fact: F) {
    this.#fact = fact;
  }

  #make(op: ConditionOp, value?: JsonValue): ConditionBuilder<ComparisonCondition> {
    const node: Comparison = value === undefined ? { op } : { op, value };
    return new ConditionBuilder({ ...this.#fact, ...node } as unknown as ComparisonCondition);
  }

  /** Present and equal (structural equality for lists and objects). */
  eq(value: Comparable<V>): ConditionBuilder<ComparisonCondition> {
    return this.#make('eq', value as JsonValue);
  }
  /** Present and not equal. */
  neq(value: Comparable<V>): ConditionBuilder<ComparisonCondition> {
    return this.#make('neq', value as JsonValue);
  }
  /** A number greater than `value`. */
  gt(value: number): ConditionBuilder<ComparisonCondition> {
    return this.#make('gt', value);
  }
  /** A number greater than or equal to `value`. */
  gte(value: number): ConditionBuilder<ComparisonCondition> {
    return this.#make('gte', value);
  }
  /** A number less than `value`. */
  lt(value: number): ConditionBuilder<ComparisonCondition> {
    return this.#make('lt', value);
  }
  /** A number less than or equal to `value`. */
  lte(value: number): ConditionBuilder<ComparisonCondition> {
    return this.#make('lte', value);
  }
  /** A number in `[from, to)`: `gte(from)` and `lt(to)`. */
  between(from: number, to: number): ConditionBuilder {
    return cond.all(this.gte(from), this.lt(to));
  }
  /** Present and one of `values`. */
  in(values: ReadonlyArray<Comparable<V>>): ConditionBuilder<ComparisonCondition> {
    return this.#make('in', [...values] as JsonValue[]);
  }
  /** Present and none of `values`. */
  notIn(values: ReadonlyArray<Comparable<V>>): ConditionBuilder<ComparisonCondition> {
    return this.#make('notIn', [...values] as JsonValue[]);
  }
  /** A list holding `value`, or a string holding the substring `value`. */
  contains(value: JsonValue): ConditionBuilder<ComparisonCondition> {
    return this.#make('contains', value);
  }
  /** A list (or string) not holding `value`; false when the fact is missing or neither. */
  notContains(value: JsonValue): ConditionBuilder<ComparisonCondition> {
    return this.#make('notContains', value);
  }
  /** The fact is present (neither missing nor `null`). */
  exists(): ConditionBuilder<ComparisonCondition> {
    return this.#make('exists');
  }
  /** The fact is missing (or `null`). */
  missing(): ConditionBuilder<ComparisonCondition> {
    return this.#make('missing');
  }
  /** A time (epoch ms or ISO string) strictly before `time`. */
  before(time: number | string | Date): ConditionBuilder<ComparisonCondition> {
    return this.#make('before', time instanceof Date ? time.toISOString() : time);
  }
  /** A time (epoch ms or ISO string) strictly after `time`. */
  after(time: number | string | Date): ConditionBuilder<ComparisonCondition> {
    return this.#make('after', time instanceof Date ? time.toISOString() : time);
  }
}

const withUnit = <F extends object>(fact: F, unit: TimeUnit | undefined): F => (unit === undefined ? fact : { ...fact, unit });

/**
 * The condition builder. Each function mirrors one node of the JSON form.
 *
 * @example
 * ```ts
 * import { cond } from '@retain/core';
 * const winback = cond.all(
 *   cond.since('lastVisit').gte(14),
 *   cond.state('transactions.orders').gte(1),
 *   cond.trait('plan').neq('enterprise'),
 *   cond.consent('email'),
 * );
 * JSON.stringify(winback); // the JSON form, to store in a database
 * ```
 */
export const cond = {
  /** Every condition holds (true when empty). */
  all(...conditions: ConditionInput[]): ConditionBuilder {
    return new ConditionBuilder({ all: conditions.map(conditionJson) });
  },
  /** At least one condition holds (false when empty). */
  any(...conditions: ConditionInput[]): ConditionBuilder {
    return new ConditionBuilder({ any: conditions.map(conditionJson) });
  },
  /** The condition does not hold. */
  not(condition: ConditionInput): ConditionBuilder {
    return new ConditionBuilder({ not: conditionJson(condition) });
  },
  /** A value of the customer state, by a path checked at compile time. */
  state<P extends StatePath>(path: P): FactBuilder<{ state: P }, PathValue<CustomerState, P>> {
    return new FactBuilder({ state: path });
  },
  /** A value of the triggering event (`'event'` is the track name). False when there is no event. */
  event<P extends EventPath>(path: P): FactBuilder<{ event: P }> {
    return new FactBuilder({ event: path });
  },
  /** The name of the triggering track event. */
  eventName(): FactBuilder<{ event: 'event' }, string> {
    return new FactBuilder({ event: 'event' });
  },
  /** A property of the triggering event. */
  eventProperty(name: string): FactBuilder<{ event: `properties.${string}` }> {
    return new FactBuilder({ event: `properties.${name}` as const });
  },
  /** Time since a milestone, in `unit` (default days); missing if it never happened. */
  since(milestone: MilestoneName, unit?: TimeUnit): FactBuilder<{ since: string; unit?: TimeUnit }, number> {
    return new FactBuilder(withUnit({ since: milestone }, unit));
  },
  /** Time since the customer last did an action, in `unit` (default days); missing if never. */
  sinceAction(action: string, unit?: TimeUnit): FactBuilder<{ sinceAction: string; unit?: TimeUnit }, number> {
    return new FactBuilder(withUnit({ sinceAction: action }, unit));
  },
  /** Time left until the instant at a state path (e.g. `subscription.trialEndsAt`); negative once past. */
  until(path: StatePath, unit?: TimeUnit): FactBuilder<{ until: string; unit?: TimeUnit }, number> {
    return new FactBuilder(withUnit({ until: path }, unit));
  },
  /** Whole days until the next anniversary (UTC month and day) of the date at a state path; 0 on the day. */
  anniversary(path: StatePath): FactBuilder<{ anniversary: string }, number> {
    return new FactBuilder({ anniversary: path });
  },
  /** Visits started in the last `days` days (or in the `days` days ending `offsetDays` ago). */
  visits(days: number, offsetDays?: number): FactBuilder<{ visits: { days: number; offsetDays?: number } }, number> {
    return new FactBuilder({ visits: offsetDays === undefined ? { days } : { days, offsetDays } });
  },
  /** Active events in the last `days` UTC days. */
  events(days: number): FactBuilder<{ events: { days: number } }, number> {
    return new FactBuilder({ events: { days } });
  },
  /** Recent activity rate ÷ baseline rate (default: visits, last 7 days vs the 28 before); missing without a baseline. */
  activityRatio(options: ActivityRatioComparison['activityRatio'] = {}): FactBuilder<Pick<ActivityRatioComparison, 'activityRatio'>, number> {
    return new FactBuilder({ activityRatio: options });
  },
  /** How many times the customer did an action (0 if never). */
  actionCount(action: string): FactBuilder<{ actionCount: string }, number> {
    return new FactBuilder({ actionCount: action });
  },
  /** A business metric's value; missing if never set. */
  metric(name: string): FactBuilder<{ metric: string }, number> {
    return new FactBuilder({ metric: name });
  },
  /** A trait; missing if not set. */
  trait(name: string): FactBuilder<{ trait: string }> {
    return new FactBuilder({ trait: name });
  },
  /** Messages received in the last `days` days (on `channel`, or any). */
  messages(days: number, channel?: Channel): FactBuilder<{ messages: { days: number; channel?: Channel } }, number> {
    return new FactBuilder({ messages: channel === undefined ? { days } : { days, channel } });
  },
  /** How long a funnel has been stalled (entered, not completed), in `unit` (default days). */
  funnelStalled(funnel: string, unit?: TimeUnit): FactBuilder<{ funnelStalled: string; unit?: TimeUnit }, number> {
    return new FactBuilder(withUnit({ funnelStalled: funnel }, unit));
  },
  /** The length of the run of negative feedback ending with the latest (`feedback.consecutiveNegatives`). */
  consecutiveNegativeFeedback(): FactBuilder<{ state: 'feedback.consecutiveNegatives' }, number> {
    return new FactBuilder({ state: 'feedback.consecutiveNegatives' });
  },
  /** The customer granted consent for the channel or purpose. */
  consent(purpose: ConsentPurpose): ConditionBuilder {
    return new ConditionBuilder({ consent: purpose });
  },
  /** The customer explicitly withdrew consent for the channel or purpose. */
  optedOut(purpose: ConsentPurpose): ConditionBuilder {
    return new ConditionBuilder({ optedOut: purpose });
  },
  /** The customer reached `step` (index, or the furthest step's name) of a funnel. */
  funnelReached(funnel: string, step: number | string): ConditionBuilder {
    return new ConditionBuilder({ funnelReached: funnel, step });
  },
  /**
   * A builder from the JSON form (validated).
   *
   * @throws {InvalidConditionError} naming the path of the bad node.
   */
  fromJSON(json: unknown): ConditionBuilder {
    return new ConditionBuilder(parseCondition(json));
  },
};
