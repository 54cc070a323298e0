import { compileCondition, compileConditionSet, conditionCodegen, MAX_CONDITION_SET, TIME_UNIT_MS, type CompiledCondition, type ConditionSetTest, type ConditionContext, type CustomerState, type RetainEvent } from '@retain/core';
import { isMatching, P } from 'ts-pattern';
import { InvalidRuleError } from './invalid-rule-error.js';
import type { RuleBuilder } from './builder.js';
import type { EventMatch, RuleAction, RuleJson } from './rule.js';
import { parseRule, parseRules } from './rule-schema.js';

/**
 * A rule compiled once into closures (condition, event matcher, dedupe key).
 *
 * @example
 * ```ts
 * import { compileRule, type CompiledRule } from '@retain/node';
 * const r: CompiledRule = compileRule({ id: 'a', when: { consent: 'email' }, action: { campaign: 'news', channel: 'email' } });
 * r.priority; // 0
 * ```
 */
export interface CompiledRule {
  readonly id: string;
  /** The rule, in its JSON form. */
  readonly json: RuleJson;
  readonly priority: number;
  readonly stopProcessing: boolean;
  /** Cooldown in ms (0: none). */
  readonly cooldownMs: number;
  /** The action of its decisions (message defaulted to the campaign); shared, do not mutate. */
  readonly action: RuleAction & { message: string };
  /** Whether the rule needs a triggering event (`on`). */
  readonly needsEvent: boolean;
  /** The compiled condition. */
  readonly condition: CompiledCondition;
  /** Whether the event matches `on` (always true without `on`). */
  matchesEvent(event: RetainEvent | undefined): boolean;
  /** Whether the rule has a dedupe key. */
  readonly hasDedupeKey: boolean;
  /** The dedupe key for this customer and event, or `undefined` when the rule has none. */
  dedupeKey(ctx: ConditionContext): string | undefined;
}

/**
 * A rule in any of its forms.
 *
 * @example
 * ```ts
 * import { cond } from '@retain/core';
 * import { rule, type RuleInput } from '@retain/node';
 * const inputs: RuleInput[] = [rule('a').when(cond.consent('email')).send({ campaign: 'news', channel: 'email' })];
 * ```
 */
export type RuleInput = RuleJson | RuleBuilder | CompiledRule;

/**
 * Rules compiled once, sorted by priority (highest first; ties keep their order).
 *
 * @example
 * ```ts
 * import { compileRules, type RuleSet } from '@retain/node';
 * const set: RuleSet = compileRules([]);
 * set.rules.length; // 0
 * ```
 */
export interface RuleSet {
  readonly rules: readonly CompiledRule[];
}

function eventMatcher(on: EventMatch | undefined): (event: RetainEvent | undefined) => boolean {
  if (on === undefined) return () => true;
  const pattern: Record<string, unknown> = {};
  if (on.type !== undefined) pattern['type'] = on.type;
  if (on.event !== undefined) {
    pattern['event'] = typeof on.event === 'string' ? on.event : P.union(...(on.event as [string, ...string[]]));
    pattern['type'] ??= 'track';
  }
  if (on.properties !== undefined) pattern['properties'] = on.properties;
  const matches = isMatching(pattern as P.Pattern<RetainEvent>);
  return (event) => event !== undefined && matches(event);
}

const own = (o: unknown, k: string): unknown => (typeof o === 'object' && o !== null && Object.hasOwn(o, k) ? (o as Record<string, unknown>)[k] : undefined);

function dedupeKeyOf(template: string | undefined): ((ctx: ConditionContext) => string) | undefined {
  if (template === undefined) return undefined;
  const parts = template.split(/(\{[^{}]*\})/);
  const pieces = parts.map((part): string | ((ctx: ConditionContext) => string) => {
    if (!part.startsWith('{') || !part.endsWith('}')) return part;
    const [root, ...keys] = part.slice(1, -1).split('.');
    return (ctx) => {
      let v: unknown = root === 'state' ? ctx.state : ctx.event;
      for (const k of keys) v = own(v, k);
      return v === undefined || v === null ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v);
    };
  });
  if (pieces.every((p) => typeof p === 'string')) return () => template;
  return (ctx) => {
    let out = '';
    for (const p of pieces) out += typeof p === 'string' ? p : p(ctx);
    return out;
  };
}

function isCompiled(input: RuleInput): input is CompiledRule {
  return typeof (input as CompiledRule).matchesEvent === 'function';
}

function jsonOf(input: RuleJson | RuleBuilder): unknown {
  return typeof (input as RuleBuilder).toJSON === 'function' ? (input as RuleBuilder).draft : input;
}

