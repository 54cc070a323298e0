/**
 * The code generator of conditions (opt-in, see `CompileOptions.codegen`): one generated function per condition, with every path,
 * operator and constant inlined, so that each property read and each comparison gets its own
 * inline cache (closures built by a factory share theirs, and go megamorphic on large rule
 * sets). Constants reach the code only as JSON literals or through the `K` array, never as
 * code. Used where `new Function` is allowed (Node); the closure compiler is the fallback.
 */
import type { JsonValue } from '../events/event-schema.js';
import { TIME_UNIT_MS, type ComparisonCondition, type Condition, type ConditionContext } from './condition.js';
import { DAY_MS } from '../state/customer-state.js';
import { compileFact, messagesIn, toTime, visitRatio, visitsIn, type FactReader } from './facts.js';
import { MAX_CONDITION_SET, type ConditionExplanation } from './compile-condition.js';

type Test = (ctx: ConditionContext) => boolean;

const isPrimitive = (v: unknown): v is string | number | boolean => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
const lit = (v: JsonValue | undefined): string => JSON.stringify(v);

/** @internal Helpers the generated code may call (passed in by compileCondition, never looked up globally). */
export interface CodegenHelpers {
  hasOwn: (o: object, k: PropertyKey) => boolean;
  eq: (a: unknown, b: unknown) => boolean;
  toTime: (v: unknown) => number | undefined;
  contains: (v: unknown, x: unknown) => boolean | undefined;
  seen: (v: unknown) => JsonValue;
  visits: typeof visitsIn;
  ratio: typeof visitRatio;
  messages: typeof messagesIn;
}

/** Keys a plain object inherits (`constructor`, `toString`, `__proto__`…): read only as own properties. */
const inherited = (key: string): boolean => key in Object.prototype;

class Generator {
  /** Constants and readers, referenced as `K[i]`. */
  readonly k: unknown[] = [];
  vars = 0;
  /**
   * Shared reads, for a set of conditions generated together: `count` tallies each path read and
   * helper call; `share` then reads the ones used twice or more once per call, into a slot
   * (`f0`, `f1`…) that starts as the sentinel `U`.
   */
  mode: 'single' | 'count' | 'share' = 'single';
  readonly uses = new Map<string, number>();
  readonly slots = new Map<string, string>();

  memo(key: string, build: () => string): string {
    if (this.mode === 'count') this.uses.set(key, (this.uses.get(key) ?? 0) + 1);
    const slot = this.mode === 'share' ? this.slots.get(key) : undefined;
    return slot === undefined ? build() : `(${slot} === U ? (${slot} = ${build()}) : ${slot})`;
  }

  constant(value: unknown): string {
    this.k.push(value);
    return `K[${this.k.length - 1}]`;
  }

  temp(): string {
    return `v${this.vars++}`;
  }

  /**
   * An expression reading `keys` from `root` (own properties only), or `undefined`. A key that
   * no plain object inherits is read directly (an own value or `undefined`); the others
   * (`constructor`, `toString`…) only after an own-property check.
   */
  path(root: string, keys: readonly string[]): string {
    return this.memo(`p ${root} ${JSON.stringify(keys)}`, () => {
      // (x = root, x !== null && typeof x === "object" ? (x = x["a"], …) : undefined)
      const x = this.temp();
      let expr = `${x}`;
      for (let i = keys.length - 1; i >= 0; i--) {
        const key = lit(keys[i] as string);
        const own = inherited(keys[i] as string) ? ` && H.hasOwn(${x}, ${key})` : '';
        expr = `(${x} !== null && typeof ${x} === "object"${own} ? (${x} = ${x}[${key}], ${expr}) : undefined)`;
      }
      return `(${x} = ${root}, ${expr})`;
    });
  }

  /** A helper call (its text is its identity: no temporaries in it). */
  call(expr: string): string {
    return this.memo(expr, () => expr);
  }

