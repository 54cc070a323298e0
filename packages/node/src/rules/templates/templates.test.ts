import { DAY_MS, foldEvents, type JsonObject, type RetainEvent } from '@retain/core';
import { describe, expect, it } from 'vitest';
import type { RuleBuilder } from '../builder.js';
import { compileRules } from '../compile-rule.js';
import { evaluate } from '../evaluate.js';
import { nextDueAt } from '../next-due-at.js';
import { templates } from './index.js';

const T0 = Date.parse('2026-06-01T09:00:00Z');
const HOUR = 3_600_000;
let seq = 0;
const at = (t: number) => new Date(t).toISOString();
const track = (event: string, t: number, properties: JsonObject = {}): RetainEvent => ({ type: 'track', event, properties, messageId: `t${seq++}`, timestamp: at(t), userId: 'u1' });
const page = (t: number): RetainEvent => ({ type: 'page', messageId: `t${seq++}`, timestamp: at(t), userId: 'u1' });
const identify = (t: number, traits: JsonObject): RetainEvent => ({ type: 'identify', traits, messageId: `t${seq++}`, timestamp: at(t), userId: 'u1' });
const consent = (t: number, purpose: string, granted = true) => track('Consent Changed', t, { purpose, granted });
const dailyVisits = (from: number, days: number) => Array.from({ length: days }, (_, d) => page(from + d * DAY_MS));

/** Evaluates `rules` for the customer folded from `events`, at `now`, with an optional triggering event. */
function fired(rules: RuleBuilder | RuleBuilder[], events: RetainEvent[], now: number, event?: RetainEvent): string[] {
  const set = compileRules(Array.isArray(rules) ? rules : [rules]);
  const state = foldEvents(event === undefined ? events : [...events, event]);
  return evaluate(set, state, { now, event }).decisions.map((d) => d.ruleId);
}

interface Case {
  name: string;
  rules: RuleBuilder | RuleBuilder[];
  /** A customer for whom it fires, the time, the expected rule ids. */
  yes: { events: RetainEvent[]; now: number; event?: RetainEvent; ids: string[] };
  /** The same customer, changed so that it must not fire. */
  no: { events: RetainEvent[]; now: number; event?: RetainEvent; why: string };
}

const signedUp = [track('Signed Up', T0), consent(T0, 'email')];
const buyer = [...signedUp, ...dailyVisits(T0, 3), track('Order Completed', T0 + 2 * DAY_MS, { revenue: 80 })];

