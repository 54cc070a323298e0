/**
 * The Subjective Message Value Scorecard (DOMAIN.md §3): one criterion per dimension, derived
 * from the customer's state where it can tell, declared on the message otherwise.
 */
import { CHANNELS, isChannel, type Channel } from '../events/channels.js';
import { DAY_MS } from '../state/customer-state.js';
import { InvalidMessageError } from './invalid-message-error.js';
import { assertNow } from './invalid-scoring-options-error.js';
import { getOwn } from '../state/records.js';
import { CHANNEL_INTRUSION, isLowIntrusion } from './intrusion.js';
import type { MessageRecipient } from './message-recipient.js';
import { parseMessage, type Message } from './message-schema.js';
import { POINTS, type ScorecardCriterion, type ScorecardDimension } from './scorecard.js';
import { resolveScoringOptions, type ResolvedScoringOptions, type ScoringOptions } from './scoring-options.js';

/** Where the answer of a dimension came from. */
export type ScoreSource = 'channel' | 'declared' | 'customer' | 'default';

/** One line of a score's breakdown: a dimension, the criterion it met (if any), the points and why. */
export interface ScoreLine {
  readonly dimension: ScorecardDimension;
  /** The criterion met, or `null` when the dimension is neutral (0 points). */
  readonly criterion: ScorecardCriterion | null;
  readonly points: number;
  readonly source: ScoreSource;
  /** Why, in words. */
  readonly reason: string;
}

/**
 * The score of a message and its breakdown, one line per dimension.
 *
 * @example
 * ```ts
 * import { scoreMessage, type MessageScore } from '@retain/core';
 * const result: MessageScore = scoreMessage({ id: 'm', channel: 'banner', value: 'medium', relevance: 'low' });
 * result.breakdown.filter((line) => line.points < 0).map((line) => line.reason);
 * ```
 */
export interface MessageScore {
  /** Sum of the points, between {@link MESSAGE_SCORE_MIN} and {@link MESSAGE_SCORE_MAX}. */
  readonly score: number;
  readonly breakdown: readonly ScoreLine[];
}

/**
 * A message validated once and ready to be scored for many customers (a campaign).
 * `score()` allocates nothing: use it in hot loops; `explain()` gives the breakdown.
 */
export interface MessageScorer {
  /** The validated message. */
  readonly message: Readonly<Message>;
  /** The resolved options. */
  readonly options: ResolvedScoringOptions;
  /** The score without a customer state (everything declared). */
  readonly declaredScore: number;
  /** The score for `customer` at `now` (epoch ms). */
  score(customer: MessageRecipient, now: number): number;
  /** The score and its breakdown; for `customer` at `now` when given. */
  explain(customer?: MessageRecipient, now?: number): MessageScore;
  /** A scorer for the same message on another channel (to compare channels without validating again). */
  withChannel(channel: Channel): MessageScorer;
}

const EFFORT: Record<string, number> = { low: POINTS.low_effort_to_consume, medium: 0, high: POINTS.high_effort_to_consume };
const VALUE: Record<string, number> = { high: POINTS.high_perceived_value, medium: 0, low: POINTS.low_perceived_value };
const RELEVANCE: Record<string, number> = {
  high: POINTS.high_personal_relevance,
  medium: 0,
  low: POINTS.low_relevance,
  none: POINTS.no_personal_relevance,
};

/**
 * Validates a message once and returns a scorer for it (for campaigns: per-message work is
 * done here, per-customer work in `score`).
 *
 * @throws {InvalidMessageError} when the message is invalid.
 * @throws {InvalidScoringOptionsError} when an option is invalid.
 * @example
 * ```ts
 * import { createCustomerState, createMessageScorer } from '@retain/core';
 * const scorer = createMessageScorer({ id: 'tips-1', channel: 'email', value: 'high', relevantTo: ['Report Created'] });
 * scorer.score(createCustomerState('u1'), Date.parse('2026-11-22T10:00:00Z')); // -4: email −2, no control −1, opt-out −1, high value +2, never did it −2
 * ```
 */
