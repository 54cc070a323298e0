import { cond, createCustomerState, DAY_MS } from '@retain/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { rule } from './builder.js';
import { compileRules } from './compile-rule.js';
import { evaluate, isSuppressed } from './evaluate.js';
import { mergeRuleMemory } from './merge-rule-memory.js';
import { pruneRuleMemory } from './prune-rule-memory.js';
import { emptyRuleMemory, type RuleMemory } from './rule.js';

const ids = fc.constantFrom('welcome', 'winback', 'nudge', '__proto__', 'constructor');
const keys = fc.constantFrom('cart:1', 'cart:2', 'birthday:2026', '__proto__', 'toString');
const time = fc.integer({ min: 0, max: 100 }).map((d) => d * DAY_MS);
const entries = (names: fc.Arbitrary<string>) =>
  fc.array(fc.tuple(names, time), { maxLength: 5 }).map((pairs) => {
    const out: Record<string, number> = {};
    for (const [k, t] of pairs) Object.defineProperty(out, k, { value: t, enumerable: true, writable: true, configurable: true });
    return out;
  });
const memory: fc.Arbitrary<RuleMemory> = fc.record({ lastFired: entries(ids), fired: entries(keys) });
const json = (m: RuleMemory) => JSON.stringify(m);

describe('mergeRuleMemory', () => {
  it('is commutative (the very same JSON), associative and idempotent, with the empty memory as identity', () => {
    fc.assert(
      fc.property(memory, memory, memory, (a, b, c) => {
        expect(json(mergeRuleMemory(a, b))).toBe(json(mergeRuleMemory(b, a)));
        expect(mergeRuleMemory(mergeRuleMemory(a, b), c)).toEqual(mergeRuleMemory(a, mergeRuleMemory(b, c)));
        expect(mergeRuleMemory(a, a)).toEqual(a);
        expect(mergeRuleMemory(a, emptyRuleMemory())).toEqual(a);
        expect(mergeRuleMemory(undefined, a)).toEqual(a);
      }),
      { numRuns: 300 },
    );
  });

  it('never lets a rule fire that either memory silences (cooldown or dedupe key), at any time', () => {
    fc.assert(
      fc.property(memory, memory, ids, fc.integer({ min: 0, max: 60 }), fc.option(keys, { nil: undefined }), time, (a, b, id, cooldownDays, key, now) => {
        const r = { id, cooldownMs: cooldownDays * DAY_MS };
        const merged = mergeRuleMemory(a, b);
        const silenced = isSuppressed(r, a, now, key) || isSuppressed(r, b, now, key);
        expect(isSuppressed(r, merged, now, key)).toBe(silenced);
      }),
      { numRuns: 500 },
    );
  });

  it('keeps the later time of each entry, so pruning by age keeps a key as long as its later use allows', () => {
    const a: RuleMemory = { lastFired: { winback: 10 * DAY_MS }, fired: { 'cart:1': 1 * DAY_MS } };
    const b: RuleMemory = { lastFired: { winback: 3 * DAY_MS, welcome: 0 }, fired: { 'cart:1': 50 * DAY_MS, 'cart:2': 2 * DAY_MS } };
    const merged = mergeRuleMemory(a, b);
    expect(merged).toEqual({ lastFired: { welcome: 0, winback: 10 * DAY_MS }, fired: { 'cart:1': 50 * DAY_MS, 'cart:2': 2 * DAY_MS } });
    const rules = compileRules([rule('winback').when(cond.since('lastVisit').gte(0)).cooldown(30, 'days').send({ campaign: 'winback', channel: 'email' })]);
    expect(pruneRuleMemory(rules, merged, 60 * DAY_MS, 20 * DAY_MS)).toEqual({ lastFired: {}, fired: { 'cart:1': 50 * DAY_MS } });
    expect(Object.getPrototypeOf(mergeRuleMemory({ lastFired: {}, fired: JSON.parse('{"__proto__": 5}') as Record<string, number> }, undefined).fired)).toBe(Object.prototype);
  });

  it('through evaluate: a cooldown started on either side still holds after the merge', () => {
    const rules = compileRules([rule('nudge').when(cond.state('eventCount').gte(0)).cooldown(7, 'days').send({ campaign: 'nudge', channel: 'in_context' })]);
    const state = createCustomerState('u1');
    const visitor = evaluate(rules, state, { now: 10 * DAY_MS }).memory;
    const user = evaluate(rules, state, { now: 2 * DAY_MS }).memory;
    const merged = mergeRuleMemory(user, visitor);
    expect(evaluate(rules, state, { now: 12 * DAY_MS, memory: merged }).decisions).toEqual([]);
    expect(evaluate(rules, state, { now: 17 * DAY_MS, memory: merged }).decisions).toHaveLength(1);
  });
});
