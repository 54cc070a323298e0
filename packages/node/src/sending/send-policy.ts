/**
 * A send policy: quiet hours, frequency caps over rolling windows (every channel counts,
 * in-context included), a minimum message score and a minimum goodwill after the send.
 * Consent is not part of the policy: no policy can allow a send to a customer who has not
 * consented to the channel or has opted out of it.
 */
import {
  CHANNELS,
  GoodwillOptionsSchema,
  ScoringOptionsSchema,
  resolveGoodwillOptions,
  resolveScoringOptions,
  type Channel,
  type GoodwillOptions,
  type ResolvedGoodwillOptions,
  type ResolvedScoringOptions,
  type ScoringOptions,
} from '@retain/core';
import * as z from 'zod/mini';
import en from 'zod/v4/locales/en.js';
import { InvalidPolicyError } from './invalid-policy-error.js';
import { isValidTimeZone } from './time-zones.js';

/** At most `max` messages within any rolling `windowDays`, on `channel` or across `'all'` channels. */
export interface FrequencyCap {
  /** A channel, or `'all'` for every channel together (in-context included). */
  channel: Channel | 'all';
  /** Messages allowed in the window (0 forbids the channel). */
  max: number;
  /** Length of the rolling window, in days (fractions allowed: 1/24 is an hour). */
  windowDays: number;
}

/** Hours, in the customer's own time zone, when `channels` stay silent. */
export interface QuietHours {
  /** Local start, `HH:MM` (24 h). */
  start: string;
  /** Local end, `HH:MM`, exclusive; before `start` means overnight. */
  end: string;
  /** Channels that stay silent during quiet hours. */
  channels: Channel[];
}

/** A resolved send policy (every field set). */
export interface SendPolicy {
  /** Refuse a message whose score (for this customer, now) is below this. @default 0 */
  minScore: number;
  /** Refuse a send that would leave the customer's goodwill below this, unless it raises goodwill (repays a deficit). @default 0 */
  minGoodwill: number;
  /** Quiet hours, or `null` for none. @default 21:00–08:00 for push and SMS */
  quietHours: QuietHours | null;
  /** Trait holding the customer's IANA time zone. @default 'timezone' */
  timeZoneTrait: string;
  /** Time zone used when the customer has none (or an unknown one). @default 'UTC' */
  defaultTimeZone: string;
  /** Frequency caps, all of which must hold. @default see {@link defaultPolicy} */
  caps: FrequencyCap[];
  /** How the customer-derived score criteria are judged. */
  scoring: ScoringOptions;
  /** How goodwill is computed. */
  goodwill: GoodwillOptions;
  /** How far ahead (days) to look for the earliest time a refused send would pass. @default 14 */
  suggestionHorizonDays: number;
}

/** A policy to validate: any subset of {@link SendPolicy}, the rest from {@link defaultPolicy}. `caps` replace the default caps. */
export type SendPolicyInput = Partial<SendPolicy>;

/**
 * The default send policy: score ≥ 0, goodwill after the send ≥ 0, quiet hours 21:00–08:00 local
 * for push and SMS, and caps — all channels 3 a day and 10 a week; in-context 2 a day; banner 3 a
 * day; email 3 a week; direct mail 1 in 30 days; push 2 a week; SMS 1 a week.
 *
 * @example
 * ```ts
 * import { defaultPolicy } from '@retain/node';
 * defaultPolicy.caps.find((cap) => cap.channel === 'sms'); // { channel: 'sms', max: 1, windowDays: 7 }
 * ```
 */
export const defaultPolicy: Readonly<SendPolicy> = deepFreeze({
  minScore: 0,
  minGoodwill: 0,
  quietHours: { start: '21:00', end: '08:00', channels: ['push', 'sms'] },
  timeZoneTrait: 'timezone',
  defaultTimeZone: 'UTC',
  caps: [
    { channel: 'all', max: 3, windowDays: 1 },
    { channel: 'all', max: 10, windowDays: 7 },
    { channel: 'in_context', max: 2, windowDays: 1 },
    { channel: 'banner', max: 3, windowDays: 1 },
    { channel: 'email', max: 3, windowDays: 7 },
    { channel: 'direct_mail', max: 1, windowDays: 30 },
    { channel: 'push', max: 2, windowDays: 7 },
    { channel: 'sms', max: 1, windowDays: 7 },
  ],
  scoring: {},
  goodwill: {},
  suggestionHorizonDays: 14,
});

