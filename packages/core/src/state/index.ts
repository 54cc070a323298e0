/**
 * `@retain/core/state` — the customer-state model without validation: the reducer
 * (`applyEvent`, `foldEvents`), the queries on a state, the event names and the errors. No zod
 * and nothing that imports it: this is what a browser that tracks needs, and what
 * `@retain/browser` imports. Everything here is also exported by `@retain/core`, as the very
 * same values; validation (`parseEvent`, `parseCustomerState`, the schemas), conditions and
 * scoring are there only.
 *
 * (Bundlers that split code by file, like esbuild, give a lazily loaded chunk's share of a
 * package entry point to the page up front when the page imports the same entry point: a small
 * entry point keeps the page small.)
 *
 * @example
 * ```ts
 * import { applyEvent, createCustomerState } from '@retain/core/state';
 * const state = applyEvent(createCustomerState('u1'), { type: 'track', event: 'Signed Up', messageId: 'm1', timestamp: '2026-11-22T10:00:00Z', userId: 'u1' });
 * state.eventCount; // 1
 * ```
 *
 * @packageDocumentation
 */

// Errors
export { RetainError, isRetainError } from '../errors/retain-error.js';
export { InvalidEventError, formatPath } from '../errors/invalid-event-error.js';
export { describeIssues, describeFirstIssue } from '../errors/describe-issues.js';
export type { ValidationIssue } from '../errors/invalid-event-error.js';
export { InvalidStateError } from '../errors/invalid-state-error.js';

// Events (names and types; their schemas are in `@retain/core`)
export { CHANNELS, CONSENT_PURPOSES, isChannel } from '../events/channels.js';
export type { Channel, ConsentPurpose } from '../events/channels.js';
export { KnownEvent, KNOWN_EVENT_NAMES } from '../events/event-names.js';
export type { KnownEventName } from '../events/event-names.js';
export type {
  RetainEvent,
  RetainEventType,
  IdentifyEvent,
  TrackEvent,
  PageEvent,
  GroupEvent,
  KnownEventProperties,
  JsonObject,
  JsonValue,
} from '../events/event-schema.js';

// State
export {
  STATE_VERSION,
  SESSION_TIMEOUT_MS,
  DAY_MS,
  ACTIVITY_RETENTION_DAYS,
  SESSION_RETENTION_DAYS,
  MAX_SESSIONS,
  DEDUPE_WINDOW,
  MAX_FEEDBACK,
  MAX_MESSAGES,
} from './customer-state.js';
export type {
  CustomerState,
  IdentityState,
  VisitsState,
  Session,
  ActionStats,
  MetricState,
  FunnelState,
  TransactionsState,
  FeedbackEntry,
  FeedbackState,
  ConsentRecord,
  ReceivedMessage,
  MessageInteractions,
  SubscriptionState,
  MilestoneName,
  SeenMessages,
} from './customer-state.js';
export { createCustomerState } from './create-customer-state.js';
export { applyEvent, applyEventInPlace, isDuplicateEvent, accountIdOf } from './apply-event.js';
export { foldEvents, foldByCustomer, foldByAccount, customerKeyOf } from './fold-events.js';
export { summarizeVisits } from './visits.js';
export type { VisitSummary } from './visits.js';
export { isNegativeNps, isNegativeCsat } from './feedback.js';
export { epochDay, toMillis, parseTimestamp } from './time.js';
export type { TimeInput } from './time.js';
export {
  daysSince,
  visitsBetween,
  visitsInLastDays,
  eventsInLastDays,
  activeDaysInLastDays,
  activityRatio,
  funnelStepReached,
  funnelStalledForMs,
  consecutiveNegativeFeedback,
  hasConsent,
  hasOptedOut,
  actionCount,
  lastActionAt,
  metricValue,
  messagesInLastDays,
} from './queries.js';
export type { ActivityRatio, ActivityRatioOptions } from './queries.js';
