import { MAX_FEEDBACK, type FeedbackEntry, type FeedbackState } from './customer-state.js';
import { insertSorted } from './records.js';

/**
 * Whether an NPS score is negative (a detractor: 0–6).
 *
 * @example
 * ```ts
 * import { isNegativeNps } from '@retain/core';
 * isNegativeNps(6); // true (a detractor)
 * isNegativeNps(7); // false
 * ```
 */
export const isNegativeNps = (score: number): boolean => score <= 6;
/**
 * Whether a CSAT score (1–5) is negative (1–2).
 *
 * @example
 * ```ts
 * import { isNegativeCsat } from '@retain/core';
 * isNegativeCsat(2); // true
 * isNegativeCsat(3); // false
 * ```
 */
export const isNegativeCsat = (score: number): boolean => score <= 2;

const byTime = (a: FeedbackEntry, b: FeedbackEntry) => a.at - b.at || (a.messageId < b.messageId ? -1 : a.messageId > b.messageId ? 1 : 0);

/**
 * @internal Adds one piece of feedback (mutates `feedback`). The history is kept in time order,
 * so the run of consecutive negatives is the same whatever order the events arrived in.
 */
export function recordFeedback(feedback: FeedbackState, entry: FeedbackEntry): void {
  feedback.total++;
  if (entry.negative) feedback.negatives++;
  if (entry.kind === 'nps' && (feedback.lastNps === null || entry.at >= feedback.lastNps.at)) {
    if (feedback.lastNps === null || entry.at > feedback.lastNps.at || entry.score < feedback.lastNps.score) {
      feedback.lastNps = { score: entry.score, at: entry.at };
    }
  }
  insertSorted(feedback.history, entry, byTime);
  if (feedback.history.length > MAX_FEEDBACK) feedback.history.splice(0, feedback.history.length - MAX_FEEDBACK);
  let run = 0;
  for (let i = feedback.history.length - 1; i >= 0 && (feedback.history[i] as FeedbackEntry).negative; i--) run++;
  feedback.consecutiveNegatives = run;
}
