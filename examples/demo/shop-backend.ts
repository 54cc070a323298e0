/**
 * The demo shop's backend logic: which messages the rules propose after each event, the send
 * check that allows or refuses each one against the customer's goodwill, and the per-customer
 * summary shown on the customers page.
 */
import { evaluateCondition, goodwill, goodwillAfterSend, hasOptedOut, scoreMessage, epochDay } from '@retain/core';
import type { Condition, Message } from '@retain/core';
import type { IngestDecision, IngestPolicy, IngestRules, StoredState } from '@retain/node';

/** One shop rule: when it fires, and the message it proposes (scored with the message scorecard). */
export interface ShopRule {
  id: string;
  when: Condition;
  message: Message;
}

/** The shop's rules (DOMAIN.md §2: feedback response, CS follow-up, cart abandon, upsell). */
export const SHOP_RULES: readonly ShopRule[] = [
  {
    id: 'feedback-response',
    when: { event: 'event', op: 'eq', value: 'Feedback Given' },
    message: { id: 'feedback-reply', channel: 'email', value: 'high', effort: 'low', relevance: 'high', relevantTo: ['Feedback Given'], campaign: 'feedback' },
  },
  {
    id: 'detractor-follow-up',
    when: { all: [{ event: 'event', op: 'eq', value: 'Feedback Given' }, { event: 'properties.nps', op: 'lte', value: 6 }] },
    message: { id: 'cs-call-offer', channel: 'email', value: 'high', effort: 'low', relevance: 'high', relevantTo: ['Feedback Given'], campaign: 'cs-follow-up' },
  },
  {
    id: 'cart-abandon',
    when: { all: [{ event: 'event', op: 'eq', value: 'Shop Left' }, { event: 'properties.cart_size', op: 'gt', value: 0 }] },
    message: { id: 'cart-reminder', channel: 'email', value: 'medium', effort: 'low', relevance: 'high', relevantTo: ['Product Added'], campaign: 'cart-abandon' },
  },
  {
    id: 'upsell-blast',
    when: { event: 'event', op: 'eq', value: 'Product Added' },
    message: { id: 'promo-sms', channel: 'sms', value: 'low', effort: 'low', relevance: 'low', highFrequency: true, campaign: 'promo' },
  },
];

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
  health: { score: number; label: string } | null;
  goodwill: number | null;
  pAlive: number | null;
  rulesFired: Array<{ rule: string; allowed: number; refused: number }>;
}

/** Options of {@link createShopBackend}. */
export interface ShopBackendOptions {
  now: () => number;
  /** The goodwill a send may not take the customer below. @default 0 */
  goodwillFloor?: number;
}

/**
 * The shop's rules, send check and summaries.
 *
 * @example
 * ```ts
 * import { createShopBackend } from './shop-backend.js';
 * const backend = createShopBackend({ now: Date.now });
 * void backend.rules; // pass to createIngestHandler({ rules, policy })
 * ```
 */
export function createShopBackend(options: ShopBackendOptions) {
  const floor = options.goodwillFloor ?? 0;
  const fired = new Map<string, Map<string, { allowed: number; refused: number }>>();

  const rules: IngestRules = ({ state, event, now }) => ({
    messages: SHOP_RULES.filter((rule) => evaluateCondition(rule.when, { state, event, now })).map((rule) => ({
      rule: rule.id,
      id: rule.message.id,
      channel: rule.message.channel,
      ...(rule.message.campaign === undefined ? {} : { campaign: rule.message.campaign }),
      score: scoreMessage(rule.message, state, now).score,
    })),
  });

  const policy: IngestPolicy = ({ state, message, now }) => {
    const definition = SHOP_RULES.find((rule) => rule.id === message.rule)?.message;
    if (hasOptedOut(state, message.channel)) return { allowed: false, reasons: [`the customer opted out of ${message.channel}`] };
    const score = definition === undefined ? (message.score ?? 0) : scoreMessage(definition, state, now).score;
    const change = goodwillAfterSend(state.messages, score, now);
    const line = `message score ${score}; goodwill ${change.before.toFixed(1)} → ${change.after.toFixed(1)}`;
    // A message that gives value repays goodwill, so it may go out even when goodwill is low;
    // one that takes value may not push goodwill below the floor (list burn, fatigue).
    if (change.after < change.before && change.after < floor) return { allowed: false, reasons: [line, `would take goodwill below ${floor}: refused to protect the relationship`] };
    return { allowed: true, reasons: [line] };
  };

  return {
    rules,
    policy,
    /** Counts the decision against its rule for the customers page. */
    remember(decision: IngestDecision): void {
      let byRule = fired.get(decision.customerId);
      if (byRule === undefined) fired.set(decision.customerId, (byRule = new Map()));
      const count = byRule.get(decision.message.rule) ?? { allowed: 0, refused: 0 };
      if (decision.allowed) count.allowed++;
      else count.refused++;
      byRule.set(decision.message.rule, count);
    },
    forget(customerId: string): void {
      fired.delete(customerId);
    },
    summarize(record: StoredState): CustomerSummary {
      const { state } = record;
      const now = options.now();
      const today = epochDay(now);
      const activity = Array.from({ length: 14 }, (_, i) => state.activity[String(today - 13 + i)] ?? 0);
      const name = state.identity.traits['name'];
      return {
        id: state.id,
        name: typeof name === 'string' ? name : null,
        eventCount: state.eventCount,
        visits: state.visits.sessions.length + state.visits.archived.count,
        orders: state.transactions.orders,
        revenue: state.transactions.revenue,
        lastSeen: state.visits.lastSeen,
        activity,
        health: null,
        goodwill: goodwill(state.messages, now),
        pAlive: null,
        rulesFired: [...(fired.get(state.id) ?? new Map<string, { allowed: number; refused: number }>())].map(([rule, c]) => ({ rule, ...c })),
      };
    },
  };
}

