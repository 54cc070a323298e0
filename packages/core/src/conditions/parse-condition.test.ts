import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { isRetainError } from '../errors/retain-error.js';
import { InvalidConditionError } from './invalid-condition-error.js';
import { ConditionSchema, conditionIssues, MAX_CONDITION_DEPTH, parseCondition, safeParseCondition } from './parse-condition.js';

function errorOf(input: unknown): InvalidConditionError {
  try {
    parseCondition(input);
  } catch (error) {
    if (error instanceof InvalidConditionError) return error;
    throw error;
  }
  throw new Error('expected parseCondition to throw');
}

describe('parseCondition', () => {
  it('accepts every node kind and returns the input unchanged', () => {
    const json = {
      all: [
        { state: 'subscription.status', op: 'eq', value: 'active' },
        { event: 'properties.revenue', op: 'gte', value: 100 },
        { since: 'lastVisit', unit: 'hours', op: 'gt', value: 1 },
        { sinceAction: 'Product Added', op: 'lt', value: 2 },
        { until: 'subscription.trialEndsAt', op: 'lte', value: 3 },
        { anniversary: 'identity.traits.birthday', op: 'eq', value: 0 },
        { visits: { days: 7, offsetDays: 7 }, op: 'gte', value: 5 },
        { events: { days: 30 }, op: 'gt', value: 0 },
        { activityRatio: { recentDays: 7, baselineDays: 28, measure: 'visits' }, op: 'lt', value: 0.5 },
        { actionCount: 'Report Viewed', op: 'eq', value: 0 },
        { metric: 'seats', op: 'in', value: [1, 2, 3] },
        { trait: 'tags', op: 'notContains', value: 'do_not_contact' },
        { messages: { days: 7, channel: 'email' }, op: 'lt', value: 5 },
        { funnelStalled: 'checkout', unit: 'hours', op: 'gte', value: 1 },
        { state: 'milestones.signedUp', op: 'after', value: '2026-01-01T00:00:00Z' },
        { any: [{ consent: 'email' }, { optedOut: 'sms' }, { funnelReached: 'checkout', step: 2 }, { funnelReached: 'onboarding', step: 'done' }] },
        { not: { metric: 'seats', op: 'exists' } },
      ],
    };
    expect(parseCondition(json)).toBe(json);
    expect(conditionIssues(json)).toEqual([]);
  });

  it('names the path of a bad node deep in the tree', () => {
    const error = errorOf({ all: [{ consent: 'email' }, { consent: 'sms' }, { any: [{ since: 'lastVisit', op: 'greater', value: 14 }] }] });
    expect(error.pathText).toBe('condition.all[2].any[0].op');
    expect(error.path).toEqual(['condition', 'all', 2, 'any', 0, 'op']);
    expect(error.message).toMatch(/^Invalid condition at condition\.all\[2\]\.any\[0\]\.op: op must be one of eq, neq/);
    expect(isRetainError(error)).toBe(true);
    expect(error.name).toBe('InvalidConditionError');
  });

  it.each([
    [{ state: 'subscripton.status', op: 'eq', value: 'active' }, 'condition.state', /unknown field "subscripton"/],
    [{ state: 'metrics.seats.valu', op: 'gt', value: 1 }, 'condition.state', /unknown field "valu" under "metrics.seats"/],
    [{ state: 'transactions.orders.x', op: 'gt', value: 1 }, 'condition.state', /has no fields/],
    [{ event: 'props.revenue', op: 'gt', value: 1 }, 'condition.event', /an event path starts with/],
    [{ consent: 'fax' }, 'condition.consent', /consent must be one of/],
    [{ since: 'lastVisit', op: 'gt' }, 'condition.value', /needs a finite number/],
    [{ since: 'lastVisit', op: 'gt', value: '14' }, 'condition.value', /needs a finite number/],
    [{ metric: 'seats', op: 'exists', value: 1 }, 'condition.value', /takes no value/],
    [{ metric: 'seats', op: 'in', value: 1 }, 'condition.value', /array/],
    [{ trait: 'plan', op: 'eq' }, 'condition.value', /needs a value/],
    [{ state: 'milestones.signedUp', op: 'before', value: 'yesterday' }, 'condition.value', /needs a time/],
    [{ since: 'lastVisit', unit: 'weeks', op: 'gt', value: 1 }, 'condition.unit', /unit must be one of/],
    [{ metric: 'seats', unit: 'days', op: 'gt', value: 1 }, 'condition', /unit/],
    [{ visits: { days: 0 }, op: 'gt', value: 1 }, 'condition.visits.days', /> 0/],
    [{ funnelReached: 'checkout', step: -1 }, 'condition.step', /step/],
    [{ all: { consent: 'email' } }, 'condition.all', /must be an array/],
    [{ not: [] }, 'condition.not', /must be an object/],
    [{ foo: 1 }, 'condition', /needs exactly one of/],
    [{ consent: 'email', metric: 'seats', op: 'exists' }, 'condition', /exactly one of consent, metric/],
    [{ all: [], note: 'x' }, 'condition.note', /unexpected key/],
    ['since lastVisit > 14', 'condition', /must be an object/],
    [null, 'condition', /must be an object/],
  ])('rejects %j at %s', (input, path, message) => {
    const error = errorOf(input);
    expect(error.pathText).toBe(path);
    expect(error.message).toMatch(message);
    expect(error.value).toBe(input);
  });

  it('reports every problem, not just the first', () => {
    const error = errorOf({ any: [{ consent: 'fax' }, { since: 'x', op: 'gt' }, { trait: 'plan', op: 'eq', value: Number.NaN }] });
    expect(error.issues.map((i) => i.path.join('.'))).toEqual(['condition.any.0.consent', 'condition.any.1.value', 'condition.any.2.value']);
  });

  it('rejects hostile nesting instead of overflowing the stack', () => {
    let deep: unknown = { consent: 'email' };
    for (let i = 0; i < MAX_CONDITION_DEPTH + 5; i++) deep = { not: deep };
    expect(errorOf(deep).message).toMatch(/nest at most/);
  });

  it('uses the caller’s base path, and has a result form that never throws', () => {
    const result = safeParseCondition({ any: [{ consent: 1 }] }, ['rules', 3, 'when']);
    expect(result.success).toBe(false);
    if (!result.success) expect(result.error.pathText).toBe('rules[3].when.any[0].consent');
    expect(safeParseCondition({ consent: 'email' })).toEqual({ success: true, condition: { consent: 'email' } });
  });

  it('embeds in zod schemas with the same paths', () => {
    const Campaign = z.object({ name: z.string(), when: ConditionSchema });
    expect(Campaign.safeParse({ name: 'ok', when: { since: 'lastVisit', op: 'gte', value: 14 } }).success).toBe(true);
    const bad = Campaign.safeParse({ name: 'bad', when: { all: [{ since: 'lastVisit', op: 'gte' }] } });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.path).toEqual(['when', 'all', 0, 'value']);
  });
});
