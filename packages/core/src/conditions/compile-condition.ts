import type { JsonValue } from '../events/event-schema.js';
import type { CustomerState } from '../state/customer-state.js';
import type { ComparisonCondition, Condition, ConditionContext, ConditionOp } from './condition.js';
import { compileFact, messagesIn, toTime, visitRatio, visitsIn, type CompiledFact } from './facts.js';
import type { ConditionCodegen } from './codegen-condition.js';
import { parseCondition } from './parse-condition.js';
import { InvalidConditionError } from './invalid-condition-error.js';
import type { ValidationIssue } from '../errors/invalid-event-error.js';
import { compileAccessor } from './state-path.js';

/**
 * Why a condition held or not: the node, whether it held, the value seen by a comparison
 * (`null` when missing), and the explanations of its children. Plain JSON.
 *
 * @example
 * ```ts
 * import { createCustomerState, explainCondition, type ConditionExplanation } from '@retain/core';
 * const why: ConditionExplanation = explainCondition({ consent: 'email' }, { state: createCustomerState('u1'), now: 0 });
 * why.held; // false
 * ```
 */
export interface ConditionExplanation {
  /** The condition node (JSON form). */
  condition: Condition;
  /** Whether it held. */
  held: boolean;
  /** Comparisons: the value read (`null` when the fact was missing). */
  seen?: JsonValue;
  /** Combinators: each child's explanation (every child is evaluated, no short circuit). */
  children?: ConditionExplanation[];
}

/**
 * A condition compiled once into closures: call {@link CompiledCondition.test} per customer.
 *
 * @example
 * ```ts
 * import { compileCondition, createCustomerState, type CompiledCondition } from '@retain/core';
 * const active: CompiledCondition = compileCondition({ visits: { days: 7 }, op: 'gte', value: 1 });
 * active.test({ state: createCustomerState('u1'), now: 0 }); // false
 * ```
 */
export interface CompiledCondition {
  /** The condition, in its JSON form. */
  readonly condition: Condition;
  /** Whether it holds. Never throws, whatever the state holds. */
  test(ctx: ConditionContext): boolean;
  /** Whether it holds, and why. Never throws. */
  explain(ctx: ConditionContext): ConditionExplanation;
  /**
   * Instants after `now` at which the condition's truth may change with no new event (threshold
   * crossings of time-relative facts, windows dropping activity). Unsorted, may hold duplicates.
   */
  changeTimes(state: CustomerState, now: number): number[];
}

interface Node {
  test: (ctx: ConditionContext) => boolean;
  explain: (ctx: ConditionContext) => ConditionExplanation;
  changeTimes: (state: CustomerState, now: number, out: number[]) => void;
}

const isMissing = (v: unknown): boolean => v === undefined || v === null;

/** Structural equality of JSON values. */
function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!jsonEqual(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  for (const k of ka) if (!Object.hasOwn(b, k) || !jsonEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k])) return false;
  return true;
}

const isPrimitive = (v: unknown): v is string | number | boolean => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';

/** Whether a list holds `x` (or a string the substring `x`); `undefined` when `v` is neither. */
function containsValue(v: unknown, x: unknown): boolean | undefined {
  if (Array.isArray(v)) {
    if (isPrimitive(x)) {
      for (let i = 0; i < v.length; i++) if (v[i] === x) return true;
      return false;
    }
    return v.some((item) => jsonEqual(item, x));
  }
  if (typeof v === 'string' && typeof x === 'string') return v.includes(x);
  return undefined;
}

const HELPERS = { hasOwn: Object.hasOwn, eq: jsonEqual, toTime, contains: containsValue, seen: toJson, visits: visitsIn, ratio: visitRatio, messages: messagesIn };

/** The predicate of an operator over a present value (missing values are handled by the caller). */
function comparator(op: ConditionOp, value: JsonValue | undefined): (v: unknown) => boolean {
  switch (op) {
    case 'eq':
      return isPrimitive(value) ? (v) => v === value : (v) => jsonEqual(v, value);
    case 'neq':
      return isPrimitive(value) ? (v) => v !== value : (v) => !jsonEqual(v, value);
    case 'gt': {
      const x = value as number;
      return (v) => typeof v === 'number' && v > x;
    }
    case 'gte': {
      const x = value as number;
      return (v) => typeof v === 'number' && v >= x;
    }
    case 'lt': {
      const x = value as number;
      return (v) => typeof v === 'number' && v < x;
    }
    case 'lte': {
      const x = value as number;
      return (v) => typeof v === 'number' && v <= x;
    }
    case 'in':
    case 'notIn': {
      const list = value as JsonValue[];
      const simple = list.every(isPrimitive);
      const set = new Set<unknown>(list);
      const has = simple ? (v: unknown) => set.has(v) : (v: unknown) => list.some((x) => jsonEqual(v, x));
      return op === 'in' ? has : (v) => !has(v);
    }
    case 'contains':
      return (v) => containsValue(v, value) === true;
    case 'notContains':
      return (v) => containsValue(v, value) === false;
    case 'before': {
      const x = toTime(value) as number;
      return (v) => {
        const t = toTime(v);
        return t !== undefined && t < x;
      };
    }
    case 'after': {
      const x = toTime(value) as number;
      return (v) => {
        const t = toTime(v);
        return t !== undefined && t > x;
      };
    }
    case 'exists':
      return () => true;
    case 'missing':
      return () => false;
  }
}

