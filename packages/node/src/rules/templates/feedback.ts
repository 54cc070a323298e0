/** Feedback templates: product feedback, feedback response, two consecutive negatives, CS follow-up. */
import { cond } from '@retain/core';
import type { RuleBuilder } from '../builder.js';
import { mayInform, mayMarket } from './reach.js';
import { base, type TemplateOptions } from './template-options.js';

/**
 * Options of `templates.productFeedback`.
 *
 * @example
 * ```ts
 * import { templates, type ProductFeedbackOptions } from '@retain/node';
 * const options: ProductFeedbackOptions = { channel: 'email' };
 * const rule = templates.productFeedback(options);
 * ```
 */
export interface ProductFeedbackOptions extends TemplateOptions {
  /** The action that qualifies the customer to judge. @default 'Report Viewed' */
  feature?: string;
  /** Times they did it. @default 5 */
  afterUses?: number;
  /** Days without being asked for feedback. @default 30 */
  quietDays?: number;
}

/**
 * Product feedback: ask a customer who used a feature enough, and was not asked lately.
 *
 * @example
 * ```ts
 * import { templates } from '@retain/node';
 * const rule = templates.productFeedback({ feature: 'Invoice Sent', afterUses: 3 });
 * ```
 */
export function productFeedback(options: ProductFeedbackOptions = {}): RuleBuilder {
  const channel = options.channel ?? 'in_context';
  const feature = options.feature ?? 'Report Viewed';
  const quiet = options.quietDays ?? 30;
  return base('product-feedback', options, { channel, priority: 5, payload: { feature } })
    .describe(`Ask for feedback after ${options.afterUses ?? 5} uses of "${feature}"`)
    .when(cond.actionCount(feature).gte(options.afterUses ?? 5), cond.any(cond.since('lastFeedback').missing(), cond.since('lastFeedback').gte(quiet)), mayMarket(channel))
    .cooldown(quiet, 'days');
}

/**
 * Feedback response: answer negative feedback (NPS ≤ 6, CSAT ≤ 2, thumbs down) when it arrives.
 *
 * @example
 * ```ts
 * import { templates } from '@retain/node';
 * const rule = templates.feedbackResponse({ channel: 'in_context' });
 * ```
 */
export function feedbackResponse(options: TemplateOptions = {}): RuleBuilder {
  const channel = options.channel ?? 'email';
  return base('feedback-response', options, { channel, priority: 20 })
    .describe('Respond to negative feedback as it arrives')
    .on('Feedback Given')
    .when(cond.any(cond.eventProperty('nps').lte(6), cond.eventProperty('csat').lte(2), cond.eventProperty('thumbs').eq('down')), mayInform(channel))
    .dedupe('feedback-response:{event.messageId}');
}

/**
 * Options of `templates.consecutiveNegativeFeedback`.
 *
 * @example
 * ```ts
 * import { templates, type ConsecutiveNegativeOptions } from '@retain/node';
 * const options: ConsecutiveNegativeOptions = { channel: 'email' };
 * const rule = templates.consecutiveNegativeFeedback(options);
 * ```
 */
export interface ConsecutiveNegativeOptions extends TemplateOptions {
  /** Negatives in a row. @default 2 (80% of such customers cancelled, DOMAIN.md §4) */
  count?: number;
}

/**
 * Two consecutive negative feedbacks: the strongest churn signal; a person should reach out.
 *
 * @example
 * ```ts
 * import { templates } from '@retain/node';
 * const rule = templates.consecutiveNegativeFeedback({ payload: { assignTo: 'cs-team' } });
 * ```
 */
export function consecutiveNegativeFeedback(options: ConsecutiveNegativeOptions = {}): RuleBuilder {
  const channel = options.channel ?? 'email';
  return base('consecutive-negative-feedback', options, { channel, priority: 40 })
    .describe(`${options.count ?? 2} negative feedbacks in a row`)
    .when(cond.consecutiveNegativeFeedback().gte(options.count ?? 2), mayInform(channel))
    .dedupe('consecutive-negative-feedback:{state.milestones.lastNegativeFeedback}');
}

/**
 * Options of `templates.csFollowUp`.
 *
 * @example
 * ```ts
 * import { templates, type CsFollowUpOptions } from '@retain/node';
 * const options: CsFollowUpOptions = { channel: 'email' };
 * const rule = templates.csFollowUp(options);
 * ```
 */
export interface CsFollowUpOptions extends TemplateOptions {
  /** The action that closes a support case. @default 'Ticket Closed' */
  action?: string;
  /** Hours after closing. @default 24 */
  afterHours?: number;
  /** @default 7 */
  withinDays?: number;
}

/**
 * Customer-service follow-up: a day after a support case closed, check it was solved; once per case.
 *
 * @example
 * ```ts
 * import { templates } from '@retain/node';
 * const rule = templates.csFollowUp({ action: 'Case Resolved' });
 * ```
 */
export function csFollowUp(options: CsFollowUpOptions = {}): RuleBuilder {
  const channel = options.channel ?? 'email';
  const action = options.action ?? 'Ticket Closed';
  return base('cs-follow-up', options, { channel, priority: 20 })
    .describe(`Follow up after "${action}"`)
    .when(cond.sinceAction(action, 'hours').between(options.afterHours ?? 24, (options.withinDays ?? 7) * 24), mayInform(channel))
    .dedupe(`cs-follow-up:{state.actions.${action}.last}`);
}
