/**
 * The demo shop's backend logic, built from `@retain/node`: the trigger rules (the rules
 * engine), the message catalogue the send checks score, the send policy (`checkSend` against
 * goodwill, consent and caps), and the per-customer summary shown on the customers page.
 */
import { cond, epochDay } from '@retain/core';
import type { AliveModel } from './cdnow-analysis.js';
import { customerGoodwill, defaultPolicy, explainJourney, healthScore, journey, journeyPositions, rule, summarizeCustomerState } from '@retain/node';
import type { JourneyJson, DecisionCounts, MessageCatalogue, RuleJson, SendPolicyInput, StoredState } from '@retain/node';

/** The shop's rules (DOMAIN.md §2: feedback response, CS follow-up, cart abandon — and a careless upsell). */
export const SHOP_RULES: readonly RuleJson[] = [
  rule('detractor-follow-up')
    .describe('A low score gets a person on the phone (CS follow-up)')
    .on('Feedback Given')
    .when(cond.event('properties.nps').lte(6))
    .send({ campaign: 'cs-follow-up', message: 'cs-call-offer', channel: 'email' })
    .priority(10)
    .toJSON(),
  rule('feedback-response')
    .describe('Every score gets an answer (feedback response)')
    .on('Feedback Given')
    .when(cond.event('properties.nps').exists())
    .send({ campaign: 'feedback', message: 'feedback-reply', channel: 'email' })
    .toJSON(),
  rule('cart-abandon')
    .describe('Left with a full cart: remind them once a day at most')
    .on('Shop Left')
    .when(cond.event('properties.cart_size').gt(0))
    .send({ campaign: 'cart-abandon', message: 'cart-reminder', channel: 'email' })
    .cooldown(1, 'days')
    .toJSON(),
  rule('upsell-blast')
    .describe('A generic promotion on every add to cart (the send checks should stop it)')
    .on('Product Added')
    .when(cond.event('properties.price').gt(0))
    .send({ campaign: 'promo', message: 'promo-blast', channel: 'email' })
    .toJSON(),
];

/** How each message scores on the Subjective Message Value Scorecard (DOMAIN.md §3). */
export const SHOP_MESSAGES: MessageCatalogue = {
  'feedback-reply': { value: 'high', effort: 'low', relevantTo: ['Feedback Given'] },
  'cs-call-offer': { value: 'high', effort: 'low', relevantTo: ['Feedback Given'] },
  'cart-reminder': { value: 'medium', effort: 'low', relevantTo: ['Product Added'] },
  'promo-blast': { value: 'low', effort: 'medium', relevance: 'none', highFrequency: true },
  'order-thanks': { value: 'high', effort: 'low', relevantTo: ['Order Completed'] },
  'review-request': { value: 'medium', effort: 'medium', relevantTo: ['Feedback Given'] },
};

/**
 * The shop's journey (DOMAIN.md: post-purchase feedback as a workflow, not one rule per step):
 * after an order, a thank-you; then wait up to two days for a score; a promoter (NPS ≥ 9) is
 * asked for a review. Detractors are left to the CS follow-up rule above.
 */
export const SHOP_JOURNEYS: readonly JourneyJson[] = [
  journey('post-purchase')
    .describe('Thank-you after an order, then a review request for promoters')
    .on('Order Completed', { reentry: { after: { value: 1, unit: 'days' } } })
    .send('thank-you', { message: 'order-thanks', channel: 'email', campaign: 'post-purchase' })
    .waitFor('wait-for-score', 'Feedback Given', { timeout: { value: 2, unit: 'days' }, onTimeout: 'done' })
    .branch('promoter?', [{ name: 'promoter', when: cond.event('properties.nps').gte(9), next: 'review' }], 'done')
    .send('review', { message: 'review-request', channel: 'email', campaign: 'post-purchase', next: 'done' })
    .exit('done', 'post-purchase journey finished')
    .exitWhen('unsubscribed', cond.optedOut('email'))
    .toJSON(),
];