function toJson(v: unknown): JsonValue {
  if (v === undefined) return null;
  if (typeof v === 'number' && !Number.isFinite(v)) return null;
  return v as JsonValue;
}

function compileComparison(node: ComparisonCondition): Node {
  const fact: CompiledFact = compileFact(node);
  const read = fact.read;
  const op = node.op;
  const held2 = op === 'exists' || op === 'missing' ? () => true : comparator(op, node.value);
  let test: (ctx: ConditionContext) => boolean;
  if (op === 'exists') test = (ctx) => !isMissing(read(ctx));
  else if (op === 'missing') test = (ctx) => isMissing(read(ctx));
  else {
    const cmp = comparator(op, node.value);
    test = (ctx) => {
      const v = read(ctx);
      return v !== undefined && v !== null && cmp(v);
    };
  }
  const timing = fact.timing;
  const threshold = typeof node.value === 'number' ? node.value : undefined;
  return {
    test,
    explain: (ctx) => {
      const v = read(ctx);
      const held = op === 'exists' ? !isMissing(v) : op === 'missing' ? isMissing(v) : !isMissing(v) && held2(v);
      return { condition: node, held, seen: toJson(v) };
    },
    changeTimes: (state, now, out) => {
      if (timing === undefined) return;
      if (timing.steps !== undefined) for (const t of timing.steps(state, now)) if (t > now) out.push(t);
      if (timing.crossing !== undefined && threshold !== undefined) {
        const t = timing.crossing(state, threshold, now);
        if (t !== undefined && Number.isFinite(t)) {
          // The fact equals the threshold at `t`: `gte` / `lte` flip there, `gt` / `lt` just after.
          const at = Math.ceil(t);
          if (at > now) out.push(at);
          if (at + 1 > now) out.push(at + 1);
        }
      }
    },
  };
}

function compileNode(node: Condition): Node {
  if ('all' in node) return combine(node, node.all.map((c) => compileNode(c)), true);
  if ('any' in node) return combine(node, node.any.map((c) => compileNode(c)), false);
  if ('not' in node) {
    const child = compileNode(node.not);
    const ct = child.test;
    return {
      test: (ctx) => !ct(ctx),
      explain: (ctx) => {
        const c = child.explain(ctx);
        return { condition: node, held: !c.held, children: [c] };
      },
      changeTimes: child.changeTimes,
    };
  }
  if ('consent' in node || 'optedOut' in node) {
    const purpose = 'consent' in node ? node.consent : node.optedOut;
    const wanted = 'consent' in node;
    const granted = compileAccessor(['consent', purpose, 'granted']);
    const test = (ctx: ConditionContext) => granted(ctx.state) === wanted;
    return {
      test,
      explain: (ctx) => ({ condition: node, held: test(ctx), seen: toJson(granted(ctx.state)) }),
      changeTimes: () => {},
    };
  }
  if ('funnelReached' in node) {
    const funnel = compileAccessor(['funnels', node.funnelReached]);
    const step = node.step;
    const read = (ctx: ConditionContext): unknown => funnel(ctx.state) ?? undefined;
    const test =
      typeof step === 'number'
        ? (ctx: ConditionContext) => {
            const f = read(ctx) as { furthestIndex?: unknown } | undefined;
            return typeof f?.furthestIndex === 'number' && f.furthestIndex >= step;
          }
        : (ctx: ConditionContext) => (read(ctx) as { furthestStep?: unknown } | undefined)?.furthestStep === step;
    return {
      test,
      explain: (ctx) => {
        const f = read(ctx) as { furthestStep?: unknown; furthestIndex?: unknown } | undefined;
        return { condition: node, held: test(ctx), seen: f === undefined ? null : toJson({ furthestStep: f.furthestStep, furthestIndex: f.furthestIndex }) };
      },
      changeTimes: () => {},
    };
  }
  return compileComparison(node);
}

