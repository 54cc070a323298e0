/**
 * @internal The ingest's fast path of event validation: the shapes that nearly every batch
 * carries (identify, track, page and group calls of plain JSON, with the known track events'
 * properties) checked by hand, in a fraction of the time zod takes. It only ever says "valid,
 * and this is what zod would have returned"; anything it is not sure of (an error, an unusual
 * object, a value JSON cannot make) it leaves to `safeParseEvent`, which stays the source of
 * truth for what is accepted and for every error message. A property test holds it to zod's
 * answers (`fast-parse-event.test.ts`).
 *
 * It lives in `@retain/node` (not in `@retain/core`'s validation) so that the browser bundle
 * does not carry it.
 */
import { CHANNELS, CONSENT_PURPOSES, KnownEvent, KnownEventPropertiesSchemas, TimestampSchema, type RetainEvent } from '@retain/core';

type Check = (value: unknown) => boolean;

/** The ISO-8601 pattern zod's `TimestampSchema` tests with (the same RegExp object, so the same answer). */
const timestampPattern: RegExp = (TimestampSchema as unknown as { _zod: { def: { pattern: RegExp } } })._zod.def.pattern;

const isString: Check = (v) => typeof v === 'string';
/** zod's `nonEmpty(what)` of the event schemas: 1 to 200 UTF-16 code units. */
const isId: Check = (v) => typeof v === 'string' && v.length >= 1 && v.length <= 200;
const isTimestamp: Check = (v) => {
  if (typeof v !== 'string') return false;
  timestampPattern.lastIndex = 0;
  return timestampPattern.test(v);
};
/** `z.number()` (finite, not NaN) with the finite refinement. */
const isMoney: Check = (v) => typeof v === 'number' && Number.isFinite(v);
const isBoolean: Check = (v) => typeof v === 'boolean';
/** `z.int()` (a safe integer) within `[min, max]`. */
const intWithin =
  (min: number, max: number): Check =>
  (v) =>
    typeof v === 'number' && Number.isSafeInteger(v) && v >= min && v <= max;
const oneOf = (values: readonly string[]): Check => {
  const set = new Set<unknown>(values);
  return (v) => set.has(v);
};
const shorterThan =
  (max: number): Check =>
  (v) =>
    typeof v === 'string' && v.length <= max;

/** How deep a JSON value may nest before the fast path leaves it to zod (no deep recursion here). */
const MAX_DEPTH = 32;

/** A JSON value as zod's `jsonValue` accepts it, of the plain kinds `JSON.parse` makes (else: not sure). */
function isJsonValue(value: unknown, depth: number): boolean {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return true;
    case 'number':
      return Number.isFinite(value);
    case 'object':
      if (value === null) return true;
      if (Array.isArray(value)) return isJsonArray(value, depth);
      return isJsonObject(value, depth);
    default:
      return false;
  }
}

function isJsonArray(value: unknown[], depth: number): boolean {
  if (depth >= MAX_DEPTH || Object.getPrototypeOf(value) !== Array.prototype) return false;
  for (let i = 0; i < value.length; i++) if (!isJsonValue(value[i], depth + 1)) return false;
  return true;
}

/**
 * A JSON object as zod's `JsonObjectSchema` accepts it: a plain object (here: of `Object.prototype`,
 * as `JSON.parse` makes them), no own `__proto__` key, no symbol keys, every value JSON.
 */
function isJsonObject(value: unknown, depth: number): boolean {
  if (typeof value !== 'object' || value === null || depth >= MAX_DEPTH) return false;
  if (Object.getPrototypeOf(value) !== Object.prototype) return false;
  if (Object.getOwnPropertySymbols(value).length > 0) return false;
  const record = value as Record<string, unknown>;
  // for…in also walks inherited enumerable keys: a polluted prototype makes this say "not sure", never "valid".
  for (const key in record) {
    if (key === '__proto__' || !isJsonValue(record[key], depth + 1)) return false;
  }
  return true;
}

const isJsonObjectField: Check = (v) => isJsonObject(v, 0);

/** One field of an event schema: its key, whether it is required, and its check. */
type Field = readonly [key: string, required: boolean, check: Check];

const COMMON: readonly Field[] = [
  ['messageId', true, isId],
  ['timestamp', true, isTimestamp],
  ['anonymousId', false, isId],
  ['userId', false, isId],
  ['context', false, isJsonObjectField],
  ['integrations', false, isJsonObjectField],
  ['sentAt', false, isTimestamp],
  ['receivedAt', false, isTimestamp],
  ['originalTimestamp', false, isTimestamp],
];
const typeField = (type: string): Field => ['type', true, (v) => v === type];

/** The fields of each event type, in the order of zod's schemas (its output has its keys in this order). */
const FIELDS: ReadonlyMap<unknown, readonly Field[]> = new Map<unknown, readonly Field[]>([
  ['identify', [...COMMON, typeField('identify'), ['traits', false, isJsonObjectField]]],
  ['track', [...COMMON, typeField('track'), ['event', true, isId], ['properties', false, isJsonObjectField]]],
  ['page', [...COMMON, typeField('page'), ['name', false, isString], ['category', false, isString], ['properties', false, isJsonObjectField]]],
  ['group', [...COMMON, typeField('group'), ['groupId', true, isId], ['traits', false, isJsonObjectField]]],
]);

