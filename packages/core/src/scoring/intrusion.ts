/**
 * The intrusion scale of a message's medium (DOMAIN.md §3): website content = zero, banner
 * retargeting = low, email = high, direct mail = high, push / SMS text = very high.
 */
import { CHANNELS, type Channel } from '../events/channels.js';

/**
 * How intrusive a medium is, from least to most.
 *
 * @example
 * ```ts
 * import { INTRUSION_LEVELS } from '@retain/core';
 * INTRUSION_LEVELS; // ['zero', 'low', 'high', 'very_high']
 * ```
 */
export const INTRUSION_LEVELS = ['zero', 'low', 'high', 'very_high'] as const;

/** How intrusive a medium is. */
export type IntrusionLevel = (typeof INTRUSION_LEVELS)[number];

/**
 * The intrusion level of every channel: `in_context` (website / in-app content) = zero,
 * `banner` (retargeting) = low, `email` = high, `direct_mail` = high, `push` and `sms` = very high.
 *
 * @example
 * ```ts
 * import { CHANNEL_INTRUSION } from '@retain/core';
 * CHANNEL_INTRUSION.sms; // 'very_high'
 * ```
 */
export const CHANNEL_INTRUSION: Readonly<Record<Channel, IntrusionLevel>> = Object.freeze({
  in_context: 'zero',
  banner: 'low',
  email: 'high',
  direct_mail: 'high',
  push: 'very_high',
  sms: 'very_high',
});

/**
 * The rank of an intrusion level: 0 (zero) to 3 (very high).
 *
 * @example
 * ```ts
 * import { intrusionRank } from '@retain/core';
 * intrusionRank('email') > intrusionRank('banner'); // true
 * ```
 */
export function intrusionRank(channel: Channel): number {
  return INTRUSION_LEVELS.indexOf(CHANNEL_INTRUSION[channel]);
}

/**
 * Whether the scorecard counts a channel as a low-intrusion medium (+1): intrusion zero or low.
 * High and very high are a high-intrusion medium (−2). The scorecard has only these two bins;
 * the very-high channels (push, SMS) are further held back by tighter frequency caps in the
 * send policy.
 *
 * @example
 * ```ts
 * import { isLowIntrusion } from '@retain/core';
 * isLowIntrusion('banner'); // true
 * isLowIntrusion('email');  // false
 * ```
 */
export function isLowIntrusion(channel: Channel): boolean {
  return intrusionRank(channel) <= 1;
}

/**
 * The channels strictly less intrusive than `channel`, nearest first (e.g. for `sms`:
 * `email`, `direct_mail`, `banner`, `in_context`).
 *
 * @example
 * ```ts
 * import { lessIntrusiveChannels } from '@retain/core';
 * lessIntrusiveChannels('email'); // ['banner', 'in_context']
 * ```
 */
export function lessIntrusiveChannels(channel: Channel): Channel[] {
  const rank = intrusionRank(channel);
  return CHANNELS.filter((c) => intrusionRank(c) < rank).sort((a, b) => intrusionRank(b) - intrusionRank(a) || CHANNELS.indexOf(a) - CHANNELS.indexOf(b));
}