function combine(node: Condition, children: Node[], every: boolean): Node {
  const tests = children.map((c) => c.test);
  let test: (ctx: ConditionContext) => boolean;
  if (tests.length === 0) test = () => every;
  else if (tests.length === 1) test = tests[0] as Node['test'];
  else if (tests.length === 2) {
    const [a, b] = tests as [Node['test'], Node['test']];
    test = every ? (ctx) => a(ctx) && b(ctx) : (ctx) => a(ctx) || b(ctx);
  } else if (tests.length === 3) {
    const [a, b, c] = tests as [Node['test'], Node['test'], Node['test']];
    test = every ? (ctx) => a(ctx) && b(ctx) && c(ctx) : (ctx) => a(ctx) || b(ctx) || c(ctx);
  } else if (every) {
    test = (ctx) => {
      for (let i = 0; i < tests.length; i++) if (!(tests[i] as Node['test'])(ctx)) return false;
      return true;
    };
  } else {
    test = (ctx) => {
      for (let i = 0; i < tests.length; i++) if ((tests[i] as Node['test'])(ctx)) return true;
      return false;
    };
  }
  return {
    test,
    explain: (ctx) => {
      const explained = children.map((c) => c.explain(ctx));
      return { condition: node, held: every ? explained.every((e) => e.held) : explained.some((e) => e.held), children: explained };
    },
    changeTimes: (state, now, out) => {
      for (const c of children) c.changeTimes(state, now, out);
    },
  };
}

/**
 * Anything with a JSON form: a condition builder.
 *
 * @example
 * ```ts
 * import { cond, type ToCondition } from '@retain/core';
 * const builder: ToCondition = cond.consent('email');
 * builder.toJSON(); // { consent: 'email' }
 * ```
 */
export interface ToCondition {
  toJSON(): Condition;
}

/**
 * A condition in its JSON form, or a builder that produces one.
 *
 * @example
 * ```ts
 * import { cond, type ConditionInput } from '@retain/core';
 * const inputs: ConditionInput[] = [cond.consent('email'), { consent: 'email' }]; // the same condition
 * ```
 */
export type ConditionInput = Condition | ToCondition;

/**
 * The JSON form of a condition given as JSON or as a builder.
 *
 * @example
 * ```ts
 * import { cond, conditionJson } from '@retain/core';
 * conditionJson(cond.consent('email')); // { consent: 'email' }
 * ```
 */
export function conditionJson(input: ConditionInput): Condition {
  return typeof (input as ToCondition).toJSON === 'function' ? (input as ToCondition).toJSON() : (input as Condition);
}

/**
 * Options of {@link compileCondition}.
 *
 * @example
 * ```ts
 * import { compileCondition, conditionCodegen } from '@retain/core';
 * const fast = compileCondition({ since: 'lastVisit', op: 'gte', value: 14 }, ['condition'], { codegen: conditionCodegen });
 * ```
 */
export interface CompileOptions {
  /**
   * A code generator ({@link conditionCodegen}): the condition becomes one generated function
   * (`new Function`), several times faster in hot loops; where `new Function` is refused (a
   * Content Security Policy without `unsafe-eval`), closures are used. The Node rules engine
   * passes it; browsers leave it out, so their bundles do not include the generator.
   * @default undefined (closures)
   */
  codegen?: ConditionCodegen;
}

/**
 * Validates a condition and compiles it once into closures; keep the result and call `test`
 * per customer. Conditions from the builder and from JSON compile the same way.
 *
 * @throws {InvalidConditionError} naming the path of the bad node.
 * @example
 * ```ts
 * import { compileCondition, createCustomerState } from '@retain/core';
 * const dormant = compileCondition({ since: 'lastVisit', op: 'gte', value: 14 });
 * dormant.test({ state: createCustomerState('u1'), now: Date.now() }); // false: never visited
 * ```
 */
export function compileCondition(input: ConditionInput, base: readonly PropertyKey[] = ['condition'], options: CompileOptions = {}): CompiledCondition {
  const condition = parseCondition(conditionJson(input), base);
  const root = compileNode(condition);
  const generatedTest = options.codegen?.test(condition, HELPERS);
  const generatedExplain = options.codegen?.explain(condition, HELPERS);
  const rootTest = root.test;
  const rootExplain = root.explain;
  return {
    condition,
    // generated functions catch for themselves; closures are wrapped
    test:
      generatedTest ??
      ((ctx) => {
        try {
          return rootTest(ctx);
        } catch {
          return false; // a state that is not a CustomerState at all: nothing holds
        }
      }),
    explain:
      generatedExplain ??
      ((ctx) => {
        try {
          return rootExplain(ctx);
        } catch {
          return { condition, held: false };
        }
      }),
    changeTimes: (state, now) => {
      const out: number[] = [];
      try {
        root.changeTimes(state, now, out);
      } catch {
        // unreadable state: no known change time
      }
      return out;
    },
  };
}

