import { conditionJson, type ConditionInput, type TimeUnit } from '@retain/core';
import type { EventMatch, RuleAction, RuleJson } from './rule.js';
import { parseRule } from './rule-schema.js';

/**
 * A rule under construction: `rule(id).when(...).send(...)`. Immutable: each step returns a
 * new builder. `toJSON()` gives the JSON form; {@link ruleFromJSON} goes back, losslessly.
 *
 * @example
 * ```ts
 * import { cond } from '@retain/core';
 * import { rule, type RuleBuilder } from '@retain/node';
 * const b: RuleBuilder = rule('a').when(cond.consent('email')).send({ campaign: 'news', channel: 'email' });
 * const louder = b.priority(10); // b is unchanged
 * ```
 */
export class RuleBuilder {
  readonly #json: Partial<RuleJson> & { id: string };

  constructor(json: Partial<RuleJson> & { id: string }) {
    this.#json = json;
  }

  #with(patch: Partial<RuleJson>): RuleBuilder {
    return new RuleBuilder({ ...this.#json, ...patch });
  }

  /** What the rule is for. */
  describe(description: string): RuleBuilder {
    return this.#with({ description });
  }
  /** The condition; several conditions are combined with `all`. */
  when(...conditions: ConditionInput[]): RuleBuilder {
    const first = conditions[0];
    return this.#with({ when: conditions.length === 1 && first !== undefined ? conditionJson(first) : { all: conditions.map(conditionJson) } });
  }
  /** Only on a matching event (`{ event: 'Order Completed' }`, `{ type: 'page' }`…). */
  on(match: EventMatch | string): RuleBuilder {
    return this.#with({ on: typeof match === 'string' ? { event: match } : match });
  }
  /** The action: campaign, message key, channel, payload. */
  send(action: RuleAction): RuleBuilder {
    return this.#with({ action });
  }
  /** Higher runs first. */
  priority(priority: number): RuleBuilder {
    return this.#with({ priority });
  }
  /** Stop evaluating lower-priority rules when this one fires. */
  stopProcessing(stop = true): RuleBuilder {
    return this.#with({ stopProcessing: stop });
  }
  /** Stay silent for a customer this long after firing for them. */
  cooldown(value: number, unit: TimeUnit = 'days'): RuleBuilder {
    return this.#with({ cooldown: { value, unit } });
  }
  /** Fire at most once per customer per key (`{state.<path>}` / `{event.<path>}` placeholders). */
  dedupe(key: string): RuleBuilder {
    return this.#with({ dedupeKey: key });
  }

  /** @internal The JSON form as built so far, not validated (so that a rule set can report the rule's index). */
  get draft(): unknown {
    return this.#json;
  }

  /**
   * The JSON form, validated.
   *
   * @throws {InvalidRuleError} when the rule is incomplete or not well formed.
   */
  toJSON(): RuleJson {
    return parseRule(this.#json);
  }
}

/**
 * Starts a rule.
 *
 * @example
 * ```ts
 * import { cond } from '@retain/core';
 * import { rule } from '@retain/node';
 * const winback = rule('winback-14d')
 *   .when(cond.since('lastVisit').gte(14), cond.state('transactions.orders').gte(1), cond.consent('email'))
 *   .send({ campaign: 'winback', channel: 'email', payload: { discount: 10 } })
 *   .priority(5)
 *   .cooldown(30, 'days');
 * JSON.stringify(winback); // store it
 * ```
 */
export function rule(id: string): RuleBuilder {
  return new RuleBuilder({ id });
}

/**
 * A rule builder from the JSON form (validated).
 *
 * @throws {InvalidRuleError} naming the path of the bad node.
 * @example
 * ```ts
 * import { ruleFromJSON } from '@retain/node';
 * const builder = ruleFromJSON({ id: 'a', when: { consent: 'email' }, action: { campaign: 'news', channel: 'email' } });
 * builder.priority(3).toJSON().priority; // 3
 * ```
 */
export function ruleFromJSON(json: unknown): RuleBuilder {
  return new RuleBuilder(parseRule(json));
}
