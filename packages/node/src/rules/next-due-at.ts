import type { CustomerState } from '@retain/core';
import { toRuleSet, type CompiledRule, type RuleInput, type RuleSet } from './compile-rule.js';
import { isSuppressed } from './evaluate.js';
import type { RuleMemory } from './rule.js';

const EMPTY: RuleMemory = { lastFired: {}, fired: {} };

function firesAt(rule: CompiledRule, state: CustomerState, memory: RuleMemory, t: number): boolean {
  const ctx = { state, event: undefined, now: t };
  return !isSuppressed(rule, memory, t, rule.dedupeKey(ctx)) && rule.condition.test(ctx);
}

/**
 * The earliest time after `now` at which a rule could start to fire for this customer with no
 * new event: "no visit for 14 days" is due at the last visit + 14 days, a rule in cooldown at
 * the end of its cooldown (if its condition still holds then). `null` when no rule can start
 * to fire without a new event. Schedule one wake-up per customer at this time, then call
 * `evaluate` with `now` set to it.
 *
 * Rules that need an event (`on`) are skipped, and so are rules that already fire at `now`
 * (the host is expected to evaluate at `now`).
 *
 * @param memory - the customer's rule memory, for cooldowns and dedupe keys.
 * @example
 * ```ts
 * import { cond, foldEvents } from '@retain/core';
 * import { compileRules, nextDueAt, rule } from '@retain/node';
 *
 * const rules = compileRules([rule('dormant').when(cond.since('lastVisit').gte(14)).send({ campaign: 'winback', channel: 'email' })]);
 * const state = foldEvents([{ type: 'page', messageId: 'm1', timestamp: '2026-11-01T10:00:00Z', userId: 'u1' }]);
 * new Date(nextDueAt(rules, state, Date.parse('2026-11-02T00:00:00Z')) ?? 0).toISOString(); // '2026-11-15T10:00:00.000Z'
 * ```
 */
export function nextDueAt(rules: RuleSet | readonly RuleInput[], state: CustomerState, now: number, memory: RuleMemory = EMPTY): number | null {
  let best: number | null = null;
  for (const rule of toRuleSet(rules).rules) {
    if (rule.needsEvent) continue;
    if (firesAt(rule, state, memory, now)) continue;
    const candidates = rule.condition.changeTimes(state, now);
    if (rule.cooldownMs > 0) {
      const last = Object.hasOwn(memory.lastFired, rule.id) ? memory.lastFired[rule.id] : undefined;
      if (last !== undefined && last + rule.cooldownMs > now) candidates.push(last + rule.cooldownMs);
    }
    candidates.sort((a, b) => a - b);
    for (const t of candidates) {
      if (t <= now) continue;
      if (best !== null && t >= best) break;
      if (firesAt(rule, state, memory, t)) {
        best = t;
        break;
      }
    }
  }
  return best;
}