const finite = (what: string) => z.number().check(z.refine(Number.isFinite, `${what} must be a finite number`));
const hhmm = (what: string) => z.string().check(z.regex(/^([01]\d|2[0-3]):[0-5]\d$/, `${what} must be a time HH:MM between 00:00 and 23:59`));
const channel = z.enum(CHANNELS, { error: `must be one of ${CHANNELS.join(', ')}` });
const timeZone = (what: string) =>
  z.string().check(z.refine((tz) => isValidTimeZone(tz), `${what} must be an IANA time zone such as Europe/Paris or UTC`));

/**
 * zod (mini) schema of a {@link SendPolicyInput}. Unknown keys are errors (a typo must not weaken a policy).
 *
 * @example
 * ```ts
 * import { SendPolicySchema } from '@retain/node';
 * SendPolicySchema.safeParse({ caps: [{ channel: 'sms', max: 1, windowDays: 7 }] }).success; // true
 * ```
 */
export const SendPolicySchema = z.strictObject({
  minScore: z.optional(finite('minScore')),
  minGoodwill: z.optional(finite('minGoodwill')),
  quietHours: z.optional(
    z.nullable(
      z
        .strictObject({ start: hhmm('start'), end: hhmm('end'), channels: z.array(channel) })
        .check(z.refine((q) => q.start !== q.end, { message: 'start and end must differ (use quietHours: null for none)', path: ['end'] })),
    ),
  ),
  timeZoneTrait: z.optional(z.string().check(z.minLength(1, 'timeZoneTrait must not be empty'))),
  defaultTimeZone: z.optional(timeZone('defaultTimeZone')),
  caps: z.optional(
    z.array(
      z.strictObject({
        channel: z.enum([...CHANNELS, 'all'], { error: `must be 'all' or one of ${CHANNELS.join(', ')}` }),
        max: z.int().check(z.gte(0, 'max must be an integer ≥ 0')),
        windowDays: z.number().check(z.refine((n) => Number.isFinite(n) && n > 0, 'windowDays must be a finite number > 0')),
      }),
    ),
  ),
  scoring: z.optional(ScoringOptionsSchema),
  goodwill: z.optional(GoodwillOptionsSchema),
  suggestionHorizonDays: z.optional(z.number().check(z.refine((n) => Number.isFinite(n) && n >= 0 && n <= 366, 'suggestionHorizonDays must be between 0 and 366'))),
});

/** A validated policy with its options resolved, ready for the send checks. */
export interface ResolvedPolicy extends Readonly<SendPolicy> {
  readonly resolvedScoring: ResolvedScoringOptions;
  readonly resolvedGoodwill: ResolvedGoodwillOptions;
}

let englishErrors: z.core.$ZodErrorMap | undefined;
const cache = new WeakMap<object, ResolvedPolicy>();

/**
 * Validates a policy and fills in {@link defaultPolicy} (cached for frozen policy objects such as {@link defaultPolicy} and resolved policies).
 *
 * @throws {InvalidPolicyError} with every issue and its path.
 * @example
 * ```ts
 * import { resolvePolicy } from '@retain/node';
 * const policy = resolvePolicy({ minScore: 2, quietHours: { start: '22:00', end: '07:30', channels: ['push', 'sms', 'email'] } });
 * policy.caps.length; // 8: the default caps
 * ```
 */
export function resolvePolicy(input: SendPolicyInput = defaultPolicy): ResolvedPolicy {
  const cached = cache.get(input);
  if (cached !== undefined) return cached;
  const result = SendPolicySchema.safeParse(input, { error: (englishErrors ??= en().localeError) });
  if (!result.success) throw new InvalidPolicyError(result.error.issues.map((i) => ({ path: i.path, message: i.message, code: i.code })), input);
  const merged: SendPolicy = { ...defaultPolicy };
  for (const [key, value] of Object.entries(result.data)) if (value !== undefined) (merged as unknown as Record<string, unknown>)[key] = value;
  const resolved: ResolvedPolicy = deepFreeze({
    ...merged,
    resolvedScoring: resolveScoringOptions(merged.scoring),
    resolvedGoodwill: resolveGoodwillOptions(merged.goodwill),
  });
  if (Object.isFrozen(input)) cache.set(input, resolved);
  cache.set(resolved, resolved);
  return resolved;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
