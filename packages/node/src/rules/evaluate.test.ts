import { cond, DAY_MS, foldEvents, type JsonObject, type RetainEvent } from '@retain/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { rule, ruleFromJSON } from './builder.js';
import { compileRules } from './compile-rule.js';
import { evaluate } from './evaluate.js';
import { InvalidRuleError } from './invalid-rule-error.js';
import { emptyRuleMemory, type RuleJson } from './rule.js';

const T0 = Date.parse('2026-11-01T10:00:00Z');
let seq = 0;
const track = (event: string, t: number, properties: JsonObject = {}): RetainEvent => ({
  type: 'track', event, properties, messageId: `m${seq++}`, timestamp: new Date(t).toISOString(), userId: 'u1',
});
const page = (t: number): RetainEvent => ({ type: 'page', messageId: `m${seq++}`, timestamp: new Date(t).toISOString(), userId: 'u1' });

const state = foldEvents([
  page(T0),
  track('Order Completed', T0, { revenue: 80 }),
  track('Consent Changed', T0, { purpose: 'email', granted: true }),
]);
const NOW = T0 + 20 * DAY_MS;
const email = (campaign: string) => ({ campaign, channel: 'email' as const });

describe('evaluate', () => {
  it('returns decisions by priority, with the action and an explanation', () => {
    const rules = compileRules([
      rule('low').when(cond.since('lastVisit').gte(14)).send(email('winback')).priority(1),
      rule('high').when(cond.state('transactions.orders').gte(1)).send({ campaign: 'thanks', message: 'thanks-2', channel: 'email', payload: { n: 1 } }).priority(10),
      rule('never').when(cond.consent('sms')).send(email('x')).priority(100),
    ]);
    const { decisions } = evaluate(rules, state, { now: NOW });
    expect(decisions.map((d) => d.ruleId)).toEqual(['high', 'low']);
    expect(decisions[0]?.action).toEqual({ campaign: 'thanks', message: 'thanks-2', channel: 'email', payload: { n: 1 } });
    expect(decisions[1]?.action.message).toBe('winback'); // defaults to the campaign
    expect(decisions[1]?.explanation).toEqual({ condition: { since: 'lastVisit', op: 'gte', value: 14 }, held: true, seen: 20 });
    expect(evaluate(rules, state, { now: NOW, explain: false }).decisions[0]?.explanation).toBeUndefined();
  });

  it('explains lazily, once, with an enumerable explanation (JSON, structuredClone, spread)', () => {
    const rules = compileRules([rule('low').when(cond.since('lastVisit').gte(14)).send(email('winback'))]);
    const expected = { condition: { since: 'lastVisit', op: 'gte', value: 14 }, held: true, seen: 20 };
    const [d] = evaluate(rules, state, { now: NOW }).decisions;
    expect(Object.keys(d ?? {})).toContain('explanation');
    expect(JSON.parse(JSON.stringify(d)).explanation).toEqual(expected);
    expect(structuredClone(d)?.explanation).toEqual(expected);
    expect({ ...d }.explanation).toEqual(expected);
    expect(d?.explanation).toBe(d?.explanation); // memoised
  });

  it('keeps definition order among equal priorities, and stops at stopProcessing', () => {
    const rules = compileRules([
      rule('a').when(cond.consent('email')).send(email('a')),
      rule('b').when(cond.consent('email')).send(email('b')).stopProcessing(),
      rule('c').when(cond.consent('email')).send(email('c')),
    ]);
    expect(evaluate(rules, state, { now: NOW }).decisions.map((d) => d.ruleId)).toEqual(['a', 'b']);
    // without cooldown or dedupe key there is nothing to remember
    const memory = { lastFired: { other: 1 }, fired: { k: 2 } };
    expect(evaluate(rules, state, { now: NOW, memory }).memory).toBe(memory);
  });

  it('honours a per-customer cooldown through the returned memory, without touching the input', () => {
    const rules = compileRules([rule('w').when(cond.since('lastVisit').gte(14)).send(email('winback')).cooldown(7, 'days')]);
    const memory0 = emptyRuleMemory();
    const first = evaluate(rules, state, { now: NOW, memory: memory0 });
    expect(first.decisions).toHaveLength(1);
    expect(first.memory).toEqual({ lastFired: { w: NOW }, fired: {} });
    expect(memory0).toEqual({ lastFired: {}, fired: {} });
    const stored = JSON.parse(JSON.stringify(first.memory)); // kept wherever the host keeps state
    expect(evaluate(rules, state, { now: NOW + 7 * DAY_MS - 1, memory: stored }).decisions).toHaveLength(0);
    expect(evaluate(rules, state, { now: NOW + 7 * DAY_MS, memory: stored }).decisions).toHaveLength(1);
    // nothing fired: the memory comes back as given
    const none = evaluate(rules, state, { now: NOW + DAY_MS, memory: stored });
    expect(none.memory).toBe(stored);
  });

  it('fires at most once per dedupe key, filled from the state and the event', () => {
    const rules = compileRules([
      rule('order-thanks').on('Order Completed').when(cond.all()).send(email('thanks')).dedupe('thanks:{event.properties.order_id}'),
    ]);
    const o1 = track('Order Completed', NOW, { order_id: 'A' });
    const first = evaluate(rules, state, { now: NOW, event: o1 });
    expect(first.decisions[0]?.dedupeKey).toBe('thanks:A');
    expect(evaluate(rules, state, { now: NOW + 1, event: o1, memory: first.memory }).decisions).toHaveLength(0);
    const o2 = track('Order Completed', NOW, { order_id: 'B' });
    expect(evaluate(rules, state, { now: NOW + 1, event: o2, memory: first.memory }).decisions).toHaveLength(1);
  });

  it('matches triggering events structurally (ts-pattern)', () => {
    const rules = compileRules([
      { id: 'big-order', on: { event: ['Order Completed', 'Order Updated'], properties: { currency: 'EUR' } }, when: { event: 'properties.revenue', op: 'gte', value: 100 }, action: email('vip') },
      { id: 'pricing', on: { type: 'page' }, when: { all: [] }, action: { campaign: 'pricing', channel: 'in_context' } },
    ]);
    const ids = (event?: RetainEvent) => evaluate(rules, state, { now: NOW, event }).decisions.map((d) => d.ruleId);
    expect(ids(track('Order Completed', NOW, { revenue: 150, currency: 'EUR' }))).toEqual(['big-order']);
    expect(ids(track('Order Updated', NOW, { revenue: 150, currency: 'EUR' }))).toEqual(['big-order']);
    expect(ids(track('Order Completed', NOW, { revenue: 150, currency: 'USD' }))).toEqual([]);
    expect(ids(track('Order Completed', NOW, { revenue: 50, currency: 'EUR' }))).toEqual([]);
    expect(ids(page(NOW))).toEqual(['pricing']);
    expect(ids(undefined)).toEqual([]);
  });

  it('accepts plain arrays of JSON rules and builders (compiled once, cached)', () => {
    const rules = [rule('a').when(cond.consent('email')).send(email('a')), { id: 'b', when: { consent: 'email' }, action: email('b') } satisfies RuleJson];
    expect(evaluate(rules, state, { now: NOW }).decisions.map((d) => d.ruleId)).toEqual(['a', 'b']);
  });

  it('rejects bad rules at definition, naming the path', () => {
    expect(() => compileRules([rule('a').when(cond.consent('email')).send(email('a')), { id: 'b', when: { all: [{ consent: 'email' }, { any: [] }, { any: [{ since: 'lastVisit', op: '>=', value: 1 }] }] }, action: email('b') } as unknown as RuleJson])).toThrow(
      expect.objectContaining({ name: 'InvalidRuleError', pathText: 'rules[1].when.all[2].any[0].op' }),
    );
    expect(() => rule('x').when(cond.consent('email')).toJSON()).toThrow(InvalidRuleError); // no action
    // a builder in a list is reported by its index too
    expect(() => compileRules([rule('a').when(cond.consent('email')).send(email('a')), rule('b').when(cond.consent('email'))])).toThrow(
      expect.objectContaining({ pathText: 'rules[1].action' }),
    );
  });
});