  /** An expression for the fact of a comparison (`undefined` when missing). */
  fact(node: ComparisonCondition): string {
    if ('state' in node) return this.path('c.state', node.state.split('.'));
    if ('event' in node) return this.path('c.event', node.event.split('.'));
    if ('trait' in node) return this.path('c.state', ['identity', 'traits', node.trait]);
    if ('metric' in node) return this.path('c.state', ['metrics', node.metric, 'value']);
    if ('actionCount' in node) {
      const t = this.temp();
      return `(${t} = ${this.path('c.state', ['actions', node.actionCount, 'count'])}, typeof ${t} === "number" ? ${t} : 0)`;
    }
    if ('since' in node || 'sinceAction' in node) {
      const keys = 'since' in node ? ['milestones', node.since] : ['actions', node.sinceAction, 'last'];
      const t = this.temp();
      return `(${t} = ${this.path('c.state', keys)}, typeof ${t} === "number" ? (c.now - ${t}) / ${TIME_UNIT_MS[node.unit ?? 'days']} : undefined)`;
    }
    if ('until' in node) {
      const t = this.temp();
      return `(${t} = H.toTime(${this.path('c.state', node.until.split('.'))}), ${t} === undefined ? undefined : (${t} - c.now) / ${TIME_UNIT_MS[node.unit ?? 'days']})`;
    }
    if ('visits' in node) {
      const { days, offsetDays = 0 } = node.visits;
      return this.call(`H.visits(c.state, c.now - ${(days + offsetDays) * DAY_MS}, ${offsetDays === 0 ? 'c.now + 1' : `c.now - ${offsetDays * DAY_MS}`})`);
    }
    if ('activityRatio' in node && (node.activityRatio.measure ?? 'visits') === 'visits') {
      return this.call(`H.ratio(c.state, c.now, ${node.activityRatio.recentDays ?? 7}, ${node.activityRatio.baselineDays ?? 28})`);
    }
    if ('messages' in node) return this.call(`H.messages(c.state, c.now, ${node.messages.days * DAY_MS}, ${node.messages.channel === undefined ? 'undefined' : lit(node.messages.channel)})`);
    if ('funnelStalled' in node) {
      const f = this.temp();
      return `(${f} = ${this.path('c.state', ['funnels', node.funnelStalled])}, ${f} !== undefined && ${f} !== null && ${f}.completed === false && typeof ${f}.lastActivityAt === "number" ? Math.max(0, c.now - ${f}.lastActivityAt) / ${TIME_UNIT_MS[node.unit ?? 'days']} : undefined)`;
    }
    // The other facts (event buckets, anniversaries): their reader.
    const read: FactReader = compileFact(node).read;
    return `${this.constant(read)}(c)`;
  }

  /** A comparison as: the statement reading the fact into `v`, and the test of `v`. */
  comparisonParts(node: ComparisonCondition): { v: string; read: string; held: string } {
    const v = this.temp();
    const read = `${v} = ${this.fact(node)}`;
    const present = `${v} !== undefined && ${v} !== null`;
    const value = node.value;
    switch (node.op) {
      case 'exists':
        return { v, read, held: `(${present})` };
      case 'missing':
        return { v, read, held: `!(${present})` };
      case 'eq':
      case 'neq': {
        const same = isPrimitive(value) ? `${v} === ${lit(value)}` : `H.eq(${v}, ${this.constant(value)})`;
        return { v, read, held: `(${present} && ${node.op === 'eq' ? same : `!(${same})`})` };
      }
      case 'gt':
      case 'gte':
      case 'lt':
      case 'lte': {
        const sym = { gt: '>', gte: '>=', lt: '<', lte: '<=' }[node.op];
        return { v, read, held: `(typeof ${v} === "number" && ${v} ${sym} ${lit(value)})` };
      }
      case 'in':
      case 'notIn': {
        const list = value as JsonValue[];
        let has: string;
        if (list.length === 0) has = 'false';
        else if (list.every(isPrimitive)) has = list.length <= 4 ? `(${list.map((x) => `${v} === ${lit(x)}`).join(' || ')})` : `${this.constant(new Set(list))}.has(${v})`;
        else has = `${this.constant(list)}.some((x) => H.eq(${v}, x))`;
        return { v, read, held: `(${present} && ${node.op === 'in' ? has : `!${has}`})` };
      }
      case 'contains':
      case 'notContains':
        return { v, read, held: `(${present} && H.contains(${v}, ${this.constant(value)}) === ${node.op === 'contains'})` };
      case 'before':
      case 'after': {
        const t = this.temp();
        return { v, read, held: `(${t} = H.toTime(${v}), ${t} !== undefined && ${t} ${node.op === 'before' ? '<' : '>'} ${toTime(value)})` };
      }
    }
  }

