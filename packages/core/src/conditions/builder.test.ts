import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { RetainEvent } from '../events/event-schema.js';
import { DAY_MS } from '../state/customer-state.js';
import { foldEvents } from '../state/fold-events.js';
import { activityRatio, messagesInLastDays, visitsBetween } from '../state/queries.js';
import { cond } from './builder.js';
import type { Condition } from './condition.js';
import { compileCondition, compileConditionSet } from './compile-condition.js';
import { conditionCodegen } from './codegen-condition.js';
import { InvalidConditionError } from './invalid-condition-error.js';

describe('cond (the typed builder)', () => {
  it('produces exactly the JSON form', () => {
    const built = cond.all(
      cond.since('lastVisit').gte(14),
      cond.since('lastVisit', 'hours').lt(2),
      cond.state('transactions.orders').gte(1),
      cond.state('subscription.status').in(['trialing', 'active']),
      cond.eventName().eq('Order Completed'),
      cond.eventProperty('revenue').gt(100),
      cond.event('context.page.path').eq('/pricing'),
      cond.visits(7).lt(2),
      cond.visits(7, 7).gte(5),
      cond.events(30).gt(0),
      cond.activityRatio({ recentDays: 7, baselineDays: 28 }).lt(0.5),
      cond.actionCount('Report Viewed').eq(0),
      cond.metric('seats').exists(),
      cond.trait('tags').notContains('do_not_contact'),
      cond.messages(7, 'email').lt(3),
      cond.funnelStalled('checkout', 'hours').gte(1),
      cond.funnelReached('checkout', 'payment'),
      cond.until('subscription.trialEndsAt').between(0, 3),
      cond.anniversary('identity.traits.birthday').eq(0),
      cond.sinceAction('Product Added', 'minutes').gte(30),
      cond.consecutiveNegativeFeedback().gte(2),
      cond.state('milestones.signedUp').after(new Date('2026-01-01T00:00:00Z')),
      cond.consent('email').or(cond.consent('push')),
      cond.optedOut('sms').not(),
    );
    expect(built.toJSON()).toEqual({
      all: [
        { since: 'lastVisit', op: 'gte', value: 14 },
        { since: 'lastVisit', unit: 'hours', op: 'lt', value: 2 },
        { state: 'transactions.orders', op: 'gte', value: 1 },
        { state: 'subscription.status', op: 'in', value: ['trialing', 'active'] },
        { event: 'event', op: 'eq', value: 'Order Completed' },
        { event: 'properties.revenue', op: 'gt', value: 100 },
        { event: 'context.page.path', op: 'eq', value: '/pricing' },
        { visits: { days: 7 }, op: 'lt', value: 2 },
        { visits: { days: 7, offsetDays: 7 }, op: 'gte', value: 5 },
        { events: { days: 30 }, op: 'gt', value: 0 },
        { activityRatio: { recentDays: 7, baselineDays: 28 }, op: 'lt', value: 0.5 },
        { actionCount: 'Report Viewed', op: 'eq', value: 0 },
        { metric: 'seats', op: 'exists' },
        { trait: 'tags', op: 'notContains', value: 'do_not_contact' },
        { messages: { days: 7, channel: 'email' }, op: 'lt', value: 3 },
        { funnelStalled: 'checkout', unit: 'hours', op: 'gte', value: 1 },
        { funnelReached: 'checkout', step: 'payment' },
        { all: [{ until: 'subscription.trialEndsAt', op: 'gte', value: 0 }, { until: 'subscription.trialEndsAt', op: 'lt', value: 3 }] },
        { anniversary: 'identity.traits.birthday', op: 'eq', value: 0 },
        { sinceAction: 'Product Added', unit: 'minutes', op: 'gte', value: 30 },
        { state: 'feedback.consecutiveNegatives', op: 'gte', value: 2 },
        { state: 'milestones.signedUp', op: 'after', value: '2026-01-01T00:00:00.000Z' },
        { any: [{ consent: 'email' }, { consent: 'push' }] },
        { not: { optedOut: 'sms' } },
      ],
    });
    // the builder's JSON is well formed
    expect(() => compileCondition(built)).not.toThrow();
  });

  it('fromJSON validates', () => {
    expect(() => cond.fromJSON({ any: [{ metric: 'seats', op: 'gt', value: 'many' }] })).toThrow(InvalidConditionError);
  });
});

// ---- properties ----

