/**
 * zod schemas of Retain's wire format: Segment-compatible `identify`, `track`, `page` and `group`
 * calls, and the property schemas of the known track events. Written with `zod/mini` so that a
 * browser bundle that validates pays for only what it uses.
 */
import * as z from 'zod/mini';
import { CHANNELS, CONSENT_PURPOSES } from './channels.js';
import { KnownEvent } from './event-names.js';

/**
 * Any JSON value (what may appear in properties and traits).
 *
 * @example
 * ```ts
 * import type { JsonValue } from '@retain/core';
 * const value: JsonValue = { tags: ['a', 'b'], count: 2, ok: true, note: null };
 * ```
 */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/**
 * A JSON object.
 *
 * @example
 * ```ts
 * import type { JsonObject } from '@retain/core';
 * const traits: JsonObject = { plan: 'pro', seats: 12 };
 * ```
 */
export type JsonObject = { [key: string]: JsonValue };

// Module-level schemas are built in `/* @__PURE__ */` IIFEs: bundlers drop the ones an app does not use
// (zod calls are not side-effect free as far as a bundler can tell).
/**
 * zod records skip a `__proto__` key without a word (it is neither validated nor kept): reject it
 * instead, so that nothing a customer sent is lost silently.
 */
const noProtoKey = /* @__PURE__ */ (() => z.custom<unknown>((value) => typeof value !== 'object' || value === null || !Object.hasOwn(value, '__proto__'), {
  message: "'__proto__' is not allowed as a key",
}))();

const jsonRecord = (): z.ZodMiniType<JsonObject> => z.pipe(noProtoKey, z.record(z.string(), jsonValue)) as unknown as z.ZodMiniType<JsonObject>;

const jsonValue: z.ZodMiniType<JsonValue> = /* @__PURE__ */ (() => z.lazy(() =>
  z.union([
    z.string(),
    z.number().check(z.refine(Number.isFinite, 'must be a finite number (NaN and Infinity are not JSON)')),
    z.boolean(),
    z.null(),
    z.array(jsonValue),
    jsonRecord(),
  ]),
))();

/**
 * A JSON object: properties, traits, context.
 *
 * @example
 * ```ts
 * import { JsonObjectSchema } from '@retain/core';
 * JsonObjectSchema.safeParse({ n: Number.NaN }).success; // false: not JSON
 * ```
 */
export const JsonObjectSchema: z.ZodMiniType<JsonObject> = /* @__PURE__ */ (() => jsonRecord())();

const nonEmpty = (what: string, max = 200) =>
  z.string({ error: (issue) => (issue.input === undefined ? `${what} is required` : `${what} must be a string`) }).check(z.minLength(1, `${what} must not be empty`), z.maxLength(max, `${what} must be at most ${max} characters`));

/**
 * ISO-8601 timestamp with a time zone (`2026-11-22T10:00:00.000Z`), as the Segment spec sends.
 *
 * @example
 * ```ts
 * import { TimestampSchema } from '@retain/core';
 * TimestampSchema.safeParse('2026-11-22T10:00:00Z').success; // true
 * TimestampSchema.safeParse('2026-11-22 10:00').success; // false
 * ```
 */
export const TimestampSchema = /* @__PURE__ */ (() => z.iso.datetime({ offset: true, error: 'must be an ISO-8601 date-time with a time zone, e.g. 2026-11-22T10:00:00.000Z' }))();

const common = /* @__PURE__ */ (() => ({
  messageId: nonEmpty('messageId'),
  timestamp: TimestampSchema,
  anonymousId: z.optional(nonEmpty('anonymousId')),
  userId: z.optional(nonEmpty('userId')),
  context: z.optional(JsonObjectSchema),
  integrations: z.optional(JsonObjectSchema),
  sentAt: z.optional(TimestampSchema),
  receivedAt: z.optional(TimestampSchema),
  originalTimestamp: z.optional(TimestampSchema),
}))();

const hasIdentity = /* @__PURE__ */ (() => z.refine<{ anonymousId?: string | undefined; userId?: string | undefined }>(
  (e) => e.anonymousId !== undefined || e.userId !== undefined,
  { message: 'an event needs an anonymousId or a userId (or both)', path: ['userId'] },
))();

/**
 * A Segment `identify` call: who the customer is, and their traits.
 *
 * @example
 * ```ts
 * import { IdentifyEventSchema } from '@retain/core';
 * IdentifyEventSchema.safeParse({ type: 'identify', traits: { plan: 'pro' }, messageId: 'm', timestamp: '2026-11-22T10:00:00Z', userId: 'u1' }).success; // true
 * ```
 */
export const IdentifyEventSchema = /* @__PURE__ */ (() => z.object({ ...common, type: z.literal('identify'), traits: z.optional(JsonObjectSchema) }).check(hasIdentity))();
/**
 * A Segment `track` call: something the customer did.
 *
 * @example
 * ```ts
 * import { TrackEventSchema } from '@retain/core';
 * TrackEventSchema.safeParse({ type: 'track', event: 'Report Created', messageId: 'm', timestamp: '2026-11-22T10:00:00Z', userId: 'u1' }).success; // true
 * ```
 */
