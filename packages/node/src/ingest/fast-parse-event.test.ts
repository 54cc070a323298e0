import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CHANNELS, CONSENT_PURPOSES, KNOWN_EVENT_NAMES, KnownEventPropertiesSchemas, safeParseEvent } from '@retain/core';
import { batchAt, DEFAULT_WORKLOAD } from '../../../../bench/ingest/workload.js';
import { fastParseEvent } from './fast-parse-event.js';

/** The fast path may only answer "valid" with zod's own output: same keys, same order, same values. */
function expectSameAsZod(input: unknown): 'fast' | 'zod' {
  const fast = fastParseEvent(input);
  const zod = safeParseEvent(input);
  if (fast === undefined) return 'zod';
  expect(zod.success, 'zod rejects what the fast path accepted').toBe(true);
  if (!zod.success) return 'fast';
  expect(fast).toStrictEqual(zod.event);
  expect(Object.keys(fast)).toEqual(Object.keys(zod.event));
  expect(JSON.stringify(fast)).toBe(JSON.stringify(zod.event));
  return 'fast';
}

const protoKey = (value: unknown) => JSON.parse(`{"__proto__": ${JSON.stringify(value) ?? 'null'}, "a": 1}`) as object;
const nullProto = () => Object.assign(Object.create(null) as object, { a: 1 });
const symbolKeyed = () => ({ a: 1, [Symbol('s')]: 2 });
class Point {
  x = 1;
}

/** Values of every kind that trips validators: wrong types, JSON's edge cases, values JSON cannot make. */
const nasty: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(undefined, null, Number.NaN, Infinity, -Infinity, -0, 0, 1e308, -1e308, 5e-324, 2 ** 53, 2 ** 53 + 2, -(2 ** 53), true, false, '', ' ', 'x'.repeat(200), 'x'.repeat(201)),
  fc.double(),
  fc.integer(),
  fc.string({ maxLength: 8 }),
  fc.constantFrom([], {}, [1, 'a', null], [undefined], { a: undefined }, { a: Number.NaN }, { a: { b: Infinity } }, { a: [1, { b: -Infinity }] }),
  fc.constant(null).map(() => protoKey(1)),
  fc.constant(null).map(() => protoKey({ a: 1 })),
  fc.constant(null).map(() => ({ nested: protoKey(null) })),
  fc.constant(null).map(nullProto),
  fc.constant(null).map(symbolKeyed),
  fc.constant(null).map(() => new Point()),
  fc.constant(null).map(() => new Date(0)),
  // eslint-disable-next-line no-sparse-arrays
  fc.constant(null).map(() => [1, , 3]),
  fc.constant(null).map(() => () => 1),
  fc.constant(null).map(() => Symbol('v')),
  fc.bigInt(),
  fc.jsonValue({ maxDepth: 3 }),
  fc.anything({ maxDepth: 2 }),
);

const timestamp: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: fc.date({ min: new Date('1900-01-01'), max: new Date('2200-01-01'), noInvalidDate: true }).map((d) => d.toISOString()) },
  fc.constantFrom(
    '2026-11-22T10:00:00Z',
    '2026-11-22T10:00:00+01:00',
    '2026-11-22T10:00:00.123456789-05:30',
    '2026-11-22T10:00:00',
    '2026-11-22T10:00Z',
    '2026-11-22 10:00:00Z',
    '2024-02-29T00:00:00Z',
    '2023-02-29T00:00:00Z',
    '2026-02-30T00:00:00Z',
    '2026-13-01T00:00:00Z',
    '2026-11-22T24:00:00Z',
    '2026-11-22T10:00:00+24:00',
    '+002026-11-22T10:00:00Z',
    'yesterday',
    '2026-11-22T10:00:00.Z',
    '2026-11-22t10:00:00z',
  ),
  nasty,
);
const id: fc.Arbitrary<unknown> = fc.oneof({ weight: 6, arbitrary: fc.string({ minLength: 1, maxLength: 12 }) }, fc.constantFrom('x'.repeat(200), 'x'.repeat(201), ''), nasty);
const jsonObject: fc.Arbitrary<unknown> = fc.oneof({ weight: 4, arbitrary: fc.dictionary(fc.string({ maxLength: 6 }), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 4 }) }, nasty);

