import { describe, expect, it } from 'vitest';
import type { JsonObject, RetainEvent } from '../events/event-schema.js';
import { createCustomerState } from '../state/create-customer-state.js';
import { DAY_MS } from '../state/customer-state.js';
import { foldEvents } from '../state/fold-events.js';
import type { Condition } from './condition.js';
import { compileCondition } from './compile-condition.js';
import { conditionCodegen } from './codegen-condition.js';
import { evaluateCondition, explainCondition } from './evaluate-condition.js';

const T0 = Date.parse('2026-11-01T10:00:00Z');
const HOUR = 3_600_000;
let seq = 0;
const at = (ms: number) => new Date(ms).toISOString();
const track = (event: string, time: number, properties: JsonObject = {}): RetainEvent => ({
  type: 'track', event, properties, messageId: `m${seq++}`, timestamp: at(time), userId: 'u1',
});
const page = (time: number, path = '/home'): RetainEvent => ({ type: 'page', properties: { path }, messageId: `m${seq++}`, timestamp: at(time), userId: 'u1' });
const identify = (time: number, traits: JsonObject): RetainEvent => ({ type: 'identify', traits, messageId: `m${seq++}`, timestamp: at(time), userId: 'u1' });

/** A customer who signed up on T0, bought twice, gave two bad NPS, and left a cart. */
const customer = foldEvents([
  track('Signed Up', T0),
  identify(T0, { plan: 'pro', tags: ['beta', 'vip'], birthday: '1990-11-25' }),
  track('Consent Changed', T0, { purpose: 'email', granted: true }),
  track('Consent Changed', T0, { purpose: 'sms', granted: false }),
  track('Order Completed', T0 + DAY_MS, { revenue: 80 }),
  track('Order Completed', T0 + 2 * DAY_MS, { revenue: 40 }),
  track('Feedback Given', T0 + 3 * DAY_MS, { nps: 3 }),
  track('Feedback Given', T0 + 4 * DAY_MS, { nps: 5 }),
  track('Metric Set', T0 + 4 * DAY_MS, { metric: 'seats', value: 12 }),
  track('Funnel Step Reached', T0 + 5 * DAY_MS, { funnel: 'checkout', step: 'cart', step_index: 0 }),
  track('Funnel Step Reached', T0 + 5 * DAY_MS + HOUR, { funnel: 'checkout', step: 'payment', step_index: 1 }),
  track('Report Viewed', T0 + 5 * DAY_MS),
  track('Message Sent', T0 + 6 * DAY_MS, { message_id: 'w1', channel: 'email', campaign: 'welcome' }),
  track('Trial Started', T0, { plan: 'pro', trial_end_date: at(T0 + 14 * DAY_MS) }),
]);
const NOW = T0 + 8 * DAY_MS; // two days after the last activity
const ctx = { state: customer, now: NOW };
const holds = (c: Condition, extra: Partial<typeof ctx> & { event?: RetainEvent } = {}) => evaluateCondition(c, { ...ctx, ...extra });