const leaf: fc.Arbitrary<Condition> = fc.oneof(
  fc.record({ since: fc.constantFrom('lastVisit', 'signedUp', 'lastOrder', 'nope'), op: fc.constantFrom('gt', 'gte', 'lt', 'lte'), value: fc.integer({ min: 0, max: 60 }) }),
  fc.record({ state: fc.constantFrom('transactions.orders', 'transactions.revenue', 'feedback.consecutiveNegatives', 'metrics.seats.value'), op: fc.constantFrom('eq', 'neq', 'gt', 'lte'), value: fc.integer({ min: 0, max: 5 }) }),
  fc.record({ state: fc.constantFrom('subscription.status', 'identity.traits.plan', 'subscription.plan'), op: fc.constantFrom('eq', 'neq'), value: fc.constantFrom('pro', 'trialing', 'none') }),
  fc.record({ trait: fc.constantFrom('plan', 'tags', 'missing'), op: fc.constantFrom('exists', 'missing') }),
  fc.record({ trait: fc.constantFrom('tags', 'plan'), op: fc.constantFrom('contains', 'notContains'), value: fc.constantFrom('vip', 'pro') }),
  fc.record({ metric: fc.constantFrom('seats', 'docs'), op: fc.constantFrom('in', 'notIn'), value: fc.array(fc.integer({ min: 0, max: 5 }), { maxLength: 3 }) }),
  fc.record({ visits: fc.record({ days: fc.integer({ min: 1, max: 30 }) }), op: fc.constantFrom('gte', 'lt'), value: fc.integer({ min: 0, max: 5 }) }),
  fc.record({ activityRatio: fc.record({ recentDays: fc.integer({ min: 1, max: 14 }) }), op: fc.constantFrom('lt', 'gte'), value: fc.double({ min: 0, max: 2, noNaN: true }) }),
  fc.record({ messages: fc.record({ days: fc.integer({ min: 1, max: 30 }) }), op: fc.constantFrom('lt', 'gte'), value: fc.integer({ min: 0, max: 3 }) }),
  fc.record({ funnelStalled: fc.constantFrom('checkout', 'onboarding'), unit: fc.constantFrom('hours', 'days'), op: fc.constantFrom('gte', 'lt'), value: fc.integer({ min: 0, max: 100 }) }),
  fc.record({ event: fc.constantFrom('event', 'properties.revenue', 'type'), op: fc.constantFrom('eq', 'exists', 'missing'), value: fc.constantFrom('Order Completed', 80, 'page') }).map((c) =>
    c.op === 'eq' ? c : { event: c.event, op: c.op },
  ),
  fc.record({ consent: fc.constantFrom('email', 'sms', 'push') }),
  fc.record({ optedOut: fc.constantFrom('email', 'sms') }),
  fc.record({ funnelReached: fc.constantFrom('checkout', 'onboarding'), step: fc.oneof(fc.integer({ min: 0, max: 3 }), fc.constantFrom('cart', 'payment')) }),
  fc.record({ anniversary: fc.constantFrom('identity.traits.birthday', 'milestones.signedUp'), op: fc.constantFrom('eq', 'lte'), value: fc.integer({ min: 0, max: 30 }) }),
) as fc.Arbitrary<Condition>;

const { condition: anyCondition } = fc.letrec<{ condition: Condition }>((tie) => ({
  condition: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.record({ all: fc.array(tie('condition'), { maxLength: 4 }) }),
    fc.record({ any: fc.array(tie('condition'), { maxLength: 4 }) }),
    fc.record({ not: tie('condition') }),
  ),
}));

const T0 = Date.parse('2026-09-01T00:00:00Z');
const NAMES = ['Signed Up', 'Order Completed', 'Feedback Given', 'Consent Changed', 'Funnel Step Reached', 'Message Sent', 'Metric Set', 'Report Viewed'];
const anEvent: fc.Arbitrary<RetainEvent> = fc
  .record({ kind: fc.constantFrom(...NAMES, 'page', 'identify'), t: fc.integer({ min: 0, max: 90 * DAY_MS }), n: fc.integer({ min: 0, max: 10 }), b: fc.boolean(), id: fc.uuid() })
  .map(({ kind, t, n, b, id }): RetainEvent => {
    const base = { messageId: id, timestamp: new Date(T0 + t).toISOString(), userId: 'u1' };
    if (kind === 'page') return { ...base, type: 'page' };
    if (kind === 'identify') return { ...base, type: 'identify', traits: { plan: b ? 'pro' : 'free', tags: b ? ['vip'] : [], birthday: '1990-10-0' + (n % 9 + 1) } };
    const properties =
      kind === 'Feedback Given' ? { nps: n }
      : kind === 'Consent Changed' ? { purpose: n % 2 ? 'email' : 'sms', granted: b }
      : kind === 'Funnel Step Reached' ? { funnel: b ? 'checkout' : 'onboarding', step: ['cart', 'payment', 'done'][n % 3] as string, step_index: n % 3, final: n % 3 === 2 }
      : kind === 'Message Sent' ? { message_id: id, channel: b ? 'email' : 'sms' }
      : kind === 'Metric Set' ? { metric: 'seats', value: n }
      : kind === 'Order Completed' ? { revenue: n * 10 }
      : {};
    return { ...base, type: 'track', event: kind, properties };
  });

