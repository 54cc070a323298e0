/**
 * The channels Retain can respond on, from least to most intrusive (DOMAIN.md §2–3).
 *
 * - `in_context` — website / in-app content shown while the customer is present (intrusion: zero)
 * - `banner` — banner retargeting (low)
 * - `email` — (high)
 * - `direct_mail` — (high)
 * - `push` — push notification (very high)
 * - `sms` — SMS text (very high)
 */
export const CHANNELS = ['in_context', 'banner', 'email', 'direct_mail', 'push', 'sms'] as const;

/** A channel Retain can respond on. */
export type Channel = (typeof CHANNELS)[number];

/** Consent can also be recorded for analytics (tracking itself), besides every channel. */
export const CONSENT_PURPOSES = [...CHANNELS, 'analytics'] as const;

/** What a customer can grant or withdraw consent for. */
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
