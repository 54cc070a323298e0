/**
 * `@retain/node` — what backends call directly: trigger rules, message-score and goodwill send
 * checks, churn heuristics and predictions, and an ingest handler.
 *
 * @packageDocumentation
 */

// --- rules (rules/) ---

// --- sending: send checks, goodwill ledger, population checks (sending/) ---
export { checkSend } from './sending/check-send.js';
export type { SendDecision, RefusalReason, SendSuggestion, GoodwillForecast } from './sending/check-send.js';
export { REFUSAL_CODES } from './sending/refusal-reasons.js';
export type { RefusalCode } from './sending/refusal-reasons.js';
export { defaultPolicy, resolvePolicy, SendPolicySchema } from './sending/send-policy.js';
export type { SendPolicy, SendPolicyInput, ResolvedPolicy, FrequencyCap, QuietHours } from './sending/send-policy.js';
export { InvalidPolicyError } from './sending/invalid-policy-error.js';
export { InvalidSendTimeError } from './sending/invalid-send-time-error.js';
export { recordSend, customerGoodwill } from './sending/goodwill-ledger.js';
export type { RecordedSend, RecordSendOptions } from './sending/goodwill-ledger.js';
export { simulateCampaign } from './sending/simulate-campaign.js';
export type { CampaignSimulation, GoodwillSummary } from './sending/simulate-campaign.js';
export { isValidTimeZone, localMinuteOfDay } from './sending/time-zones.js';

// --- churn: heuristics and predictions (churn/), insights (insights/) ---

// --- ingest (ingest/) ---
export { createIngestHandler } from './ingest/ingest-handler.js';
export type { FetchHandler, IngestOptions, IngestResult, IngestErrorBody, IngestRules, IngestPolicy } from './ingest/ingest-handler.js';
export type { IngestDecision, ProposedMessage, RulesContext, RulesOutcome, SendContext, SendVerdict } from './ingest/decision.js';
export type { RejectedEvent, RejectedIssue } from './ingest/parse-batch.js';
export type { CustomerStore, StateRef, StoredState } from './ingest/customer-store.js';
export { createMemoryStore } from './ingest/memory-store.js';
export type { MemoryStoreOptions } from './ingest/memory-store.js';
export type { CorsOrigins } from './ingest/cors.js';
export { basicAuthHeader } from './ingest/write-key.js';
export { toNodeListener } from './ingest/node-http.js';
export type { NodeListenerOptions } from './ingest/node-http.js';
export { UnauthorizedError } from './ingest/unauthorized-error.js';
export { PayloadTooLargeError } from './ingest/payload-too-large-error.js';
export { MalformedBatchError } from './ingest/malformed-batch-error.js';

export {};
