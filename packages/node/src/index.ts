/**
 * `@retain/node` — what backends call directly: trigger rules, message-score and goodwill send
 * checks, churn heuristics and predictions, and an ingest handler.
 *
 * @packageDocumentation
 */

// --- rules (rules/) ---
export { emptyRuleMemory } from './rules/rule.js';
export type { RuleJson, RuleAction, RuleMemory, EventMatch, Duration } from './rules/rule.js';
export { InvalidRuleError } from './rules/invalid-rule-error.js';
export { parseRule, parseRules, ruleIssues, RuleShapeSchema } from './rules/rule-schema.js';
export { rule, ruleFromJSON, RuleBuilder } from './rules/builder.js';
export { compileRule, compileRules } from './rules/compile-rule.js';
export type { CompiledRule, RuleInput, RuleSet } from './rules/compile-rule.js';
export { evaluate } from './rules/evaluate.js';
export type { EvaluateOptions, EvaluationResult, RuleDecision } from './rules/evaluate.js';
export { nextDueAt } from './rules/next-due-at.js';
export { templates } from './rules/templates/index.js';
export type {
  TemplateOptions,
  WelcomeSeriesOptions,
  TrialEndingOptions,
  BirthdayOptions,
  AnniversaryOptions,
  ProductEngagementOptions,
  ActivityDropOptions,
  ComplimentaryUpsellOptions,
  BrandReinforcementOptions,
  ValueContentOptions,
  ProductFeedbackOptions,
  ConsecutiveNegativeOptions,
  CsFollowUpOptions,
  WinbackOptions,
  CartAbandonOptions,
  ChurnRemediationOptions,
  PaymentFailedOptions,
} from './rules/templates/index.js';

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
export { InvalidTransactionError } from './churn/invalid-transaction-error.js';
export { InvalidModelInputError } from './churn/invalid-model-input-error.js';
export { ModelFitError } from './churn/model-fit-error.js';
export { parseCdnowTransactions, TransactionSchema } from './churn/transaction-log.js';
export type { Transaction, CdnowFormat, ParseCdnowOptions } from './churn/transaction-log.js';
export { summarizeTransactions, summarizeCustomerState } from './churn/summarize-transactions.js';
export type { CustomerSummary, SummarizeOptions, SummarizeStateOptions, TimeUnit } from './churn/summarize-transactions.js';
export type { RepeatSummary } from './churn/model-inputs.js';
export { compressSummaries } from './churn/compress-summaries.js';
export type { CompressedSummaries } from './churn/compress-summaries.js';
export { hyp2f1, prepareHyp2f1 } from './churn/hypergeometric.js';
export { minimizeBfgs } from './churn/minimize.js';
export type { Objective, MinimizeOptions, MinimizeResult } from './churn/minimize.js';
export { standardErrors, standardErrorsFromGradient, predictionInterval, normalQuantile } from './churn/uncertainty.js';
export type { ParameterUncertainty, StandardErrorsOptions, PredictionInterval, PredictionIntervalOptions } from './churn/uncertainty.js';
export {
  fitBgNbd,
  bgNbdLogLikelihood,
  bgNbdProbabilityAlive,
  bgNbdExpectedPurchases,
  bgNbdExpectedPurchasesNewCustomer,
} from './churn/bg-nbd.js';
export type { BgNbdParams, BgNbdFit, FitBgNbdOptions } from './churn/bg-nbd.js';
export {
  fitParetoNbd,
  paretoNbdLogLikelihood,
  paretoNbdProbabilityAlive,
  paretoNbdExpectedPurchases,
  paretoNbdExpectedPurchasesNewCustomer,
} from './churn/pareto-nbd.js';
export type { ParetoNbdParams, ParetoNbdFit, FitParetoNbdOptions } from './churn/pareto-nbd.js';
export { bgNbdPredictedTotal, paretoNbdPredictedTotal } from './churn/predicted-total.js';
export type { PredictedTotalOptions, FitWithCovariance } from './churn/predicted-total.js';
export { fitShiftedBetaGeometric, sbgLogLikelihood } from './churn/shifted-beta-geometric.js';
export type { ShiftedBetaGeometricParams, ShiftedBetaGeometricFit, FitShiftedBetaGeometricOptions } from './churn/shifted-beta-geometric.js';
export { fitShiftedBetaGeometricTenures } from './churn/sbg-customers.js';
export type { SubscriberTenure } from './churn/sbg-customers.js';
export {
  sbgSurvival,
  sbgSurvivalCurve,
  sbgRetentionRate,
  sbgRetentionCurve,
  sbgProjectSurvivors,
  sbgSurvivalInterval,
  sbgDiscountedExpectedResidualLifetime,
  sbgResidualValue,
  sbgDiscountedExpectedLifetime,
} from './churn/sbg-projections.js';
export type { DerlOptions, SbgValueOptions } from './churn/sbg-projections.js';
export { fitBgBb, bgBbLogLikelihood } from './churn/bg-bb.js';
export type { BgBbParams, BgBbHistory, BgBbPattern, BgBbFit, FitBgBbOptions } from './churn/bg-bb.js';
export {
  bgBbProbabilityAlive,
  bgBbExpectedTransactions,
  bgBbExpectedTransactionsNewCustomer,
  bgBbTransactionCountDistribution,
  bgBbPredictedTotal,
} from './churn/bg-bb-predictions.js';
export type { BgBbPredictedTotalOptions } from './churn/bg-bb-predictions.js';
export { simulateBgNbdCustomers } from './churn/simulate-bg-nbd.js';
export type { SimulatedCustomer, SimulateBgNbdOptions } from './churn/simulate-bg-nbd.js';
export { fitGammaGamma, gammaGammaExpectedSpend } from './churn/gamma-gamma.js';
export type { GammaGammaParams, GammaGammaFit, SpendSummary } from './churn/gamma-gamma.js';
export { customerLifetimeValue } from './churn/clv.js';
export type { ClvOptions, ClvCustomer } from './churn/clv.js';
export { scoreCustomers } from './churn/score-customers.js';
export type { CustomerColumns, CustomerScores } from './churn/score-customers.js';
export { compareHoldout } from './churn/holdout.js';
export type { HoldoutComparison, HoldoutGroup, HoldoutCustomer } from './churn/holdout.js';
export { compareModels, compareModelsOnSummaries, bgNbdCandidate, paretoNbdCandidate } from './churn/model-choice.js';
export type { CompareModelsOptions, ModelCandidate, CandidateFit, ModelComparison, ModelReport, HoldoutSummary } from './churn/model-choice.js';
export { lineChart } from './churn/plots/line-chart.js';
export type { LineChartSpec, ChartSeries } from './churn/plots/line-chart.js';
export { heatmap } from './churn/plots/heatmap.js';
export type { HeatmapSpec } from './churn/plots/heatmap.js';
export { probabilityAliveHeatmap, holdoutByFrequencyChart, survivalProjectionChart } from './churn/plots/churn-plots.js';
export type { ProbabilityAliveHeatmapOptions, FrequencyComparison, SurvivalProjection } from './churn/plots/churn-plots.js';
export type { ChurnSignal, SignalName } from './churn/signal.js';
export { negativeFeedbackSignal } from './churn/negative-feedback.js';
export { paymentFailuresSignal } from './churn/payment-failures.js';
export { activityDropSignal } from './churn/activity-drop.js';
export { visitGapSignal } from './churn/visit-gap.js';
export { funnelStallSignal } from './churn/funnel-stall.js';
export { purchaseOverdueSignal } from './churn/purchase-overdue.js';
export { replenishmentDate } from './churn/replenishment.js';
export type { Replenishment } from './churn/replenishment.js';
export { healthScore, DEFAULT_HEALTH_WEIGHTS } from './churn/health-score.js';
export type { HealthScore, HealthReason, HealthWeights } from './churn/health-score.js';
export { rfmScores, rfmSegment, rfmInputFromState } from './churn/rfm.js';
export type { RfmInput, RfmScore, RfmScoring, RfmSegment } from './churn/rfm.js';
export { trialConversionLikelihood, DEFAULT_TRIAL_COEFFICIENTS } from './churn/trial-conversion.js';
export type { TrialConversion, TrialConversionOptions, TrialConversionCoefficients } from './churn/trial-conversion.js';
export { InvalidInsightInputError } from './insights/invalid-insight-input-error.js';
export { antecedents, eventSignal, consecutiveEventsSignal } from './insights/antecedents.js';
export type { AntecedentOptions, AntecedentReport, AntecedentRow, AntecedentSignal, CustomerHistory, HistoryEvent, Outcome } from './insights/antecedents.js';
export { cohortRetention } from './insights/cohorts.js';
export type { ActivityRecord, CohortPeriod, CohortRow } from './insights/cohorts.js';
export { churnRate, repeatPurchaseRate } from './insights/rates.js';
export { netPromoterScore } from './insights/nps.js';
export type { NetPromoterScore } from './insights/nps.js';
export { treatmentLift } from './insights/lift.js';
export type { GroupOutcome, TreatmentLift } from './insights/lift.js';
export { repeatPurchaseEconomics } from './insights/economics.js';
export type { EconomicsInput, EconomicsRow } from './insights/economics.js';
export { miceScore, rankFixes } from './insights/mice.js';
export type { MiceScore, RetentionFix } from './insights/mice.js';
export { valueByGroup } from './insights/value-by-group.js';
export type { GroupedValue, GroupValueSummary } from './insights/value-by-group.js';

