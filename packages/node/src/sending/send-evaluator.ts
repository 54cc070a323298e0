/**
 * @internal The send checks compiled for one message and one policy: per-message work (message
 * validation, the declared part of its score, the caps that apply, quiet hours) is done once;
 * `evaluate` then judges one customer without allocating, and returns the refusals as bits.
 */
import { goodwillContribution, readGoodwill, type Channel, type GoodwillReading, type MessageRecipient, type MessageScorer } from '@retain/core';
import { BIT } from './refusal-reasons.js';
import type { FrequencyCap, ResolvedPolicy } from './send-policy.js';
import { localMinuteOfDay } from './time-zones.js';

const DAY_MS = 86_400_000;

/** @internal A time zone and the local minutes since midnight in it. */
export interface LocalTime {
  readonly timeZone: string;
  readonly minute: number;
}

/** @internal What the last `evaluate` saw (overwritten on every call). */
export interface EvaluationScratch {
  score: number;
  goodwillBefore: number;
  goodwillAfter: number;
  /** Messages received at or before now. */
  received: number;
  timeZone: string;
  /** Local minutes since midnight. */
  localMinute: number;
  /** Count within each cap of `caps`. */
  readonly capCounts: Int32Array;
}

/** @internal The compiled checks of one message under one policy. */
export class SendEvaluator {
  readonly scorer: MessageScorer;
  readonly channel: Channel;
  /** The caps that apply to this channel (its own and the all-channel ones). */
  readonly caps: readonly FrequencyCap[];
  readonly scratch: EvaluationScratch;
  private readonly capWindow: Float64Array;
  private readonly capMax: Int32Array;
  private readonly capAll: Uint8Array;
  private readonly maxWindow: number;
  private readonly quietStart: number;
  private readonly quietEnd: number;
  private readonly quiet: boolean;
  private readonly reading: GoodwillReading = { value: 0, count: 0 };
  private cachedNow = Number.NaN;
  private readonly minuteCache = new Map<string, LocalTime>();

  constructor(
    scorer: MessageScorer,
    readonly policy: ResolvedPolicy,
  ) {
    this.scorer = scorer;
    this.channel = this.scorer.message.channel;
    this.caps = policy.caps.filter((cap) => cap.channel === 'all' || cap.channel === this.channel);
    const n = this.caps.length;
    this.capWindow = new Float64Array(n);
    this.capMax = new Int32Array(n);
    this.capAll = new Uint8Array(n);
    let maxWindow = 0;
    this.caps.forEach((cap, i) => {
      this.capWindow[i] = cap.windowDays * DAY_MS;
      this.capMax[i] = cap.max;
      this.capAll[i] = cap.channel === 'all' ? 1 : 0;
      maxWindow = Math.max(maxWindow, cap.windowDays * DAY_MS);
    });
    this.maxWindow = maxWindow;
    const q = policy.quietHours;
    this.quiet = q !== null && q.channels.includes(this.channel);
    this.quietStart = q === null ? 0 : toMinute(q.start);
    this.quietEnd = q === null ? 0 : toMinute(q.end);
    this.scratch = { score: 0, goodwillBefore: 0, goodwillAfter: 0, received: 0, timeZone: policy.defaultTimeZone, localMinute: 0, capCounts: new Int32Array(n) };
  }

  /** The customer's time zone (trait), or the policy's default when missing or unknown. */
  timeZoneOf(c: MessageRecipient): string {
    const tz = c.identity.traits[this.policy.timeZoneTrait];
    return typeof tz === 'string' && tz.length > 0 ? tz : this.policy.defaultTimeZone;
  }

  /** Local minute of day for `tz` at `now` (the default time zone when `tz` is unknown), cached while `now` stays the same (a campaign). */
  minuteAt(tz: string, now: number): LocalTime {
    if (now !== this.cachedNow) {
      this.minuteCache.clear();
      this.cachedNow = now;
    }
    let local = this.minuteCache.get(tz);
    if (local === undefined) {
      const minute = localMinuteOfDay(tz, now);
      local =
        minute !== null
          ? { timeZone: tz, minute }
          : { timeZone: this.policy.defaultTimeZone, minute: localMinuteOfDay(this.policy.defaultTimeZone, now) ?? 0 };
      if (this.minuteCache.size < 4096) this.minuteCache.set(tz, local);
    }
    return local;
  }

  /** Whether `minute` (local) is within quiet hours for this channel. */
  isQuiet(minute: number): boolean {
    if (!this.quiet) return false;
    const s = this.quietStart;
    const e = this.quietEnd;
    return s < e ? minute >= s && minute < e : minute >= s || minute < e;
  }

  /** Minutes from local `minute` to the end of quiet hours. */
  minutesToQuietEnd(minute: number): number {
    return (this.quietEnd - minute + 1440) % 1440;
  }

  /**
   * Refusal bits (0 = allowed) for `c` at `now`; details in {@link scratch}.
   * With `ignorePolicy`, only consent is checked (what a blast would do).
   */
  evaluate(c: MessageRecipient, now: number): number {
    const s = this.scratch;
    let bits = 0;
    const consent = c.consent[this.channel];
    if (consent === undefined) bits |= BIT.no_consent;
    else if (!consent.granted) bits |= BIT.opted_out;

    if (this.quiet) {
      const at = this.minuteAt(this.timeZoneOf(c), now);
      s.timeZone = at.timeZone;
      s.localMinute = at.minute;
      if (this.isQuiet(at.minute)) bits |= BIT.quiet_hours;
    }

    const counts = s.capCounts;
    const n = counts.length;
    counts.fill(0);
    const list = c.messages;
    const from = now - this.maxWindow;
    for (let i = list.length - 1; i >= 0; i--) {
      const m = list[i]!;
      if (m.at > now) continue;
      if (m.at < from) break;
      for (let k = 0; k < n; k++) {
        if (m.at >= now - this.capWindow[k]! && (this.capAll[k] === 1 || m.channel === this.channel)) counts[k]!++;
      }
    }
    for (let k = 0; k < n; k++) if (counts[k]! >= this.capMax[k]!) bits |= this.capAll[k] === 1 ? BIT.all_channels_cap : BIT.channel_cap;

    const score = this.scorer.score(c, now);
    s.score = score;
    if (score < this.policy.minScore) bits |= BIT.low_score;

    const g = readGoodwill(list, now, this.policy.resolvedGoodwill, this.reading);
    s.goodwillBefore = g.value;
    s.received = g.count;
    s.goodwillAfter = g.value + goodwillContribution(score, g.count, g.value, this.policy.resolvedGoodwill);
    // Below the minimum, only a send that raises goodwill (value repays a deficit) may pass.
    if (s.goodwillAfter < this.policy.minGoodwill && s.goodwillAfter <= s.goodwillBefore) bits |= BIT.low_goodwill;
    return bits;
  }
}

function toMinute(hhmm: string): number {
  return Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
}
