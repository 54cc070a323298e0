/** fast-check arbitraries of valid events for one customer, clustered in time so visits merge and timestamps tie. */
import fc from 'fast-check';
import type { JsonObject, JsonValue, RetainEvent } from '../src/index.js';
import { MINUTE, iso } from './events.js';

const time = fc.integer({ min: 0, max: 3 * 24 * 60 }).map((m) => m * MINUTE);
const traitValue: fc.Arbitrary<JsonValue> = fc.oneof(fc.string({ maxLength: 5 }), fc.integer(), fc.boolean(), fc.constant(null), fc.array(fc.integer({ min: 0, max: 9 }), { maxLength: 3 }));
const traits: fc.Arbitrary<JsonObject> = fc.dictionary(fc.constantFrom('plan', 'seats', 'locale', 'name'), traitValue, { maxKeys: 3 });
const cents = fc.integer({ min: 0, max: 100_000 }).map((c) => c / 100);

/** Properties of a track event, by name (valid for the known events). */
const trackBody: fc.Arbitrary<{ event: string; properties?: JsonObject }> = fc.oneof(
  fc.record({ event: fc.constantFrom('Report Created', 'Search Performed', 'constructor') }),
  fc.record({ event: fc.constant('Signed Up') }),
  fc.record({ event: fc.constant('Trial Started'), properties: fc.record({ plan: fc.constantFrom('pro', 'team') }) }),
  fc.record({ event: fc.constantFrom('Trial Ended', 'Subscription Cancelled', 'Payment Failed') }),
  fc.record({ event: fc.constant('Subscription Started'), properties: fc.record({ plan: fc.constantFrom('pro', 'team') }, { requiredKeys: [] }) }),
  fc.record({ event: fc.constant('Order Completed'), properties: fc.record({ revenue: cents }) }),
  fc.record({ event: fc.constant('Order Refunded'), properties: fc.record({ revenue: cents }) }),
  fc.record({ event: fc.constant('Feedback Given'), properties: fc.oneof(fc.record({ nps: fc.integer({ min: 0, max: 10 }) }), fc.record({ csat: fc.integer({ min: 1, max: 5 }) }), fc.record({ thumbs: fc.constantFrom('up', 'down') })) }),
  fc.record({
    event: fc.constant('Funnel Step Reached'),
    properties: fc.integer({ min: 0, max: 3 }).chain((i) => fc.record({ funnel: fc.constantFrom('checkout', 'onboarding'), step: fc.constant(`step-${i}`), step_index: fc.constant(i), final: i === 3 ? fc.boolean() : fc.constant(false) })),
  }),
  fc.record({ event: fc.constant('Message Sent'), properties: fc.record({ message_id: fc.constantFrom('a', 'b'), channel: fc.constantFrom('email', 'sms'), score: fc.integer({ min: -5, max: 5 }) }) }),
  fc.record({ event: fc.constantFrom('Message Shown', 'Message Clicked', 'Message Dismissed'), properties: fc.record({ message_id: fc.constantFrom('a', 'b', 'c') }) }),
  fc.record({ event: fc.constant('Consent Changed'), properties: fc.record({ purpose: fc.constantFrom('email', 'sms', 'analytics'), granted: fc.boolean() }) }),
  fc.record({ event: fc.constant('Metric Set'), properties: fc.record({ metric: fc.constant('seats'), value: fc.integer({ min: 0, max: 50 }) }) }),
  fc.record({ event: fc.constant('Metric Incremented'), properties: fc.record({ metric: fc.constant('documents'), by: fc.integer({ min: -3, max: 10 }) }) }),
  fc.record({ event: fc.constant('Milestone Reached'), properties: fc.record({ milestone: fc.constantFrom('first_report', 'lastVisit') }) }),
  fc.record({ event: fc.constant('Experiment Viewed'), properties: fc.record({ experiment_id: fc.constant('e1'), variation_id: fc.constantFrom('a', 'b') }) }),
);

type Body = Record<string, unknown>;
const body: fc.Arbitrary<Body> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ type: fc.constant('page'), name: fc.constantFrom('Home', 'Pricing') }) },
  { weight: 6, arbitrary: trackBody.map((b) => ({ type: 'track', ...b })) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('identify'), traits }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('group'), groupId: fc.constantFrom('acct-1', 'acct-2'), traits }) },
);

const envelope = fc.record({
  at: time,
  anonymousId: fc.option(fc.constantFrom('anon-1', 'anon-2', 'anon-3'), { nil: undefined }),
  context: fc.option(fc.constantFrom<JsonObject>({ groupId: 'acct-1' }, { active: false }, { locale: 'fr' }), { nil: undefined }),
});

/** A list of distinct valid events of customer `u1` (unique messageIds), spread over three days. */
export const customerEvents = (maxLength = 40): fc.Arbitrary<RetainEvent[]> =>
  fc.array(fc.tuple(envelope, body), { maxLength }).map((items) =>
    items.map(([env, b], i) => {
      const event: Record<string, unknown> = { ...b, messageId: `m-${i}`, timestamp: iso(env.at), userId: 'u1' };
      if (env.anonymousId !== undefined) event['anonymousId'] = env.anonymousId;
      if (env.context !== undefined) event['context'] = env.context;
      return event as unknown as RetainEvent;
    }),
  );

/** Events with a few of them delivered again (same object re-sent), inserted anywhere. */
export const withDuplicates = (events: readonly RetainEvent[]): fc.Arbitrary<RetainEvent[]> =>
  events.length === 0
    ? fc.constant([])
    : fc.array(fc.tuple(fc.nat(events.length - 1), fc.nat(events.length)), { maxLength: 10 }).map((dupes) => {
        const out = [...events];
        for (const [which, where] of dupes) out.splice(Math.min(where, out.length), 0, { ...(events[which] as RetainEvent) });
        return out;
      });
