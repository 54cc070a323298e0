/**
 * The Subjective Message Value Scorecard (DOMAIN.md §3), as data: every criterion with its
 * points. {@link scoreMessage} awards at most one criterion per dimension.
 */

/** A criterion of the scorecard. */
export type ScorecardCriterion =
  | 'low_intrusion_medium'
  | 'high_intrusion_medium'
  | 'low_effort_to_consume'
  | 'high_effort_to_consume'
  | 'user_controls_frequency'
  | 'no_control_of_information'
  | 'message_was_opt_in'
  | 'message_is_opt_out'
  | 'high_perceived_value'
  | 'low_perceived_value'
  | 'high_personal_relevance'
  | 'low_relevance'
  | 'no_personal_relevance'
  | 'high_intrusion_send_frequency';

/**
 * What a criterion is about. Criteria of one dimension exclude each other (a message is either
 * opt-in or opt-out, never both).
 */
export type ScorecardDimension = 'medium' | 'effort' | 'control' | 'permission' | 'value' | 'relevance' | 'frequency';

/** One row of the scorecard. */
export interface ScorecardRow {
  readonly criterion: ScorecardCriterion;
  readonly dimension: ScorecardDimension;
  /** +1, +2, −1 or −2. */
  readonly points: 1 | 2 | -1 | -2;
  /** The criterion in the words of the scorecard. */
  readonly label: string;
}

/**
 * Every criterion of the Subjective Message Value Scorecard with its points, in the order of
 * the dimensions.
 *
 * @example
 * ```ts
 * import { SCORECARD } from '@retain/core';
 * SCORECARD.find((row) => row.criterion === 'message_was_opt_in')?.points; // 2
 * ```
 */
export const SCORECARD: readonly ScorecardRow[] = Object.freeze([
  { criterion: 'low_intrusion_medium', dimension: 'medium', points: 1, label: 'low-intrusion medium' },
  { criterion: 'high_intrusion_medium', dimension: 'medium', points: -2, label: 'high-intrusion medium' },
  { criterion: 'low_effort_to_consume', dimension: 'effort', points: 1, label: 'low effort to consume' },
  { criterion: 'high_effort_to_consume', dimension: 'effort', points: -1, label: 'high effort to consume' },
  { criterion: 'user_controls_frequency', dimension: 'control', points: 1, label: 'user controls message frequency' },
  { criterion: 'no_control_of_information', dimension: 'control', points: -1, label: 'no control of information sent' },
  { criterion: 'message_was_opt_in', dimension: 'permission', points: 2, label: 'message was opt-in' },
  { criterion: 'message_is_opt_out', dimension: 'permission', points: -1, label: 'message is opt-out' },
  { criterion: 'high_perceived_value', dimension: 'value', points: 2, label: 'high perceived value of content' },
  { criterion: 'low_perceived_value', dimension: 'value', points: -2, label: 'low perceived value of content' },
  { criterion: 'high_personal_relevance', dimension: 'relevance', points: 2, label: 'high personal relevance' },
  { criterion: 'low_relevance', dimension: 'relevance', points: -1, label: 'low relevance' },
  { criterion: 'no_personal_relevance', dimension: 'relevance', points: -2, label: 'no personal relevance' },
  { criterion: 'high_intrusion_send_frequency', dimension: 'frequency', points: -1, label: 'high-intrusion send frequency' },
] as const satisfies readonly ScorecardRow[]);

/** @internal Points of each criterion. */
export const POINTS: Readonly<Record<ScorecardCriterion, number>> = Object.freeze(
  Object.fromEntries(SCORECARD.map((row) => [row.criterion, row.points])) as Record<ScorecardCriterion, number>,
);

/**
 * The lowest score a message can get: every negative criterion, one per dimension (−10).
 *
 * @example
 * ```ts
 * import { MESSAGE_SCORE_MIN, scoreMessage } from '@retain/core';
 * scoreMessage({ id: 'x', channel: 'sms', value: 'low', relevance: 'none' }).score >= MESSAGE_SCORE_MIN; // true
 * ```
 */
export const MESSAGE_SCORE_MIN = -10;

/**
 * The highest score a message can get: every positive criterion, one per dimension (+9).
 *
 * @example
 * ```ts
 * import { MESSAGE_SCORE_MAX, scoreMessage } from '@retain/core';
 * scoreMessage({ id: 'x', channel: 'in_context', value: 'high', relevance: 'high' }).score <= MESSAGE_SCORE_MAX; // true
 * ```
 */
export const MESSAGE_SCORE_MAX = 9;
