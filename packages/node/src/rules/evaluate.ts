import type { ConditionContext, ConditionExplanation, CustomerState, RetainEvent } from '@retain/core';
import { BATCHES, toRuleSet, type CompiledRule, type RuleBatch, type RuleInput, type RuleSet } from './compile-rule.js';
import type { RuleAction, RuleJson, RuleMemory } from './rule.js';

/**
 * One rule that fired: what to do, and why.
 *
 * @example
 * ```ts
 * import type { RuleDecision } from '@retain/node';
 * const describe = (d: RuleDecision) => `${d.ruleId}: ${d.action.message} on ${d.action.channel}`;
 * ```
 */
export type RuleDecision = {
  /** The rule's id. */
  ruleId: string;
  /** The rule, in its JSON form. */
  rule: RuleJson;
  /** What to do: campaign, message key (defaults to the campaign), channel, payload. */
  action: RuleAction & { message: string };
  priority: number;
  /** The dedupe key used, when the rule has one. */
  dedupeKey?: string;
  /**
   * Which conditions held, with the values seen (omitted with `explain: false`).
   *
   * Computed lazily: an enumerable, memoised getter that explains the condition on first read
   * against the inputs of the evaluation (state, event, now). Those inputs must stay unmutated
   * until it is read (CustomerState and events are immutable by contract); the value is then the
   * same as an eager explanation, and `JSON.stringify` / `structuredClone` / spreading a decision
   * include it.
   */
  explanation?: ConditionExplanation;
};

/**
 * What {@link evaluate} returns.
 *
 * @example
 * ```ts
 * import { createCustomerState } from '@retain/core';
 * import { evaluate, type EvaluationResult } from '@retain/node';
 * const result: EvaluationResult = evaluate([], createCustomerState('u1'), { now: 0 });
 * result.decisions.length; // 0
 * ```
 */
export type EvaluationResult = {
  /** The rules that fired, highest priority first. */
  decisions: RuleDecision[];
  /**
   * The memory to store for this customer: when each rule with a cooldown last fired, and the
   * dedupe keys used. The input object itself when nothing changed.
   */
  memory: RuleMemory;
};

/**
 * Options of {@link evaluate}.
 *
 * @example
 * ```ts
 * import type { EvaluateOptions } from '@retain/node';
 * const options: EvaluateOptions = { now: Date.parse('2026-11-22T10:00:00Z'), explain: false };
 * ```
 */
export type EvaluateOptions = {
  /** The time of the evaluation (epoch ms); never read from the clock. */
  now: number;
  /** The event being handled, if any. Rules with `on` fire only with a matching event. */
  event?: RetainEvent | undefined;
  /** The customer's rule memory, as stored (cooldowns and dedupe keys). @default empty */
  memory?: RuleMemory | undefined;
  /** Attach an explanation to each decision. @default true */
  explain?: boolean;
};

const EMPTY: RuleMemory = Object.freeze({ lastFired: Object.freeze({}), fired: Object.freeze({}) }) as RuleMemory;

/** Returns the object it is given, so that a subclass can stamp private fields onto a plain object. */
class Returning {
  constructor(o: object) {
    // eslint-disable-next-line no-constructor-return
    return o;
  }
}

/**
 * Makes `decision.explanation` lazy: an own, enumerable accessor (so `JSON.stringify`,
 * `structuredClone`, spreading and `Object.keys` see it) that explains the condition once, on
 * first read, against the evaluation's inputs. The rule and context live in private fields
 * stamped on the plain decision object (invisible to serialisation and equality), and the
 * getter and setter are shared, so decisions keep one hidden class and cost no closures.
 */
class LazyExplanation extends Returning {
  /** The rule to explain; `null` once explained. */
  #rule: CompiledRule | null;
  /** The evaluation's context until explained, then the explanation. */
  #value: ConditionContext | ConditionExplanation;
  private constructor(decision: RuleDecision, rule: CompiledRule, ctx: ConditionContext) {
    super(decision);
    this.#rule = rule;
    this.#value = ctx;
  }
  static readonly descriptor: PropertyDescriptor = {
    enumerable: true,
    configurable: true,
    get(this: LazyExplanation): ConditionExplanation {
      if (this.#rule !== null) {
        this.#value = this.#rule.condition.explain(this.#value as ConditionContext);
        this.#rule = null;
      }
      return this.#value as ConditionExplanation;
    },
    set(this: LazyExplanation, v: ConditionExplanation): void {
      this.#value = v;
      this.#rule = null;
    },
  };
  static attach(decision: RuleDecision, rule: CompiledRule, ctx: ConditionContext): void {
    new LazyExplanation(decision, rule, ctx);
    Object.defineProperty(decision, 'explanation', LazyExplanation.descriptor);
  }
}

const lastFiredAt = (memory: RuleMemory, id: string): number | undefined => {
  const m = memory.lastFired;
  return m !== undefined && Object.hasOwn(m, id) ? m[id] : undefined;
};
const wasFired = (memory: RuleMemory, key: string): boolean => memory.fired !== undefined && Object.hasOwn(memory.fired, key);

/** @internal Whether a rule is silenced at `now` by its cooldown or dedupe key. */
export function isSuppressed(
  rule: { id: string; cooldownMs: number },
  memory: RuleMemory,
  now: number,
  key: string | undefined,
): boolean {
  if (rule.cooldownMs > 0) {
    const last = lastFiredAt(memory, rule.id);
    if (last !== undefined && now < last + rule.cooldownMs) return true;
  }
  return key !== undefined && wasFired(memory, key);
}

