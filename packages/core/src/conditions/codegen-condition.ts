/**
 * @internal The `'codegen'` compiler: one generated function per condition, with every path,
 * operator and constant inlined, so that each property read and each comparison gets its own
 * inline cache (closures built by a factory share theirs, and go megamorphic on large rule
 * sets). Constants reach the code only as JSON literals or through the `K` array, never as
 * code. Used where `new Function` is allowed (Node); the closure compiler is the fallback.
 */
import type { JsonValue } from '../events/event-schema.js';
import { TIME_UNIT_MS, type ComparisonCondition, type Condition, type ConditionContext } from './condition.js';
import { compileFact, toTime, type FactReader } from './facts.js';

type Test = (ctx: ConditionContext) => boolean;

const isPrimitive = (v: unknown): v is string | number | boolean => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
const lit = (v: JsonValue | undefined): string => JSON.stringify(v);

/** Helpers the generated code may call (passed in, never looked up globally). */
interface Helpers {
  hasOwn: (o: object, k: PropertyKey) => boolean;
  eq: (a: unknown, b: unknown) => boolean;
  toTime: (v: unknown) => number | undefined;
  contains: (v: unknown, x: unknown) => boolean | undefined;
}

class Generator {
  /** Constants and readers, referenced as `K[i]`. */
  readonly k: unknown[] = [];
  vars = 0;

  constant(value: unknown): string {
    this.k.push(value);
    return `K[${this.k.length - 1}]`;
  }

  temp(): string {
    return `v${this.vars++}`;
  }

  /** An expression reading `keys` from `root` (own properties only), or `undefined`. */
  path(root: string, keys: readonly string[]): string {
    // (x = root, x !== null && typeof x === "object" && H.hasOwn(x, "a") ? (x = x["a"], …) : undefined)
    const x = this.temp();
    let expr = `${x}`;
    for (let i = keys.length - 1; i >= 0; i--) {
      const key = lit(keys[i] as string);
      expr = `(${x} !== null && typeof ${x} === "object" && H.hasOwn(${x}, ${key}) ? (${x} = ${x}[${key}], ${expr}) : undefined)`;
    }
    return `(${x} = ${root}, ${expr})`;
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
    // Facts that scan windows (visits, events, ratios, messages, anniversaries, funnels): their reader.
    const read: FactReader = compileFact(node, 'codegen').read;
    return `${this.constant(read)}(c)`;
  }

  comparison(node: ComparisonCondition): string {
    const v = this.temp();
    const read = `${v} = ${this.fact(node)}`;
    const present = `${v} !== undefined && ${v} !== null`;
    const value = node.value;
    switch (node.op) {
      case 'exists':
        return `(${read}, ${present})`;
      case 'missing':
        return `(${read}, !(${present}))`;
      case 'eq':
      case 'neq': {
        const same = isPrimitive(value) ? `${v} === ${lit(value)}` : `H.eq(${v}, ${this.constant(value)})`;
        return `(${read}, ${present} && ${node.op === 'eq' ? same : `!(${same})`})`;
      }
      case 'gt':
      case 'gte':
      case 'lt':
      case 'lte': {
        const sym = { gt: '>', gte: '>=', lt: '<', lte: '<=' }[node.op];
        return `(${read}, typeof ${v} === "number" && ${v} ${sym} ${lit(value)})`;
      }
      case 'in':
      case 'notIn': {
        const list = value as JsonValue[];
        let has: string;
        if (list.length === 0) has = 'false';
        else if (list.every(isPrimitive)) has = list.length <= 4 ? `(${list.map((x) => `${v} === ${lit(x)}`).join(' || ')})` : `${this.constant(new Set(list))}.has(${v})`;
        else has = `${this.constant(list)}.some((x) => H.eq(${v}, x))`;
        return `(${read}, ${present} && ${node.op === 'in' ? has : `!${has}`})`;
      }
      case 'contains':
      case 'notContains':
        return `(${read}, ${present} && H.contains(${v}, ${this.constant(value)}) === ${node.op === 'contains'})`;
      case 'before':
      case 'after': {
        const t = this.temp();
        return `(${read}, ${t} = H.toTime(${v}), ${t} !== undefined && ${t} ${node.op === 'before' ? '<' : '>'} ${toTime(value)})`;
      }
    }
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

/**
 * Generates the test of a (validated) condition, or `undefined` where `new Function` is refused.
 */
export function generateTest(condition: Condition, helpers: Helpers): Test | undefined {
  const g = new Generator();
  const expr = g.node(condition);
  const vars = g.vars === 0 ? '' : `var ${Array.from({ length: g.vars }, (_, i) => `v${i}`).join(', ')};`;
  try {
    return new Function('K', 'H', `"use strict"; return function test(c) { ${vars} return ${expr}; };`)(g.k, helpers) as Test;
  } catch {
    return undefined;
  }
}
