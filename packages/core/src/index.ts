/**
 * `@retain/core` — the customer-state model: Segment-compatible event schemas, and a pure,
 * deterministic reducer that folds events into a per-customer state. Runs unchanged in
 * browsers, Node and workers.
 *
 * @packageDocumentation
 */

// Errors
export { RetainError, isRetainError } from './errors/retain-error.js';
export { InvalidEventError, formatPath } from './errors/invalid-event-error.js';
export type { ValidationIssue } from './errors/invalid-event-error.js';
export { InvalidStateError } from './errors/invalid-state-error.js';

// Events
export { CHANNELS, CONSENT_PURPOSES, isChannel } from './events/channels.js';
export type { Channel, ConsentPurpose } from './events/channels.js';
export { KnownEvent, KNOWN_EVENT_NAMES } from './events/event-names.js';
export type { KnownEventName } from './events/event-names.js';
export {
  RetainEventSchema,
  IdentifyEventSchema,
  TrackEventSchema,
  PageEventSchema,
  GroupEventSchema,
  KnownEventPropertiesSchemas,
  JsonObjectSchema,
  TimestampSchema,
} from './events/event-schema.js';
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
} from './events/event-schema.js';
export { parseEvent, safeParseEvent } from './events/parse-event.js';
export type { ParseEventResult } from './events/parse-event.js';

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
} from './state/customer-state.js';
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
} from './state/customer-state.js';
export { createCustomerState } from './state/create-customer-state.js';
export { applyEvent, isDuplicateEvent, accountIdOf } from './state/apply-event.js';
export { safeApplyEvent } from './state/safe-apply-event.js';
export type { SafeApplyResult } from './state/safe-apply-event.js';
export { foldEvents, foldByCustomer, foldByAccount, customerKeyOf } from './state/fold-events.js';
export { CustomerStateSchema, parseCustomerState } from './state/customer-state-schema.js';
export { summarizeVisits } from './state/visits.js';
export type { VisitSummary } from './state/visits.js';
export { isNegativeNps, isNegativeCsat } from './state/feedback.js';
export { epochDay, toMillis, parseTimestamp } from './state/time.js';
export type { TimeInput } from './state/time.js';
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
} from './state/queries.js';
export type { ActivityRatio, ActivityRatioOptions } from './state/queries.js';

// --- conditions: the condition language shared by rules and in-context messages (conditions/) ---

// --- scoring: message scorecard and goodwill (scoring/) ---