/**
 * Tests several conditions against one context in one call: bit `i` of the result is set when
 * condition `i` holds. Made by {@link compileConditionSet}; `skip` has bit `i` set for each
 * condition not to test (its bit stays clear).
 *
 * @example
 * ```ts
 * import type { ConditionSetTest } from '@retain/core';
 * const heldCount = (test: ConditionSetTest, ...args: Parameters<ConditionSetTest>) => test(...args).toString(2).split('1').length - 1;
 * ```
 */
export type ConditionSetTest = (ctx: ConditionContext, skip?: number) => number;

/**
 * Options of {@link compileConditionSet}.
 *
 * @example
 * ```ts
 * import { conditionCodegen, type CompileSetOptions } from '@retain/core';
 * const options: CompileSetOptions = { codegen: conditionCodegen, stopAfter: [true, false] };
 * ```
 */
export interface CompileSetOptions extends CompileOptions {
  /** `stopAfter[i]`: once condition `i` holds, the later ones are not tested (their bits stay clear). */
  stopAfter?: readonly boolean[];
}

/** The most conditions in one set: one bit each of a small positive integer. */
export const MAX_CONDITION_SET = 30;

/**
 * Compiles up to {@link MAX_CONDITION_SET} compiled conditions into one test of them all. With
 * a code generator, the set is one generated function in which every state read or window count
 * that several conditions share (`since lastVisit`, `visits in 7 days`…) is made once per call;
 * without one, or where `new Function` is refused, the conditions are tested one by one. The
 * result is the same either way, and a condition reads as `false` on a state it cannot read.
 *
 * @throws {InvalidConditionError} for more than {@link MAX_CONDITION_SET} conditions, or an entry that is not a compiled condition.
 * @example
 * ```ts
 * import { compileCondition, compileConditionSet, conditionCodegen, createCustomerState } from '@retain/core';
 * const set = compileConditionSet(
 *   [compileCondition({ since: 'lastVisit', op: 'gte', value: 14 }), compileCondition({ consent: 'email', }), compileCondition({ since: 'lastVisit', op: 'missing' })],
 *   { codegen: conditionCodegen },
 * );
 * set({ state: createCustomerState('u1'), now: Date.now() }); // 0b100: only "never visited" holds
 * ```
 */
export function compileConditionSet(conditions: readonly CompiledCondition[], options: CompileSetOptions = {}): ConditionSetTest {
  const issues: ValidationIssue[] = [];
  if (!Array.isArray(conditions)) issues.push({ path: ['conditions'], message: 'must be an array of compiled conditions', code: 'invalid_type' });
  else if (conditions.length > MAX_CONDITION_SET) {
    issues.push({ path: ['conditions'], message: `holds ${conditions.length} conditions, over the ${MAX_CONDITION_SET} one set can test: split them`, code: 'too_big' });
  } else {
    conditions.forEach((c: Partial<CompiledCondition> | undefined, i) => {
      if (typeof c?.test !== 'function' || typeof c.condition !== 'object') issues.push({ path: ['conditions', i], message: 'must be a compiled condition (from compileCondition)', code: 'invalid_type' });
    });
  }
  if (issues.length > 0) throw new InvalidConditionError(issues, conditions, 'condition set');
  const stop = conditions.map((_, i) => options.stopAfter?.[i] === true);
  const generated = options.codegen?.set?.(
    conditions.map((c) => c.condition),
    stop,
    HELPERS,
  );
  const tests = conditions.map((c) => c.test);
  const one = (ctx: ConditionContext, skip = 0): number => {
    let held = 0;
    for (let i = 0; i < tests.length; i++) {
      const bit = 1 << i;
      if ((skip & bit) === 0 && (tests[i] as (ctx: ConditionContext) => boolean)(ctx)) {
        held |= bit;
        if (stop[i] === true) break;
      }
    }
    return held;
  };
  if (generated === undefined) return one;
  // -1: the generated reads met a state they could not read; each test then answers for itself
  return (ctx, skip = 0) => {
    const held = generated(ctx, skip);
    return held >= 0 ? held : one(ctx, skip);
  };
}