const CASES: Case[] = [
  {
    name: 'welcome series',
    rules: templates.welcomeSeries({ days: [0, 2, 5] }),
    yes: { events: signedUp, now: T0 + 2 * DAY_MS + HOUR, ids: ['welcome-series-2'] },
    no: { events: [track('Signed Up', T0)], now: T0 + 2 * DAY_MS + HOUR, why: 'no email consent' },
  },
  {
    name: 'product engagement',
    rules: templates.productEngagement({ feature: 'Report Viewed' }),
    yes: { events: [...signedUp, ...dailyVisits(T0 + 5 * DAY_MS, 3)], now: T0 + 8 * DAY_MS, ids: ['product-engagement'] },
    no: { events: [...signedUp, ...dailyVisits(T0 + 5 * DAY_MS, 3), track('Report Viewed', T0 + 7 * DAY_MS)], now: T0 + 8 * DAY_MS, why: 'already used the feature' },
  },
  {
    name: 'product feedback',
    rules: templates.productFeedback({ feature: 'Report Viewed', afterUses: 3 }),
    yes: { events: [...signedUp, ...[1, 2, 3].map((d) => track('Report Viewed', T0 + d * DAY_MS))], now: T0 + 4 * DAY_MS, ids: ['product-feedback'] },
    no: {
      events: [...signedUp, ...[1, 2, 3].map((d) => track('Report Viewed', T0 + d * DAY_MS)), track('Feedback Given', T0 + 3 * DAY_MS, { nps: 9 })],
      now: T0 + 4 * DAY_MS,
      why: 'asked (answered) a day ago',
    },
  },
  {
    name: 'feedback response',
    rules: templates.feedbackResponse(),
    yes: { events: signedUp, now: T0 + DAY_MS, event: track('Feedback Given', T0 + DAY_MS, { nps: 3 }), ids: ['feedback-response'] },
    no: { events: signedUp, now: T0 + DAY_MS, event: track('Feedback Given', T0 + DAY_MS, { nps: 10 }), why: 'a promoter' },
  },
  {
    name: 'winback',
    rules: templates.winback(),
    yes: { events: buyer, now: T0 + 20 * DAY_MS, ids: ['winback'] },
    no: { events: [...signedUp, ...dailyVisits(T0, 3)], now: T0 + 20 * DAY_MS, why: 'never bought' },
  },
  {
    name: 'cart-abandon disposition',
    rules: templates.cartAbandon(),
    yes: { events: [...signedUp, track('Funnel Step Reached', T0 + DAY_MS, { funnel: 'checkout', step: 'cart', step_index: 0 })], now: T0 + DAY_MS + 2 * HOUR, ids: ['cart-abandon'] },
    no: {
      events: [
        ...signedUp,
        track('Funnel Step Reached', T0 + DAY_MS, { funnel: 'checkout', step: 'cart', step_index: 0 }),
        track('Funnel Step Reached', T0 + DAY_MS + HOUR, { funnel: 'checkout', step: 'paid', step_index: 2, final: true }),
      ],
      now: T0 + DAY_MS + 2 * HOUR,
      why: 'checkout completed',
    },
  },
  {
    name: 'CS follow-up',
    rules: templates.csFollowUp(),
    yes: { events: [...signedUp, track('Ticket Closed', T0 + DAY_MS)], now: T0 + 2 * DAY_MS + HOUR, ids: ['cs-follow-up'] },
    no: { events: [...signedUp, track('Ticket Closed', T0 + DAY_MS)], now: T0 + DAY_MS + HOUR, why: 'too soon after closing' },
  },
  {
    name: 'complimentary upsell',
    rules: templates.complimentaryUpsell(),
    yes: { events: buyer, now: T0 + 12 * DAY_MS, ids: ['complimentary-upsell'] },
    no: { events: buyer, now: T0 + 4 * DAY_MS, why: 'order too recent' },
  },
  {
    name: 'brand reinforcement',
    rules: templates.brandReinforcement(),
    yes: { events: signedUp, now: T0 + 40 * DAY_MS, ids: ['brand-reinforcement'] },
    no: { events: [...signedUp, track('Message Sent', T0 + 38 * DAY_MS, { message_id: 'x', channel: 'email' })], now: T0 + 40 * DAY_MS, why: 'messaged this week' },
  },
  {
    name: 'value content',
    rules: templates.valueContent(),
    yes: { events: [...signedUp, page(T0 + 10 * DAY_MS)], now: T0 + 20 * DAY_MS, ids: ['value-content'] },
    no: { events: [...signedUp, page(T0 + 10 * DAY_MS), consent(T0 + 11 * DAY_MS, 'email', false)], now: T0 + 20 * DAY_MS, why: 'withdrew email consent' },
  },
  {
    name: 'churn remediation',
    rules: templates.churnRemediation(),
    yes: { events: [...signedUp, track('Subscription Started', T0, { plan: 'pro' }), ...dailyVisits(T0, 28)], now: T0 + 38 * DAY_MS, ids: ['churn-remediation'] },
    no: { events: [...signedUp, ...dailyVisits(T0, 28)], now: T0 + 38 * DAY_MS, why: 'not a subscriber' },
  },
  {
    name: 'activity drop',
    rules: templates.activityDrop(),
    yes: { events: [...signedUp, ...dailyVisits(T0, 28), page(T0 + 30 * DAY_MS)], now: T0 + 34 * DAY_MS, ids: ['activity-drop'] },
    no: { events: [...signedUp, ...dailyVisits(T0, 34)], now: T0 + 34 * DAY_MS, why: 'visits every day as usual' },
  },
  {
    name: 'payment failure',
    rules: templates.paymentFailed(),
    yes: { events: [...signedUp, track('Subscription Started', T0), track('Payment Failed', T0 + 30 * DAY_MS, { amount: 20 })], now: T0 + 30 * DAY_MS + HOUR, ids: ['payment-failed'] },
    no: { events: [...signedUp, track('Subscription Started', T0), track('Payment Failed', T0 + 30 * DAY_MS), consent(T0 + 30 * DAY_MS, 'email', false)], now: T0 + 30 * DAY_MS + HOUR, why: 'opted out of email' },
  },
  {
    name: 'trial ending',
    rules: templates.trialEnding(),
    yes: { events: [...signedUp, track('Trial Started', T0, { trial_end_date: at(T0 + 14 * DAY_MS) })], now: T0 + 12 * DAY_MS, ids: ['trial-ending'] },
    no: { events: [...signedUp, track('Trial Started', T0, { trial_end_date: at(T0 + 14 * DAY_MS) })], now: T0 + 5 * DAY_MS, why: 'nine days left' },
  },
  {
    name: 'birthday',
    rules: templates.birthday(),
    yes: { events: [...signedUp, identify(T0, { birthday: '1990-06-20' })], now: Date.parse('2026-06-20T08:00:00Z'), ids: ['birthday'] },
    no: { events: [...signedUp, identify(T0, { birthday: '1990-06-21' })], now: Date.parse('2026-06-20T08:00:00Z'), why: 'tomorrow' },
  },
  {
    name: 'anniversary',
    rules: templates.anniversary(),
    yes: { events: signedUp, now: Date.parse('2027-06-01T12:00:00Z'), ids: ['anniversary'] },
    no: { events: signedUp, now: Date.parse('2026-06-01T12:00:00Z'), why: 'the sign-up day itself' },
  },
  {
    name: 'two consecutive negative feedbacks',
    rules: templates.consecutiveNegativeFeedback(),
    yes: { events: [...signedUp, track('Feedback Given', T0 + DAY_MS, { nps: 2 }), track('Feedback Given', T0 + 2 * DAY_MS, { csat: 1 })], now: T0 + 3 * DAY_MS, ids: ['consecutive-negative-feedback'] },
    no: { events: [...signedUp, track('Feedback Given', T0 + DAY_MS, { nps: 2 }), track('Feedback Given', T0 + 2 * DAY_MS, { nps: 9 })], now: T0 + 3 * DAY_MS, why: 'the latest was positive' },
  },
];

