/**
 * `npm run bench:rules [customers=10000] [runs=5]`
 *
 * Twenty retention trigger rules over a seeded customer distribution, evaluated three ways in
 * one process: json-rules-engine (the peer), Retain's rule engine (`compileRules` + `evaluate`)
 * and hand-written closures. Asserts identical per-rule fire counts, prints a table, and ends
 * with the summary line.
 *
 * What is measured, honestly:
 * - json-rules-engine runs over a flat fact object per customer (its natural input: the facts
 *   are precomputed, e.g. `daysSinceLastVisit`), with `await engine.run(facts)` per customer.
 * - Retain runs over a real `CustomerState` per customer (milestones, visits, funnels, consent,
 *   messages…) built from the same seeded facts, plus the triggering event: its conditions
 *   compute "days since", visit windows, activity ratios and consent from the state, which is
 *   more work than reading a precomputed fact. `evaluate()` returns decisions with explanations
 *   and the next rule memory (the default); a second row shows `explain: false`.
 * - "closures (state)" are the same 20 rules hand-written as TypeScript functions over the same
 *   `CustomerState` with core's query helpers: the reference for "within 3× of closures".
 *   "closures (facts)" reads the flat facts, as in the peer's reference run, for information.
 * Facts with no natural place in the state are kept as host metrics: `cart_value`,
 * `seats_used_pct`, `open_tickets`, `messages_30d`, `email_opens_30d` (the generator draws the
 * 7-day and 30-day message counts independently, so they cannot both come from one message list).
 */