/** The properties of a known track event, as its schema in `KnownEventPropertiesSchemas` checks them (extra keys allowed). */
interface PropertiesSpec {
  fields: readonly Field[];
  refine?: (properties: Record<string, unknown>) => boolean;
}

const optionalString = (key: string): Field => [key, false, isString];
const optionalMoney = (key: string): Field => [key, false, isMoney];
const channel = oneOf(CHANNELS);
const messageFields: readonly Field[] = [['message_id', true, isId], optionalString('campaign')];

const PROPERTIES: ReadonlyMap<string, PropertiesSpec> = new Map<string, PropertiesSpec>([
  [KnownEvent.SignedUp, { fields: [optionalString('method')] }],
  [KnownEvent.TrialStarted, { fields: [optionalString('plan'), ['trial_end_date', false, isTimestamp]] }],
  [KnownEvent.TrialEnded, { fields: [optionalString('plan')] }],
  [KnownEvent.SubscriptionStarted, { fields: [optionalString('plan'), optionalMoney('mrr')] }],
  [KnownEvent.SubscriptionCancelled, { fields: [optionalString('plan'), optionalString('reason')] }],
  [KnownEvent.PaymentFailed, { fields: [optionalMoney('amount'), optionalString('reason')] }],
  [KnownEvent.OrderCompleted, { fields: [optionalString('order_id'), optionalMoney('revenue'), optionalMoney('total'), optionalString('currency')] }],
  [KnownEvent.OrderRefunded, { fields: [optionalString('order_id'), optionalMoney('revenue'), optionalMoney('total')] }],
  [
    KnownEvent.FeedbackGiven,
    {
      fields: [
        ['nps', false, intWithin(0, 10)],
        ['csat', false, intWithin(1, 5)],
        ['thumbs', false, oneOf(['up', 'down'])],
        ['comment', false, shorterThan(10_000)],
        optionalString('topic'),
      ],
      refine: (p) => p['nps'] !== undefined || p['csat'] !== undefined || p['thumbs'] !== undefined,
    },
  ],
  [
    KnownEvent.FunnelStepReached,
    { fields: [['funnel', true, isId], ['step', true, isId], ['step_index', true, intWithin(0, Number.MAX_SAFE_INTEGER)], ['final', false, isBoolean]] },
  ],
  [KnownEvent.MessageSent, { fields: [...messageFields, ['channel', true, channel], optionalMoney('score')] }],
  [KnownEvent.MessageShown, { fields: [...messageFields, ['channel', false, channel], optionalMoney('score')] }],
  [KnownEvent.MessageClicked, { fields: [...messageFields, ['channel', false, channel], optionalString('action')] }],
  [KnownEvent.MessageDismissed, { fields: [...messageFields, ['channel', false, channel]] }],
  [KnownEvent.ConsentChanged, { fields: [['purpose', true, oneOf(CONSENT_PURPOSES)], ['granted', true, isBoolean]] }],
  [KnownEvent.MetricSet, { fields: [['metric', true, isId], ['value', true, isMoney]] }],
  [KnownEvent.MetricIncremented, { fields: [['metric', true, isId], optionalMoney('by')] }],
  [KnownEvent.MilestoneReached, { fields: [['milestone', true, isId]] }],
  [KnownEvent.ExperimentViewed, { fields: [['experiment_id', true, isId], ['variation_id', true, isId]] }],
]);

const NO_PROPERTIES: Record<string, unknown> = {};

/** Whether the properties of track event `name` pass its known-event schema (true for an event the model does not know). */
function knownPropertiesPass(name: string, properties: Record<string, unknown>): boolean {
  if (!Object.hasOwn(KnownEventPropertiesSchemas, name)) return true;
  const spec = PROPERTIES.get(name);
  if (spec === undefined) return false; // a schema added in core and not here: zod decides
  for (const [key, required, check] of spec.fields) {
    if (!(key in properties)) {
      if (required) return false;
      continue;
    }
    if (!check(properties[key])) return false;
  }
  return spec.refine === undefined || spec.refine(properties);
}

/**
 * The event zod's `safeParseEvent(input)` would return, when `input` is one of the plain shapes
 * checked here and valid; `undefined` otherwise (invalid, or not sure): then ask `safeParseEvent`.
 *
 * The event is a new object with zod's keys in zod's order (unknown keys dropped); its JSON
 * values (`properties`, `traits`, `context`, `integrations`) are the input's own objects, not
 * copies as zod makes (the ingest's input is a fresh `JSON.parse` that nobody else holds).
 */
export function fastParseEvent(input: unknown): RetainEvent | undefined {
  if (typeof input !== 'object' || input === null) return undefined;
  const proto = Object.getPrototypeOf(input);
  if (proto !== Object.prototype && proto !== null) return undefined;
  const record = input as Record<string, unknown>;
  const fields = FIELDS.get(record['type']);
  if (fields === undefined) return undefined;
  const event: Record<string, unknown> = {};
  for (const [key, required, check] of fields) {
    // `in` and `[]` as zod's object schema reads its keys (inherited ones too).
    if (!(key in record)) {
      if (required) return undefined;
      continue;
    }
    const value = record[key];
    if (!check(value)) return undefined;
    event[key] = value;
  }
  if (event['anonymousId'] === undefined && event['userId'] === undefined) return undefined;
  if (event['type'] === 'track' && !knownPropertiesPass(event['event'] as string, (event['properties'] as Record<string, unknown> | undefined) ?? NO_PROPERTIES)) {
    return undefined;
  }
  return event as unknown as RetainEvent;
}