describe('templates on customers folded from real events', () => {
  it('covers every template', () => {
    const names = new Set(Object.keys(templates));
    expect(CASES).toHaveLength(names.size);
  });

  it.each(CASES)('$name fires for the customer it is meant for', ({ rules, yes }) => {
    expect(fired(rules, yes.events, yes.now, yes.event)).toEqual(yes.ids);
  });

  it.each(CASES)('$name does not fire when $no.why', ({ rules, no }) => {
    expect(fired(rules, no.events, no.now, no.event)).toEqual([]);
  });

  it.each(CASES)('$name survives a round trip through JSON', ({ rules }) => {
    const list = Array.isArray(rules) ? rules : [rules];
    const json = JSON.parse(JSON.stringify(list));
    expect(compileRules(json).rules.map((r) => r.json)).toEqual(compileRules(list).rules.map((r) => r.json));
  });
});

describe('templates with nextDueAt', () => {
  it('schedules the winback on day 14 after the last visit, and the trial reminder three days before the end', () => {
    const state = foldEvents([...buyer, track('Trial Started', T0, { trial_end_date: at(T0 + 30 * DAY_MS) })]);
    const lastVisit = state.milestones['lastVisit'] as number;
    expect(nextDueAt([templates.winback()], state, lastVisit + DAY_MS)).toBe(lastVisit + 14 * DAY_MS);
    expect(nextDueAt([templates.trialEnding()], state, T0 + DAY_MS)).toBe(T0 + 27 * DAY_MS);
  });

  it('parameters change the rule', () => {
    const json = templates.winback({ afterDays: 21, channel: 'sms', payload: { discount: 10 }, priority: 9 }).toJSON();
    expect(json.action).toEqual({ campaign: 'winback', channel: 'sms', payload: { discount: 10 } });
    expect(json.priority).toBe(9);
    expect(json.when).toMatchObject({ all: [{ all: [{ since: 'lastVisit', op: 'gte', value: 21 }, { since: 'lastVisit', op: 'lt', value: 90 }] }, expect.anything(), { consent: 'sms' }] });
  });
});