import { availableParallelism, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import {
  cond,
  createCustomerState,
  DAY_MS,
  daysSince,
  funnelStalledForMs,
  funnelStepReached,
  hasConsent,
  messagesInLastDays,
  metricValue,
  actionCount,
  visitsBetween,
  type CustomerState,
  type RetainEvent,
} from '@retain/core';
import { compileRules, evaluate, rule, type RuleBuilder } from '@retain/node';
import { Engine } from 'json-rules-engine';
import { mulberry32 } from '../test/helpers/random.js';

const N = Number(process.argv[2] ?? 10_000);
const RUNS = Number(process.argv[3] ?? 5);
const NOW = Date.parse('2026-11-22T12:00:00.000Z');
const HOUR = 3_600_000;

// ---------- the seeded customer distribution ----------

interface Facts {
  eventName: string;
  pagePath: string;
  plan: string;
  daysSinceLastVisit: number;
  daysSinceSignup: number;
  daysSinceLastOrder: number | null;
  hoursSinceCartAbandoned: number | null;
  cartValue: number;
  purchasedSinceCartAbandon: boolean;
  consecutiveNegativeFeedback: number;
  npsScore: number | null;
  daysSinceNpsResponse: number;
  csatScore: number | null;
  sessionsLast7d: number;
  sessionsPrev7d: number;
  activityDropPct: number;
  trialDaysLeft: number | null;
  activated: boolean;
  seatsUsedPct: number;
  paymentFailed: boolean;
  supportTicketsOpen: number;
  onboardingStepsDone: number;
  lifetimeOrders: number;
  lifetimeValue: number;
  emailOptIn: boolean;
  pushOptIn: boolean;
  featureUsedReports: boolean;
  messagesLast7d: number;
  messagesLast30d: number;
  opensLast30d: number;
  tags: string[];
}

const EVENTS = ['page_view', 'order_completed', 'ticket_closed', 'nps_submitted', 'cart_updated', 'login', 'app_open'];
const PLANS = ['free', 'trial', 'pro', 'enterprise'];
const PAGES = ['/home', '/reports', '/settings', '/billing', '/cart'];
const TAGS = ['vip', 'do_not_contact', 'beta', 'wholesale', 'newsletter'];

/** The seeded distribution (seed 42), in the same draw order as the reference run. */
export function generateCustomers(n: number): Facts[] {
  const rnd = mulberry32(42);
  const pick = <T>(arr: readonly T[]): T => arr[Math.floor(rnd() * arr.length)] as T;
  const int = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
  const maybe = <T>(p: number, v: T): T | null => (rnd() < p ? v : null);
  const make = (): Facts => {
    const plan = pick(PLANS);
    const hasCart = rnd() < 0.35;
    const sessionsPrev7d = int(0, 20);
    const sessionsLast7d = int(0, 20);
    const lifetimeOrders = int(0, 15);
    const tags: string[] = [];
    for (const t of TAGS) if (rnd() < 0.12) tags.push(t);
    return {
      eventName: pick(EVENTS),
      pagePath: pick(PAGES),
      plan,
      daysSinceLastVisit: int(0, 120),
      daysSinceSignup: int(0, 400),
      daysSinceLastOrder: lifetimeOrders > 0 ? int(0, 200) : null,
      hoursSinceCartAbandoned: hasCart ? rnd() * 96 : null,
      cartValue: hasCart ? Math.round(rnd() * 300 * 100) / 100 : 0,
      purchasedSinceCartAbandon: hasCart ? rnd() < 0.3 : false,
      consecutiveNegativeFeedback: pick([0, 0, 0, 0, 1, 1, 2, 3]),
      npsScore: maybe(0.4, int(0, 10)),
      daysSinceNpsResponse: int(0, 60),
      csatScore: maybe(0.5, int(1, 5)),
      sessionsLast7d,
      sessionsPrev7d,
      activityDropPct: sessionsPrev7d > 0 ? Math.max(0, Math.round(100 * (1 - sessionsLast7d / sessionsPrev7d))) : 0,
      trialDaysLeft: plan === 'trial' ? int(-2, 14) : null,
      activated: rnd() < 0.5,
      seatsUsedPct: int(0, 100),
      paymentFailed: rnd() < 0.08,
      supportTicketsOpen: pick([0, 0, 0, 1, 2, 3]),
      onboardingStepsDone: int(0, 5),
      lifetimeOrders,
      lifetimeValue: Math.round(lifetimeOrders * rnd() * 150),
      emailOptIn: rnd() < 0.7,
      pushOptIn: rnd() < 0.4,
      featureUsedReports: rnd() < 0.3,
      messagesLast7d: int(0, 8),
      messagesLast30d: int(0, 20),
      opensLast30d: pick([0, 0, 1, 2, 5]),
      tags,
    };
  };
  return Array.from({ length: n }, make);
}

// ---------- facts → a real customer state and the triggering event ----------
export function toStateAndEvent(c: Facts, i: number): { state: CustomerState; event: RetainEvent } {
  const s = createCustomerState(`customer-${i}`);
  s.identity.userId = s.id;
  s.identity.traits = { plan: c.plan, tags: c.tags };
  s.milestones['lastVisit'] = NOW - c.daysSinceLastVisit * DAY_MS;
  s.milestones['signedUp'] = NOW - c.daysSinceSignup * DAY_MS;
  if (c.daysSinceLastOrder !== null) s.milestones['lastOrder'] = NOW - c.daysSinceLastOrder * DAY_MS;
  if (c.activated) s.milestones['activated'] = NOW - 30 * DAY_MS;
  s.milestones['lastFeedback'] = NOW - c.daysSinceNpsResponse * DAY_MS;
  if (c.npsScore !== null) s.feedback.lastNps = { score: c.npsScore, at: NOW - c.daysSinceNpsResponse * DAY_MS };
  s.feedback.consecutiveNegatives = c.consecutiveNegativeFeedback;
  if (c.hoursSinceCartAbandoned !== null) {
    const t = NOW - c.hoursSinceCartAbandoned * HOUR;
    s.funnels['checkout'] = { furthestStep: 'cart', furthestIndex: 1, reachedAt: t, startedAt: t, lastActivityAt: t, completed: c.purchasedSinceCartAbandon };
  }
  if (c.onboardingStepsDone > 0) {
    const t = s.milestones['signedUp'];
    s.funnels['onboarding'] = { furthestStep: `step-${c.onboardingStepsDone}`, furthestIndex: c.onboardingStepsDone, reachedAt: t, startedAt: t, lastActivityAt: t, completed: c.onboardingStepsDone === 5 };
  }
  // visits: sessionsPrev7d in [now-14d, now-7d), sessionsLast7d in [now-7d, now], spread evenly
  const place = (count: number, from: number) => {
    for (let k = 0; k < count; k++) {
      const start = from + Math.floor(((k + 0.5) * 7 * DAY_MS) / Math.max(count, 1));
      s.visits.sessions.push({ start, end: start + 10 * 60_000, events: 3 });
    }
  };
  place(c.sessionsPrev7d, NOW - 14 * DAY_MS);
  place(c.sessionsLast7d, NOW - 7 * DAY_MS);
  if (c.plan === 'trial') {
    s.subscription.status = 'trialing';
    s.subscription.plan = 'trial';
    if (c.trialDaysLeft !== null) s.subscription.trialEndsAt = NOW + c.trialDaysLeft * DAY_MS;
  }
  if (c.paymentFailed) {
    s.subscription.paymentFailures = 1;
    s.subscription.lastPaymentFailedAt = NOW - DAY_MS;
  }
  s.transactions.orders = c.lifetimeOrders;
  s.transactions.revenue = c.lifetimeValue;
  s.consent.email = { granted: c.emailOptIn, at: NOW - 100 * DAY_MS };
  s.consent.push = { granted: c.pushOptIn, at: NOW - 100 * DAY_MS };
  if (c.featureUsedReports) s.actions['Report Viewed'] = { count: 1, first: NOW - 3 * DAY_MS, last: NOW - 3 * DAY_MS };
  for (let k = 0; k < c.messagesLast7d; k++) s.messages.push({ id: `m${k}`, channel: 'email', score: null, at: NOW - (k + 1) * 12 * HOUR, campaign: null });
  s.metrics['cart_value'] = { value: c.cartValue, updatedAt: NOW };
  s.metrics['seats_used_pct'] = { value: c.seatsUsedPct, updatedAt: NOW };
  s.metrics['open_tickets'] = { value: c.supportTicketsOpen, updatedAt: NOW };
  s.metrics['messages_30d'] = { value: c.messagesLast30d, updatedAt: NOW };
  s.metrics['email_opens_30d'] = { value: c.opensLast30d, updatedAt: NOW };
  const properties = c.csatScore === null ? { path: c.pagePath } : { path: c.pagePath, csat: c.csatScore };
  const event: RetainEvent = { type: 'track', event: c.eventName, properties, messageId: `e-${i}`, timestamp: new Date(NOW).toISOString(), userId: s.id };
  return { state: s, event };
}

// ---------- the 20 rules: json-rules-engine ----------
type JreCondition = { fact: string; operator: string; value: unknown } | { all: JreCondition[] } | { any: JreCondition[] } | { not: JreCondition };
const f = (fact: string, operator: string, value: unknown): JreCondition => ({ fact, operator, value });
const notContacted = f('tags', 'doesNotContain', 'do_not_contact');
const notFatigued = f('messagesLast7d', 'lessThan', 5);
const JRE_RULES: Array<{ name: string; priority: number; conditions: JreCondition }> = [
  { name: 'cart-abandoned-1h', priority: 10, conditions: { all: [f('hoursSinceCartAbandoned', 'greaterThanInclusive', 1), f('hoursSinceCartAbandoned', 'lessThan', 24), f('cartValue', 'greaterThan', 0), f('purchasedSinceCartAbandon', 'equal', false), f('emailOptIn', 'equal', true), notFatigued] } },
  { name: 'cart-abandoned-high-value-24h', priority: 10, conditions: { all: [f('hoursSinceCartAbandoned', 'greaterThanInclusive', 24), f('hoursSinceCartAbandoned', 'lessThan', 72), f('cartValue', 'greaterThanInclusive', 100), f('purchasedSinceCartAbandon', 'equal', false), { any: [f('emailOptIn', 'equal', true), f('pushOptIn', 'equal', true)] }] } },
  { name: 'winback-14d', priority: 5, conditions: { all: [f('daysSinceLastVisit', 'greaterThanInclusive', 14), f('daysSinceLastVisit', 'lessThan', 30), f('lifetimeOrders', 'greaterThanInclusive', 1), { not: f('plan', 'equal', 'enterprise') }, notContacted] } },
  { name: 'winback-30d-discount', priority: 5, conditions: { all: [f('daysSinceLastVisit', 'greaterThanInclusive', 30), f('daysSinceLastVisit', 'lessThan', 90), f('lifetimeValue', 'greaterThanInclusive', 50), f('emailOptIn', 'equal', true), notContacted] } },
  { name: 'sunset-dormant-90d', priority: 1, conditions: { all: [f('daysSinceLastVisit', 'greaterThanInclusive', 90), f('messagesLast30d', 'greaterThanInclusive', 3), f('opensLast30d', 'equal', 0)] } },
  { name: 'negative-feedback-2x', priority: 20, conditions: { all: [f('consecutiveNegativeFeedback', 'greaterThanInclusive', 2), { any: [f('plan', 'in', ['pro', 'enterprise']), f('lifetimeValue', 'greaterThanInclusive', 200)] }] } },
  { name: 'nps-detractor-followup', priority: 20, conditions: { all: [f('npsScore', 'lessThanInclusive', 6), f('daysSinceNpsResponse', 'lessThanInclusive', 7)] } },
  { name: 'nps-promoter-referral', priority: 5, conditions: { all: [f('eventName', 'equal', 'nps_submitted'), f('npsScore', 'greaterThanInclusive', 9), notContacted] } },
  { name: 'activity-drop', priority: 15, conditions: { all: [f('sessionsPrev7d', 'greaterThanInclusive', 5), f('activityDropPct', 'greaterThanInclusive', 50), f('plan', 'notIn', ['free'])] } },
  { name: 'trial-ending-not-activated', priority: 15, conditions: { all: [f('plan', 'equal', 'trial'), f('trialDaysLeft', 'lessThanInclusive', 3), f('trialDaysLeft', 'greaterThanInclusive', 0), { any: [f('activated', 'equal', false), f('sessionsLast7d', 'lessThan', 2)] }] } },
  { name: 'trial-ending-upsell', priority: 10, conditions: { all: [f('plan', 'equal', 'trial'), f('trialDaysLeft', 'lessThanInclusive', 3), f('activated', 'equal', true), f('sessionsLast7d', 'greaterThanInclusive', 2)] } },
  { name: 'payment-failed-dunning', priority: 30, conditions: { all: [f('paymentFailed', 'equal', true), f('plan', 'in', ['pro', 'enterprise'])] } },
  { name: 'seat-limit-upsell', priority: 5, conditions: { all: [f('seatsUsedPct', 'greaterThanInclusive', 90), f('plan', 'equal', 'pro'), { not: f('paymentFailed', 'equal', true) }] } },
  { name: 'onboarding-day3-incomplete', priority: 10, conditions: { all: [f('daysSinceSignup', 'greaterThanInclusive', 3), f('daysSinceSignup', 'lessThanInclusive', 7), f('onboardingStepsDone', 'lessThan', 3)] } },
  { name: 'first-purchase-thankyou', priority: 10, conditions: { all: [f('eventName', 'equal', 'order_completed'), f('lifetimeOrders', 'equal', 1)] } },
  { name: 'second-purchase-nudge', priority: 5, conditions: { all: [f('lifetimeOrders', 'equal', 1), f('daysSinceLastOrder', 'greaterThanInclusive', 21), f('daysSinceLastOrder', 'lessThanInclusive', 45), f('emailOptIn', 'equal', true), notFatigued] } },
  { name: 'vip-recognition', priority: 5, conditions: { all: [f('lifetimeValue', 'greaterThanInclusive', 1000), { any: [f('lifetimeOrders', 'greaterThanInclusive', 10), f('tags', 'contains', 'vip')] }] } },
  { name: 'support-ticket-followup', priority: 10, conditions: { all: [f('eventName', 'equal', 'ticket_closed'), { any: [f('csatScore', 'lessThanInclusive', 2), f('consecutiveNegativeFeedback', 'greaterThanInclusive', 1)] }] } },
  { name: 'feature-adoption-tooltip', priority: 1, conditions: { all: [f('eventName', 'equal', 'page_view'), f('pagePath', 'equal', '/reports'), f('featureUsedReports', 'equal', false), f('sessionsLast7d', 'greaterThanInclusive', 2)] } },
  { name: 'churn-risk-composite', priority: 25, conditions: { all: [notContacted, { any: [
    { all: [f('daysSinceLastVisit', 'greaterThanInclusive', 7), f('activityDropPct', 'greaterThanInclusive', 70)] },
    { all: [f('npsScore', 'lessThanInclusive', 4), f('supportTicketsOpen', 'greaterThanInclusive', 2)] },
    { all: [f('paymentFailed', 'equal', true), f('daysSinceLastVisit', 'greaterThanInclusive', 3)] },
  ] }] } },
];
const RULE_NAMES = JRE_RULES.map((r) => r.name);

// ---------- the same 20 rules in Retain's rule language ----------
const dnc = cond.trait('tags').notContains('do_not_contact');
const notFatiguedR = cond.messages(7).lt(5);
const cartOpen = cond.state('funnels.checkout.completed').eq(false);
const plan = cond.trait('plan');
const lastVisit = cond.since('lastVisit');
const paymentFailed = cond.state('subscription.paymentFailures').gt(0);
const sessions7 = cond.visits(7);
const drop = cond.activityRatio({ recentDays: 7, baselineDays: 7 }); // recent 7 days vs the 7 before, per day
const nps = cond.state('feedback.lastNps.score');
const send = (campaign: string) => ({ campaign, channel: 'email' as const });
export const RETAIN_RULES: RuleBuilder[] = [
  rule('cart-abandoned-1h').priority(10).send(send('cart')).when(cond.funnelStalled('checkout', 'hours').gte(1), cond.funnelStalled('checkout', 'hours').lt(24), cond.metric('cart_value').gt(0), cartOpen, cond.consent('email'), notFatiguedR),
  rule('cart-abandoned-high-value-24h').priority(10).send(send('cart')).when(cond.funnelStalled('checkout', 'hours').between(24, 72), cond.metric('cart_value').gte(100), cartOpen, cond.any(cond.consent('email'), cond.consent('push'))),
  rule('winback-14d').priority(5).send(send('winback')).when(lastVisit.between(14, 30), cond.state('transactions.orders').gte(1), cond.not(plan.eq('enterprise')), dnc),
  rule('winback-30d-discount').priority(5).send(send('winback')).when(lastVisit.between(30, 90), cond.state('transactions.revenue').gte(50), cond.consent('email'), dnc),
  rule('sunset-dormant-90d').priority(1).send(send('sunset')).when(lastVisit.gte(90), cond.metric('messages_30d').gte(3), cond.metric('email_opens_30d').eq(0)),
  rule('negative-feedback-2x').priority(20).send(send('cs-follow-up')).when(cond.consecutiveNegativeFeedback().gte(2), cond.any(plan.in(['pro', 'enterprise']), cond.state('transactions.revenue').gte(200))),
  rule('nps-detractor-followup').priority(20).send(send('feedback-response')).when(nps.lte(6), cond.since('lastFeedback').lte(7)),
  rule('nps-promoter-referral').priority(5).send(send('referral')).when(cond.eventName().eq('nps_submitted'), nps.gte(9), dnc),
  rule('activity-drop').priority(15).send(send('re-engagement')).when(cond.visits(7, 7).gte(5), drop.lte(0.5), plan.notIn(['free'])),
  rule('trial-ending-not-activated').priority(15).send(send('trial')).when(plan.eq('trial'), cond.until('subscription.trialEndsAt').lte(3), cond.until('subscription.trialEndsAt').gte(0), cond.any(cond.state('milestones.activated').missing(), sessions7.lt(2))),
  rule('trial-ending-upsell').priority(10).send(send('trial')).when(plan.eq('trial'), cond.until('subscription.trialEndsAt').lte(3), cond.state('milestones.activated').exists(), sessions7.gte(2)),
  rule('payment-failed-dunning').priority(30).send(send('dunning')).when(paymentFailed, plan.in(['pro', 'enterprise'])),
  rule('seat-limit-upsell').priority(5).send(send('upsell')).when(cond.metric('seats_used_pct').gte(90), plan.eq('pro'), cond.not(paymentFailed)),
  rule('onboarding-day3-incomplete').priority(10).send(send('onboarding')).when(cond.since('signedUp').gte(3), cond.since('signedUp').lte(7), cond.not(cond.funnelReached('onboarding', 3))),
  rule('first-purchase-thankyou').priority(10).send(send('thank-you')).when(cond.eventName().eq('order_completed'), cond.state('transactions.orders').eq(1)),
  rule('second-purchase-nudge').priority(5).send(send('second-purchase')).when(cond.state('transactions.orders').eq(1), cond.since('lastOrder').gte(21), cond.since('lastOrder').lte(45), cond.consent('email'), notFatiguedR),
  rule('vip-recognition').priority(5).send(send('vip')).when(cond.state('transactions.revenue').gte(1000), cond.any(cond.state('transactions.orders').gte(10), cond.trait('tags').contains('vip'))),
  rule('support-ticket-followup').priority(10).send(send('cs-follow-up')).when(cond.eventName().eq('ticket_closed'), cond.any(cond.eventProperty('csat').lte(2), cond.consecutiveNegativeFeedback().gte(1))),
  rule('feature-adoption-tooltip').priority(1).send(send('product-engagement')).when(cond.eventName().eq('page_view'), cond.eventProperty('path').eq('/reports'), cond.actionCount('Report Viewed').eq(0), sessions7.gte(2)),
  rule('churn-risk-composite').priority(25).send(send('churn-remediation')).when(dnc, cond.any(
    cond.all(lastVisit.gte(7), drop.lte(0.3)),
    cond.all(nps.lte(4), cond.metric('open_tickets').gte(2)),
    cond.all(paymentFailed, lastVisit.gte(3)),
  )),
];

// ---------- hand-written closures ----------
const isNum = (v: unknown): v is number => typeof v === 'number';
const noDnc = (c: Facts) => !c.tags.includes('do_not_contact');
/** Over the flat facts (the reference run's baseline). */
const FACT_CLOSURES: Array<(c: Facts) => boolean> = [
  (c) => isNum(c.hoursSinceCartAbandoned) && c.hoursSinceCartAbandoned >= 1 && c.hoursSinceCartAbandoned < 24 && c.cartValue > 0 && c.purchasedSinceCartAbandon === false && c.emailOptIn && c.messagesLast7d < 5,
  (c) => isNum(c.hoursSinceCartAbandoned) && c.hoursSinceCartAbandoned >= 24 && c.hoursSinceCartAbandoned < 72 && c.cartValue >= 100 && c.purchasedSinceCartAbandon === false && (c.emailOptIn || c.pushOptIn),
  (c) => c.daysSinceLastVisit >= 14 && c.daysSinceLastVisit < 30 && c.lifetimeOrders >= 1 && c.plan !== 'enterprise' && noDnc(c),
  (c) => c.daysSinceLastVisit >= 30 && c.daysSinceLastVisit < 90 && c.lifetimeValue >= 50 && c.emailOptIn && noDnc(c),
  (c) => c.daysSinceLastVisit >= 90 && c.messagesLast30d >= 3 && c.opensLast30d === 0,
  (c) => c.consecutiveNegativeFeedback >= 2 && (c.plan === 'pro' || c.plan === 'enterprise' || c.lifetimeValue >= 200),
  (c) => isNum(c.npsScore) && c.npsScore <= 6 && c.daysSinceNpsResponse <= 7,
  (c) => c.eventName === 'nps_submitted' && isNum(c.npsScore) && c.npsScore >= 9 && noDnc(c),
  (c) => c.sessionsPrev7d >= 5 && c.activityDropPct >= 50 && c.plan !== 'free',
  (c) => c.plan === 'trial' && isNum(c.trialDaysLeft) && c.trialDaysLeft <= 3 && c.trialDaysLeft >= 0 && (!c.activated || c.sessionsLast7d < 2),
  (c) => c.plan === 'trial' && isNum(c.trialDaysLeft) && c.trialDaysLeft <= 3 && c.activated && c.sessionsLast7d >= 2,
  (c) => c.paymentFailed && (c.plan === 'pro' || c.plan === 'enterprise'),
  (c) => c.seatsUsedPct >= 90 && c.plan === 'pro' && !c.paymentFailed,
  (c) => c.daysSinceSignup >= 3 && c.daysSinceSignup <= 7 && c.onboardingStepsDone < 3,
  (c) => c.eventName === 'order_completed' && c.lifetimeOrders === 1,
  (c) => c.lifetimeOrders === 1 && isNum(c.daysSinceLastOrder) && c.daysSinceLastOrder >= 21 && c.daysSinceLastOrder <= 45 && c.emailOptIn && c.messagesLast7d < 5,
  (c) => c.lifetimeValue >= 1000 && (c.lifetimeOrders >= 10 || c.tags.includes('vip')),
  (c) => c.eventName === 'ticket_closed' && ((isNum(c.csatScore) && c.csatScore <= 2) || c.consecutiveNegativeFeedback >= 1),
  (c) => c.eventName === 'page_view' && c.pagePath === '/reports' && !c.featureUsedReports && c.sessionsLast7d >= 2,
  (c) => noDnc(c) && ((c.daysSinceLastVisit >= 7 && c.activityDropPct >= 70) || (isNum(c.npsScore) && c.npsScore <= 4 && c.supportTicketsOpen >= 2) || (c.paymentFailed && c.daysSinceLastVisit >= 3)),
];

/** Over the same CustomerState and event as Retain, with core's query helpers: what a developer would hand-write. */
type In = { state: CustomerState; event: RetainEvent };
const trait = (s: CustomerState, k: string) => (Object.hasOwn(s.identity.traits, k) ? s.identity.traits[k] : undefined);
const tagged = (s: CustomerState, tag: string) => {
  const tags = trait(s, 'tags');
  return Array.isArray(tags) && tags.includes(tag);
};
const hoursStalled = (s: CustomerState) => {
  const ms = funnelStalledForMs(s, 'checkout', NOW);
  return ms === null ? null : ms / HOUR;
};
const visits7 = (s: CustomerState) => visitsBetween(s, NOW - 7 * DAY_MS, NOW + 1);
const prev7 = (s: CustomerState) => visitsBetween(s, NOW - 14 * DAY_MS, NOW - 7 * DAY_MS);
const dropRatio = (s: CustomerState) => {
  const p = prev7(s);
  return p === 0 ? null : visits7(s) / p;
};
const daysUntilTrialEnd = (s: CustomerState) => (s.subscription.trialEndsAt === null ? null : (s.subscription.trialEndsAt - NOW) / DAY_MS);
const props = (e: RetainEvent) => (e.type === 'track' ? (e.properties ?? {}) : {});
const eventName = (e: RetainEvent) => (e.type === 'track' ? e.event : undefined);
const STATE_CLOSURES: Array<(x: In) => boolean> = [
  ({ state: s }) => { const h = hoursStalled(s); return h !== null && h >= 1 && h < 24 && (metricValue(s, 'cart_value') ?? 0) > 0 && s.funnels['checkout']?.completed === false && hasConsent(s, 'email') && messagesInLastDays(s, 7, NOW) < 5; },
  ({ state: s }) => { const h = hoursStalled(s); return h !== null && h >= 24 && h < 72 && (metricValue(s, 'cart_value') ?? 0) >= 100 && s.funnels['checkout']?.completed === false && (hasConsent(s, 'email') || hasConsent(s, 'push')); },
  ({ state: s }) => { const d = daysSince(s, 'lastVisit', NOW); return d !== null && d >= 14 && d < 30 && s.transactions.orders >= 1 && trait(s, 'plan') !== 'enterprise' && !tagged(s, 'do_not_contact'); },
  ({ state: s }) => { const d = daysSince(s, 'lastVisit', NOW); return d !== null && d >= 30 && d < 90 && s.transactions.revenue >= 50 && hasConsent(s, 'email') && !tagged(s, 'do_not_contact'); },
  ({ state: s }) => { const d = daysSince(s, 'lastVisit', NOW); return d !== null && d >= 90 && (metricValue(s, 'messages_30d') ?? 0) >= 3 && metricValue(s, 'email_opens_30d') === 0; },
  ({ state: s }) => s.feedback.consecutiveNegatives >= 2 && (trait(s, 'plan') === 'pro' || trait(s, 'plan') === 'enterprise' || s.transactions.revenue >= 200),
  ({ state: s }) => { const d = daysSince(s, 'lastFeedback', NOW); return s.feedback.lastNps !== null && s.feedback.lastNps.score <= 6 && d !== null && d <= 7; },
  ({ state: s, event: e }) => eventName(e) === 'nps_submitted' && s.feedback.lastNps !== null && s.feedback.lastNps.score >= 9 && !tagged(s, 'do_not_contact'),
  ({ state: s }) => { const r = dropRatio(s); return prev7(s) >= 5 && r !== null && r <= 0.5 && trait(s, 'plan') !== 'free'; },
  ({ state: s }) => { const d = daysUntilTrialEnd(s); return trait(s, 'plan') === 'trial' && d !== null && d <= 3 && d >= 0 && (s.milestones['activated'] === undefined || visits7(s) < 2); },
  ({ state: s }) => { const d = daysUntilTrialEnd(s); return trait(s, 'plan') === 'trial' && d !== null && d <= 3 && s.milestones['activated'] !== undefined && visits7(s) >= 2; },
  ({ state: s }) => s.subscription.paymentFailures > 0 && (trait(s, 'plan') === 'pro' || trait(s, 'plan') === 'enterprise'),
  ({ state: s }) => (metricValue(s, 'seats_used_pct') ?? 0) >= 90 && trait(s, 'plan') === 'pro' && !(s.subscription.paymentFailures > 0),
  ({ state: s }) => { const d = daysSince(s, 'signedUp', NOW); return d !== null && d >= 3 && d <= 7 && !funnelStepReached(s, 'onboarding', 3); },
  ({ state: s, event: e }) => eventName(e) === 'order_completed' && s.transactions.orders === 1,
  ({ state: s }) => { const d = daysSince(s, 'lastOrder', NOW); return s.transactions.orders === 1 && d !== null && d >= 21 && d <= 45 && hasConsent(s, 'email') && messagesInLastDays(s, 7, NOW) < 5; },
  ({ state: s }) => s.transactions.revenue >= 1000 && (s.transactions.orders >= 10 || tagged(s, 'vip')),
  ({ state: s, event: e }) => { const csat = props(e)['csat']; return eventName(e) === 'ticket_closed' && ((typeof csat === 'number' && csat <= 2) || s.feedback.consecutiveNegatives >= 1); },
  ({ state: s, event: e }) => eventName(e) === 'page_view' && props(e)['path'] === '/reports' && actionCount(s, 'Report Viewed') === 0 && visits7(s) >= 2,
  ({ state: s }) => {
    if (tagged(s, 'do_not_contact')) return false;
    const d = daysSince(s, 'lastVisit', NOW) ?? -1;
    const r = dropRatio(s);
    const n = s.feedback.lastNps;
    return (d >= 7 && r !== null && r <= 0.3) || (n !== null && n.score <= 4 && (metricValue(s, 'open_tickets') ?? 0) >= 2) || (s.subscription.paymentFailures > 0 && d >= 3);
  },
];

// ---------- run ----------
const PRIOS = JRE_RULES.map((r) => r.priority);
function firedSorted<T>(closures: Array<(x: T) => boolean>, x: T): number[] {
  const fired: number[] = [];
  for (let i = 0; i < closures.length; i++) if ((closures[i] as (x: T) => boolean)(x)) fired.push(i);
  fired.sort((a, b) => (PRIOS[b] as number) - (PRIOS[a] as number));
  return fired;
}

/** Per-rule fire counts of the four implementations (for the assertion, and for a test). */
export async function fireCounts(n: number): Promise<Record<'jre' | 'retain' | 'closuresState' | 'closuresFacts', number[]>> {
  const customers = generateCustomers(n);
  const inputs = customers.map(toStateAndEvent);
  const engine = new Engine(JSON.parse(JSON.stringify(JRE_RULES.map((r) => ({ ...r, event: { type: r.name } })))), { allowUndefinedFacts: true });
  const ruleSet = compileRules(JSON.parse(JSON.stringify(RETAIN_RULES)));
  const index = new Map(RULE_NAMES.map((name, i) => [name, i]));
  const counts = { jre: zeros(), retain: zeros(), closuresState: zeros(), closuresFacts: zeros() };
  for (let i = 0; i < n; i++) {
    const c = customers[i] as Facts;
    const input = inputs[i] as In;
    const { events } = await engine.run(c as unknown as Record<string, unknown>);
    const bump = (list: number[], k: number | undefined) => {
      if (k === undefined) throw new Error('a rule fired that the bench does not know');
      list[k] = (list[k] ?? 0) + 1;
    };
    for (const e of events) bump(counts.jre, index.get(e.type));
    for (const d of evaluate(ruleSet, input.state, { event: input.event, now: NOW }).decisions) bump(counts.retain, index.get(d.ruleId));
    for (const k of firedSorted(STATE_CLOSURES, input)) bump(counts.closuresState, k);
    for (const k of firedSorted(FACT_CLOSURES, c)) bump(counts.closuresFacts, k);
  }
  return counts;
}
const zeros = () => RULE_NAMES.map(() => 0);

async function main(): Promise<void> {
  const counts = await fireCounts(N);
  const mismatched = RULE_NAMES.filter((_, i) => new Set([counts.jre[i], counts.retain[i], counts.closuresState[i], counts.closuresFacts[i]]).size !== 1);
  if (mismatched.length > 0) {
    console.error('per-rule fire counts differ:', mismatched, counts);
    process.exit(1);
  }
  const totalFired = counts.jre.reduce((a, b) => a + b, 0);

  const customers = generateCustomers(N);
  const inputs = customers.map(toStateAndEvent);
  const engine = new Engine(JSON.parse(JSON.stringify(JRE_RULES.map((r) => ({ ...r, event: { type: r.name } })))), { allowUndefinedFacts: true });
  const ruleSet = compileRules(JSON.parse(JSON.stringify(RETAIN_RULES))); // from stored JSON, as a host would
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
  const med = (xs: Array<{ wall: number; cpu: number }>) => ({ wall: median(xs.map((x) => x.wall)), cpu: median(xs.map((x) => x.cpu)) });

  // Two clocks: wall time, and this process's CPU time (user + system), which the other
  // processes of a shared machine disturb far less. The summary line uses CPU time.
  type Rate = { wall: number; cpu: number };
  const cpuMs = () => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1000;
  };
  async function timeJre(): Promise<Rate> {
    let sink = 0;
    const w0 = performance.now();
    const c0 = cpuMs();
    for (const c of customers) sink += (await engine.run(c as unknown as Record<string, unknown>)).events.length;
    const cpu = cpuMs() - c0;
    const wall = performance.now() - w0;
    if (sink !== totalFired) throw new Error('json-rules-engine fired a different number of rules');
    return { wall: N / (wall / 1000), cpu: N / (cpu / 1000) };
  }
  function timeSync(reps: number, one: (i: number) => number): Rate {
    let sink = 0;
    const w0 = performance.now();
    const c0 = cpuMs();
    for (let r = 0; r < reps; r++) for (let i = 0; i < N; i++) sink += one(i);
    const cpu = cpuMs() - c0;
    const wall = performance.now() - w0;
    if (sink !== totalFired * reps) throw new Error('a run fired a different number of rules');
    return { wall: (N * reps) / (wall / 1000), cpu: (N * reps) / (cpu / 1000) };
  }
  const retainOne = (i: number) => {
    const x = inputs[i] as In;
    return evaluate(ruleSet, x.state, { event: x.event, now: NOW }).decisions.length;
  };
  const retainNoExplain = (i: number) => {
    const x = inputs[i] as In;
    return evaluate(ruleSet, x.state, { event: x.event, now: NOW, explain: false }).decisions.length;
  };
  const stateOne = (i: number) => firedSorted(STATE_CLOSURES, inputs[i] as In).length;
  const factsOne = (i: number) => firedSorted(FACT_CLOSURES, customers[i] as Facts).length;

  await timeJre();
  await timeJre();
  const jre: Rate[] = [];
  // interleave all the contenders, round after round, so that machine load hits them alike
  const rows = { retain: [] as Rate[], retainNoExplain: [] as Rate[], closuresState: [] as Rate[], closuresFacts: [] as Rate[] };
  for (const fn of [retainOne, retainNoExplain, stateOne, factsOne]) timeSync(3, fn); // warm-up
  for (let r = 0; r < RUNS; r++) {
    jre.push(await timeJre());
    rows.retain.push(timeSync(5, retainOne));
    rows.retainNoExplain.push(timeSync(5, retainNoExplain));
    rows.closuresState.push(timeSync(5, stateOne));
    rows.closuresFacts.push(timeSync(20, factsOne));
  }

  const fmt = (x: number) => Math.round(x).toLocaleString('en-US');
  const jreMed = med(jre);
  const retainMed = med(rows.retain);
  const closuresMed = med(rows.closuresState);
  console.log(`node ${process.version}, json-rules-engine 7.3.1, customers=${N}, rules=${RULE_NAMES.length}, runs=${RUNS} (median), load average ${loadavg().map((x) => x.toFixed(1)).join(' ')} on ${availableParallelism()} cores`);
  console.log(`fired ${totalFired} (avg ${(totalFired / N).toFixed(2)}/customer); per-rule fire counts identical across json-rules-engine, Retain, closures (state), closures (facts): yes`);
  console.log('');
  console.log('| contender | input | customers/CPU-s | customers/s (wall) | µs CPU/customer |');
  console.log('| --- | --- | ---: | ---: | ---: |');
  const row = (name: string, input: string, v: Rate) => console.log(`| ${name} | ${input} | ${fmt(v.cpu)} | ${fmt(v.wall)} | ${(1e6 / v.cpu).toFixed(2)} |`);
  row('json-rules-engine `await engine.run()`', 'flat precomputed facts', jreMed);
  row('Retain `evaluate()` (with explanations)', 'CustomerState + event', retainMed);
  row('Retain `evaluate({ explain: false })`', 'CustomerState + event', med(rows.retainNoExplain));
  row('hand-written closures', 'CustomerState + event', closuresMed);
  row('hand-written closures', 'flat precomputed facts', med(rows.closuresFacts));
  console.log('');
  console.log('per-rule fire counts:');
  RULE_NAMES.forEach((name, i) => console.log(`  ${name.padEnd(30)} ${String(counts.jre[i]).padStart(6)}`));
  console.log('');
  console.log('summary: customers per CPU-second; retain = evaluate() with explanations; closures = hand-written over the same CustomerState');
  console.log(`rules: retain ${fmt(retainMed.cpu)} customers/s, json-rules-engine ${fmt(jreMed.cpu)} customers/s, ratio ${(retainMed.cpu / jreMed.cpu).toFixed(1)}x, vs closures ${(closuresMed.cpu / retainMed.cpu).toFixed(2)}x`);
}

if (process.argv[1] !== undefined && import.meta.url === new URL(`file://${process.argv[1]}`).href) await main();
