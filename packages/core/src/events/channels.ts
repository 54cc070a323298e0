/**
 * The channels Retain can respond on, from least to most intrusive (DOMAIN.md §2–3).
 *
 * - `in_context` — website / in-app content shown while the customer is present (intrusion: zero)
 * - `banner` — banner retargeting (low)
 * - `email` — (high)
 * - `direct_mail` — (high)
 * - `push` — push notification (very high)
 * - `sms` — SMS text (very high)
 *
 * @example
 * ```ts
 * import { CHANNELS } from '@retain/core';
 * CHANNELS.includes('email'); // true
 * ```
 */
export const CHANNELS = ['in_context', 'banner', 'email', 'direct_mail', 'push', 'sms'] as const;

/**
 * A channel Retain can respond on.
 *
 * @example
 * ```ts
 * import type { Channel } from '@retain/core';
 * const channel: Channel = 'in_context';
 * ```
 */
export type Channel = (typeof CHANNELS)[number];

/**
 * Consent can also be recorded for analytics (tracking itself), besides every channel.
 *
 * @example
 * ```ts
 * import { CONSENT_PURPOSES } from '@retain/core';
 * CONSENT_PURPOSES.includes('analytics'); // true
 * ```
 */
export const CONSENT_PURPOSES = [...CHANNELS, 'analytics'] as const;

/**
 * What a customer can grant or withdraw consent for.
 *
 * @example
 * ```ts
 * import type { ConsentPurpose } from '@retain/core';
 * const purpose: ConsentPurpose = 'analytics';
 * ```
 */
export type ConsentPurpose = (typeof CONSENT_PURPOSES)[number];

/**
 * Whether `value` names a channel.
 *
 * @example
 * ```ts
 * import { isChannel } from '@retain/core';
 * isChannel('email'); // true
 * isChannel('fax');   // false
 * ```
 */
export function isChannel(value: unknown): value is Channel {
  return typeof value === 'string' && (CHANNELS as readonly string[]).includes(value);
}
