import type { ConditionContext } from './condition.js';
import { compileCondition, type CompiledCondition, type ConditionExplanation, type ConditionInput } from './compile-condition.js';

const cache = new WeakMap<object, CompiledCondition>();

function compiled(input: ConditionInput): CompiledCondition {
  let c = cache.get(input);
  if (c === undefined) {
    c = compileCondition(input);
    cache.set(input, c);
  }
  return c;
}

/**
 * Whether a condition holds for `{ state, event, now }`. The condition is validated and
 * compiled on first use (and cached per condition object); for hot loops keep the result of
 * {@link compileCondition}. Missing facts never throw: a comparison on a missing value is false.
 *
 * @throws {InvalidConditionError} only when the condition itself is not well formed.
 * @example
 * ```ts
 * import { evaluateCondition, foldEvents } from '@retain/core';
 * const state = foldEvents([{ type: 'page', messageId: 'm1', timestamp: '2026-11-01T10:00:00Z', userId: 'u1' }]);
 * evaluateCondition({ since: 'lastVisit', op: 'gte', value: 14 }, { state, now: Date.parse('2026-11-22T10:00:00Z') }); // true
 * ```
 */
export function evaluateCondition(condition: ConditionInput, ctx: ConditionContext): boolean {
  return compiled(condition).test(ctx);
}

/**
 * Evaluates a condition and explains it: which nodes held, with the values seen.
 *
 * @throws {InvalidConditionError} only when the condition itself is not well formed.
 * @example
 * ```ts
 * import { explainCondition, createCustomerState } from '@retain/core';
 * const why = explainCondition({ all: [{ consent: 'email' }, { state: 'transactions.orders', op: 'gte', value: 1 }] }, { state: createCustomerState('u1'), now: 0 });
 * why.held; // false
 * why.children?.[1]?.seen; // 0
 * ```
 */
export function explainCondition(condition: ConditionInput, ctx: ConditionContext): ConditionExplanation {
  return compiled(condition).explain(ctx);
}