describe('evaluateCondition on a folded customer', () => {
  it('compares state paths, traits and metrics', () => {
    expect(holds({ state: 'transactions.orders', op: 'eq', value: 2 })).toBe(true);
    expect(holds({ state: 'transactions.revenue', op: 'gt', value: 119 })).toBe(true);
    expect(holds({ state: 'transactions.revenue', op: 'gt', value: 120 })).toBe(false);
    expect(holds({ state: 'subscription.status', op: 'in', value: ['trialing', 'active'] })).toBe(true);
    expect(holds({ trait: 'plan', op: 'eq', value: 'pro' })).toBe(true);
    expect(holds({ state: 'identity.traits.tags', op: 'contains', value: 'vip' })).toBe(true);
    expect(holds({ trait: 'tags', op: 'notContains', value: 'do_not_contact' })).toBe(true);
    expect(holds({ trait: 'tags', op: 'eq', value: ['beta', 'vip'] })).toBe(true);
    expect(holds({ metric: 'seats', op: 'gte', value: 12 })).toBe(true);
    expect(holds({ state: 'metrics.seats.value', op: 'lt', value: 12 })).toBe(false);
  });

  it('reads the triggering event, and is false without one', () => {
    const order = track('Order Completed', NOW, { revenue: 250 });
    expect(holds({ event: 'event', op: 'eq', value: 'Order Completed' }, { event: order })).toBe(true);
    expect(holds({ event: 'properties.revenue', op: 'gte', value: 200 }, { event: order })).toBe(true);
    expect(holds({ event: 'properties.revenue', op: 'gte', value: 300 }, { event: order })).toBe(false);
    expect(holds({ event: 'event', op: 'eq', value: 'Order Completed' })).toBe(false);
    expect(holds({ event: 'type', op: 'eq', value: 'page' }, { event: page(NOW, '/reports') })).toBe(true);
    expect(holds({ event: 'properties.path', op: 'eq', value: '/reports' }, { event: page(NOW, '/reports') })).toBe(true);
  });

  it('measures time since milestones and actions, and time until a date', () => {
    expect(holds({ since: 'signedUp', op: 'gte', value: 8 })).toBe(true);
    expect(holds({ since: 'signedUp', op: 'gt', value: 8 })).toBe(false);
    expect(holds({ since: 'lastOrder', unit: 'hours', op: 'eq', value: 6 * 24 })).toBe(true);
    expect(holds({ sinceAction: 'Report Viewed', op: 'eq', value: 3 })).toBe(true);
    expect(holds({ until: 'subscription.trialEndsAt', op: 'eq', value: 6 })).toBe(true);
    expect(holds({ state: 'milestones.signedUp', op: 'before', value: at(T0 + 1) })).toBe(true);
    expect(holds({ state: 'milestones.signedUp', op: 'after', value: T0 })).toBe(false);
    // birthday 25 November: NOW is 9 November
    expect(holds({ anniversary: 'identity.traits.birthday', op: 'eq', value: 16 })).toBe(true);
    expect(holds({ anniversary: 'identity.traits.birthday', op: 'eq', value: 0 }, { now: Date.parse('2027-11-25T23:00:00Z') })).toBe(true);
  });

  it('counts rolling activity and compares it with the baseline', () => {
    // one visit a day for 28 days, then one visit in the last 7 days
    const events: RetainEvent[] = [];
    for (let d = 0; d < 28; d++) events.push(page(T0 + d * DAY_MS));
    events.push(page(T0 + 30 * DAY_MS));
    const state = foldEvents(events);
    const now = T0 + 35 * DAY_MS;
    const c = { state, now };
    expect(evaluateCondition({ visits: { days: 7 }, op: 'eq', value: 1 }, c)).toBe(true);
    expect(evaluateCondition({ visits: { days: 7, offsetDays: 7 }, op: 'eq', value: 7 }, c)).toBe(true);
    // 1 visit in 7 days vs 28 in the 28 before: a seventh of the rate
    expect(evaluateCondition({ activityRatio: {}, op: 'lt', value: 0.5 }, c)).toBe(true);
    expect(explainCondition({ activityRatio: {}, op: 'lt', value: 0.5 }, c).seen).toBe(1 / 7);
    expect(evaluateCondition({ activityRatio: { measure: 'events' }, op: 'lt', value: 0.5 }, c)).toBe(true);
    expect(evaluateCondition({ events: { days: 7 }, op: 'eq', value: 1 }, c)).toBe(true);
    // with no baseline the ratio is missing: neither "dropped" nor "not dropped"
    const fresh = { state: foldEvents([page(now)]), now };
    expect(evaluateCondition({ activityRatio: {}, op: 'lt', value: 0.5 }, fresh)).toBe(false);
    expect(evaluateCondition({ activityRatio: {}, op: 'gte', value: 0.5 }, fresh)).toBe(false);
    expect(evaluateCondition({ activityRatio: {}, op: 'missing' }, fresh)).toBe(true);
  });

  it('compares equal windows exactly', () => {
    const events: RetainEvent[] = [];
    for (let i = 0; i < 6; i++) events.push(page(T0 + i * 2 * HOUR));
    for (let i = 0; i < 3; i++) events.push(page(T0 + 7 * DAY_MS + i * 2 * HOUR));
    const c = { state: foldEvents(events), now: T0 + 8 * DAY_MS };
    expect(evaluateCondition({ activityRatio: { recentDays: 7, baselineDays: 7 }, op: 'lte', value: 0.5 }, c)).toBe(true);
  });

  it('follows funnels, feedback, consent and messages', () => {
    expect(holds({ funnelReached: 'checkout', step: 1 })).toBe(true);
    expect(holds({ funnelReached: 'checkout', step: 'payment' })).toBe(true);
    expect(holds({ funnelReached: 'checkout', step: 2 })).toBe(false);
    expect(holds({ funnelReached: 'onboarding', step: 0 })).toBe(false);
    expect(holds({ funnelStalled: 'checkout', unit: 'hours', op: 'eq', value: 3 * 24 - 1 })).toBe(true);
    expect(holds({ state: 'feedback.consecutiveNegatives', op: 'gte', value: 2 })).toBe(true);
    expect(holds({ consent: 'email' })).toBe(true);
    expect(holds({ consent: 'sms' })).toBe(false);
    expect(holds({ optedOut: 'sms' })).toBe(true);
    expect(holds({ consent: 'push' })).toBe(false);
    expect(holds({ optedOut: 'push' })).toBe(false);
    expect(holds({ messages: { days: 7 }, op: 'eq', value: 1 })).toBe(true);
    expect(holds({ messages: { days: 7, channel: 'sms' }, op: 'eq', value: 0 })).toBe(true);
    expect(holds({ actionCount: 'Report Viewed', op: 'eq', value: 1 })).toBe(true);
    expect(holds({ actionCount: 'Never Done', op: 'eq', value: 0 })).toBe(true);
  });

  it('combines with all / any / not', () => {
    const yes = { consent: 'email' } as const;
    const no = { consent: 'push' } as const;
    expect(holds({ all: [] })).toBe(true);
    expect(holds({ any: [] })).toBe(false);
    expect(holds({ all: [yes, yes, yes, yes] })).toBe(true);
    expect(holds({ all: [yes, yes, yes, no] })).toBe(false);
    expect(holds({ any: [no, no, no, yes] })).toBe(true);
    expect(holds({ any: [no, no] })).toBe(false);
    expect(holds({ not: no })).toBe(true);
  });
});

