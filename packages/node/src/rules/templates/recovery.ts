/** Recovery templates: winback, cart-abandon disposition, churn remediation, payment failure. */
import { cond } from '@retain/core';
import type { RuleBuilder } from '../builder.js';
import { mayInform, mayMarket } from './reach.js';
import { base, type TemplateOptions } from './template-options.js';

/**
 * Options of `templates.winback`.
 *
 * @example
 * ```ts
 * import { templates, type WinbackOptions } from '@retain/node';
 * const options: WinbackOptions = { channel: 'email' };
 * const rule = templates.winback(options);
 * ```
 */
export interface WinbackOptions extends TemplateOptions {
  /** Days without a visit. @default 14 */
  afterDays?: number;
  /** Give up after this many days. @default 90 */
  untilDays?: number;
  /** Orders needed (a customer worth winning back). @default 1 */
  minOrders?: number;
  /** @default 30 */
  cooldownDays?: number;
}

/**
 * Winback: a customer who bought and has not visited for 14 days.
 *
 * @example
 * ```ts
 * import { templates } from '@retain/node';
 * const rule = templates.winback({ afterDays: 21, payload: { discount: 10 } });
 * ```
 */
export function winback(options: WinbackOptions = {}): RuleBuilder {
  const channel = options.channel ?? 'email';
  return base('winback', options, { channel, priority: 5 })
    .describe(`No visit for ${options.afterDays ?? 14} days`)
    .when(cond.since('lastVisit').between(options.afterDays ?? 14, options.untilDays ?? 90), cond.state('transactions.orders').gte(options.minOrders ?? 1), mayMarket(channel))
    .cooldown(options.cooldownDays ?? 30, 'days');
}

/**
 * Options of `templates.cartAbandon`.
 *
 * @example
 * ```ts
 * import { templates, type CartAbandonOptions } from '@retain/node';
 * const options: CartAbandonOptions = { channel: 'email' };
 * const rule = templates.cartAbandon(options);
 * ```
 */
export interface CartAbandonOptions extends TemplateOptions {
  /** The checkout funnel. @default 'checkout' */
  funnel?: string;
  /** Hours stalled before reminding. @default 1 */
  afterHours?: number;
  /** @default 72 */
  withinHours?: number;
}

/**
 * Cart-abandon disposition: checkout stalled for an hour (not completed); once per cart.
 *
 * @example
 * ```ts
 * import { templates } from '@retain/node';
 * const rule = templates.cartAbandon({ afterHours: 4 });
 * ```
 */
export function cartAbandon(options: CartAbandonOptions = {}): RuleBuilder {
  const channel = options.channel ?? 'email';
  const funnel = options.funnel ?? 'checkout';
  return base('cart-abandon', options, { channel, priority: 15 })
    .describe(`The ${funnel} funnel stalled for ${options.afterHours ?? 1} hours`)
    .when(cond.funnelStalled(funnel, 'hours').between(options.afterHours ?? 1, options.withinHours ?? 72), mayMarket(channel))
    .dedupe(`cart-abandon:{state.funnels.${funnel}.startedAt}`);
}

/**
 * Options of `templates.churnRemediation`.
 *
 * @example
 * ```ts
 * import { templates, type ChurnRemediationOptions } from '@retain/node';
 * const options: ChurnRemediationOptions = { channel: 'email' };
 * const rule = templates.churnRemediation(options);
 * ```
 */
export interface ChurnRemediationOptions extends TemplateOptions {
  /** Days without a visit. @default 7 */
  inactiveDays?: number;
  /** Activity ratio (last 7 days vs the 28 before) below which usage collapsed. @default 0.3 */
  ratioBelow?: number;
}

/**
 * Churn remediation: a paying or trialing customer gone quiet, with usage collapsed, repeated
 * negative feedback or a payment problem.
 *
 * @example
 * ```ts
 * import { templates } from '@retain/node';
 * const rule = templates.churnRemediation({ inactiveDays: 10 });
 * ```
 */
export function churnRemediation(options: ChurnRemediationOptions = {}): RuleBuilder {
  const channel = options.channel ?? 'email';
  return base('churn-remediation', options, { channel, priority: 30 })
    .describe('A subscriber at risk of churning')
    .when(
      cond.state('subscription.status').in(['active', 'trialing']),
      cond.since('lastVisit').gte(options.inactiveDays ?? 7),
      cond.any(cond.activityRatio().lt(options.ratioBelow ?? 0.3), cond.consecutiveNegativeFeedback().gte(2), cond.state('subscription.paymentFailures').gt(0)),
      mayInform(channel),
    )
    .cooldown(14, 'days');
}

/**
 * Options of `templates.paymentFailed`.
 *
 * @example
 * ```ts
 * import { templates, type PaymentFailedOptions } from '@retain/node';
 * const options: PaymentFailedOptions = { channel: 'email' };
 * const rule = templates.paymentFailed(options);
 * ```
 */
export interface PaymentFailedOptions extends TemplateOptions {
  /** Days after the failure during which the rule is due. @default 3 */
  withinDays?: number;
}

/**
 * Payment failure: tell the customer promptly (dunning), once per failure.
 *
 * @example
 * ```ts
 * import { templates } from '@retain/node';
 * const rule = templates.paymentFailed({ channel: 'sms' });
 * ```
 */
export function paymentFailed(options: PaymentFailedOptions = {}): RuleBuilder {
  const channel = options.channel ?? 'email';
  return base('payment-failed', options, { channel, priority: 50 })
    .describe('A payment failed')
    .when(cond.since('lastPaymentFailed').lte(options.withinDays ?? 3), cond.state('subscription.status').neq('cancelled'), mayInform(channel))
    .dedupe('payment-failed:{state.subscription.lastPaymentFailedAt}');
}