// --- journeys (journeys/) ---
export type {
  JourneyJson,
  JourneyStep,
  SendStep,
  WaitStep,
  BranchStep,
  SplitStep,
  UpdateStep,
  ExitStep,
  JourneyEntry,
  JourneyEventMatch,
  JourneyPosition,
  JourneyHistoryEntry,
} from './journeys/journey.js';
export { InvalidJourneyError } from './journeys/invalid-journey-error.js';
export { parseJourney } from './journeys/journey-schema.js';
export type { ParseJourneyOptions } from './journeys/journey-schema.js';
export { journey, JourneyBuilder } from './journeys/builder.js';
export { compileJourney } from './journeys/compile-journey.js';
export type { CompiledJourney, JourneyInput } from './journeys/compile-journey.js';
export { advanceJourney } from './journeys/advance-journey.js';
export type { AdvanceInput, JourneyAdvance, JourneySend, JourneySendVerdict } from './journeys/advance-journey.js';
export { explainJourney } from './journeys/explain-journey.js';
export type { JourneyExplanation } from './journeys/explain-journey.js';
export { simulateJourney } from './journeys/simulate-journey.js';
export type { SimulateJourneyOptions, JourneySimulation, JourneyStepFigures } from './journeys/simulate-journey.js';
export { migrateJourneyPositions } from './journeys/migrate-positions.js';
export type { PositionMigration } from './journeys/migrate-positions.js';
export { journeySendCheck } from './journeys/journey-send-check.js';
export type { CheckedJourneySend } from './journeys/journey-send-check.js';
export { journeyRules, combineRules, journeyPositions } from './journeys/journey-hooks.js';
export type { JourneyRulesOptions, WakingRules } from './journeys/journey-hooks.js';
export { journeyTemplates } from './journeys/journey-templates.js';
export type { JourneyTemplateOptions, LoyaltyTier } from './journeys/journey-templates.js';

