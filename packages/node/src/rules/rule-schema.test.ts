import { describe, expect, it } from 'vitest';
import { isRetainError } from '@retain/core';
import { InvalidRuleError } from './invalid-rule-error.js';
import { parseRule, parseRules } from './rule-schema.js';

const ok = { id: 'winback', when: { since: 'lastVisit', op: 'gte', value: 14 }, action: { campaign: 'winback', channel: 'email' } };

function errorOf(f: () => unknown): InvalidRuleError {
  try {
    f();
  } catch (error) {
    if (error instanceof InvalidRuleError) return error;
    throw error;
  }
  throw new Error('expected an InvalidRuleError');
}

describe('parseRule / parseRules', () => {
  it('accepts a complete rule unchanged', () => {
    const full = { ...ok, description: 'd', on: { type: 'track', event: ['A', 'B'], properties: { x: 1 } }, priority: 3, stopProcessing: true, cooldown: { value: 7, unit: 'days' }, dedupeKey: 'w:{state.milestones.lastVisit}:{event.properties.id}' };
    expect(parseRule(full)).toBe(full);
  });

  it.each([
    [{ ...ok, action: { campaign: 'winback', channel: 'fax' } }, 'rule.action.channel', /channel must be one of/],
    [{ ...ok, action: { channel: 'email' } }, 'rule.action.campaign', /campaign/],
    [{ ...ok, id: '' }, 'rule.id', /must not be empty/],
    [{ ...ok, priority: '1' }, 'rule.priority', /number/],
    [{ ...ok, cooldown: { value: -1, unit: 'days' } }, 'rule.cooldown.value', /≥ 0/],
    [{ ...ok, cooldown: { value: 1, unit: 'weeks' } }, 'rule.cooldown.unit', /unit must be one of/],
    [{ ...ok, when: undefined }, 'rule.when', /condition/],
    [{ ...ok, when: { any: [{ consent: 'email' }, { since: 'lastVisit', op: 'gte' }] } }, 'rule.when.any[1].value', /needs a finite number/],
    [{ ...ok, dedupeKey: 'x:{state.subscripton.status}' }, 'rule.dedupeKey', /unknown field "subscripton"/],
    [{ ...ok, dedupeKey: 'x:{user.id}' }, 'rule.dedupeKey', /must be \{state/],
    [{ ...ok, on: { event: [] } }, 'rule.on.event', /event/],
    [{ ...ok, extra: 1 }, 'rule', /extra/],
  ])('rejects %j at %s', (input, path, message) => {
    const error = errorOf(() => parseRule(input));
    expect(error.pathText).toBe(path);
    expect(error.message).toMatch(message);
    expect(isRetainError(error)).toBe(true);
  });

  it('names the rule by index in a list, and rejects duplicate ids', () => {
    const bad = [ok, { ...ok, id: 'b' }, { ...ok, id: 'c' }, { ...ok, id: 'd', when: { all: [{ consent: 'email' }, { consent: 'sms' }, { any: [{ since: 'lastVisit', op: 'greater', value: 14 }] }] } }];
    expect(errorOf(() => parseRules(bad)).pathText).toBe('rules[3].when.all[2].any[0].op');
    const dup = errorOf(() => parseRules([ok, ok]));
    expect(dup.pathText).toBe('rules[1].id');
    expect(dup.message).toMatch(/duplicate rule id "winback"/);
    expect(errorOf(() => parseRules({})).pathText).toBe('rules');
  });
});
