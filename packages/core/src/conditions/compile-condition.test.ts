import { describe, expect, it } from 'vitest';
import { DAY_MS } from '../state/customer-state.js';
import { createCustomerState } from '../state/create-customer-state.js';
import type { CustomerState } from '../state/customer-state.js';
import { conditionCodegen } from './codegen-condition.js';
import { compileCondition, compileConditionSet, MAX_CONDITION_SET } from './compile-condition.js';
import { InvalidConditionError } from './invalid-condition-error.js';

const NOW = Date.parse('2026-11-22T12:00:00Z');
const visited = (daysAgo: number): CustomerState => {
  const s = createCustomerState('u1');
  s.milestones['lastVisit'] = NOW - daysAgo * DAY_MS;
  s.visits.sessions.push({ start: NOW - daysAgo * DAY_MS, end: NOW - daysAgo * DAY_MS + 60_000, events: 1 });
  return s;
};
const conditions = [
  compileCondition({ since: 'lastVisit', op: 'gte', value: 14 }),
  compileCondition({ all: [{ since: 'lastVisit', op: 'lt', value: 30 }, { visits: { days: 7 }, op: 'eq', value: 0 }] }),
  compileCondition({ visits: { days: 7 }, op: 'gte', value: 1 }),
];

describe('compileConditionSet', () => {
  it.each([
    ['generated', { codegen: conditionCodegen }],
    ['closures', {}],
    ['a code generator without set (one by one)', { codegen: { test: conditionCodegen.test, explain: conditionCodegen.explain } }],
  ] as const)('%s: bit i holds where condition i holds; skipped and stopped conditions stay clear', (_, options) => {
    const set = compileConditionSet(conditions, options);
    const ctx20 = { state: visited(20), now: NOW };
    const ctx2 = { state: visited(2), now: NOW };
    expect(set(ctx20)).toBe(0b011);
    expect(set(ctx2)).toBe(0b100);
    expect(set(ctx20, 0b001)).toBe(0b010);
    expect(compileConditionSet(conditions, { ...options, stopAfter: [true] })(ctx20)).toBe(0b001);
  });

  it('reads a state it cannot read as "nothing holds", like each condition alone', () => {
    const hostile = createCustomerState('u1');
    Object.defineProperty(hostile, 'milestones', {
      get() {
        throw new Error('unreadable');
      },
    });
    const set = compileConditionSet([...conditions, compileCondition({ since: 'lastVisit', op: 'missing' })], { codegen: conditionCodegen });
    const each = conditions.map((c) => c.test({ state: hostile, now: NOW }));
    expect(each).toEqual([false, false, false]);
    expect(set({ state: hostile, now: NOW })).toBe(0);
  });

  it('reads inherited names (constructor, toString) only as own properties', () => {
    const set = compileConditionSet(
      [compileCondition({ trait: 'constructor', op: 'exists' }), compileCondition({ since: 'toString', op: 'exists' }), compileCondition({ trait: 'constructor', op: 'missing' })],
      { codegen: conditionCodegen },
    );
    expect(set({ state: createCustomerState('u1'), now: NOW })).toBe(0b100);
  });

  it(`refuses more than ${MAX_CONDITION_SET} conditions with a typed error`, () => {
    const many = Array.from({ length: MAX_CONDITION_SET + 1 }, () => conditions[0]!);
    expect(() => compileConditionSet(many)).toThrow(InvalidConditionError);
    expect(() => compileConditionSet(many)).toThrow(/31 conditions, over the 30/);
  });

  it('refuses what is not a list of compiled conditions, naming the entry', () => {
    const raw = { since: 'lastVisit', op: 'gte', value: 14 };
    expect(() => compileConditionSet([conditions[0]!, raw as never])).toThrow(expect.objectContaining({ name: 'InvalidConditionError', pathText: 'conditions[1]' }));
    expect(() => compileConditionSet(raw as never)).toThrow(InvalidConditionError);
  });
});