export function createMessageScorer(message: Message, options?: ScoringOptions): MessageScorer {
  return buildScorer(Object.freeze(parseMessage(message)), resolveScoringOptions(options));
}

function buildScorer(m: Readonly<Message>, o: ResolvedScoringOptions): MessageScorer {
  const channelPoints = isLowIntrusion(m.channel) ? POINTS.low_intrusion_medium : POINTS.high_intrusion_medium;
  const fixed = channelPoints + (EFFORT[m.effort ?? 'medium'] ?? 0) + (VALUE[m.value] ?? 0);
  const declaredControl = m.frequencyControl === true ? POINTS.user_controls_frequency : POINTS.no_control_of_information;
  const declaredPermission = m.optIn === true ? POINTS.message_was_opt_in : POINTS.message_is_opt_out;
  const declaredRelevance = m.relevance !== undefined ? (RELEVANCE[m.relevance] ?? 0) : 0;
  const declaredFrequency = m.highFrequency === true ? POINTS.high_intrusion_send_frequency : 0;
  const declaredScore = fixed + declaredControl + declaredPermission + declaredRelevance + declaredFrequency;
  const relevantTo = m.relevantTo ?? [];
  const frequencyWindow = o.frequencyWindowDays * DAY_MS;
  const relevanceWindow = o.relevanceWindowDays * DAY_MS;

  const customerControls = (c: MessageRecipient): boolean => {
    const pref = getOwn(c.identity.traits, o.frequencyTrait);
    if (pref === undefined || pref === null || pref === '') return false;
    if (typeof pref === 'object' && !Array.isArray(pref)) {
      const forChannel = getOwn(pref, m.channel);
      return forChannel !== undefined && forChannel !== null && forChannel !== '';
    }
    return true;
  };
  const lastRelevantAction = (c: MessageRecipient): number | null => {
    let last: number | null = null;
    for (let i = 0; i < relevantTo.length; i++) {
      const stats = getOwn(c.actions, relevantTo[i] as string);
      if (stats !== undefined && (last === null || stats.last > last)) last = stats.last;
    }
    return last;
  };
  const relevanceLevel = (c: MessageRecipient, now: number): 'high' | 'low' | 'none' => {
    const last = lastRelevantAction(c);
    if (last === null) return 'none';
    return now - last <= relevanceWindow ? 'high' : 'low';
  };
  const recentCount = (c: MessageRecipient, now: number): number => {
    const from = now - frequencyWindow;
    let count = 0;
    const list = c.messages;
    for (let i = list.length - 1; i >= 0; i--) {
      const at = (list[i] as { at: number }).at;
      if (at < from) break;
      if (at <= now) count++;
    }
    return count;
  };

  const score = (c: MessageRecipient, now: number): number => {
    let s = fixed;
    s += customerControls(c) ? POINTS.user_controls_frequency : declaredControl;
    s += c.consent[m.channel]?.granted === true ? POINTS.message_was_opt_in : POINTS.message_is_opt_out;
    s += relevantTo.length > 0 ? (RELEVANCE[relevanceLevel(c, now)] ?? 0) : declaredRelevance;
    if (recentCount(c, now) >= o.frequentAfter) s += POINTS.high_intrusion_send_frequency;
    return s;
  };

  const explain = (c?: MessageRecipient, now?: number): MessageScore => {
    const lines: ScoreLine[] = [];
    const intrusion = CHANNEL_INTRUSION[m.channel].replace('_', ' ');
    lines.push(
      isLowIntrusion(m.channel)
        ? line('medium', 'low_intrusion_medium', 'channel', `${m.channel} is a ${intrusion}-intrusion medium`)
        : line('medium', 'high_intrusion_medium', 'channel', `${m.channel} is a ${intrusion}-intrusion medium`),
    );
    const effort = m.effort ?? 'medium';
    lines.push(
      effort === 'low'
        ? line('effort', 'low_effort_to_consume', 'declared', 'declared low effort to consume')
        : effort === 'high'
          ? line('effort', 'high_effort_to_consume', 'declared', 'declared high effort to consume')
          : neutral('effort', m.effort === undefined ? 'default' : 'declared', 'medium effort to consume'),
    );
    if (c !== undefined && customerControls(c)) {
      lines.push(line('control', 'user_controls_frequency', 'customer', `the customer chose a message frequency (trait ${o.frequencyTrait})`));
    } else {
      const source: ScoreSource = m.frequencyControl === undefined ? 'default' : 'declared';
      lines.push(
        m.frequencyControl === true
          ? line('control', 'user_controls_frequency', source, 'the message lets the customer choose its frequency')
          : line('control', 'no_control_of_information', source, c === undefined ? 'the customer has no control of the frequency' : 'the customer set no frequency preference and the message offers none'),
      );
    }
    if (c !== undefined) {
      const consent = c.consent[m.channel];
      lines.push(
        consent?.granted === true
          ? line('permission', 'message_was_opt_in', 'customer', `the customer opted in to ${m.channel}`)
          : line('permission', 'message_is_opt_out', 'customer', consent === undefined ? `the customer never opted in to ${m.channel}` : `the customer withdrew consent to ${m.channel}`),
      );
    } else {
      lines.push(
        m.optIn === true
          ? line('permission', 'message_was_opt_in', 'declared', 'declared opt-in')
          : line('permission', 'message_is_opt_out', m.optIn === undefined ? 'default' : 'declared', 'not declared opt-in: the customer did not ask for it'),
      );
    }
    const value = m.value;
    lines.push(
      value === 'high'
        ? line('value', 'high_perceived_value', 'declared', 'declared high perceived value of content')
        : value === 'low'
          ? line('value', 'low_perceived_value', 'declared', 'declared low perceived value of content')
          : neutral('value', 'declared', 'medium perceived value of content'),
    );
    if (c !== undefined && now !== undefined && relevantTo.length > 0) {
      const level = relevanceLevel(c, now);
      const names = relevantTo.join(', ');
      lines.push(
        level === 'high'
          ? line('relevance', 'high_personal_relevance', 'customer', `the customer did ${names} within ${o.relevanceWindowDays} days`)
          : level === 'low'
            ? line('relevance', 'low_relevance', 'customer', `the customer last did ${names} more than ${o.relevanceWindowDays} days ago`)
            : line('relevance', 'no_personal_relevance', 'customer', `the customer never did ${names}`),
      );
    } else if (m.relevance !== undefined) {
      lines.push(relevanceLine(m.relevance, 'declared', m.relevance === 'none' ? 'declared no personal relevance' : `declared ${m.relevance} relevance`));
    } else {
      lines.push(neutral('relevance', 'default', `relevance to ${relevantTo.join(', ')} cannot be judged without the customer's state`));
    }
    if (c !== undefined && now !== undefined) {
      const count = recentCount(c, now);
      lines.push(
        count >= o.frequentAfter
          ? line('frequency', 'high_intrusion_send_frequency', 'customer', `${plural(count, 'message')} in the last ${o.frequencyWindowDays} days (${o.frequentAfter} or more is frequent)`)
          : neutral('frequency', 'customer', `${plural(count, 'message')} in the last ${o.frequencyWindowDays} days`),
      );
    } else {
      lines.push(
        m.highFrequency === true
          ? line('frequency', 'high_intrusion_send_frequency', 'declared', 'declared high send frequency')
          : neutral('frequency', m.highFrequency === undefined ? 'default' : 'declared', 'normal send frequency'),
      );
    }
    let total = 0;
    for (const l of lines) total += l.points;
    return Object.freeze({ score: total, breakdown: Object.freeze(lines) });
  };

  let others: Map<Channel, MessageScorer> | undefined;
  const withChannel = (channel: Channel): MessageScorer => {
    if (!isChannel(channel)) throw new InvalidMessageError([{ path: ['channel'], message: `channel must be one of ${CHANNELS.join(', ')}`, code: 'invalid_value' }], { ...m, channel });
    if (channel === m.channel) return scorer;
    let other = (others ??= new Map()).get(channel);
    if (other === undefined) others.set(channel, (other = buildScorer(Object.freeze({ ...m, channel }), o)));
    return other;
  };
  const scorer: MessageScorer = Object.freeze({ message: m, options: o, declaredScore, score, explain, withChannel });
  return scorer;
}

