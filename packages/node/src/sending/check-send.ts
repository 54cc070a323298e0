/**
 * `checkSend`: may I send this message, to this customer, now? Allowed, or refused with every
 * reason and, where one exists, a suggestion (a less intrusive channel that would pass, or the
 * earliest time it would pass).
 */
import { lessIntrusiveChannels, type Channel, type Message, type MessageRecipient, type MessageScore } from '@retain/core';
import { assertTime } from './invalid-send-time-error.js';
import { BIT, REFUSAL_CODES, TIMELESS, type RefusalCode } from './refusal-reasons.js';
import { evaluatorFor, policyFor, scorerFor } from './compiled-checks.js';
import { recipientInput } from './recipient-input.js';
import type { SendEvaluator } from './send-evaluator.js';
import { type FrequencyCap, type ResolvedPolicy, type SendPolicyInput } from './send-policy.js';
import { formatMinute, isValidTimeZone } from './time-zones.js';

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;

/** One reason a send was refused. */
export type RefusalReason =
  | { readonly code: 'opted_out' | 'no_consent'; readonly channel: Channel; readonly message: string }
  | { readonly code: 'quiet_hours'; readonly timeZone: string; readonly localTime: string; readonly until: number; readonly message: string }
  | {
      readonly code: 'channel_cap' | 'all_channels_cap';
      readonly cap: Readonly<FrequencyCap>;
      /** Messages already in the window. */
      readonly count: number;
      /** When enough of them leave the window for one more to fit (epoch ms). */
      readonly until: number;
      readonly message: string;
    }
  | { readonly code: 'low_score'; readonly score: number; readonly minScore: number; readonly message: string }
  | { readonly code: 'low_goodwill'; readonly goodwillBefore: number; readonly goodwillAfter: number; readonly minGoodwill: number; readonly message: string };

/** What to do instead of a refused send. */
export interface SendSuggestion {
  /** The nearest less intrusive channel on which the same message would pass now, if any. */
  readonly channel: Channel | null;
  /** The earliest time (epoch ms, within the policy's horizon) when it would pass on its own channel, if any. */
  readonly at: number | null;
  readonly message: string;
}

/** Goodwill before and after the send. */
export interface GoodwillForecast {
  readonly before: number;
  readonly after: number;
}

/**
 * The answer of {@link checkSend}: narrow on `allowed`.
 *
 * @example
 * ```ts
 * import type { SendDecision } from '@retain/node';
 * const explain = (d: SendDecision) => (d.allowed ? 'send' : d.reasons.map((r) => r.message).join('; '));
 * ```
 */
export type SendDecision =
  | { readonly allowed: true; readonly score: MessageScore; readonly goodwill: GoodwillForecast; readonly timeZone: string }
  | {
      readonly allowed: false;
      /** Every reason, in the order of {@link REFUSAL_CODES}. */
      readonly reasons: readonly RefusalReason[];
      readonly score: MessageScore;
      readonly goodwill: GoodwillForecast;
      readonly timeZone: string;
      /** A way to pass, or `null` when none exists (e.g. the customer opted out of every channel). */
      readonly suggestion: SendSuggestion | null;
    };

/**
 * Decides whether `message` may be sent to `customer` at `now` under `policy`. Refuses —
 * whatever the policy — a channel the customer has not consented to or has opted out of; then
 * applies quiet hours (in the customer's own time zone, from the `timezone` trait), frequency
 * caps over rolling windows (per channel and across all channels, in-context included), a
 * minimum message score and a minimum goodwill after the send. Pure: same inputs, same answer.
 *
 * @param customer - the customer's state (or any {@link MessageRecipient}).
 * @param message - the message to send.
 * @param policy - the send policy (validated; any subset of it, the rest from {@link defaultPolicy}).
 * @param now - the time of the send, epoch ms.
 * @throws {InvalidMessageError} when the message is invalid.
 * @throws {InvalidPolicyError} when the policy is invalid.
 * @throws {InvalidSendTimeError} when `now` is not a finite number.
 * @throws {InvalidStateError} when `customer` is not a customer state.
 * @example
 * ```ts
 * import { createCustomerState, type CustomerState } from '@retain/core';
 * import { checkSend, defaultPolicy } from '@retain/node';
 *
 * const customer: CustomerState = {
 *   ...createCustomerState('user-42'),
 *   consent: { email: { granted: true, at: Date.parse('2026-10-01T00:00:00Z') } },
 * };
 * const decision = checkSend(customer, { id: 'tips-1', channel: 'email', value: 'high', effort: 'low', relevance: 'high' }, defaultPolicy, Date.parse('2026-11-22T10:00:00Z'));
 * if (!decision.allowed) for (const reason of decision.reasons) console.log(reason.code, reason.message);
 * ```
 */
export function checkSend(customer: MessageRecipient, message: Message, policy: SendPolicyInput, now: number): SendDecision {
  assertTime(now, 'checkSend(now)');
  const recipient = recipientInput(customer);
  const resolved = policyFor(policy);
  const evaluator = evaluatorFor(scorerFor(message, resolved.resolvedScoring), resolved);
  const bits = evaluator.evaluate(recipient, now);
  const s = evaluator.scratch;
  const score = evaluator.scorer.explain(recipient, now);
  const goodwill = Object.freeze({ before: s.goodwillBefore, after: s.goodwillAfter });
  const wanted = evaluator.timeZoneOf(recipient);
  const timeZone = isValidTimeZone(wanted) ? wanted : resolved.defaultTimeZone;
  if (bits === 0) return Object.freeze({ allowed: true, score, goodwill, timeZone });
  const reasons = describe(bits, evaluator, recipient, now);
  const suggestion = suggest(bits, evaluator, resolved, recipient, now);
  return Object.freeze({ allowed: false, reasons: Object.freeze(reasons), score, goodwill, timeZone, suggestion });
}

