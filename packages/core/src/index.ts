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
export { describeIssues, describeFirstIssue } from './errors/describe-issues.js';
export type { ValidationIssue } from './errors/invalid-event-error.js';
export { InvalidStateError } from './errors/invalid-state-error.js';
export { InvalidMergeError } from './errors/invalid-merge-error.js';

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
  SeenMessages,
} from './state/customer-state.js';
export { createCustomerState } from './state/create-customer-state.js';
export { applyEvent, applyEventInPlace, isDuplicateEvent, accountIdOf } from './state/apply-event.js';
export { safeApplyEvent } from './state/safe-apply-event.js';
export type { SafeApplyResult } from './state/safe-apply-event.js';
export { foldEvents, foldByCustomer, foldByAccount, customerKeyOf } from './state/fold-events.js';
export { CustomerStateSchema, parseCustomerState } from './state/customer-state-schema.js';
export { mergeCustomerStates } from './state/merge-states.js';
export type { MergeStatesOptions } from './state/merge-states.js';
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
export { CONDITION_OPS, PRESENCE_OPS, TIME_UNITS, TIME_UNIT_MS, FACT_KEYS } from './conditions/condition.js';
export type {
  Condition,
  ConditionContext,
  ConditionOp,
  TimeUnit,
  FactKey,
  Comparison,
  ComparisonCondition,
  StateComparison,
  EventComparison,
  SinceComparison,
  SinceActionComparison,
  UntilComparison,
  AnniversaryComparison,
  VisitsComparison,
  EventsComparison,
  ActivityRatioComparison,
  ActionCountComparison,
  MetricComparison,
  TraitComparison,
  MessagesComparison,
  FunnelStalledComparison,
  ConsentCondition,
  OptedOutCondition,
  FunnelReachedCondition,
  AllCondition,
  AnyCondition,
  NotCondition,
} from './conditions/condition.js';
export { InvalidConditionError } from './conditions/invalid-condition-error.js';
export { parseCondition, safeParseCondition, conditionIssues, ConditionSchema, MAX_CONDITION_DEPTH } from './conditions/parse-condition.js';
export type { ParseConditionResult } from './conditions/parse-condition.js';
export type { Path, StatePath } from './conditions/state-path.js';
export { conditionCodegen } from './conditions/codegen-condition.js';
export type { ConditionCodegen } from './conditions/codegen-condition.js';
export { compileCondition, compileConditionSet, conditionJson, MAX_CONDITION_SET } from './conditions/compile-condition.js';
export type { CompiledCondition, CompileOptions, CompileSetOptions, ConditionSetTest, ConditionExplanation, ConditionInput, ToCondition } from './conditions/compile-condition.js';
export { evaluateCondition, explainCondition } from './conditions/evaluate-condition.js';
export { cond, ConditionBuilder, FactBuilder } from './conditions/builder.js';
export type { PathValue, EventPath } from './conditions/builder.js';

// --- scoring: message scorecard and goodwill (scoring/) ---
export { CHANNEL_INTRUSION, INTRUSION_LEVELS, intrusionRank, isLowIntrusion, lessIntrusiveChannels } from './scoring/intrusion.js';
export type { IntrusionLevel } from './scoring/intrusion.js';
export { SCORECARD, MESSAGE_SCORE_MIN, MESSAGE_SCORE_MAX } from './scoring/scorecard.js';
export type { ScorecardCriterion, ScorecardDimension, ScorecardRow } from './scoring/scorecard.js';
export { MessageSchema, parseMessage, VALUE_LEVELS, EFFORT_LEVELS, RELEVANCE_LEVELS } from './scoring/message-schema.js';
export type { Message } from './scoring/message-schema.js';
export type { MessageRecipient } from './scoring/message-recipient.js';
export { InvalidMessageError } from './scoring/invalid-message-error.js';
export { InvalidScoringOptionsError } from './scoring/invalid-scoring-options-error.js';
export { DEFAULT_SCORING_OPTIONS, ScoringOptionsSchema, resolveScoringOptions } from './scoring/scoring-options.js';
export type { ScoringOptions, ResolvedScoringOptions } from './scoring/scoring-options.js';
export { scoreMessage, createMessageScorer } from './scoring/message-score.js';
export type { MessageScore, MessageScorer, ScoreLine, ScoreSource } from './scoring/message-score.js';
export {
  goodwill,
  goodwillAfterSend,
  goodwillContribution,
  messageWeight,
  readGoodwill,
  resolveGoodwillOptions,
  DEFAULT_GOODWILL_OPTIONS,
  GoodwillOptionsSchema,
} from './scoring/goodwill.js';
export type { GoodwillMessage, GoodwillOptions, ResolvedGoodwillOptions, GoodwillReading, GoodwillChange } from './scoring/goodwill.js';
