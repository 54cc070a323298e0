import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CHANNELS, type Channel } from '../events/channels.js';
import { applyEvent } from '../state/apply-event.js';
import { createCustomerState } from '../state/create-customer-state.js';
import { DAY_MS, type CustomerState } from '../state/customer-state.js';
import { InvalidMessageError } from './invalid-message-error.js';
import { InvalidScoringOptionsError } from './invalid-scoring-options-error.js';
import type { MessageRecipient } from './message-recipient.js';
import type { Message } from './message-schema.js';
import { createMessageScorer, scoreMessage } from './message-score.js';
import { MESSAGE_SCORE_MAX, MESSAGE_SCORE_MIN, SCORECARD } from './scorecard.js';

const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;
const NOW = Date.parse('2026-11-22T10:00:00.000Z');
const iso = (t: number) => new Date(t).toISOString();
let seq = 0;
const track = (state: CustomerState, event: string, at: number, properties: Record<string, string | number | boolean> = {}) =>
  applyEvent(state, { type: 'track', event, properties, messageId: `e${seq++}`, timestamp: iso(at), userId: state.id });
const identify = (state: CustomerState, traits: Record<string, string | Record<string, string>>, at: number) =>
  applyEvent(state, { type: 'identify', traits, messageId: `e${seq++}`, timestamp: iso(at), userId: state.id });

const pointsOf = (message: Message, criterion: string, customer?: MessageRecipient) => {
  const result = customer === undefined ? scoreMessage(message) : scoreMessage(message, customer, NOW);
  return result.breakdown.find((l) => l.criterion === criterion)?.points;
};

describe('the scorecard table (DOMAIN.md §3)', () => {
  it('has exactly the +1, −1, +2 and −2 criteria of the scorecard', () => {
    const by = (points: number) => SCORECARD.filter((r) => r.points === points).map((r) => r.label).sort();
    expect(by(1)).toEqual(['low effort to consume', 'low-intrusion medium', 'user controls message frequency']);
    expect(by(-1)).toEqual(['high effort to consume', 'high-intrusion send frequency', 'low relevance', 'message is opt-out', 'no control of information sent']);
    expect(by(2)).toEqual(['high perceived value of content', 'high personal relevance', 'message was opt-in']);
    expect(by(-2)).toEqual(['high-intrusion medium', 'low perceived value of content', 'no personal relevance']);
  });

  it('bounds are the sums of the best and worst criterion of each dimension', () => {
    const dims = new Set(SCORECARD.map((r) => r.dimension));
    let max = 0;
    let min = 0;
    for (const d of dims) {
      const pts = SCORECARD.filter((r) => r.dimension === d).map((r) => r.points);
      max += Math.max(0, ...pts);
      min += Math.min(0, ...pts);
    }
    expect([min, max]).toEqual([MESSAGE_SCORE_MIN, MESSAGE_SCORE_MAX]);
  });
});

describe('scoreMessage: declared criteria', () => {
  const base: Message = { id: 'm1', channel: 'in_context', value: 'medium', relevance: 'medium' };

  it('medium: website content and banner +1, email, direct mail, push and SMS −2', () => {
    const expected: Record<Channel, number> = { in_context: 1, banner: 1, email: -2, direct_mail: -2, push: -2, sms: -2 };
    for (const channel of CHANNELS) {
      const line = scoreMessage({ ...base, channel }).breakdown.find((l) => l.dimension === 'medium');
      expect(line?.points, channel).toBe(expected[channel]);
      expect(line?.criterion).toBe(expected[channel] > 0 ? 'low_intrusion_medium' : 'high_intrusion_medium');
    }
  });

  it.each([
    [{ effort: 'low' }, 'low_effort_to_consume', 1],
    [{ effort: 'high' }, 'high_effort_to_consume', -1],
    [{ frequencyControl: true }, 'user_controls_frequency', 1],
    [{ frequencyControl: false }, 'no_control_of_information', -1],
    [{ optIn: true }, 'message_was_opt_in', 2],
    [{ optIn: false }, 'message_is_opt_out', -1],
    [{ value: 'high' }, 'high_perceived_value', 2],
    [{ value: 'low' }, 'low_perceived_value', -2],
    [{ relevance: 'high' }, 'high_personal_relevance', 2],
    [{ relevance: 'low' }, 'low_relevance', -1],
    [{ relevance: 'none' }, 'no_personal_relevance', -2],
    [{ highFrequency: true }, 'high_intrusion_send_frequency', -1],
  ] as const)('%o meets %s (%i)', (patch, criterion, points) => {
    expect(pointsOf({ ...base, ...patch }, criterion)).toBe(points);
  });

  it('a medium message scores only its medium, control and permission', () => {
    // in_context +1, no control −1, opt-out −1; medium value, effort, relevance and normal frequency 0.
    const result = scoreMessage(base);
    expect(result.score).toBe(-1);
    expect(result.breakdown).toHaveLength(7);
    expect(result.breakdown.filter((l) => l.criterion === null).map((l) => l.dimension).sort()).toEqual(['effort', 'frequency', 'relevance', 'value']);
  });

  it('the best and the worst possible messages hit the bounds', () => {
    expect(scoreMessage({ id: 'best', channel: 'banner', value: 'high', effort: 'low', relevance: 'high', optIn: true, frequencyControl: true }).score).toBe(MESSAGE_SCORE_MAX);
    expect(scoreMessage({ id: 'worst', channel: 'sms', value: 'low', effort: 'high', relevance: 'none', highFrequency: true }).score).toBe(MESSAGE_SCORE_MIN);
  });

  it('every line explains itself, and the score is the sum of the lines', () => {
    const result = scoreMessage({ id: 'x', channel: 'email', value: 'high', effort: 'low', relevance: 'low', optIn: true });
    expect(result.score).toBe(result.breakdown.reduce((s, l) => s + l.points, 0));
    expect(result.score).toBe(-2 + 1 - 1 + 2 + 2 - 1 + 0);
    for (const l of result.breakdown) expect(l.reason.length).toBeGreaterThan(5);
  });
});

