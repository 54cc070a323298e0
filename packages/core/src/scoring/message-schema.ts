/**
 * The message that the scorecard scores and the send checks judge: what is declared about it
 * (value, effort, relevance…) and what it is about (`relevantTo`), so that the criteria the
 * customer's state can tell are derived from the state.
 */
import * as z from 'zod/mini';
import en from 'zod/v4/locales/en.js';
import { CHANNELS } from '../events/channels.js';
import { InvalidMessageError } from './invalid-message-error.js';

const nonEmpty = (what: string, max = 200) =>
  z.string().check(z.minLength(1, `${what} must not be empty`), z.maxLength(max, `${what} must be at most ${max} characters`));

/**
 * Perceived value of the content: high (+2), medium (0) or low (−2).
 *
 * @example
 * ```ts
 * import { VALUE_LEVELS } from '@retain/core';
 * VALUE_LEVELS.includes('high'); // true
 * ```
 */
export const VALUE_LEVELS = ['high', 'medium', 'low'] as const;
/**
 * Effort to consume the message: low (+1), medium (0) or high (−1).
 *
 * @example
 * ```ts
 * import { EFFORT_LEVELS } from '@retain/core';
 * EFFORT_LEVELS.includes('high'); // true
 * ```
 */
export const EFFORT_LEVELS = ['low', 'medium', 'high'] as const;
/**
 * Personal relevance: high (+2), medium (0), low (−1) or none (−2).
 *
 * @example
 * ```ts
 * import { RELEVANCE_LEVELS } from '@retain/core';
 * RELEVANCE_LEVELS.includes('high'); // true
 * ```
 */
export const RELEVANCE_LEVELS = ['high', 'medium', 'low', 'none'] as const;

// Module-level schemas are built in `/* @__PURE__ */` IIFEs: bundlers drop the ones an app does not use
// (zod calls are not side-effect free as far as a bundler can tell).
/**
 * zod (mini) schema of a {@link Message}. Unknown keys (title, body…) are allowed and ignored.
 *
 * @example
 * ```ts
 * import { MessageSchema } from '@retain/core';
 * MessageSchema.safeParse({ id: 'welcome-1', channel: 'email', value: 'high', relevance: 'high' }).success; // true
 * ```
 */
export const MessageSchema = /* @__PURE__ */ (() => z
  .object({
    id: nonEmpty('id'),
    channel: z.enum(CHANNELS, { error: `channel must be one of ${CHANNELS.join(', ')}` }),
    value: z.enum(VALUE_LEVELS, { error: `value must be one of ${VALUE_LEVELS.join(', ')}` }),
    effort: z.optional(z.enum(EFFORT_LEVELS, { error: `effort must be one of ${EFFORT_LEVELS.join(', ')}` })),
    relevance: z.optional(z.enum(RELEVANCE_LEVELS, { error: `relevance must be one of ${RELEVANCE_LEVELS.join(', ')}` })),
    relevantTo: z.optional(z.array(nonEmpty('relevantTo entry')).check(z.maxLength(100, 'relevantTo lists at most 100 event names'))),
    optIn: z.optional(z.boolean({ error: 'optIn must be true or false' })),
    frequencyControl: z.optional(z.boolean({ error: 'frequencyControl must be true or false' })),
    highFrequency: z.optional(z.boolean({ error: 'highFrequency must be true or false' })),
    campaign: z.optional(nonEmpty('campaign')),
  })
  .check(
    z.refine((m) => m.relevance !== undefined || m.relevantTo !== undefined, {
      message: 'declare relevance (high, medium, low, none) or relevantTo (the event names the message responds to)',
      path: ['relevance'],
    }),
  ))();

/**
 * A message to score or send. Declared fields feed the scorecard criteria the customer's state
 * cannot tell; `optIn`, `frequencyControl`, `highFrequency` and `relevance` are used only when
 * no customer state is given (or, for `relevance`, when `relevantTo` is absent).
 *
 * @example
 * ```ts
 * import type { Message } from '@retain/core';
 * const winback: Message = { id: 'winback-1', channel: 'email', value: 'high', effort: 'low', relevantTo: ['Order Completed'], campaign: 'winback' };
 * ```
 */
export interface Message {
  /** Stable id of the message (recorded in `state.messages`). */
  id: string;
  /** Where it is delivered; sets the intrusion of the medium. */
  channel: (typeof CHANNELS)[number];
  /** Perceived value of the content to the customer. */
  value: (typeof VALUE_LEVELS)[number];
  /** Effort to consume it. @default 'medium' */
  effort?: (typeof EFFORT_LEVELS)[number] | undefined;
  /** Personal relevance, declared (used when `relevantTo` is absent or there is no customer state). */
  relevance?: (typeof RELEVANCE_LEVELS)[number] | undefined;
  /** The event names the message responds to; relevance is derived from when the customer last did one. */
  relevantTo?: string[] | undefined;
  /** The customer asked for this message (without a customer state; with one, consent decides). @default false */
  optIn?: boolean | undefined;
  /** The customer can choose how often they get it (without a customer state, or when they have set no preference). @default false */
  frequencyControl?: boolean | undefined;
  /** Declared high send frequency (without a customer state; with one, recent messages decide). @default false */
  highFrequency?: boolean | undefined;
  /** Campaign the message belongs to. */
  campaign?: string | undefined;
}

let englishErrors: z.core.$ZodErrorMap | undefined;

/**
 * Validates a message.
 *
 * @throws {InvalidMessageError} with every issue and its path.
 * @example
 * ```ts
 * import { parseMessage } from '@retain/core';
 * const message = parseMessage({ id: 'tips-3', channel: 'in_context', value: 'high', relevantTo: ['Report Created'] });
 * ```
 */
export function parseMessage(input: unknown): Message {
  const result = MessageSchema.safeParse(input, { error: (englishErrors ??= en().localeError) });
  if (!result.success) {
    throw new InvalidMessageError(
      result.error.issues.map((i) => ({ path: i.path, message: i.message, code: i.code })),
      input,
    );
  }
  return result.data;
}
