import type { RuleMemory } from './rule.js';

type Times = { [key: string]: number };

/** Per key: the later of the two times (the union of the keys), in sorted key order. */
function laterTimes(a: Times | undefined, b: Times | undefined): Times {
  const out: Times = {};
  const x = a ?? {};
  const y = b ?? {};
  const keys = [...new Set([...Object.keys(x), ...Object.keys(y)])].sort();
  for (const key of keys) {
    const ta = Object.hasOwn(x, key) ? x[key] : undefined;
    const tb = Object.hasOwn(y, key) ? y[key] : undefined;
    const at = ta === undefined ? (tb as number) : tb === undefined ? ta : Math.max(ta, tb);
    // A key from customer input may be `__proto__`: keep it as a plain own property.
    Object.defineProperty(out, key, { value: at, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

/**
 * Merges the rule memories of two states of one customer (an anonymous visitor and the user
 * they turned out to be, merged with `mergeCustomerStates`): for each rule the later firing,
 * and the union of the dedupe keys (the later time when both used a key). So nothing that
 * either memory silences can fire after the merge: a cooldown runs from the later firing, a
 * used dedupe key stays used (and, pruned by age, is kept as long as the later use allows).
 * Commutative, associative and idempotent, with {@link emptyRuleMemory} (or `undefined`, no
 * memory stored) as identity. Pure: returns a new memory.
 *
 * @param a - one customer's memory, as stored (missing: none).
 * @param b - the other's.
 * @returns a new memory, keys in sorted order (the same JSON whichever argument came first).
 * @example
 * ```ts
 * import { mergeRuleMemory } from '@retain/node';
 * const visitor = { lastFired: { welcome: 1_000 }, fired: { 'cart:42': 1_000 } };
 * const user = { lastFired: { welcome: 5_000, winback: 2_000 }, fired: { 'cart:42': 900 } };
 * mergeRuleMemory(visitor, user);
 * // { lastFired: { welcome: 5000, winback: 2000 }, fired: { 'cart:42': 1000 } }
 * ```
 */
export function mergeRuleMemory(a: RuleMemory | undefined, b: RuleMemory | undefined): RuleMemory {
  return { lastFired: laterTimes(a?.lastFired, b?.lastFired), fired: laterTimes(a?.fired, b?.fired) };
}