function compileValid(json: RuleJson): CompiledRule {
  const condition = compileCondition(json.when, ['rule', 'when'], { codegen: conditionCodegen });
  const key = dedupeKeyOf(json.dedupeKey);
  return {
    id: json.id,
    json,
    priority: json.priority ?? 0,
    stopProcessing: json.stopProcessing ?? false,
    cooldownMs: json.cooldown === undefined ? 0 : json.cooldown.value * TIME_UNIT_MS[json.cooldown.unit],
    action: Object.freeze({ ...json.action, message: json.action.message ?? json.action.campaign }),
    needsEvent: json.on !== undefined,
    condition,
    matchesEvent: eventMatcher(json.on),
    hasDedupeKey: key !== undefined,
    dedupeKey: key === undefined ? () => undefined : key,
  };
}

/**
 * Validates a rule (JSON or builder) and compiles it once into closures.
 *
 * @throws {InvalidRuleError} naming the path of the bad node.
 * @example
 * ```ts
 * import { cond } from '@retain/core';
 * import { compileRule, rule } from '@retain/node';
 * const winback = compileRule(rule('winback').when(cond.since('lastVisit').gte(14)).send({ campaign: 'winback', channel: 'email' }));
 * ```
 */
export function compileRule(input: RuleInput): CompiledRule {
  if (isCompiled(input)) return input;
  return compileValid(parseRule(jsonOf(input)));
}

/**
 * Validates and compiles rules into a {@link RuleSet} sorted by priority. Do this once, when
 * the rules are defined or loaded, and evaluate every customer against the result.
 *
 * @throws {InvalidRuleError} naming the path of the bad node (`rules[3].when.all[2].any[0].op`), or a duplicate id.
 * @example
 * ```ts
 * import { compileRules } from '@retain/node';
 * const ruleSet = compileRules([
 *   { id: 'winback', when: { since: 'lastVisit', op: 'gte', value: 14 }, action: { campaign: 'winback', channel: 'email' } },
 * ]);
 * ruleSet.rules.length; // 1
 * ```
 */
export function compileRules(inputs: readonly RuleInput[]): RuleSet {
  if (!Array.isArray(inputs)) throw new InvalidRuleError([{ path: ['rules'], message: 'rules must be an array', code: 'invalid_type' }], inputs);
  const precompiled = inputs.map((r) => (isCompiled(r) ? r : undefined));
  const jsons = parseRules(inputs.map((r) => (isCompiled(r) ? r.json : jsonOf(r))));
  const compiled = jsons.map((json, i) => precompiled[i] ?? compileValid(json));
  const order = compiled.map((r, i) => ({ r, i })).sort((a, b) => b.r.priority - a.r.priority || a.i - b.i);
  const rules = order.map((o) => o.r);
  const set: RuleSet = { rules };
  Object.defineProperty(set, BATCHES, { value: batchesOf(rules) });
  return set;
}

/**
 * @internal The conditions of a rule set tested together, in runs of up to
 * {@link MAX_CONDITION_SET} rules in priority order: one call per run, sharing the state reads.
 */
export interface RuleBatch {
  /** How many rules (from the previous batch's end). */
  readonly size: number;
  /** Tests the run's conditions (bit `i`: the run's rule `i` holds). */
  readonly test: ConditionSetTest;
  /** Positions in the run of the rules with an event match, a cooldown or a dedupe key. */
  readonly gated: readonly number[];
}

/** @internal Where a rule set from `compileRules` keeps its batches (a hand-made `RuleSet` has none). */
export const BATCHES: unique symbol = Symbol('retain.ruleBatches');

function batchesOf(rules: readonly CompiledRule[]): RuleBatch[] {
  const batches: RuleBatch[] = [];
  for (let from = 0; from < rules.length; from += MAX_CONDITION_SET) {
    const run = rules.slice(from, from + MAX_CONDITION_SET);
    batches.push({
      size: run.length,
      test: compileConditionSet(
        run.map((r) => r.condition),
        { codegen: conditionCodegen, stopAfter: run.map((r) => r.stopProcessing) },
      ),
      gated: run.flatMap((r, i) => (r.needsEvent || r.cooldownMs > 0 || r.hasDedupeKey ? [i] : [])),
    });
  }
  return batches;
}

/** @internal A rule set from any accepted input (arrays are compiled once and cached). */
const cache = new WeakMap<readonly RuleInput[], RuleSet>();
export function toRuleSet(rules: RuleSet | readonly RuleInput[]): RuleSet {
  if (!Array.isArray(rules)) return rules as RuleSet;
  const list = rules as readonly RuleInput[];
  let set = cache.get(list);
  if (set === undefined) {
    set = compileRules(list);
    cache.set(list, set);
  }
  return set;
}

export type { CustomerState };