  comparison(node: ComparisonCondition): string {
    const { read, held } = this.comparisonParts(node);
    return `(${read}, ${held})`;
  }

  /** An expression building the explanation of `node` (every child evaluated, no short circuit). */
  explain(node: Condition): string {
    const self = this.constant(node);
    if ('all' in node || 'any' in node) {
      const children = 'all' in node ? node.all : node.any;
      const temps = children.map(() => this.temp());
      const parts = children.map((c, i) => `${temps[i]} = ${this.explain(c)}`);
      const held = children.length === 0 ? ('all' in node ? 'true' : 'false') : temps.map((t) => `${t}.held`).join('all' in node ? ' && ' : ' || ');
      return `(${[...parts, `{ condition: ${self}, held: ${held}, children: [${temps.join(', ')}] }`].join(', ')})`;
    }
    if ('not' in node) {
      const t = this.temp();
      return `(${t} = ${this.explain(node.not)}, { condition: ${self}, held: !${t}.held, children: [${t}] })`;
    }
    if ('consent' in node || 'optedOut' in node) {
      const g = this.temp();
      const purpose = 'consent' in node ? node.consent : node.optedOut;
      return `(${g} = ${this.path('c.state', ['consent', purpose, 'granted'])}, { condition: ${self}, held: ${g} === ${'consent' in node}, seen: H.seen(${g}) })`;
    }
    if ('funnelReached' in node) {
      const f = this.temp();
      return `(${f} = ${this.path('c.state', ['funnels', node.funnelReached])}, { condition: ${self}, held: ${this.node(node)}, seen: ${f} === undefined ? null : { furthestStep: ${f}.furthestStep, furthestIndex: ${f}.furthestIndex } })`;
    }
    const { v, read, held } = this.comparisonParts(node);
    return `(${read}, { condition: ${self}, held: ${held}, seen: H.seen(${v}) })`;
  }

  node(node: Condition): string {
    if ('all' in node) return node.all.length === 0 ? 'true' : `(${node.all.map((c) => this.node(c)).join(' && ')})`;
    if ('any' in node) return node.any.length === 0 ? 'false' : `(${node.any.map((c) => this.node(c)).join(' || ')})`;
    if ('not' in node) return `!${this.node(node.not)}`;
    if ('consent' in node) return `(${this.path('c.state', ['consent', node.consent, 'granted'])} === true)`;
    if ('optedOut' in node) return `(${this.path('c.state', ['consent', node.optedOut, 'granted'])} === false)`;
    if ('funnelReached' in node) {
      const f = this.temp();
      const read = `${f} = ${this.path('c.state', ['funnels', node.funnelReached])}`;
      return typeof node.step === 'number'
        ? `(${read}, ${f} !== undefined && ${f} !== null && typeof ${f}.furthestIndex === "number" && ${f}.furthestIndex >= ${node.step})`
        : `(${read}, ${f} !== undefined && ${f} !== null && ${f}.furthestStep === ${lit(node.step)})`;
    }
    return this.comparison(node);
  }
}

/** Marks a shared read not made yet (a read may be `undefined`). */
const NOT_READ = Object.freeze({});

/**
 * Builds `function (params) { var …; body }` with the generator's temporaries (and shared-read
 * slots, starting as `U`) declared, the constants as `K` and the helpers as `H`; `undefined`
 * where `new Function` is refused.
 */