function line(dimension: ScorecardDimension, criterion: ScorecardCriterion, source: ScoreSource, reason: string): ScoreLine {
  return Object.freeze({ dimension, criterion, points: POINTS[criterion], source, reason });
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function neutral(dimension: ScorecardDimension, source: ScoreSource, reason: string): ScoreLine {
  return Object.freeze({ dimension, criterion: null, points: 0, source, reason });
}

function relevanceLine(level: 'high' | 'medium' | 'low' | 'none', source: ScoreSource, reason: string): ScoreLine {
  if (level === 'high') return line('relevance', 'high_personal_relevance', source, reason);
  if (level === 'low') return line('relevance', 'low_relevance', source, reason);
  if (level === 'none') return line('relevance', 'no_personal_relevance', source, reason);
  return neutral('relevance', source, reason);
}

/**
 * Scores a message with the Subjective Message Value Scorecard, criterion by criterion.
 * Without a customer everything is declared on the message; with a customer (and `now`),
 * opt-in comes from consent, frequency control from the customer's frequency preference,
 * relevance from their recent actions (`relevantTo`), and send frequency from the messages
 * they received recently.
 *
 * @param message - the message (validated).
 * @returns the score, between −10 and +9, and its breakdown (one line per dimension).
 * @throws {InvalidMessageError} when the message is invalid.
 * @example
 * ```ts
 * import { scoreMessage } from '@retain/core';
 * const { score, breakdown } = scoreMessage({ id: 'guide-1', channel: 'in_context', value: 'high', effort: 'low', relevance: 'high', optIn: true });
 * score; // 1 + 1 − 1 + 2 + 2 + 2 + 0 = 7
 * breakdown.map((line) => `${line.criterion}: ${line.points}`);
 * ```
 */
export function scoreMessage(message: Message): MessageScore;
/**
 * Scores a message for one customer: opt-in from their consent, frequency control from their
 * frequency preference, relevance from their recent actions, send frequency from the messages
 * they received recently; the rest as declared on the message.
 *
 * @param message - the message (validated).
 * @param customer - the customer's state (or any {@link MessageRecipient}).
 * @param now - the time of the send, epoch ms.
 * @param options - how the customer-derived criteria are judged.
 * @returns the score, between −10 and +9, and its breakdown (one line per dimension).
 * @throws {InvalidMessageError} when the message is invalid.
 * @throws {InvalidScoringOptionsError} when an option is invalid, or `now` is not epoch ms.
 * @example
 * ```ts
 * import { createCustomerState, scoreMessage } from '@retain/core';
 * const customer = createCustomerState('u1');
 * const { score } = scoreMessage({ id: 'promo-1', channel: 'email', value: 'low', effort: 'low', relevance: 'low' }, customer, Date.now());
 * score; // −6: email −2, low effort +1, no control −1, opt-out −1 (no email consent), low value −2, low relevance −1
 * ```
 */
export function scoreMessage(message: Message, customer: MessageRecipient, now: number, options?: ScoringOptions): MessageScore;
export function scoreMessage(message: Message, customer?: MessageRecipient, now?: number, options?: ScoringOptions): MessageScore {
  if (customer !== undefined) assertNow(now);
  return createMessageScorer(message, options).explain(customer, customer === undefined ? undefined : now);
}
