/**
 * Ready-made journeys, from the same conditions and messages as the rule templates
 * (`templates.welcomeSeries`, `cartAbandon`, `winback`, `feedbackResponse`, …), but as one
 * workflow per customer: waits, branches, holdouts, goals and exits.
 */
import { cond, conditionJson, type Channel, type ConditionInput } from '@retain/core';
import { mayMarket } from '../rules/templates/reach.js';
import type { JourneyJson } from './journey.js';

const json = (c: ConditionInput) => conditionJson(c);
const days = (value: number) => ({ value, unit: 'days' as const });
const hours = (value: number) => ({ value, unit: 'hours' as const });
/** Everyone who unsubscribed from the channel leaves. */
const unsubscribed = (channel: Channel) => ({ name: 'unsubscribed', when: json(cond.optedOut(channel)) });

/** Options shared by the ready-made journeys. */
export interface JourneyTemplateOptions {
  /** The journey id. Defaults to the template's name. */
  id?: string;
  /** @default 'email' */
  channel?: Channel;
}

/**
 * Onboarding: welcome → wait up to 7 days for a first purchase → recommendations for buyers, a
 * nudge for the others → then engagement tips. Converts on the second order.
 *
 * @example
 * ```ts
 * import { journeyTemplates } from '@retain/node';
 * journeyTemplates.onboarding().steps.map((s) => s.id); // ['welcome', 'wait-for-purchase', 'bought?', …]
 * ```
 */
function onboarding(options: JourneyTemplateOptions & { purchaseWithinDays?: number } = {}): JourneyJson {
  const channel = options.channel ?? 'email';
  return {
    id: options.id ?? 'onboarding',
    description: 'Welcome, branch on the first purchase, then recommendations or a nudge, then engagement',
    entry: { event: 'Signed Up' },
    steps: [
      { id: 'welcome', type: 'send', message: 'welcome', channel, campaign: 'onboarding' },
      { id: 'wait-for-purchase', type: 'wait', untilEvent: { event: 'Order Completed' }, timeout: days(options.purchaseWithinDays ?? 7), onTimeout: 'nudge' },
      { id: 'bought?', type: 'branch', branches: [{ name: 'bought', when: json(cond.state('transactions.orders').gte(1)), next: 'recommendations' }], otherwise: 'nudge' },
      { id: 'recommendations', type: 'send', message: 'recommendations', channel, campaign: 'onboarding', next: 'settle' },
      { id: 'nudge', type: 'send', message: 'first-purchase-nudge', channel, campaign: 'onboarding', onRefused: 'wait', retryAfter: days(1), retries: 2 },
      { id: 'settle', type: 'wait', for: days(3) },
      { id: 'engagement', type: 'send', message: 'engagement-tips', channel, campaign: 'onboarding' },
    ],
    goal: { when: json(cond.state('transactions.orders').gte(2)) },
    exits: [unsubscribed(channel)],
  };
}

/**
 * Cart recovery with a holdout: on `Checkout Started`, wait an hour for the order; if none, 90 %
 * get a reminder (and a second one a day later), 10 % are held out to measure the lift.
 *
 * @example
 * ```ts
 * import { journeyTemplates } from '@retain/node';
 * journeyTemplates.cartRecovery({ holdout: 0.2 }).steps.find((s) => s.type === 'split');
 * ```
 */
function cartRecovery(options: JourneyTemplateOptions & { holdout?: number } = {}): JourneyJson {
  const channel = options.channel ?? 'email';
  const holdout = options.holdout ?? 0.1;
  return {
    id: options.id ?? 'cart-recovery',
    description: 'A reminder when a checkout is left, with a holdout arm',
    entry: { event: 'Checkout Started', reentry: { after: days(7) } },
    steps: [
      { id: 'wait-for-order', type: 'wait', untilEvent: { event: 'Order Completed' }, timeout: hours(1), onTimeout: 'split', next: 'done' },
      { id: 'split', type: 'split', arms: [{ name: 'reminded', weight: 1 - holdout, next: 'may-market?' }, { name: 'holdout', weight: holdout, holdout: true, next: 'reminder' }] },
      { id: 'may-market?', type: 'branch', branches: [{ name: 'may market', when: json(mayMarket(channel)), next: 'reminder' }], otherwise: 'done' },
      { id: 'reminder', type: 'send', message: 'cart-reminder', channel, campaign: 'cart-abandon' },
      { id: 'wait-a-day', type: 'wait', untilEvent: { event: 'Order Completed' }, timeout: days(1), onTimeout: 'second-reminder', next: 'done' },
      { id: 'second-reminder', type: 'send', message: 'cart-reminder-2', channel, campaign: 'cart-abandon' },
      { id: 'done', type: 'exit', reason: 'cart recovery finished' },
    ],
    goal: { event: 'Order Completed' },
    exits: [unsubscribed(channel)],
  };
}

/**
 * Win-back on an activity drop: a customer with orders who has not visited for `afterDays` gets a
 * "we miss you", then an offer a week later if still away; converts on the next visit.
 *
 * @example
 * ```ts
 * import { journeyTemplates } from '@retain/node';
 * journeyTemplates.winback({ afterDays: 21 }).entry; // { when: …, reentry: { after: 90 days } }
 * ```
 */
