/**
 * `@retain/node` — what backends call directly: trigger rules, message-score and goodwill send
 * checks, churn heuristics and predictions, and an ingest handler.
 *
 * @packageDocumentation
 */

// --- rules (rules/) ---

// --- sending: send checks, goodwill ledger, population checks (sending/) ---

// --- churn: heuristics and predictions (churn/), insights (insights/) ---

// --- ingest (ingest/) ---

export {};
