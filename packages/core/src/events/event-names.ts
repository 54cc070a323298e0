/**
 * Names of the track events that the customer-state model understands. Any other name is an
 * ordinary action (counted in `state.actions`). Names follow the Segment specs where one exists
 * (e-commerce, B2B SaaS, A/B testing), so existing instrumentation is understood as is.
 *
 * @example
 * ```ts
 * import { KnownEvent } from '@retain/core';
 * KnownEvent.OrderCompleted; // 'Order Completed'
 * ```
 */
export const KnownEvent = {
  SignedUp: 'Signed Up',
  TrialStarted: 'Trial Started',
  TrialEnded: 'Trial Ended',
  SubscriptionStarted: 'Subscription Started',
  SubscriptionCancelled: 'Subscription Cancelled',
  PaymentFailed: 'Payment Failed',
  OrderCompleted: 'Order Completed',
  OrderRefunded: 'Order Refunded',
  FeedbackGiven: 'Feedback Given',
  FunnelStepReached: 'Funnel Step Reached',
  MessageSent: 'Message Sent',
  MessageShown: 'Message Shown',
  MessageClicked: 'Message Clicked',
  MessageDismissed: 'Message Dismissed',
  ConsentChanged: 'Consent Changed',
  MetricSet: 'Metric Set',
  MetricIncremented: 'Metric Incremented',
  MilestoneReached: 'Milestone Reached',
  ExperimentViewed: 'Experiment Viewed',
} as const;

/**
 * The name of a track event the model understands.
 *
 * @example
 * ```ts
 * import type { KnownEventName } from '@retain/core';
 * const name: KnownEventName = 'Feedback Given';
 * ```
 */
export type KnownEventName = (typeof KnownEvent)[keyof typeof KnownEvent];

/**
 * Every known event name.
 *
 * @example
 * ```ts
 * import { KNOWN_EVENT_NAMES } from '@retain/core';
 * KNOWN_EVENT_NAMES.includes('Signed Up'); // true
 * ```
 */
export const KNOWN_EVENT_NAMES: readonly KnownEventName[] = Object.values(KnownEvent);