function compile<T>(g: Generator, params: string, body: string, helpers: CodegenHelpers, locals: readonly string[] = []): T | undefined {
  const vars = [...locals, ...Array.from({ length: g.vars }, (_, i) => `v${i}`), ...[...g.slots.values()].map((f) => `${f} = U`)];
  try {
    return new Function('K', 'H', 'U', `"use strict"; return function (${params}) { ${vars.length === 0 ? '' : `var ${vars.join(', ')};`} ${body} };`)(g.k, helpers, NOT_READ) as T;
  } catch {
    return undefined;
  }
}

/** The body of a single condition's function: the generated code guards every read; the try/catch keeps "never throws" true even for a `ctx` that is not an object. */
const guarded = (expr: string, onError: string): string => `try { return ${expr}; } catch (e) { return ${onError}; }`;

/**
 * Generates the test of a (validated) condition, or `undefined` where `new Function` is refused.
 */
export function generateTest(condition: Condition, helpers: CodegenHelpers): Test | undefined {
  const g = new Generator();
  return compile<Test>(g, 'c', guarded(g.node(condition), 'false'), helpers);
}

/**
 * Generates the explaining evaluation of a (validated) condition, or `undefined` where
 * `new Function` is refused.
 */
export function generateExplain(condition: Condition, helpers: CodegenHelpers): ((ctx: ConditionContext) => ConditionExplanation) | undefined {
  const g = new Generator();
  return compile<(ctx: ConditionContext) => ConditionExplanation>(g, 'c', guarded(g.explain(condition), `{ condition: ${g.constant(condition)}, held: false }`), helpers);
}

/**
 * Generates one function testing several (validated) conditions against one context: bit `i`
 * of its result is set when condition `i` holds. Each path read or helper call that several
 * conditions share is made once per call. Conditions whose bit is set in `skip` are not
 * tested; after one with `stopAfter[i]` holds, the rest are not tested either. A result of `-1`
 * means the state could not be read (test the conditions one by one, each returns `false`).
 * `undefined` where `new Function` is refused or for more than {@link MAX_CONDITION_SET}.
 */
export function generateSet(
  conditions: readonly Condition[],
  stopAfter: readonly boolean[],
  helpers: CodegenHelpers,
): ((ctx: ConditionContext, skip: number) => number) | undefined {
  if (conditions.length > MAX_CONDITION_SET) return undefined;
  const counter = new Generator();
  counter.mode = 'count';
  for (const c of conditions) counter.node(c);
  const g = new Generator();
  g.mode = 'share';
  for (const [key, n] of counter.uses) if (n > 1) g.slots.set(key, `f${g.slots.size}`);
  const body = conditions
    .map((c, i) => {
      const bit = 1 << i;
      return `if ((skip & ${bit}) === 0 && ${g.node(c)}) { held |= ${bit};${stopAfter[i] === true ? ' return held;' : ''} }`;
    })
    .join('\n');
  // -1: a read threw (a state that is not a CustomerState); the caller then tests one by one
  return compile<(ctx: ConditionContext, skip: number) => number>(g, 'c, skip', `try { ${body} } catch (e) { return -1; } return held;`, helpers, ['held = 0']);
}

/**
 * The condition code generator, to pass as `compileCondition(…, { codegen: conditionCodegen })`.
 * Each path, operator and constant is inlined into one function per condition (constants reach
 * the code only as JSON literals); `undefined` is returned where `new Function` is refused.
 *
 * @example
 * ```ts
 * import { compileCondition, conditionCodegen, createCustomerState } from '@retain/core';
 * const c = compileCondition({ consent: 'email' }, ['condition'], { codegen: conditionCodegen });
 * c.test({ state: createCustomerState('u1'), now: 0 }); // false
 * ```
 */
export const conditionCodegen = { test: generateTest, explain: generateExplain, set: generateSet };

/**
 * The shape of {@link conditionCodegen}. `set` (one function testing several conditions, used by
 * `compileConditionSet`) is optional: without it, a set tests its conditions one by one.
 *
 * @example
 * ```ts
 * import { conditionCodegen, type ConditionCodegen } from '@retain/core';
 * const codegen: ConditionCodegen = conditionCodegen;
 * ```
 */
export type ConditionCodegen = Pick<typeof conditionCodegen, 'test' | 'explain'> & Partial<Pick<typeof conditionCodegen, 'set'>>;
