/** Engagement templates: product engagement, activity drop, complimentary upsell, brand reinforcement, value content. */
import { cond } from '@retain/core';
import type { RuleBuilder } from '../builder.js';
import { mayMarket } from './reach.js';
import { base, type TemplateOptions } from './template-options.js';

/**
 * Options of `templates.productEngagement`.
 *
 * @example
 * ```ts
 * import { templates, type ProductEngagementOptions } from '@retain/node';
 * const options: ProductEngagementOptions = { channel: 'email' };
 * const rule = templates.productEngagement(options);
 * ```
 */
export interface ProductEngagementOptions extends TemplateOptions {
  /** The action (track event) the customer has not tried yet. @default 'Report Viewed' */
  feature?: string;
  /** Days after sign-up before nudging. @default 3 */
  afterDays?: number;
  /** Visits in the last 7 days (the customer is around). @default 2 */
  minVisits?: number;
}

/**
 * Product engagement series: an active customer who never tried a key feature.
 *
 * @example
 * ```ts
 * import { templates } from '@retain/node';
 * const rule = templates.productEngagement({ feature: 'Dashboard Shared' });
 * ```
 */
export function productEngagement(options: ProductEngagementOptions = {}): RuleBuilder {
  const channel = options.channel ?? 'in_context';
  const feature = options.feature ?? 'Report Viewed';
  return base('product-engagement', options, { channel, priority: 10, payload: { feature } })
    .describe(`An active customer who never did "${feature}"`)
    .when(cond.since('signedUp').gte(options.afterDays ?? 3), cond.actionCount(feature).eq(0), cond.visits(7).gte(options.minVisits ?? 2), mayMarket(channel))
    .cooldown(7, 'days');
}

/**
 * Options of `templates.activityDrop`.
 *
 * @example
 * ```ts
 * import { templates, type ActivityDropOptions } from '@retain/node';
 * const options: ActivityDropOptions = { channel: 'email' };
 * const rule = templates.activityDrop(options);
 * ```
 */
export interface ActivityDropOptions extends TemplateOptions {
  /** Fires when the recent rate falls below this fraction of the baseline rate. @default 0.5 */
  below?: number;
  /** @default 7 */
  recentDays?: number;
  /** @default 28 */
  baselineDays?: number;
  /** Visits needed in the baseline window for the drop to mean something. @default 4 */
  minBaselineVisits?: number;
}

/**
 * Activity drop: visits in the last 7 days fell below half of the previous 28 days' rate.
 *
 * @example
 * ```ts
 * import { templates } from '@retain/node';
 * const rule = templates.activityDrop({ below: 0.3 });
 * ```
 */
export function activityDrop(options: ActivityDropOptions = {}): RuleBuilder {
  const channel = options.channel ?? 'email';
  const recentDays = options.recentDays ?? 7;
  const baselineDays = options.baselineDays ?? 28;
  return base('activity-drop', options, { channel, priority: 15 })
    .describe(`Visits fell below ${options.below ?? 0.5} of the usual rate`)
    .when(
      cond.activityRatio({ recentDays, baselineDays }).lt(options.below ?? 0.5),
      cond.visits(baselineDays, recentDays).gte(options.minBaselineVisits ?? 4),
      mayMarket(channel),
    )
    .cooldown(14, 'days');
}

/**
 * Options of `templates.complimentaryUpsell`.
 *
 * @example
 * ```ts
 * import { templates, type ComplimentaryUpsellOptions } from '@retain/node';
 * const options: ComplimentaryUpsellOptions = { channel: 'email' };
 * const rule = templates.complimentaryUpsell(options);
 * ```
 */
export interface ComplimentaryUpsellOptions extends TemplateOptions {
  /** Days after the last order. @default 7 */
  afterDays?: number;
  /** @default 30 */
  withinDays?: number;
}

/**
 * Complimentary product upsell: a while after an order, suggest what goes with it; once per order.
 *
 * @example
 * ```ts
 * import { templates } from '@retain/node';
 * const rule = templates.complimentaryUpsell({ afterDays: 10 });
 * ```
 */
export function complimentaryUpsell(options: ComplimentaryUpsellOptions = {}): RuleBuilder {
  const channel = options.channel ?? 'email';
  return base('complimentary-upsell', options, { channel, priority: 5 })
    .describe('After an order, suggest a complementary product')
    .when(cond.since('lastOrder').between(options.afterDays ?? 7, options.withinDays ?? 30), cond.state('transactions.orders').gte(1), mayMarket(channel))
    .dedupe('complimentary-upsell:{state.milestones.lastOrder}');
}

/**
 * Options of `templates.brandReinforcement`.
 *
 * @example
 * ```ts
 * import { templates, type BrandReinforcementOptions } from '@retain/node';
 * const options: BrandReinforcementOptions = { channel: 'email' };
 * const rule = templates.brandReinforcement(options);
 * ```
 */
export interface BrandReinforcementOptions extends TemplateOptions {
  /** At most one such message per this many days. @default 30 */
  everyDays?: number;
}

/**
 * Community impact / brand reinforcement: established customers who have not been messaged
 * this week hear what the brand does; at most once a month.
 *
 * @example
 * ```ts
 * import { templates } from '@retain/node';
 * const rule = templates.brandReinforcement({ everyDays: 60 });
 * ```
 */
export function brandReinforcement(options: BrandReinforcementOptions = {}): RuleBuilder {
  const channel = options.channel ?? 'email';
  return base('brand-reinforcement', options, { channel, priority: 1 })
    .describe('Community impact, for established customers not messaged this week')
    .when(cond.since('signedUp').gte(30), cond.messages(7).eq(0), mayMarket(channel))
    .cooldown(options.everyDays ?? 30, 'days');
}

/**
 * Options of `templates.valueContent`.
 *
 * @example
 * ```ts
 * import { templates, type ValueContentOptions } from '@retain/node';
 * const options: ValueContentOptions = { channel: 'email' };
 * const rule = templates.valueContent(options);
 * ```
 */
export interface ValueContentOptions extends TemplateOptions {
  /** At most one such message per this many days. @default 14 */
  everyDays?: number;
}

/**
 * Value-added, non-promotional content for customers who still visit; before any promotion.
 *
 * @example
 * ```ts
 * import { templates } from '@retain/node';
 * const rule = templates.valueContent({ payload: { topic: 'getting more from reports' } });
 * ```
 */
export function valueContent(options: ValueContentOptions = {}): RuleBuilder {
  const channel = options.channel ?? 'email';
  const every = options.everyDays ?? 14;
  return base('value-content', options, { channel, priority: 2, payload: { promotional: false } })
    .describe('Useful content for customers who still visit')
    .when(cond.visits(30).gte(1), cond.messages(every, channel).eq(0), mayMarket(channel))
    .cooldown(every, 'days');
}