export const TrackEventSchema = /* @__PURE__ */ (() => z
  .object({ ...common, type: z.literal('track'), event: nonEmpty('event name'), properties: z.optional(JsonObjectSchema) })
  .check(hasIdentity))();
/**
 * A Segment `page` call: a page (or screen) view.
 *
 * @example
 * ```ts
 * import { PageEventSchema } from '@retain/core';
 * PageEventSchema.safeParse({ type: 'page', name: 'Pricing', messageId: 'm', timestamp: '2026-11-22T10:00:00Z', anonymousId: 'a1' }).success; // true
 * ```
 */
export const PageEventSchema = /* @__PURE__ */ (() => z
  .object({
    ...common,
    type: z.literal('page'),
    name: z.optional(z.string()),
    category: z.optional(z.string()),
    properties: z.optional(JsonObjectSchema),
  })
  .check(hasIdentity))();
/**
 * A Segment `group` call: the account (B2B) the customer belongs to.
 *
 * @example
 * ```ts
 * import { GroupEventSchema } from '@retain/core';
 * GroupEventSchema.safeParse({ type: 'group', groupId: 'acme', messageId: 'm', timestamp: '2026-11-22T10:00:00Z', userId: 'u1' }).success; // true
 * ```
 */
export const GroupEventSchema = /* @__PURE__ */ (() => z
  .object({ ...common, type: z.literal('group'), groupId: nonEmpty('groupId'), traits: z.optional(JsonObjectSchema) })
  .check(hasIdentity))();

/**
 * Any Retain event (the Segment-compatible wire format).
 *
 * @example
 * ```ts
 * import { RetainEventSchema } from '@retain/core';
 * // Prefer safeParseEvent, which also checks the properties of known track events.
 * RetainEventSchema.safeParse({ type: 'page', messageId: 'm', timestamp: '2026-11-22T10:00:00Z', userId: 'u1' }).success; // true
 * ```
 */
export const RetainEventSchema = /* @__PURE__ */ (() => z.discriminatedUnion('type', [IdentifyEventSchema, TrackEventSchema, PageEventSchema, GroupEventSchema]))();

/**
 * A Segment `identify` call: who the customer is, and their traits.
 *
 * @example
 * ```ts
 * import type { IdentifyEvent } from '@retain/core';
 * const identify: IdentifyEvent = { type: 'identify', traits: { plan: 'pro' }, messageId: 'm-1', timestamp: '2026-11-22T10:00:00Z', userId: 'u1' };
 * ```
 */
export type IdentifyEvent = z.infer<typeof IdentifyEventSchema>;
/**
 * A Segment `track` call: something the customer did (`event` is its name).
 *
 * @example
 * ```ts
 * import type { TrackEvent } from '@retain/core';
 * const track: TrackEvent = { type: 'track', event: 'Report Created', messageId: 'm-2', timestamp: '2026-11-22T10:00:00Z', userId: 'u1' };
 * ```
 */
export type TrackEvent = z.infer<typeof TrackEventSchema>;
/**
 * A Segment `page` call: a page (or screen) view.
 *
 * @example
 * ```ts
 * import type { PageEvent } from '@retain/core';
 * const page: PageEvent = { type: 'page', name: 'Pricing', messageId: 'm-3', timestamp: '2026-11-22T10:00:00Z', anonymousId: 'a-1' };
 * ```
 */
export type PageEvent = z.infer<typeof PageEventSchema>;
/**
 * A Segment `group` call: the account (B2B) the customer belongs to.
 *
 * @example
 * ```ts
 * import type { GroupEvent } from '@retain/core';
 * const group: GroupEvent = { type: 'group', groupId: 'acme', traits: { seats: 12 }, messageId: 'm-4', timestamp: '2026-11-22T10:00:00Z', userId: 'u1' };
 * ```
 */
export type GroupEvent = z.infer<typeof GroupEventSchema>;
/**
 * Any Retain event. Discriminated on `type`.
 *
 * @example
 * ```ts
 * import type { RetainEvent } from '@retain/core';
 * const event: RetainEvent = { type: 'page', name: 'Home', messageId: 'm-1', timestamp: '2026-11-22T10:00:00Z', anonymousId: 'a-1' };
 * ```
 */
export type RetainEvent = IdentifyEvent | TrackEvent | PageEvent | GroupEvent;
/**
 * The event `type`s of the Segment spec that Retain speaks.
 *
 * @example
 * ```ts
 * import type { RetainEventType } from '@retain/core';
 * const types: RetainEventType[] = ['identify', 'track', 'page', 'group'];
 * ```
 */
export type RetainEventType = RetainEvent['type'];

