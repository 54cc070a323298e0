import type { RuleSet } from './compile-rule.js';
import type { RuleMemory } from './rule.js';

/**
 * How long a used dedupe key is remembered by default: 400 days, longer than any yearly
 * occasion (birthdays, renewals), so a key built from a date never fires twice.
 *
 * @example
 * ```ts
 * import { DEDUPE_KEY_MAX_AGE_MS } from '@retain/node';
 * DEDUPE_KEY_MAX_AGE_MS / 86_400_000; // 400
 * ```
 */
export const DEDUPE_KEY_MAX_AGE_MS = 400 * 24 * 60 * 60 * 1000;

/**
 * Drops what a rule memory no longer needs, so that it stays bounded: a rule's last firing
 * once its cooldown has passed (or the rule is gone), and dedupe keys older than
 * `dedupeKeyMaxAgeMs`. Decisions are unchanged: a pruned entry could no longer suppress anything
 * (apart from a dedupe key older than the age, which is the point of the age). Returns the same
 * object when nothing was dropped.
 *
 * @example
 * ```ts
 * import { cond } from '@retain/core';
 * import { compileRules, pruneRuleMemory, rule } from '@retain/node';
 * const rules = compileRules([rule('winback').when(cond.since('lastVisit').gte(14)).cooldown(30, 'days').send({ campaign: 'winback', channel: 'email' })]);
 * const memory = { lastFired: { winback: 0, removed: 0 }, fired: {} };
 * pruneRuleMemory(rules, memory, 31 * 86_400_000); // { lastFired: {}, fired: {} }
 * ```
 */
export function pruneRuleMemory(rules: RuleSet, memory: RuleMemory, now: number, dedupeKeyMaxAgeMs: number = DEDUPE_KEY_MAX_AGE_MS): RuleMemory {
  const cooldowns = new Map<string, number>();
  for (const rule of rules.rules) if (rule.cooldownMs > 0) cooldowns.set(rule.id, rule.cooldownMs);
  let lastFired: RuleMemory['lastFired'] | undefined;
  for (const id of Object.keys(memory.lastFired)) {
    const at = memory.lastFired[id] ?? 0;
    const cooldown = cooldowns.get(id);
    if (cooldown !== undefined && now - at < cooldown) continue;
    lastFired ??= { ...memory.lastFired };
    delete lastFired[id];
  }
  let fired: RuleMemory['fired'] | undefined;
  for (const key of Object.keys(memory.fired)) {
    if (now - (memory.fired[key] ?? 0) < dedupeKeyMaxAgeMs) continue;
    fired ??= { ...memory.fired };
    delete fired[key];
  }
  return lastFired === undefined && fired === undefined ? memory : { lastFired: lastFired ?? memory.lastFired, fired: fired ?? memory.fired };
}