describe('properties', () => {
  const leaf = fc.constantFrom<RuleJson['when']>(
    { since: 'lastVisit', op: 'gte', value: 14 },
    { consent: 'email' },
    { state: 'transactions.orders', op: 'gte', value: 1 },
    { trait: 'plan', op: 'eq', value: 'pro' },
    { visits: { days: 7 }, op: 'lt', value: 2 },
    { event: 'event', op: 'eq', value: 'Order Completed' },
  );
  const aRule = fc.record(
    {
      id: fc.stringMatching(/^[a-z]{1,8}$/),
      when: fc.oneof(leaf, fc.record({ all: fc.array(leaf, { maxLength: 3 }) }), fc.record({ any: fc.array(leaf, { maxLength: 3 }) })),
      action: fc.record({ campaign: fc.constantFrom('a', 'b'), channel: fc.constantFrom('email' as const, 'sms' as const) }),
      priority: fc.integer({ min: -5, max: 5 }),
      stopProcessing: fc.boolean(),
      cooldown: fc.record({ value: fc.integer({ min: 0, max: 30 }), unit: fc.constantFrom('days' as const, 'hours' as const) }),
      dedupeKey: fc.constantFrom('k:{state.id}', 'fixed', 'e:{event.event}'),
      on: fc.constantFrom({ event: 'Order Completed' }, { type: 'page' as const }, { event: ['Signed Up', 'Order Completed'] }),
    },
    { requiredKeys: ['id', 'when', 'action'] },
  ) as fc.Arbitrary<RuleJson>;

  it('JSON ⇄ builder round trip is lossless', () => {
    fc.assert(
      fc.property(aRule, (json) => {
        expect(ruleFromJSON(json).toJSON()).toEqual(json);
        expect(JSON.parse(JSON.stringify(ruleFromJSON(JSON.parse(JSON.stringify(json)))))).toEqual(json);
      }),
    );
  });

  it('evaluation never throws, and is pure (same inputs, same outputs; inputs untouched)', () => {
    fc.assert(
      fc.property(fc.uniqueArray(aRule, { selector: (r) => r.id, maxLength: 6 }), fc.integer({ min: 0, max: 60 * DAY_MS }), fc.boolean(), (rules, dt, withEvent) => {
        const set = compileRules(rules);
        const before = JSON.stringify(state);
        const options = { now: T0 + dt, event: withEvent ? track('Order Completed', T0 + dt) : undefined };
        const a = evaluate(set, state, options);
        const b = evaluate(set, state, options);
        expect(JSON.stringify(a)).toBe(JSON.stringify(b));
        expect(JSON.stringify(state)).toBe(before);
        const again = evaluate(set, state, { ...options, memory: a.memory });
        // a rule that fired and has a cooldown or a dedupe key does not fire again at once
        const firedBefore = new Set(a.decisions.map((d) => d.ruleId));
        for (const d of again.decisions) {
          if (!firedBefore.has(d.ruleId)) continue;
          expect(d.rule.dedupeKey === undefined && (d.rule.cooldown === undefined || d.rule.cooldown.value === 0)).toBe(true);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('rule sets from compileRules (conditions tested 30 at a time, reads shared) decide exactly as rule-by-rule evaluation', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(aRule, { selector: (r) => r.id, maxLength: 70 }),
        fc.array(fc.record({ dt: fc.integer({ min: 0, max: 60 * DAY_MS }), event: fc.constantFrom('none', 'order', 'page') }), { minLength: 1, maxLength: 3 }),
        (rules, steps) => {
          const batched = compileRules(rules);
          const oneByOne = { rules: batched.rules }; // a hand-made RuleSet: no batches
          let memoryA = emptyRuleMemory();
          let memoryB = emptyRuleMemory();
          for (const { dt, event } of steps) {
            const e = event === 'none' ? undefined : event === 'order' ? track('Order Completed', T0 + dt) : page(T0 + dt);
            const a = evaluate(batched, state, { now: T0 + dt, event: e, memory: memoryA });
            const b = evaluate(oneByOne, state, { now: T0 + dt, event: e, memory: memoryB });
            expect(JSON.stringify(a)).toBe(JSON.stringify(b));
            memoryA = a.memory;
            memoryB = b.memory;
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('a stop rule silenced by a dedupe key another rule used in the same evaluation does not stop the rules after it', () => {
    const rules = compileRules([
      rule('first').when(cond.consent('email')).send(email('a')).dedupe('welcome').priority(3),
      rule('stopper').when(cond.consent('email')).send(email('b')).dedupe('welcome').stopProcessing().priority(2),
      rule('after').when(cond.consent('email')).send(email('c')).priority(1),
    ]);
    expect(evaluate(rules, state, { now: NOW }).decisions.map((d) => d.ruleId)).toEqual(['first', 'after']);
    expect(evaluate({ rules: rules.rules }, state, { now: NOW }).decisions.map((d) => d.ruleId)).toEqual(['first', 'after']);
  });
});