describe('scoreMessage: criteria derived from the customer state', () => {
  const message: Message = { id: 'reports-tip', channel: 'email', value: 'high', relevantTo: ['Report Created'], optIn: true, highFrequency: true, frequencyControl: true };

  it('opt-in comes from consent, overriding what the message declares', () => {
    let state = createCustomerState('u1');
    expect(pointsOf(message, 'message_is_opt_out', state)).toBe(-1);
    state = track(state, 'Consent Changed', NOW - DAY_MS, { purpose: 'email', granted: true });
    expect(pointsOf(message, 'message_was_opt_in', state)).toBe(2);
    state = track(state, 'Consent Changed', NOW - 1000, { purpose: 'email', granted: false });
    const line = scoreMessage(message, state, NOW).breakdown.find((l) => l.dimension === 'permission');
    expect(line).toMatchObject({ criterion: 'message_is_opt_out', source: 'customer' });
    expect(line?.reason).toMatch(/withdrew/);
  });

  it('relevance comes from when the customer last did a relevantTo event', () => {
    let state = createCustomerState('u1');
    expect(pointsOf(message, 'no_personal_relevance', state)).toBe(-2);
    state = track(state, 'Report Created', NOW - 30 * DAY_MS);
    expect(pointsOf(message, 'low_relevance', state)).toBe(-1);
    state = track(state, 'Report Created', NOW - 2 * DAY_MS);
    expect(pointsOf(message, 'high_personal_relevance', state)).toBe(2);
    expect(pointsOf(message, 'low_relevance', state)).toBeUndefined();
  });

  it('send frequency comes from the messages received in the window, in-context included', () => {
    let state = createCustomerState('u1');
    expect(pointsOf(message, 'high_intrusion_send_frequency', state)).toBeUndefined();
    state = track(state, 'Message Sent', NOW - 6 * DAY_MS, { message_id: 'a', channel: 'email' });
    state = track(state, 'Message Shown', NOW - 2 * DAY_MS, { message_id: 'b' });
    expect(pointsOf(message, 'high_intrusion_send_frequency', state)).toBeUndefined();
    state = track(state, 'Message Sent', NOW - 8 * DAY_MS, { message_id: 'old', channel: 'sms' });
    expect(pointsOf(message, 'high_intrusion_send_frequency', state)).toBeUndefined();
    state = track(state, 'Message Shown', NOW - DAY_MS, { message_id: 'c' });
    expect(pointsOf(message, 'high_intrusion_send_frequency', state)).toBe(-1);
    expect(scoreMessage(message, state, NOW, { frequentAfter: 4 }).breakdown.find((l) => l.dimension === 'frequency')?.points).toBe(0);
  });

  it('frequency control comes from the customer’s frequency preference, for the channel when keyed', () => {
    const offers = { ...message, frequencyControl: false };
    let state = createCustomerState('u1');
    expect(pointsOf(offers, 'no_control_of_information', state)).toBe(-1);
    state = identify(state, { message_frequency: { sms: 'weekly' } }, NOW - DAY_MS);
    expect(pointsOf(offers, 'no_control_of_information', state)).toBe(-1);
    state = identify(state, { message_frequency: { email: 'monthly' } }, NOW - 1000);
    expect(pointsOf(offers, 'user_controls_frequency', state)).toBe(1);
    expect(pointsOf({ ...offers, channel: 'sms' }, 'no_control_of_information', identify(createCustomerState('u2'), { message_frequency: { email: 'x' } }, NOW))).toBe(-1);
    expect(pointsOf(offers, 'user_controls_frequency', identify(createCustomerState('u3'), { message_frequency: 'weekly' }, NOW))).toBe(1);
  });

  it('the fast score agrees with the breakdown', () => {
    let state = createCustomerState('u1');
    state = track(state, 'Consent Changed', NOW - DAY_MS, { purpose: 'email', granted: true });
    state = track(state, 'Report Created', NOW - DAY_MS);
    const scorer = createMessageScorer(message);
    expect(scorer.score(state, NOW)).toBe(scoreMessage(message, state, NOW).score);
    // email −2, medium effort 0, declared control +1, opt-in +2, high value +2, relevant +2, 0 recent messages.
    expect(scorer.score(state, NOW)).toBe(5);
  });
});

