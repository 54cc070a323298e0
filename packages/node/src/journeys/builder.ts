/**
 * A typed builder for journeys: conditions from `cond`, steps in order, `toJSON()` for the plain
 * JSON that {@link parseJourney} validates (the builder validates the same way).
 */
import { conditionJson, type Channel, type ConditionInput, type JsonObject, type JsonValue } from '@retain/core';
import type { Duration } from '../rules/rule.js';
import { parseJourney } from './journey-schema.js';
import type { JourneyEntry, JourneyJson, JourneyStep, SendStep, WaitStep } from './journey.js';

type Options<S> = Omit<S, 'id' | 'type'>;

/** Builds a journey step by step. Start with {@link journey}. */
export class JourneyBuilder {
  private readonly steps: JourneyStep[] = [];
  private entryValue: JourneyEntry = {};
  private goalValue: JourneyJson['goal'];
  private readonly exitList: Array<{ name: string; when: ReturnType<typeof conditionJson> }> = [];
  private versionValue: number | undefined;
  private descriptionValue: string | undefined;

  constructor(private readonly id: string) {}

  /** Enter on an event (and optionally a condition), with a re-entry policy. */
  on(event: string, options: { when?: ConditionInput; reentry?: JourneyEntry['reentry'] } = {}): this {
    this.entryValue = { event, ...(options.when === undefined ? {} : { when: conditionJson(options.when) }), ...(options.reentry === undefined ? {} : { reentry: options.reentry }) };
    return this;
  }

  /** Enter when a condition holds (checked on every event and wake-up). */
  when(condition: ConditionInput, options: { reentry?: JourneyEntry['reentry'] } = {}): this {
    this.entryValue = { when: conditionJson(condition), ...(options.reentry === undefined ? {} : { reentry: options.reentry }) };
    return this;
  }

  describe(text: string): this {
    this.descriptionValue = text;
    return this;
  }

  version(n: number): this {
    this.versionValue = n;
    return this;
  }

  send(id: string, options: { message: string; channel: Channel } & Partial<Options<SendStep>>): this {
    this.steps.push({ id, type: 'send', ...options } as SendStep);
    return this;
  }

  /** Wait a fixed time. */
  wait(id: string, duration: Duration, options: { next?: string } = {}): this {
    this.steps.push({ id, type: 'wait', for: duration, ...options });
    return this;
  }

  /** Wait for an event (with a condition), at most `timeout`. */
  waitFor(id: string, event: string, options: { timeout: Duration; when?: ConditionInput; onTimeout?: string; next?: string }): this {
    const { when, ...rest } = options;
    this.steps.push({ id, type: 'wait', untilEvent: { event, ...(when === undefined ? {} : { when: conditionJson(when) }) }, ...rest } as WaitStep);
    return this;
  }

  /** Wait until a condition holds, at most `timeout`. */
  waitUntil(id: string, condition: ConditionInput, options: { timeout: Duration; onTimeout?: string; next?: string }): this {
    this.steps.push({ id, type: 'wait', until: conditionJson(condition), ...options });
    return this;
  }

  branch(id: string, branches: ReadonlyArray<{ when: ConditionInput; next: string; name?: string }>, otherwise?: string): this {
    this.steps.push({ id, type: 'branch', branches: branches.map((b) => ({ ...b, when: conditionJson(b.when) })), ...(otherwise === undefined ? {} : { otherwise }) });
    return this;
  }

  split(id: string, arms: ReadonlyArray<{ name: string; weight: number; next?: string; holdout?: boolean }>): this {
    this.steps.push({ id, type: 'split', arms });
    return this;
  }

  update(id: string, set: Readonly<Record<string, JsonValue>>, options: { next?: string } = {}): this {
    this.steps.push({ id, type: 'update', set, ...options });
    return this;
  }

  exit(id: string, reason?: string): this {
    this.steps.push({ id, type: 'exit', ...(reason === undefined ? {} : { reason }) });
    return this;
  }

  /** The goal: the customer converts (and leaves) on this event or when this condition holds. */
  goal(goal: { event?: string; when?: ConditionInput }): this {
    this.goalValue = { ...(goal.event === undefined ? {} : { event: goal.event }), ...(goal.when === undefined ? {} : { when: conditionJson(goal.when) }) };
    return this;
  }

  /** An exit condition, checked wherever the customer is. */
  exitWhen(name: string, when: ConditionInput): this {
    this.exitList.push({ name, when: conditionJson(when) });
    return this;
  }

  /** The journey as validated JSON. @throws {@link InvalidJourneyError} */
  toJSON(): JourneyJson {
    const json: JourneyJson = {
      id: this.id,
      entry: this.entryValue,
      steps: [...this.steps],
      ...(this.versionValue === undefined ? {} : { version: this.versionValue }),
      ...(this.descriptionValue === undefined ? {} : { description: this.descriptionValue }),
      ...(this.goalValue === undefined ? {} : { goal: this.goalValue }),
      ...(this.exitList.length === 0 ? {} : { exits: [...this.exitList] }),
    };
    return parseJourney(json, { path: `journey(${this.id})` });
  }
}

/**
 * Starts a journey definition.
 *
 * @example
 * ```ts
 * import { cond } from '@retain/core';
 * import { journey } from '@retain/node';
 * const welcome = journey('welcome')
 *   .on('Signed Up')
 *   .send('hello', { message: 'welcome', channel: 'email' })
 *   .waitFor('first-order', 'Order Completed', { timeout: { value: 7, unit: 'days' }, onTimeout: 'nudge', next: 'thanks' })
 *   .send('nudge', { message: 'first-order-nudge', channel: 'email', next: 'end' })
 *   .send('thanks', { message: 'thanks', channel: 'email' })
 *   .exit('end')
 *   .exitWhen('unsubscribed', cond.optedOut('email'))
 *   .toJSON();
 * welcome.steps.length; // 5
 * ```
 */
export function journey(id: string): JourneyBuilder {
  return new JourneyBuilder(id);
}

/** @internal */
export type { JsonObject };