// --- ingest (ingest/) ---
export { createIngestHandler } from './ingest/ingest-handler.js';
export type { FetchHandler, IngestHandler, IngestOptions, IngestResult, IngestErrorBody, IngestRules, IngestPolicy } from './ingest/ingest-options.js';
export type { DecisionCounts } from './ingest/ingest-batch.js';
export type { IngestDecision, ProposedMessage, RulesContext, RulesOutcome, SendContext, SendVerdict } from './ingest/decision.js';
export type { RejectedEvent, RejectedIssue } from './ingest/parse-batch.js';

// --- stores (stores/) ---
export { stateKey } from './stores/customer-store.js';
export type { CustomerStore, StateRef, StoredState, NextState, StoreTransaction, OutboxEntry, ForgetReport, ListOptions } from './stores/customer-store.js';
export { createMemoryStore } from './stores/memory-store.js';
export type { MemoryStoreOptions } from './stores/memory-store.js';
export { createPostgresStore } from './stores/sql/postgres-store.js';
export type { PostgresStoreOptions } from './stores/sql/postgres-store.js';
export { createPGliteStore } from './stores/sql/pglite-store.js';
export type { PGliteStoreOptions } from './stores/sql/pglite-store.js';
export type { SqlClient } from './stores/sql/sql-client.js';
export { SCHEMA_VERSION } from './stores/sql/migrations.js';
export { CorruptStateError } from './stores/corrupt-state-error.js';
export { StoreUnavailableError } from './stores/store-unavailable-error.js';
export { SchemaTooNewError } from './stores/schema-too-new-error.js';
export { pruneRuleMemory, DEDUPE_KEY_MAX_AGE_MS } from './rules/prune-rule-memory.js';
export { mergeRuleMemory } from './rules/merge-rule-memory.js';

// --- ingest, continued ---
export type { CorsOrigins } from './ingest/cors.js';
export type { MessageCatalogue } from './ingest/engine-adapters.js';
export { basicAuthHeader } from './ingest/write-key.js';
export { toNodeListener } from './ingest/node-http.js';
export type { NodeListenerOptions } from './ingest/node-http.js';
export { UnauthorizedError } from './ingest/unauthorized-error.js';
export { PayloadTooLargeError } from './ingest/payload-too-large-error.js';
export { InvalidIngestOptionsError } from './ingest/invalid-ingest-options-error.js';
export { MalformedBatchError } from './ingest/malformed-batch-error.js';

export {};