function winback(options: JourneyTemplateOptions & { afterDays?: number } = {}): JourneyJson {
  const channel = options.channel ?? 'email';
  return {
    id: options.id ?? 'winback',
    description: 'Activity dropped: we miss you, then an offer',
    entry: { when: json(cond.all(cond.since('lastVisit').gte(options.afterDays ?? 14), cond.state('transactions.orders').gte(1))), reentry: { after: days(90) } },
    steps: [
      { id: 'miss-you', type: 'send', message: 'we-miss-you', channel, campaign: 'winback' },
      { id: 'wait-for-visit', type: 'wait', until: json(cond.since('lastVisit').lt(1)), timeout: days(7), onTimeout: 'offer', next: 'welcome-back' },
      { id: 'offer', type: 'send', message: 'winback-offer', channel, campaign: 'winback', payload: { discount: 10 }, next: 'final-wait' },
      { id: 'welcome-back', type: 'exit', reason: 'came back' },
      { id: 'final-wait', type: 'wait', for: days(14) },
    ],
    goal: { event: 'Order Completed' },
    exits: [unsubscribed(channel)],
  };
}

/**
 * Post-purchase feedback with a detractor follow-up: three days after an order, ask for a score;
 * a low score (NPS ≤ 6) gets a person's call offer, a high one a thank-you.
 *
 * @example
 * ```ts
 * import { journeyTemplates } from '@retain/node';
 * journeyTemplates.postPurchaseFeedback().steps.length; // 6
 * ```
 */
function postPurchaseFeedback(options: JourneyTemplateOptions & { askAfterDays?: number } = {}): JourneyJson {
  const channel = options.channel ?? 'email';
  return {
    id: options.id ?? 'post-purchase-feedback',
    description: 'Ask for feedback after an order; follow up detractors',
    entry: { event: 'Order Completed', reentry: { after: days(30) } },
    steps: [
      { id: 'settle', type: 'wait', for: days(options.askAfterDays ?? 3) },
      { id: 'ask', type: 'send', message: 'feedback-request', channel, campaign: 'feedback', onRefused: 'wait', retryAfter: days(1), retries: 2 },
      { id: 'wait-for-score', type: 'wait', untilEvent: { event: 'Feedback Given' }, timeout: days(7), onTimeout: 'no-answer' },
      { id: 'detractor?', type: 'branch', branches: [{ name: 'detractor', when: json(cond.eventProperty('nps').lte(6)), next: 'cs-call' }], otherwise: 'thanks' },
      { id: 'cs-call', type: 'send', message: 'cs-call-offer', channel, campaign: 'cs-follow-up', next: 'no-answer' },
      { id: 'thanks', type: 'send', message: 'feedback-thanks', channel, campaign: 'feedback', next: 'no-answer' },
      { id: 'no-answer', type: 'exit', reason: 'feedback loop finished' },
    ],
    exits: [unsubscribed(channel)],
  };
}

/** Loyalty tiers by orders or revenue over a window. */
export interface LoyaltyTier {
  name: string;
  /** Orders needed (in the state's lifetime counters). */
  minOrders?: number;
  /** Revenue needed. */
  minRevenue?: number;
}

/**
 * Loyalty tiers: after each order, the customer's tier is computed from orders and revenue
 * (highest first); a new tier is set as a trait (`loyalty_tier`) and announced.
 *
 * @example
 * ```ts
 * import { journeyTemplates } from '@retain/node';
 * journeyTemplates.loyaltyTiers({ tiers: [{ name: 'gold', minOrders: 10 }, { name: 'silver', minOrders: 3 }] }).id; // 'loyalty-tiers'
 * ```
 */
function loyaltyTiers(options: JourneyTemplateOptions & { tiers?: readonly LoyaltyTier[] } = {}): JourneyJson {
  const channel = options.channel ?? 'email';
  const tiers = options.tiers ?? [
    { name: 'gold', minOrders: 10, minRevenue: 1000 },
    { name: 'silver', minOrders: 3, minRevenue: 250 },
  ];
  const qualifies = (t: LoyaltyTier) =>
    json(
      cond.any(
        ...(t.minOrders === undefined ? [] : [cond.state('transactions.orders').gte(t.minOrders)]),
        ...(t.minRevenue === undefined ? [] : [cond.state('transactions.revenue').gte(t.minRevenue)]),
      ),
    );
  const isTier = (t: LoyaltyTier) => json(cond.state('identity.traits.loyalty_tier').eq(t.name));
  return {
    id: options.id ?? 'loyalty-tiers',
    description: 'A tier from orders and revenue; a journey step on each tier change',
    entry: { event: 'Order Completed', reentry: 'after-exit' },
    steps: [
      {
        id: 'tier?',
        type: 'branch',
        branches: tiers.map((t) => ({ name: t.name, when: json(cond.all(qualifies(t), cond.not(isTier(t)))), next: `set-${t.name}` })),
        otherwise: 'unchanged',
      },
      ...tiers.flatMap((t) => [
        { id: `set-${t.name}`, type: 'update' as const, set: { loyalty_tier: t.name } },
        { id: `announce-${t.name}`, type: 'send' as const, message: `tier-${t.name}`, channel, campaign: 'loyalty', next: 'unchanged' },
      ]),
      { id: 'unchanged', type: 'exit', reason: 'tier checked' },
    ],
    exits: [unsubscribed(channel)],
  };
}

/**
 * The ready-made journeys. Each returns plain JSON; change it, or pass it to `compileJourney`.
 *
 * @example
 * ```ts
 * import { compileJourney, journeyTemplates } from '@retain/node';
 * const journeys = [journeyTemplates.onboarding(), journeyTemplates.cartRecovery()].map((j) => compileJourney(j));
 * ```
 */
export const journeyTemplates = { onboarding, cartRecovery, winback, postPurchaseFeedback, loyaltyTiers } as const;