/** The demo's send policy: the default one, with caps loose enough for a few minutes of clicking. */
export const SHOP_POLICY: SendPolicyInput = {
  ...defaultPolicy,
  caps: [
    { channel: 'all', max: 8, windowDays: 1 },
    { channel: 'email', max: 4, windowDays: 1 },
    { channel: 'in_context', max: 6, windowDays: 1 },
  ],
};

/** What the customers page shows per customer. */
export interface CustomerSummary {
  id: string;
  name: string | null;
  eventCount: number;
  visits: number;
  orders: number;
  revenue: number;
  lastSeen: number | null;
  /** Events per day over the last 14 days (oldest first). */
  activity: number[];
  /** The churn health score (0–100) and its main reason. */
  health: { score: number; label: string };
  goodwill: number;
  /** P(alive) under the BG/NBD model fitted on CDNOW (null before the fit, or before a first order). */
  pAlive: number | null;
  rulesFired: Array<{ rule: string; allowed: number; refused: number }>;
  /** Where the customer is in each journey they entered, and what comes next (explainJourney). */
  journeys: Array<{ journey: string; status: string; step: string | null; summary: string; nextAt: number | null; last: string | null }>;
}

/** Options of {@link createShopBackend}. */
export interface ShopBackendOptions {
  now: () => number;
}

/**
 * The shop's decision log and customer summaries.
 *
 * @example
 * ```ts
 * import { createShopBackend } from './shop-backend.js';
 * const backend = createShopBackend({ now: Date.now });
 * backend.forget('shopper-1');
 * ```
 */
export function createShopBackend(options: ShopBackendOptions) {
  let model: AliveModel | undefined;

  return {
    /** Uses a fitted model (weeks) for P(alive): the one the CDNOW comparison chose. */
    useModel(chosen: AliveModel): void {
      model = chosen;
    },
    /** The model scoring P(alive), once one is set. */
    modelName(): string | null {
      return model?.name ?? null;
    },
    summarize(record: StoredState): CustomerSummary {
      const { state } = record;
      const now = options.now();
      const today = epochDay(now);
      const name = state.identity.traits['name'];
      const summary = model === undefined ? null : summarizeCustomerState(state, now, { unit: 'weeks' });
      return {
        id: state.id,
        name: typeof name === 'string' ? name : null,
        eventCount: state.eventCount,
        visits: state.visits.sessions.length + state.visits.archived.count,
        orders: state.transactions.orders,
        revenue: state.transactions.revenue,
        lastSeen: state.visits.lastSeen,
        activity: Array.from({ length: 14 }, (_, i) => state.activity[String(today - 13 + i)] ?? 0),
        health: health(state, now),
        goodwill: customerGoodwill(state, now),
        pAlive: model === undefined || summary === null ? null : model.probabilityAlive(summary),
        // What the rules decided, counted by the ingest handler in the stored record (survives restarts).
        rulesFired: Object.entries((record.memory['decided'] ?? {}) as DecisionCounts).map(([rule, c]) => ({ rule, allowed: c.allowed, refused: c.refused })),
        journeys: SHOP_JOURNEYS.flatMap((j) => {
          const position = journeyPositions(record.memory)[j.id];
          if (position === undefined) return [];
          const e = explainJourney(j, { position, now });
          const last = position.history[position.history.length - 1];
          return [{ journey: j.id, status: e.status, step: e.step?.id ?? null, summary: e.summary, nextAt: e.next?.at ?? null, last: last === undefined ? null : `${last.step}: ${last.outcome}${last.detail === undefined ? '' : ` (${last.detail})`}` }];
        }),
      };
    },
  };
}

function health(state: StoredState['state'], now: number): CustomerSummary['health'] {
  const { score, reasons } = healthScore(state, now);
  return { score, label: reasons[0]?.detail ?? 'no sign of risk' };
}