describe('missing facts (defined behaviour)', () => {
  const empty = { state: createCustomerState('nobody'), now: NOW };
  it('makes every comparison false, neq and notIn included; exists / missing test presence', () => {
    for (const op of ['eq', 'neq', 'gt', 'gte', 'lt', 'lte'] as const) {
      expect(evaluateCondition({ since: 'lastVisit', op, value: 1 }, empty)).toBe(false);
      expect(evaluateCondition({ trait: 'plan', op, value: op === 'eq' || op === 'neq' ? 'pro' : 1 }, empty)).toBe(false);
    }
    expect(evaluateCondition({ trait: 'plan', op: 'notIn', value: ['pro'] }, empty)).toBe(false);
    expect(evaluateCondition({ trait: 'tags', op: 'notContains', value: 'vip' }, empty)).toBe(false);
    expect(evaluateCondition({ metric: 'seats', op: 'exists' }, empty)).toBe(false);
    expect(evaluateCondition({ metric: 'seats', op: 'missing' }, empty)).toBe(true);
    expect(evaluateCondition({ not: { trait: 'plan', op: 'eq', value: 'enterprise' } }, empty)).toBe(true);
    expect(evaluateCondition({ state: 'subscription.plan', op: 'missing' }, empty)).toBe(true); // null counts as missing
  });

  it('makes a type mismatch false rather than coercing', () => {
    const state = foldEvents([identify(T0, { seats: '12', tags: 'vip' })]);
    expect(evaluateCondition({ trait: 'seats', op: 'gt', value: 1 }, { state, now: NOW })).toBe(false);
    expect(evaluateCondition({ trait: 'seats', op: 'eq', value: 12 }, { state, now: NOW })).toBe(false);
    expect(evaluateCondition({ trait: 'tags', op: 'contains', value: 'vip' }, { state, now: NOW })).toBe(true); // substring of a string
  });

  it('never reads the prototype', () => {
    expect(evaluateCondition({ trait: 'constructor', op: 'exists' }, empty)).toBe(false);
    expect(evaluateCondition({ state: 'metrics.__proto__.value', op: 'exists' }, empty)).toBe(false);
    expect(evaluateCondition({ since: 'toString', op: 'exists' }, empty)).toBe(false);
  });

  it('never throws on a state that is not one at all', () => {
    const junk = [{}, null, { visits: null, milestones: 5 }, { messages: 'x', activity: [1], funnels: { checkout: 3 } }] as unknown as Array<typeof customer>;
    for (const options of [{}, { codegen: conditionCodegen }]) {
      const c = compileCondition({
        any: [
          { visits: { days: 7 }, op: 'gt', value: 0 }, { activityRatio: {}, op: 'lt', value: 1 }, { messages: { days: 7 }, op: 'gt', value: 0 },
          { funnelStalled: 'checkout', op: 'gt', value: 0 }, { since: 'lastVisit', op: 'gt', value: 0 }, { consent: 'email' },
          { funnelReached: 'checkout', step: 1 }, { anniversary: 'identity.traits.birthday', op: 'eq', value: 0 }, { actionCount: 'x', op: 'gt', value: 0 },
        ],
      }, ['condition'], options);
      for (const state of junk) {
        expect(c.test({ state, now: NOW })).toBe(false);
        expect(c.explain({ state, now: NOW }).held).toBe(false);
        expect(() => c.changeTimes(state, NOW)).not.toThrow();
      }
      expect(c.test(undefined as unknown as { state: typeof customer; now: number })).toBe(false);
    }
  });
});