const money = /* @__PURE__ */ (() => z.number().check(z.refine(Number.isFinite, 'must be a finite number')))();
const channel = /* @__PURE__ */ (() => z.enum(CHANNELS, { error: `must be one of ${CHANNELS.join(', ')}` }))();
const messageProps = /* @__PURE__ */ (() => ({ message_id: nonEmpty('message_id'), campaign: z.optional(z.string()) }))();

/**
 * Property schemas of the track events the model understands, in one place. Extra properties
 * are allowed (Segment events carry many); these are the ones the model reads.
 *
 * @example
 * ```ts
 * import { KnownEventPropertiesSchemas } from '@retain/core';
 * KnownEventPropertiesSchemas['Feedback Given'].safeParse({ nps: 11 }).success; // false: NPS is 0–10
 * ```
 */
export const KnownEventPropertiesSchemas = /* @__PURE__ */ (() => ({
  [KnownEvent.SignedUp]: z.looseObject({ method: z.optional(z.string()) }),
  [KnownEvent.TrialStarted]: z.looseObject({ plan: z.optional(z.string()), trial_end_date: z.optional(TimestampSchema) }),
  [KnownEvent.TrialEnded]: z.looseObject({ plan: z.optional(z.string()) }),
  [KnownEvent.SubscriptionStarted]: z.looseObject({ plan: z.optional(z.string()), mrr: z.optional(money) }),
  [KnownEvent.SubscriptionCancelled]: z.looseObject({ plan: z.optional(z.string()), reason: z.optional(z.string()) }),
  [KnownEvent.PaymentFailed]: z.looseObject({ amount: z.optional(money), reason: z.optional(z.string()) }),
  [KnownEvent.OrderCompleted]: z.looseObject({
    order_id: z.optional(z.string()),
    revenue: z.optional(money),
    total: z.optional(money),
    currency: z.optional(z.string()),
  }),
  [KnownEvent.OrderRefunded]: z.looseObject({ order_id: z.optional(z.string()), revenue: z.optional(money), total: z.optional(money) }),
  [KnownEvent.FeedbackGiven]: z
    .looseObject({
      nps: z.optional(z.int().check(z.gte(0, 'NPS is 0–10'), z.lte(10, 'NPS is 0–10'))),
      csat: z.optional(z.int().check(z.gte(1, 'CSAT is 1–5'), z.lte(5, 'CSAT is 1–5'))),
      thumbs: z.optional(z.enum(['up', 'down'], { error: "thumbs is 'up' or 'down'" })),
      comment: z.optional(z.string().check(z.maxLength(10_000))),
      topic: z.optional(z.string()),
    })
    .check(
      z.refine((p) => p.nps !== undefined || p.csat !== undefined || p.thumbs !== undefined, {
        message: 'feedback needs a score: nps (0–10), csat (1–5) or thumbs (up/down)',
      }),
    ),
  [KnownEvent.FunnelStepReached]: z.looseObject({
    funnel: nonEmpty('funnel'),
    step: nonEmpty('step'),
    step_index: z.int().check(z.gte(0, 'step_index must be ≥ 0')),
    final: z.optional(z.boolean()),
  }),
  [KnownEvent.MessageSent]: z.looseObject({ ...messageProps, channel, score: z.optional(money) }),
  [KnownEvent.MessageShown]: z.looseObject({ ...messageProps, channel: z.optional(channel), score: z.optional(money) }),
  [KnownEvent.MessageClicked]: z.looseObject({ ...messageProps, channel: z.optional(channel), action: z.optional(z.string()) }),
  [KnownEvent.MessageDismissed]: z.looseObject({ ...messageProps, channel: z.optional(channel) }),
  [KnownEvent.ConsentChanged]: z.looseObject({
    purpose: z.enum(CONSENT_PURPOSES, { error: `purpose must be one of ${CONSENT_PURPOSES.join(', ')}` }),
    granted: z.boolean(),
  }),
  [KnownEvent.MetricSet]: z.looseObject({ metric: nonEmpty('metric'), value: money }),
  [KnownEvent.MetricIncremented]: z.looseObject({ metric: nonEmpty('metric'), by: z.optional(money) }),
  [KnownEvent.MilestoneReached]: z.looseObject({ milestone: nonEmpty('milestone') }),
  [KnownEvent.ExperimentViewed]: z.looseObject({ experiment_id: nonEmpty('experiment_id'), variation_id: nonEmpty('variation_id') }),
} as const))();

/**
 * Properties of each known track event, by name.
 *
 * @example
 * ```ts
 * import type { KnownEventProperties } from '@retain/core';
 * const order: KnownEventProperties['Order Completed'] = { order_id: 'o-1', revenue: 80, currency: 'EUR' };
 * ```
 */
export type KnownEventProperties = { [K in keyof typeof KnownEventPropertiesSchemas]: z.infer<(typeof KnownEventPropertiesSchemas)[K]> };