describe('scoreMessage: bad input', () => {
  it('throws InvalidMessageError with the path of each problem', () => {
    const bad = { id: '', channel: 'fax', value: 'great', relevance: 'high' } as unknown as Message;
    try {
      scoreMessage(bad);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidMessageError);
      const e = error as InvalidMessageError;
      expect(e.name).toBe('InvalidMessageError');
      expect(e.issues.map((i) => i.path.join('.')).sort()).toEqual(['channel', 'id', 'value']);
      expect(e.message).toMatch(/at channel: channel must be one of in_context/);
      expect(e.value).toBe(bad);
    }
  });

  it('requires a declared relevance or relevantTo', () => {
    expect(() => scoreMessage({ id: 'a', channel: 'email', value: 'high' })).toThrow(/declare relevance/);
  });

  it('rejects a customer without a usable now', () => {
    const m: Message = { id: 'a', channel: 'email', value: 'high', relevance: 'high' };
    expect(() => scoreMessage(m, createCustomerState('u1'), Number.NaN)).toThrow(/at now: expected epoch milliseconds/);
  });

  it('rejects out-of-range and unknown options', () => {
    const state = createCustomerState('u1');
    const m: Message = { id: 'a', channel: 'email', value: 'high', relevance: 'high' };
    expect(() => scoreMessage(m, state, NOW, { frequencyWindowDays: 0 })).toThrow(InvalidScoringOptionsError);
    expect(() => scoreMessage(m, state, NOW, { frequentAfer: 3 } as never)).toThrow(InvalidScoringOptionsError);
  });
});

const messageArb: fc.Arbitrary<Message> = fc.record(
  {
    id: fc.string({ minLength: 1, maxLength: 10 }),
    channel: fc.constantFrom(...CHANNELS),
    value: fc.constantFrom('high', 'medium', 'low'),
    effort: fc.constantFrom('low', 'medium', 'high'),
    relevance: fc.constantFrom('high', 'medium', 'low', 'none'),
    relevantTo: fc.array(fc.constantFrom('A', 'B', 'C'), { minLength: 1, maxLength: 3 }),
    optIn: fc.boolean(),
    frequencyControl: fc.boolean(),
    highFrequency: fc.boolean(),
  },
  { requiredKeys: ['id', 'channel', 'value', 'relevance'] },
);

const recipientArb: fc.Arbitrary<MessageRecipient> = fc.record({
  consent: fc.dictionary(fc.constantFrom(...CHANNELS), fc.record({ granted: fc.boolean(), at: fc.integer({ min: 0, max: NOW }) })),
  messages: fc
    .array(fc.record({ id: fc.string(), channel: fc.constantFrom(...CHANNELS), score: fc.option(fc.integer({ min: -10, max: 9 })), at: fc.integer({ min: NOW - 60 * DAY_MS, max: NOW }), campaign: fc.constant(null) }), { maxLength: 12 })
    .map((ms) => ms.sort((a, b) => a.at - b.at)),
  actions: fc.dictionary(fc.constantFrom('A', 'B', 'C'), fc.integer({ min: NOW - 90 * DAY_MS, max: NOW }).map((t) => ({ count: 1, first: t, last: t }))),
  identity: fc.record({ traits: fc.oneof(fc.constant({}), fc.constant({ message_frequency: 'weekly' })) }),
});

describe('scoreMessage: properties', () => {
  it('every score is within the bounds and the sum of its breakdown, with or without a customer', () => {
    fc.assert(
      fc.property(messageArb, fc.option(recipientArb), (message, customer) => {
        const r = customer === null ? scoreMessage(message) : scoreMessage(message, customer, NOW);
        expect(r.score).toBeGreaterThanOrEqual(MESSAGE_SCORE_MIN);
        expect(r.score).toBeLessThanOrEqual(MESSAGE_SCORE_MAX);
        expect(r.score).toBe(r.breakdown.reduce((s, l) => s + l.points, 0));
        expect(new Set(r.breakdown.map((l) => l.dimension)).size).toBe(7);
      }),
    );
  });

  it('the same inputs always give the same answer, and the fast path agrees', () => {
    fc.assert(
      fc.property(messageArb, recipientArb, (message, customer) => {
        const a = scoreMessage(message, customer, NOW);
        const b = scoreMessage(clone(message), clone(customer), NOW);
        expect(b).toEqual(a);
        expect(createMessageScorer(message).score(customer, NOW)).toBe(a.score);
      }),
    );
  });
});