describe('explainCondition', () => {
  it('says which conditions held, with the values seen', () => {
    const why = explainCondition(
      { all: [{ since: 'lastOrder', op: 'gte', value: 5 }, { any: [{ consent: 'push' }, { metric: 'seats', op: 'gt', value: 10 }] }, { trait: 'missing', op: 'eq', value: 1 }] },
      ctx,
    );
    expect(why).toEqual({
      condition: expect.any(Object),
      held: false,
      children: [
        { condition: { since: 'lastOrder', op: 'gte', value: 5 }, held: true, seen: 6 },
        {
          condition: expect.any(Object),
          held: true,
          children: [
            { condition: { consent: 'push' }, held: false, seen: null },
            { condition: { metric: 'seats', op: 'gt', value: 10 }, held: true, seen: 12 },
          ],
        },
        { condition: { trait: 'missing', op: 'eq', value: 1 }, held: false, seen: null },
      ],
    });
    expect(JSON.parse(JSON.stringify(why))).toEqual(why);
  });
});

describe('changeTimes', () => {
  it('gives the instants where time-relative comparisons cross their thresholds', () => {
    const lastVisit = customer.milestones['lastVisit'] as number;
    const c = compileCondition({ since: 'lastVisit', op: 'gte', value: 14 });
    expect(c.changeTimes(customer, NOW)).toContain(lastVisit + 14 * DAY_MS);
    expect(c.test({ state: customer, now: lastVisit + 14 * DAY_MS - 1 })).toBe(false);
    expect(c.test({ state: customer, now: lastVisit + 14 * DAY_MS })).toBe(true);
    const trial = compileCondition({ until: 'subscription.trialEndsAt', op: 'lte', value: 3 });
    expect(trial.changeTimes(customer, NOW)).toContain(T0 + 11 * DAY_MS);
    expect(compileCondition({ trait: 'plan', op: 'eq', value: 'pro' }).changeTimes(customer, NOW)).toEqual([]);
  });
});