describe('properties', () => {
  it('window counts (binary searches) agree with the core queries (linear scans)', () => {
    fc.assert(
      fc.property(fc.array(anEvent, { maxLength: 40 }), fc.integer({ min: 1, max: 40 }), fc.integer({ min: 0, max: 10 }), fc.integer({ min: 0, max: 120 * DAY_MS }), (events, days, offsetDays, dt) => {
        const state = foldEvents(events);
        const now = T0 + dt;
        const seen = (c: Condition) => compileCondition(c).explain({ state, now }).seen;
        const to = offsetDays === 0 ? now + 1 : now - offsetDays * DAY_MS;
        expect(seen({ visits: { days, offsetDays }, op: 'exists' })).toBe(visitsBetween(state, now - (days + offsetDays) * DAY_MS, to));
        expect(seen({ messages: { days }, op: 'exists' })).toBe(messagesInLastDays(state, days, now));
        expect(seen({ messages: { days, channel: 'email' }, op: 'exists' })).toBe(messagesInLastDays(state, days, now, 'email'));
        const r = activityRatio(state, now, { recentDays: days, baselineDays: days + offsetDays });
        const ratio = seen({ activityRatio: { recentDays: days, baselineDays: days + offsetDays }, op: 'exists' });
        if (r.ratio === null) expect(ratio).toBeNull();
        else expect(ratio).toBeCloseTo(r.ratio, 12);
      }),
      { numRuns: 200 },
    );
  });

  it('JSON ⇄ builder round trip is lossless', () => {
    fc.assert(
      fc.property(anyCondition, (json) => {
        const built = cond.fromJSON(json);
        expect(built.toJSON()).toEqual(json);
        expect(JSON.parse(JSON.stringify(built))).toEqual(json);
        expect(cond.fromJSON(JSON.parse(JSON.stringify(built))).toJSON()).toEqual(json);
      }),
      { numRuns: 300 },
    );
  });

  it('evaluation never throws on a well-formed condition, agrees with its explanation, and survives serialization', () => {
    fc.assert(
      fc.property(anyCondition, fc.array(anEvent, { maxLength: 25 }), fc.option(anEvent, { nil: undefined }), fc.integer({ min: 0, max: 120 * DAY_MS }), (json, events, event, dt) => {
        const state = foldEvents(events);
        const ctx = { state, event, now: T0 + dt };
        const compiled = compileCondition(json);
        const held = compiled.test(ctx);
        expect(compiled.explain(ctx).held).toBe(held);
        expect(compileCondition(JSON.parse(JSON.stringify(json)) as Condition).test(ctx)).toBe(held);
        expect(compileCondition({ not: json }).test(ctx)).toBe(!held);
        // the generated code (Node's fast path) means exactly what the closures mean
        const generated = compileCondition(json, ['condition'], { codegen: conditionCodegen });
        expect(generated.test(ctx)).toBe(held);
        expect(generated.explain(ctx)).toEqual(compiled.explain(ctx));
        for (const t of compiled.changeTimes(state, ctx.now)) expect(t).toBeGreaterThan(ctx.now);
      }),
      { numRuns: 300 },
    );
  });

  it('a condition set (shared reads, one generated function) holds exactly where each condition holds alone', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ when: anyCondition, skip: fc.boolean(), stop: fc.boolean() }), { minLength: 1, maxLength: 16 }),
        fc.array(anEvent, { maxLength: 25 }),
        fc.option(anEvent, { nil: undefined }),
        fc.integer({ min: 0, max: 120 * DAY_MS }),
        (members, events, event, dt) => {
          const ctx = { state: foldEvents(events), event, now: T0 + dt };
          const compiled = members.map((m) => compileCondition(m.when));
          const skip = members.reduce((bits, m, i) => (m.skip ? bits | (1 << i) : bits), 0);
          const stopAfter = members.map((m) => m.stop);
          let expected = 0;
          for (let i = 0; i < members.length; i++) {
            if (!members[i]!.skip && compiled[i]!.test(ctx)) {
              expected |= 1 << i;
              if (members[i]!.stop) break;
            }
          }
          expect(compileConditionSet(compiled, { codegen: conditionCodegen, stopAfter })(ctx, skip)).toBe(expected);
          expect(compileConditionSet(compiled, { stopAfter })(ctx, skip)).toBe(expected);
        },
      ),
      { numRuns: 300 },
    );
  });
});