const propertyKeys = ['method', 'plan', 'trial_end_date', 'mrr', 'reason', 'amount', 'order_id', 'revenue', 'total', 'currency', 'nps', 'csat', 'thumbs', 'comment', 'topic', 'funnel', 'step', 'step_index', 'final', 'message_id', 'campaign', 'channel', 'score', 'action', 'purpose', 'granted', 'metric', 'value', 'by', 'milestone', 'experiment_id', 'variation_id', 'other'];
const propertyValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: fc.integer({ min: -2, max: 12 }) },
  fc.constantFrom(1.5, -0, 2 ** 53, 1e21, 'up', 'down', 'sideways', 'x'.repeat(10_000), 'x'.repeat(10_001), 'a', '', ...CHANNELS, ...CONSENT_PURPOSES, 'fax', true, false, null, '2026-11-22T10:00:00Z', '2026-11-22'),
  nasty,
);
/** Properties that mix the known events' fields, valid and not, with other keys. */
const properties: fc.Arbitrary<unknown> = fc.oneof({ weight: 5, arbitrary: fc.dictionary(fc.constantFrom(...propertyKeys), propertyValue, { maxKeys: 5 }) }, jsonObject);

const eventName = fc.oneof(fc.constantFrom(...KNOWN_EVENT_NAMES, 'Product Added', 'constructor', '__proto__', 'toString', 'hasOwnProperty'), id);
const type = fc.constantFrom<unknown>('identify', 'track', 'page', 'group', 'track', 'page', 'screen', 'Track', undefined, 1, 'constructor', '__proto__');

/** Events of every type, each field present or not, valid or nasty, and keys no schema knows. */
const eventLike: fc.Arbitrary<Record<string, unknown>> = fc.record(
  {
    type,
    messageId: id,
    timestamp,
    anonymousId: id,
    userId: id,
    context: jsonObject,
    integrations: jsonObject,
    sentAt: timestamp,
    receivedAt: timestamp,
    originalTimestamp: timestamp,
    event: eventName,
    properties,
    traits: jsonObject,
    name: fc.oneof(fc.string({ maxLength: 6 }), nasty),
    category: fc.oneof(fc.string({ maxLength: 6 }), nasty),
    groupId: id,
    extra: nasty,
    writeKey: fc.string(),
  },
  { requiredKeys: [] },
);

const validTimestamp = fc.date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }).map((d) => d.toISOString());
const validBody: fc.Arbitrary<Record<string, unknown>> = fc.oneof(
  fc.record({ type: fc.constant('identify'), traits: jsonObject }, { requiredKeys: ['type'] }),
  fc.record({ type: fc.constant('track'), event: eventName, properties }, { requiredKeys: ['type', 'event'] }),
  fc.record({ type: fc.constant('page'), name: fc.string({ maxLength: 6 }), category: fc.string({ maxLength: 6 }), properties: jsonObject }, { requiredKeys: ['type'] }),
  fc.record({ type: fc.constant('group'), groupId: fc.string({ minLength: 1, maxLength: 6 }), traits: jsonObject }, { requiredKeys: ['type', 'groupId'] }),
);
const fieldNames = ['type', 'messageId', 'timestamp', 'anonymousId', 'userId', 'context', 'integrations', 'sentAt', 'receivedAt', 'originalTimestamp', 'event', 'properties', 'traits', 'name', 'category', 'groupId', 'extra'];
/** A valid-looking event with up to two fields removed or replaced by nasty values. */
const nearlyValid: fc.Arbitrary<Record<string, unknown>> = fc
  .tuple(
    validBody,
    fc.record(
      { messageId: fc.string({ minLength: 1, maxLength: 8 }), timestamp: validTimestamp, anonymousId: fc.string({ minLength: 1, maxLength: 8 }), userId: fc.string({ minLength: 1, maxLength: 8 }), context: jsonObject, sentAt: validTimestamp },
      { requiredKeys: ['messageId', 'timestamp'] },
    ),
    fc.array(fc.tuple(fc.constantFrom(...fieldNames), fc.option(nasty, { nil: undefined }), fc.boolean()), { maxLength: 2 }),
  )
  .map(([body, envelope, changes]) => {
    const event: Record<string, unknown> = { ...envelope, ...body };
    for (const [key, value, remove] of changes) {
      if (remove) delete event[key];
      else event[key] = value;
    }
    return event;
  });

/** As the ingest receives them: JSON text parsed (no undefined, no NaN), sometimes with `__proto__` keys in it. */
const fromJson: fc.Arbitrary<unknown> = fc.tuple(fc.oneof(eventLike, nearlyValid), fc.constantFrom('none', 'top', 'properties', 'nested')).map(([event, where]) => {
  let text: string;
  try {
    text = JSON.stringify(event);
  } catch {
    return null; // a bigint
  }
  /** Puts `key: value` first in the object that opens at the end of `opening`. */
  const inject = (opening: RegExp, entry: string) => (text = text.replace(opening, (open: string, close: string) => `${open.slice(0, open.length - close.length)}${entry}${close === '}' ? '}' : ','}`));
  if (where === 'top') inject(/^\{(\}?)/, '"__proto__":{"userId":"p"}');
  if (where === 'properties') inject(/"properties":\{(\}?)/, '"__proto__":1');
  if (where === 'nested') inject(/"context":\{(\}?)/, '"deep":{"__proto__":[1]}');
  return JSON.parse(text) as unknown;
});

