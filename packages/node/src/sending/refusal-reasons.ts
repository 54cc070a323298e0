/**
 * Why a send can be refused, in the order the reasons are reported.
 *
 * @example
 * ```ts
 * import { REFUSAL_CODES } from '@retain/node';
 * REFUSAL_CODES[0]; // 'opted_out'
 * ```
 */
export const REFUSAL_CODES = ['opted_out', 'no_consent', 'quiet_hours', 'channel_cap', 'all_channels_cap', 'low_score', 'low_goodwill'] as const;

/**
 * Why a send was refused:
 * - `opted_out` — the customer withdrew consent to the channel (no policy overrides this);
 * - `no_consent` — the customer never granted consent to the channel (no policy overrides this);
 * - `quiet_hours` — it is quiet time in the customer's own time zone;
 * - `channel_cap` — a frequency cap on this channel is reached;
 * - `all_channels_cap` — a frequency cap across all channels (in-context included) is reached;
 * - `low_score` — the message's score for this customer is below the policy's minimum;
 * - `low_goodwill` — the send would leave the customer's goodwill below the policy's minimum
 *   without raising it (a message of value to a customer in deficit repays it, and may pass).
 */
export type RefusalCode = (typeof REFUSAL_CODES)[number];

/** @internal One bit per refusal code, in the order of {@link REFUSAL_CODES}. */
export const BIT = {
  opted_out: 1,
  no_consent: 2,
  quiet_hours: 4,
  channel_cap: 8,
  all_channels_cap: 16,
  low_score: 32,
  low_goodwill: 64,
} as const satisfies Record<RefusalCode, number>;

/** @internal Refusals that waiting cannot lift. */
export const TIMELESS = BIT.opted_out | BIT.no_consent;
