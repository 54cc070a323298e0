/**
 * Message goodwill (DOMAIN.md §3): the cumulative value of the messages a customer received.
 * "What have you done for me lately?": the value given fades with a half-life; the first
 * messages weigh most; a message that takes (score < 0) costs half when value came first;
 * and the damage of bad messages does not fade by itself — only value repays it. So goodwill
 * never rises without a message.
 */
import * as z from 'zod/mini';
import en from 'zod/v4/locales/en.js';
import { DAY_MS } from '../state/customer-state.js';
import { InvalidScoringOptionsError, assertNow } from './invalid-scoring-options-error.js';
import { MESSAGE_SCORE_MAX, MESSAGE_SCORE_MIN } from './scorecard.js';
import { stripUndefined } from './scoring-options.js';

/**
 * A message as goodwill sees it: when it was received and its score (`null`: unknown). Every
 * `ReceivedMessage` of `state.messages` is one.
 *
 * @example
 * ```ts
 * import type { GoodwillMessage } from '@retain/core';
 * const history: GoodwillMessage[] = [{ at: Date.parse('2026-11-01T00:00:00Z'), score: 4 }];
 * ```
 */
export interface GoodwillMessage {
  readonly at: number;
  readonly score: number | null;
}

/** How goodwill is computed. */
export interface GoodwillOptions {
  /** Days after which the value a message gave is halved. @default 30 */
  halfLifeDays?: number;
  /** Weight of the first message; the k-th (0-based) weighs `1 + (primacy − 1) / 2^k`. @default 3 */
  primacy?: number;
  /** Factor applied to a message with a negative score received while goodwill was positive (value before promotion). @default 0.5 */
  cushion?: number;
  /** Score assumed for a message whose score is unknown (`null`). @default 0 */
  unknownScore?: number;
}

/** {@link GoodwillOptions} with every default filled in. */
export type ResolvedGoodwillOptions = Readonly<Required<GoodwillOptions>>;

const TABLES = Symbol('goodwill tables');
const WEIGHTS = 64;

/** Precomputed per resolved options: message weights and the decay rate (hidden, non-enumerable). */
interface Tables {
  [TABLES]: { weights: Float64Array; rate: number };
}

function withTables(o: Required<GoodwillOptions>): ResolvedGoodwillOptions {
  const weights = new Float64Array(WEIGHTS);
  for (let i = 0; i < WEIGHTS; i++) weights[i] = 1 + (o.primacy - 1) * 0.5 ** i;
  Object.defineProperty(o, TABLES, { value: { weights, rate: Math.LN2 / (o.halfLifeDays * DAY_MS) }, enumerable: false });
  return Object.freeze(o);
}

function tables(o: ResolvedGoodwillOptions): Tables[typeof TABLES] {
  return (o as unknown as Tables)[TABLES];
}

// Module-level schemas are built in `/* @__PURE__ */` IIFEs: bundlers drop the ones an app does not use
// (zod calls are not side-effect free as far as a bundler can tell).
/**
 * The default goodwill options: half-life 30 days, first message ×3, cushion ½, unknown score 0.
 *
 * @example
 * ```ts
 * import { DEFAULT_GOODWILL_OPTIONS } from '@retain/core';
 * DEFAULT_GOODWILL_OPTIONS.halfLifeDays; // 30
 * ```
 */
export const DEFAULT_GOODWILL_OPTIONS: ResolvedGoodwillOptions = /* @__PURE__ */ (() => withTables({ halfLifeDays: 30, primacy: 3, cushion: 0.5, unknownScore: 0 }))();

/**
 * zod (mini) schema of {@link GoodwillOptions}. Unknown keys are errors.
 *
 * @example
 * ```ts
 * import { GoodwillOptionsSchema } from '@retain/core';
 * GoodwillOptionsSchema.safeParse({ halfLifeDays: -1 }).success; // false
 * ```
 */
export const GoodwillOptionsSchema = /* @__PURE__ */ (() => z.strictObject({
  halfLifeDays: z.optional(z.number().check(z.refine((n) => Number.isFinite(n) && n > 0, 'halfLifeDays must be a finite number > 0'))),
  primacy: z.optional(z.number().check(z.refine((n) => Number.isFinite(n) && n >= 1, 'primacy must be a finite number ≥ 1'))),
  cushion: z.optional(z.number().check(z.refine((n) => n >= 0 && n <= 1, 'cushion must be between 0 and 1'))),
  unknownScore: z.optional(
    z.number().check(z.refine((n) => n >= MESSAGE_SCORE_MIN && n <= MESSAGE_SCORE_MAX, `unknownScore must be a message score (${MESSAGE_SCORE_MIN} to ${MESSAGE_SCORE_MAX})`)),
  ),
}))();

let englishErrors: z.core.$ZodErrorMap | undefined;
const cache = new WeakMap<object, ResolvedGoodwillOptions>();

/**
 * Validates goodwill options and fills in the defaults (cached for frozen options objects).
 *
 * @throws {InvalidScoringOptionsError} when an option is out of range or unknown.
 * @example
 * ```ts
 * import { resolveGoodwillOptions } from '@retain/core';
 * resolveGoodwillOptions({ halfLifeDays: 14 }).primacy; // 3
 * ```
 */
export function resolveGoodwillOptions(options?: GoodwillOptions): ResolvedGoodwillOptions {
  if (options === undefined) return DEFAULT_GOODWILL_OPTIONS;
  if ((options as Partial<Tables>)[TABLES] !== undefined) return options as ResolvedGoodwillOptions;
  const cached = cache.get(options);
  if (cached !== undefined) return cached;
  const result = GoodwillOptionsSchema.safeParse(options, { error: (englishErrors ??= en().localeError) });
  if (!result.success) {
    throw new InvalidScoringOptionsError(result.error.issues.map((i) => ({ path: i.path, message: i.message, code: i.code })), options, 'goodwill options');
  }
  const resolved = withTables({ ...DEFAULT_GOODWILL_OPTIONS, ...stripUndefined(result.data) });
  if (Object.isFrozen(options)) cache.set(options, resolved);
  cache.set(resolved, resolved);
  return resolved;
}

