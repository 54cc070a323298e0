import * as z from 'zod/mini';
import en from 'zod/v4/locales/en.js';
import { InvalidScoringOptionsError } from './invalid-scoring-options-error.js';

/** How the criteria that a customer's state can tell are derived from it. */
export interface ScoringOptions {
  /** Rolling window (days) over which recent messages are counted for the send frequency. @default 7 */
  frequencyWindowDays?: number;
  /** A customer who already received this many messages (any channel, in-context included) in the window gets a high-intrusion send frequency. @default 3 */
  frequentAfter?: number;
  /** A customer who did one of the message's `relevantTo` events within this many days finds it highly relevant; earlier, of low relevance; never, of none. @default 14 */
  relevanceWindowDays?: number;
  /** Trait holding the customer's chosen message frequency (a value, or an object keyed by channel); when set, the customer controls the frequency. @default 'message_frequency' */
  frequencyTrait?: string;
}

/** {@link ScoringOptions} with every default filled in. */
export type ResolvedScoringOptions = Readonly<Required<ScoringOptions>>;

// Module-level schemas are built in `/* @__PURE__ */` IIFEs: bundlers drop the ones an app does not use
// (zod calls are not side-effect free as far as a bundler can tell).
/**
 * The default scoring options.
 *
 * @example
 * ```ts
 * import { DEFAULT_SCORING_OPTIONS } from '@retain/core';
 * DEFAULT_SCORING_OPTIONS.frequentAfter; // 3
 * ```
 */
export const DEFAULT_SCORING_OPTIONS: ResolvedScoringOptions = /* @__PURE__ */ (() => Object.freeze({
  frequencyWindowDays: 7,
  frequentAfter: 3,
  relevanceWindowDays: 14,
  frequencyTrait: 'message_frequency',
}))();

const positive = (what: string) => z.number().check(z.refine((n) => Number.isFinite(n) && n > 0, `${what} must be a finite number > 0`));

/**
 * zod (mini) schema of {@link ScoringOptions}. Unknown keys are errors.
 *
 * @example
 * ```ts
 * import { ScoringOptionsSchema } from '@retain/core';
 * ScoringOptionsSchema.safeParse({ frequentAfter: 0 }).success; // false
 * ```
 */
export const ScoringOptionsSchema = /* @__PURE__ */ (() => z.strictObject({
  frequencyWindowDays: z.optional(positive('frequencyWindowDays')),
  frequentAfter: z.optional(z.int().check(z.gte(1, 'frequentAfter must be an integer ≥ 1'))),
  relevanceWindowDays: z.optional(positive('relevanceWindowDays')),
  frequencyTrait: z.optional(z.string().check(z.minLength(1, 'frequencyTrait must not be empty'))),
}))();

let englishErrors: z.core.$ZodErrorMap | undefined;
const cache = new WeakMap<object, ResolvedScoringOptions>();

/**
 * Validates scoring options and fills in the defaults (cached for frozen options objects).
 *
 * @throws {InvalidScoringOptionsError} when an option is out of range or unknown.
 * @example
 * ```ts
 * import { resolveScoringOptions } from '@retain/core';
 * resolveScoringOptions({ frequentAfter: 5 }).frequencyWindowDays; // 7
 * ```
 */
export function resolveScoringOptions(options?: ScoringOptions): ResolvedScoringOptions {
  if (options === undefined) return DEFAULT_SCORING_OPTIONS;
  const cached = cache.get(options);
  if (cached !== undefined) return cached;
  const result = ScoringOptionsSchema.safeParse(options, { error: (englishErrors ??= en().localeError) });
  if (!result.success) {
    throw new InvalidScoringOptionsError(result.error.issues.map((i) => ({ path: i.path, message: i.message, code: i.code })), options);
  }
  const resolved: ResolvedScoringOptions = Object.freeze({ ...DEFAULT_SCORING_OPTIONS, ...stripUndefined(result.data) });
  if (Object.isFrozen(options)) cache.set(options, resolved);
  cache.set(resolved, resolved);
  return resolved;
}

/** @internal */
export function stripUndefined<T extends object>(value: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  const out: { [K in keyof T]?: Exclude<T[K], undefined> } = {};
  for (const key of Object.keys(value) as Array<keyof T>) if (value[key] !== undefined) out[key] = value[key] as Exclude<T[keyof T], undefined>;
  return out;
}