/**
 * Evaluates rules for one customer. Synchronous and pure: the time, the event and the rule
 * memory are inputs; the decisions and the next memory are the output. Never throws on
 * well-formed rules, whatever the state holds.
 *
 * Rules run by priority (highest first). A rule fires when its event matches (`on`), it is
 * not in cooldown for this customer, its dedupe key was not used yet, and its condition holds.
 * A rule with `stopProcessing` that fires ends the evaluation.
 *
 * @param rules - a {@link RuleSet} from `compileRules` (fastest), or an array of rules (compiled on first use and cached).
 * @throws {InvalidRuleError} only if `rules` is an array holding a bad rule.
 * @example
 * ```ts
 * import { cond, foldEvents } from '@retain/core';
 * import { compileRules, evaluate, rule } from '@retain/node';
 *
 * const rules = compileRules([
 *   rule('winback').when(cond.since('lastVisit').gte(14)).send({ campaign: 'winback', channel: 'email' }).cooldown(30, 'days'),
 * ]);
 * const state = foldEvents([{ type: 'page', messageId: 'm1', timestamp: '2026-11-01T10:00:00Z', userId: 'u1' }]);
 * const { decisions, memory } = evaluate(rules, state, { now: Date.parse('2026-11-22T10:00:00Z') });
 * decisions[0]?.action.campaign; // 'winback'
 * evaluate(rules, state, { now: Date.parse('2026-11-23T10:00:00Z'), memory }).decisions.length; // 0: cooling down
 * ```
 */
export function evaluate(rules: RuleSet | readonly RuleInput[], state: CustomerState, options: EvaluateOptions): EvaluationResult {
  const set = toRuleSet(rules);
  const list = set.rules;
  const batches = (set as { [BATCHES]?: readonly RuleBatch[] })[BATCHES];
  const memoryIn = options.memory ?? EMPTY;
  const explain = options.explain ?? true;
  const ctx: ConditionContext = { state, event: options.event, now: options.now };
  let decisions: RuleDecision[] | undefined;
  let memory: RuleMemory | undefined;
  // Rules from compileRules are tested a batch at a time (the conditions of up to 30 rules in one
  // call, sharing their state reads); a hand-made RuleSet rule by rule. The outcome is the same.
  let held = 0;
  let base = 0;
  let end = batches === undefined ? -1 : 0;
  let next = 0;
  let batched = false;
  for (let i = 0; i < list.length; i++) {
    const rule = list[i] as (typeof list)[number];
    if (i === end) {
      const batch = (batches as readonly RuleBatch[])[next++] as RuleBatch;
      base = i;
      end = i + batch.size;
      held = batch.test(ctx, batch.gated.length === 0 ? 0 : skipped(batch, list, base, ctx, memoryIn));
      batched = true;
    }
    let key: string | undefined;
    if (batched) {
      if ((held & (1 << (i - base))) === 0) continue;
      key = rule.hasDedupeKey ? rule.dedupeKey(ctx) : undefined;
      // a dedupe key used by a rule fired earlier in this evaluation
      if (memory !== undefined && key !== undefined && isSuppressed(rule, memory, ctx.now, key)) {
        if (rule.stopProcessing) batched = false; // the batch did not test the rules after it
        continue;
      }
    } else {
      if (rule.needsEvent && !rule.matchesEvent(ctx.event)) continue;
      key = rule.hasDedupeKey ? rule.dedupeKey(ctx) : undefined;
      if ((rule.cooldownMs > 0 || key !== undefined) && isSuppressed(rule, memory ?? memoryIn, ctx.now, key)) continue;
      if (!rule.condition.test(ctx)) continue;
    }
    // Remember only what suppression needs: the firing time of rules with a cooldown, used dedupe keys.
    if (rule.cooldownMs > 0 || key !== undefined) {
      memory ??= { lastFired: { ...memoryIn.lastFired }, fired: { ...memoryIn.fired } };
      if (rule.cooldownMs > 0) memory.lastFired[rule.id] = ctx.now;
      if (key !== undefined) memory.fired[key] = ctx.now;
    }
    const decision: RuleDecision = { ruleId: rule.id, rule: rule.json, action: rule.action, priority: rule.priority };
    if (key !== undefined) decision.dedupeKey = key;
    if (explain) LazyExplanation.attach(decision, rule, ctx);
    (decisions ??= []).push(decision);
    if (rule.stopProcessing) break;
  }
  return { decisions: decisions ?? [], memory: memory ?? (options.memory ?? { lastFired: {}, fired: {} }) };
}

/** The bits of a batch's rules that cannot fire whatever their condition: event not matched, cooling down, dedupe key used. */
function skipped(batch: RuleBatch, list: readonly CompiledRule[], base: number, ctx: ConditionContext, memory: RuleMemory): number {
  let skip = 0;
  for (const k of batch.gated) {
    const rule = list[base + k] as CompiledRule;
    if (
      (rule.needsEvent && !rule.matchesEvent(ctx.event)) ||
      ((rule.cooldownMs > 0 || rule.hasDedupeKey) && isSuppressed(rule, memory, ctx.now, rule.hasDedupeKey ? rule.dedupeKey(ctx) : undefined))
    ) {
      skip |= 1 << k;
    }
  }
  return skip;
}