/**
 * Weight of the `index`-th message (0-based) a customer received: `1 + (primacy − 1) / 2^index`
 * — 3, 2, 1.5, 1.25… with the defaults. First impressions count most.
 *
 * @example
 * ```ts
 * import { messageWeight } from '@retain/core';
 * messageWeight(0); // 3
 * messageWeight(1); // 2
 * ```
 */
export function messageWeight(index: number, options?: GoodwillOptions): number {
  const o = resolveGoodwillOptions(options);
  return 1 + (o.primacy - 1) * 0.5 ** index;
}

/**
 * What one message adds to goodwill: `weight(index) × score`, times `cushion` when the score
 * is negative and goodwill was positive before it (value came before the ask).
 *
 * @param score - the message's score.
 * @param index - how many messages the customer received before it.
 * @param before - goodwill just before it.
 * @example
 * ```ts
 * import { goodwillContribution } from '@retain/core';
 * goodwillContribution(-2, 1, 6); // 2 × −2 × 0.5 = −2
 * goodwillContribution(-2, 0, 0); // 3 × −2 = −6
 * ```
 */
export function goodwillContribution(score: number, index: number, before: number, options?: GoodwillOptions): number {
  const o = resolveGoodwillOptions(options);
  return contribution(score, index, before, o);
}

function contribution(score: number, index: number, before: number, o: ResolvedGoodwillOptions): number {
  const weight = index < WEIGHTS ? (tables(o).weights[index] as number) : 1 + (o.primacy - 1) * 0.5 ** index;
  return weight * score * (score < 0 && before > 0 ? o.cushion : 1);
}

/** Goodwill after `elapsedMs` without a message: positive goodwill halves every half-life (`rate` = ln 2 / half-life); a deficit stays. */
function decay(value: number, elapsedMs: number, rate: number): number {
  return value > 0 && elapsedMs > 0 ? value * Math.exp(-rate * elapsedMs) : value;
}

/** Goodwill and the number of messages it counts. */
export interface GoodwillReading {
  /** Goodwill at `now`. */
  value: number;
  /** Messages received at or before `now`. */
  count: number;
}

/**
 * Goodwill and the number of messages received at `now`, written into `out` — no allocation, for
 * loops over many customers. Pass resolved options ({@link resolveGoodwillOptions}).
 *
 * @example
 * ```ts
 * import { readGoodwill, resolveGoodwillOptions, type GoodwillReading } from '@retain/core';
 * const options = resolveGoodwillOptions();
 * const out: GoodwillReading = { value: 0, count: 0 };
 * readGoodwill([{ at: 0, score: 2 }], 0, options, out); // { value: 6, count: 1 }
 * ```
 */
export function readGoodwill(messages: readonly GoodwillMessage[], now: number, o: ResolvedGoodwillOptions, out: GoodwillReading): GoodwillReading {
  const rate = tables(o).rate;
  let value = 0;
  let count = 0;
  let last = -Infinity;
  for (let i = 0; i < messages.length; i++) {
    const m = messages[i] as GoodwillMessage;
    if (m.at < last) return readGoodwill([...messages].sort((a, b) => a.at - b.at), now, o, out);
    if (m.at > now) continue;
    if (count > 0) value = decay(value, m.at - last, rate);
    last = m.at;
    const score = m.score ?? o.unknownScore;
    value += contribution(score, count, value, o);
    count++;
  }
  if (count > 0) value = decay(value, now - last, rate);
  out.value = value;
  out.count = count;
  return out;
}

/**
 * A customer's goodwill at `now`, from the messages they received (e.g. `state.messages`;
 * messages after `now` are not counted). Deterministic; never rises between two instants
 * without a message between them.
 *
 * @param messages - the messages received, with their scores.
 * @param now - epoch ms.
 * @example
 * ```ts
 * import { goodwill } from '@retain/core';
 * const day = 86_400_000;
 * const history = [{ at: 0, score: 4 }, { at: 10 * day, score: -2 }];
 * goodwill(history, 10 * day); // 12 × 2^(−10/30) − 2 ≈ 7.52
 * goodwill(history, 40 * day); // half of that, 30 days later
 * ```
 */
export function goodwill(messages: readonly GoodwillMessage[], now: number, options?: GoodwillOptions): number {
  assertNow(now);
  return readGoodwill(messages, now, resolveGoodwillOptions(options), { value: 0, count: 0 }).value;
}

/** Goodwill before and after one more message. */
export interface GoodwillChange {
  /** Goodwill at `now` before the message. */
  readonly before: number;
  /** Goodwill at `now` once the message is received. */
  readonly after: number;
  /** Messages received before this one. */
  readonly index: number;
}

/**
 * Goodwill before and after a message with `score` received at `now`.
 *
 * @example
 * ```ts
 * import { goodwillAfterSend } from '@retain/core';
 * goodwillAfterSend([], -3, Date.parse('2026-11-22T10:00:00Z')).after; // −9: a bad first impression
 * ```
 */
export function goodwillAfterSend(messages: readonly GoodwillMessage[], score: number, now: number, options?: GoodwillOptions): GoodwillChange {
  assertNow(now);
  const o = resolveGoodwillOptions(options);
  const reading = readGoodwill(messages, now, o, { value: 0, count: 0 });
  return Object.freeze({ before: reading.value, after: reading.value + contribution(score, reading.count, reading.value, o), index: reading.count });
}
