/**
 * @internal What a user's record becomes when an anonymous visitor is linked to them: the
 * anonymous record alone (renamed) when the user had none, else both merged — states by
 * `mergeCustomerStates` (order-independent), rule memory by `mergeRuleMemory` (no cooldown or
 * dedupe key fires again), other memory entries the user's first.
 */
import { mergeCustomerStates, type JsonObject } from '@retain/core';
import { mergeRuleMemory } from '../rules/merge-rule-memory.js';
import type { RuleMemory } from '../rules/rule.js';
import type { NextState } from '../stores/customer-store.js';

const ruleMemoryOf = (memory: JsonObject): RuleMemory | undefined => memory['rules'] as RuleMemory | undefined;

/** Merges `anonymous` into `user` (either may come from the store or from an earlier merge), as `userId`. */
export function mergeRecords(user: NextState | undefined, anonymous: NextState, userId: string): NextState {
  if (user === undefined) {
    return { state: { ...anonymous.state, id: userId }, memory: anonymous.memory, dueAt: anonymous.dueAt ?? null };
  }
  const state = mergeCustomerStates(user.state, anonymous.state, { id: userId });
  const memory: JsonObject = { ...anonymous.memory, ...user.memory };
  const a = ruleMemoryOf(user.memory);
  const b = ruleMemoryOf(anonymous.memory);
  if (a !== undefined && b !== undefined) memory['rules'] = mergeRuleMemory(a, b) as unknown as JsonObject;
  const dues = [user.dueAt, anonymous.dueAt].filter((d): d is number => typeof d === 'number');
  return { state, memory, dueAt: dues.length === 0 ? null : Math.min(...dues) };
}