describe('fastParseEvent', () => {
  it('accepts only what zod accepts, and returns what zod returns (nasty inputs of every kind)', () => {
    fc.assert(
      fc.property(fc.oneof(eventLike, nearlyValid, nasty), (input) => {
        expectSameAsZod(input);
      }),
      { numRuns: 3_000 },
    );
  });

  it('on JSON input, decides every event itself: valid exactly when zod says so', () => {
    let fast = 0;
    fc.assert(
      fc.property(fromJson, (input) => {
        const answer = expectSameAsZod(input);
        expect(answer === 'fast').toBe(safeParseEvent(input).success);
        if (answer === 'fast') fast++;
      }),
      { numRuns: 3_000 },
    );
    expect(fast).toBeGreaterThan(500); // the generator makes valid events often enough to mean something
  });

  it('checks the properties of every known track event as its schema does', () => {
    // A known event added to core without a rule here is left to zod (never accepted blindly).
    const known = Object.keys(KnownEventPropertiesSchemas);
    fc.assert(
      fc.property(fc.constantFrom(...known), properties, fc.boolean(), (name, props, viaJson) => {
        const event = { type: 'track', event: name, properties: props, messageId: 'm-1', timestamp: '2026-11-22T10:00:00Z', userId: 'u1' };
        let input: unknown = event;
        if (viaJson) {
          try {
            input = JSON.parse(JSON.stringify(event));
          } catch {
            return;
          }
        }
        const answer = expectSameAsZod(input);
        if (viaJson) expect(answer === 'fast').toBe(safeParseEvent(input).success);
      }),
      { numRuns: 5_000 },
    );
  });

  it.each([
    ['a plain valid track', { type: 'track', event: 'Order Completed', properties: { revenue: 80 }, messageId: 'm', timestamp: '2026-11-22T10:00:00Z', userId: 'u' }, 'fast'],
    ['an own __proto__ key in properties', JSON.parse('{"type":"track","event":"X","properties":{"__proto__":1},"messageId":"m","timestamp":"2026-11-22T10:00:00Z","userId":"u"}'), 'zod'],
    ['an own __proto__ key at the top (dropped, as zod drops unknown keys)', JSON.parse('{"__proto__":{"x":1},"type":"page","messageId":"m","timestamp":"2026-11-22T10:00:00Z","userId":"u"}'), 'fast'],
    ['NaN in context', { type: 'page', context: { a: Number.NaN }, messageId: 'm', timestamp: '2026-11-22T10:00:00Z', userId: 'u' }, 'zod'],
    ['an NPS of 11', { type: 'track', event: 'Feedback Given', properties: { nps: 11 }, messageId: 'm', timestamp: '2026-11-22T10:00:00Z', userId: 'u' }, 'zod'],
    ['a feedback comment of 10,000 characters', { type: 'track', event: 'Feedback Given', properties: { nps: 5, comment: 'x'.repeat(10_000) }, messageId: 'm', timestamp: '2026-11-22T10:00:00Z', userId: 'u' }, 'fast'],
    ['a feedback comment of 10,001 characters', { type: 'track', event: 'Feedback Given', properties: { nps: 5, comment: 'x'.repeat(10_001) }, messageId: 'm', timestamp: '2026-11-22T10:00:00Z', userId: 'u' }, 'zod'],
    ['no identity', { type: 'page', messageId: 'm', timestamp: '2026-11-22T10:00:00Z' }, 'zod'],
    ['a timestamp without zone', { type: 'page', messageId: 'm', timestamp: '2026-11-22T10:00:00', userId: 'u' }, 'zod'],
    ['a 201-character messageId', { type: 'page', messageId: 'm'.repeat(201), timestamp: '2026-11-22T10:00:00Z', userId: 'u' }, 'zod'],
    ['a class instance as context', { type: 'page', context: new Point(), messageId: 'm', timestamp: '2026-11-22T10:00:00Z', userId: 'u' }, 'zod'],
  ])('%s', (_name, input, expected) => {
    expect(expectSameAsZod(input)).toBe(expected);
  });

  it('decides every event of the ingest bench itself', () => {
    for (let b = 0; b < 200; b++) {
      for (const event of batchAt(b, DEFAULT_WORKLOAD)) expect(expectSameAsZod(JSON.parse(JSON.stringify(event)))).toBe('fast');
    }
  });
});