/** @internal Every reason of the refusal `bits` that `e` just returned for `c` at `now`, in the order of {@link REFUSAL_CODES} (also the journey send check's). */
export function describe(bits: number, e: SendEvaluator, c: MessageRecipient, now: number): RefusalReason[] {
  const s = e.scratch;
  const p = e.policy;
  const channel = e.channel;
  const reasons: RefusalReason[] = [];
  for (const code of REFUSAL_CODES) {
    if ((bits & BIT[code]) === 0) continue;
    switch (code) {
      case 'opted_out':
        reasons.push({ code, channel, message: `the customer opted out of ${channel}` });
        break;
      case 'no_consent':
        reasons.push({ code, channel, message: `the customer never consented to ${channel}` });
        break;
      case 'quiet_hours': {
        const local = e.minuteAt(e.timeZoneOf(c), now);
        const until = now - (now % MINUTE_MS) + e.minutesToQuietEnd(local.minute) * MINUTE_MS;
        const q = p.quietHours;
        reasons.push({
          code,
          timeZone: local.timeZone,
          localTime: formatMinute(local.minute),
          until,
          message: `quiet hours for ${channel} (${q?.start}–${q?.end}): it is ${formatMinute(local.minute)} in ${local.timeZone}`,
        });
        break;
      }
      case 'channel_cap':
      case 'all_channels_cap':
        e.caps.forEach((cap, k) => {
          if ((cap.channel === 'all') !== (code === 'all_channels_cap')) return;
          const count = s.capCounts[k] ?? 0;
          if (count < cap.max) return;
          const until = capFreesAt(c, cap, channel, now);
          const scope = cap.channel === 'all' ? 'all channels' : cap.channel;
          reasons.push({ code, cap, count, until, message: `${count} of at most ${cap.max} messages on ${scope} in ${cap.windowDays} day${cap.windowDays === 1 ? '' : 's'}` });
        });
        break;
      case 'low_score':
        reasons.push({ code, score: s.score, minScore: p.minScore, message: `message score ${s.score} is below the minimum ${p.minScore}` });
        break;
      case 'low_goodwill':
        reasons.push({
          code,
          goodwillBefore: s.goodwillBefore,
          goodwillAfter: s.goodwillAfter,
          minGoodwill: p.minGoodwill,
          message: `the send would leave goodwill at ${round(s.goodwillAfter)}, below the minimum ${p.minGoodwill}`,
        });
        break;
    }
  }
  return reasons;
}

/** When the oldest messages leave the cap's window so that one more fits. */
function capFreesAt(c: MessageRecipient, cap: FrequencyCap, channel: Channel, now: number): number {
  const window = cap.windowDays * DAY_MS;
  const inWindow: number[] = [];
  for (const m of c.messages) if (m.at <= now && m.at >= now - window && (cap.channel === 'all' || m.channel === channel)) inWindow.push(m.at);
  inWindow.sort((a, b) => a - b);
  if (cap.max === 0 || inWindow.length === 0) return Number.POSITIVE_INFINITY;
  // One more fits when at most max − 1 remain: the (count − max)-th oldest must have left.
  const leaving = inWindow[inWindow.length - cap.max] as number;
  return leaving + window + 1;
}

function suggest(bits: number, e: SendEvaluator, policy: ResolvedPolicy, c: MessageRecipient, now: number): SendSuggestion | null {
  let channel: Channel | null = null;
  for (const alternative of lessIntrusiveChannels(e.channel)) {
    if (evaluatorFor(e.scorer.withChannel(alternative), policy).evaluate(c, now) === 0) {
      channel = alternative;
      break;
    }
  }
  const at = (bits & TIMELESS) === 0 ? earliestTime(e, c, now) : null;
  if (channel === null && at === null) return null;
  const parts: string[] = [];
  if (channel !== null) parts.push(`send it as ${channel} now`);
  if (at !== null) parts.push(`send it on ${e.channel} at ${new Date(at).toISOString()}`);
  return Object.freeze({ channel, at, message: parts.join(', or ') });
}

/** The earliest time within the horizon when the send passes on its own channel. */
function earliestTime(e: SendEvaluator, c: MessageRecipient, now: number): number | null {
  const horizon = now + e.policy.suggestionHorizonDays * DAY_MS;
  const candidates = new Set<number>();
  const frequencyWindow = e.scorer.options.frequencyWindowDays * DAY_MS;
  let longest = frequencyWindow;
  for (const cap of e.caps) longest = Math.max(longest, cap.windowDays * DAY_MS);
  for (const m of c.messages) {
    if (m.at > now || m.at < now - longest) continue;
    for (const cap of e.caps) candidates.add(m.at + cap.windowDays * DAY_MS + 1);
    candidates.add(m.at + frequencyWindow + 1);
  }
  const tz = e.timeZoneOf(c);
  const quietEnd = (t: number) => {
    const local = e.minuteAt(tz, t);
    return e.isQuiet(local.minute) ? t - (t % MINUTE_MS) + e.minutesToQuietEnd(local.minute) * MINUTE_MS : t;
  };
  candidates.add(quietEnd(now));
  const sorted = [...candidates].filter((t) => t > now && t <= horizon).sort((a, b) => a - b);
  for (const candidate of sorted) {
    // A time freed by a cap may fall in quiet hours: try the end of them (twice covers a DST shift).
    const t = quietEnd(quietEnd(candidate));
    if (t <= horizon && e.evaluate(c, t) === 0) return t;
  }
  return null;
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}

export type { RefusalCode };
