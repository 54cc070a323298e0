import { anniversary, birthday, trialEnding, welcomeSeries } from './lifecycle.js';
import { activityDrop, brandReinforcement, complimentaryUpsell, productEngagement, valueContent } from './engagement.js';
import { consecutiveNegativeFeedback, csFollowUp, feedbackResponse, productFeedback } from './feedback.js';
import { cartAbandon, churnRemediation, paymentFailed, winback } from './recovery.js';

/**
 * Ready, parameterised rules for the triggered campaigns of retention (DOMAIN.md §2): each
 * returns a rule builder (the welcome series, one per message) to tweak further or store.
 *
 * @example
 * ```ts
 * import { compileRules, templates } from '@retain/node';
 * const rules = compileRules([
 *   ...templates.welcomeSeries(),
 *   templates.winback({ afterDays: 21 }),
 *   templates.cartAbandon(),
 *   templates.paymentFailed().priority(100),
 * ]);
 * ```
 */
export const templates = {
  welcomeSeries,
  productEngagement,
  productFeedback,
  feedbackResponse,
  winback,
  cartAbandon,
  csFollowUp,
  complimentaryUpsell,
  brandReinforcement,
  valueContent,
  churnRemediation,
  activityDrop,
  paymentFailed,
  trialEnding,
  birthday,
  anniversary,
  consecutiveNegativeFeedback,
};

export type { TemplateOptions } from './template-options.js';
export type { WelcomeSeriesOptions, TrialEndingOptions, BirthdayOptions, AnniversaryOptions } from './lifecycle.js';
export type { ProductEngagementOptions, ActivityDropOptions, ComplimentaryUpsellOptions, BrandReinforcementOptions, ValueContentOptions } from './engagement.js';
export type { ProductFeedbackOptions, ConsecutiveNegativeOptions, CsFollowUpOptions } from './feedback.js';
export type { WinbackOptions, CartAbandonOptions, ChurnRemediationOptions, PaymentFailedOptions } from './recovery.js';
