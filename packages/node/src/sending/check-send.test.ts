import { CHANNELS, InvalidMessageError, InvalidStateError, goodwill, type Channel, type Message, type MessageRecipient } from '@retain/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkSend, type RefusalReason } from './check-send.js';
import { InvalidPolicyError } from './invalid-policy-error.js';
import { InvalidSendTimeError } from './invalid-send-time-error.js';
import { defaultPolicy, resolvePolicy, type SendPolicyInput } from './send-policy.js';
import { consent, customer, received } from './test-customers.js';

const DAY = 86_400_000;
const HOUR = 3_600_000;
/** 10:00 UTC: 11:00 in Paris, 19:00 in Tokyo, 05:00 in New York. */
const NOW = Date.parse('2026-11-23T10:00:00.000Z');
const good: Message = { id: 'tips-1', channel: 'email', value: 'high', effort: 'low', relevance: 'high' };
const codes = (reasons: readonly RefusalReason[]) => reasons.map((r) => r.code);
const refusal = (d: ReturnType<typeof checkSend>) => {
  if (d.allowed) throw new Error('expected a refusal');
  return d;
};

describe('checkSend: consent (no policy can override it)', () => {
  it('allows a good message to a consenting customer, with its score and goodwill forecast', () => {
    const d = checkSend(customer('u1', NOW, ['email']), good, defaultPolicy, NOW);
    expect(d.allowed).toBe(true);
    // email −2, low effort +1, no control −1, opt-in +2, high value +2, high relevance +2
    expect(d.score.score).toBe(4);
    expect(d.goodwill).toEqual({ before: 0, after: 12 });
  });

  it('refuses a channel never consented to, and one opted out of', () => {
    expect(codes(refusal(checkSend(customer('u1', NOW), good, defaultPolicy, NOW)).reasons)).toEqual(['no_consent']);
    const out = consent(customer('u1', NOW, ['email']), 'email', false, NOW - DAY);
    const d = refusal(checkSend(out, good, { minScore: -100, minGoodwill: -1e9, caps: [], quietHours: null }, NOW));
    expect(d.reasons).toEqual([{ code: 'opted_out', channel: 'email', message: 'the customer opted out of email' }]);
  });

  it('a policy cannot even mention consent', () => {
    expect(() => checkSend(customer('u1', NOW), good, { ignoreConsent: true } as SendPolicyInput, NOW)).toThrow(InvalidPolicyError);
  });
});

describe('checkSend: quiet hours in the customer’s own time zone', () => {
  const sms: Message = { ...good, channel: 'sms' };
  it('refuses push/SMS during local quiet hours and says until when', () => {
    const tokyo = customer('tokyo', NOW, ['sms'], { timezone: 'Asia/Tokyo' });
    const ny = customer('ny', NOW, ['sms'], { timezone: 'America/New_York' });
    const paris = customer('paris', NOW, ['sms'], { timezone: 'Europe/Paris' });
    expect(checkSend(paris, sms, defaultPolicy, NOW).allowed).toBe(true); // 11:00
    const late = checkSend(tokyo, sms, { quietHours: { start: '18:00', end: '09:00', channels: ['sms'] } }, NOW); // 19:00
    expect(refusal(late).reasons[0]).toMatchObject({ code: 'quiet_hours', timeZone: 'Asia/Tokyo', localTime: '19:00', until: Date.parse('2026-11-24T00:00:00Z') });
    const early = refusal(checkSend(ny, sms, defaultPolicy, NOW)); // 05:00, quiet until 08:00 local = 13:00 UTC
    expect(early.reasons[0]).toMatchObject({ code: 'quiet_hours', localTime: '05:00', until: Date.parse('2026-11-23T13:00:00Z') });
    expect(early.suggestion?.at).toBe(Date.parse('2026-11-23T13:00:00Z'));
    expect(checkSend(ny, sms, defaultPolicy, Date.parse('2026-11-23T13:00:00Z')).allowed).toBe(true);
  });

  it('does not silence channels outside the quiet-hours list, and falls back to the default time zone', () => {
    const ny = customer('ny', NOW, ['email'], { timezone: 'America/New_York' });
    expect(checkSend(ny, good, defaultPolicy, NOW).allowed).toBe(true);
    const nowhere = customer('x', NOW, ['sms'], { timezone: 'Mars/Olympus' });
    const d = checkSend(nowhere, { ...good, channel: 'sms' }, { defaultTimeZone: 'America/New_York' }, NOW);
    expect(d.timeZone).toBe('America/New_York');
    expect(codes(refusal(d).reasons)).toEqual(['quiet_hours']);
  });
});

describe('checkSend: frequency caps over rolling windows, in-context included', () => {
  it('a channel cap counts that channel only, and frees when the oldest message leaves the window', () => {
    let c = customer('u1', NOW, ['email', 'sms']);
    c = received(c, 'email', NOW - 6 * DAY, 3);
    c = received(c, 'email', NOW - 3 * DAY, 3);
    c = received(c, 'sms', NOW - 2 * DAY, 3);
    const policy: SendPolicyInput = { caps: [{ channel: 'email', max: 2, windowDays: 7 }] };
    const d = refusal(checkSend(c, good, policy, NOW));
    expect(d.reasons).toEqual([
      { code: 'channel_cap', cap: { channel: 'email', max: 2, windowDays: 7 }, count: 2, until: NOW + DAY + 1, message: '2 of at most 2 messages on email in 7 days' },
    ]);
    expect(d.suggestion).toMatchObject({ channel: null, at: NOW + DAY + 1 });
    expect(checkSend(c, good, policy, NOW + DAY + 1).allowed).toBe(true);
  });

  it('an all-channel cap counts in-context messages too', () => {
    let c = customer('u1', NOW, ['email', 'in_context']);
    c = received(c, 'in_context', NOW - 5 * HOUR);
    c = received(c, 'in_context', NOW - 2 * HOUR);
    const policy: SendPolicyInput = { caps: [{ channel: 'all', max: 2, windowDays: 1 }] };
    const d = refusal(checkSend(c, good, policy, NOW));
    expect(codes(d.reasons)).toEqual(['all_channels_cap']);
    expect(d.reasons[0]).toMatchObject({ count: 2, until: NOW - 5 * HOUR + DAY + 1 });
  });

  it('max 0 forbids a channel, with no time that would pass', () => {
    const d = refusal(checkSend(customer('u1', NOW, ['email']), good, { caps: [{ channel: 'email', max: 0, windowDays: 1 }] }, NOW));
    expect(d.reasons[0]).toMatchObject({ code: 'channel_cap', until: Number.POSITIVE_INFINITY });
    expect(d.suggestion).toBeNull();
  });
});

describe('checkSend: message score and goodwill', () => {
  const blast: Message = { id: 'sale', channel: 'email', value: 'low', relevance: 'none' };

  it('refuses a score below the minimum and a send that would burn goodwill, with the figures', () => {
    const d = refusal(checkSend(customer('u1', NOW, ['email']), blast, defaultPolicy, NOW));
    // email −2, no control −1, opt-in +2, low value −2, no relevance −2 = −5; first message ×3 = −15
    expect(d.reasons).toEqual([
      { code: 'low_score', score: -5, minScore: 0, message: 'message score -5 is below the minimum 0' },
      { code: 'low_goodwill', goodwillBefore: 0, goodwillAfter: -15, minGoodwill: 0, message: 'the send would leave goodwill at -15, below the minimum 0' },
    ]);
  });

  it('a customer in deficit can be repaid with value, but not sent anything that does not raise goodwill', () => {
    const burnt = received(customer('u1', NOW, ['email']), 'email', NOW - 100 * DAY, -3); // −9, and a deficit does not fade
    const repair = checkSend(burnt, good, defaultPolicy, NOW); // score 4, weight 2: −9 + 8 = −1, below 0 but raised
    expect(repair.allowed).toBe(true);
    expect(repair.goodwill).toEqual({ before: -9, after: -1 });
    const neutral = refusal(checkSend(burnt, { id: 'news', channel: 'email', value: 'medium', effort: 'low', relevance: 'medium' }, { minScore: -10 }, NOW)); // score 0
    expect(codes(neutral.reasons)).toEqual(['low_goodwill']);
  });

  it('goodwill earned by value lets a mild promotion through', () => {
    let c = customer('u1', NOW, ['email']);
    c = received(c, 'email', NOW - 20 * DAY, 6);
    const promo: Message = { id: 'upgrade', channel: 'email', value: 'medium', relevance: 'low' }; // −2 −1 +2 0 −1 = −2
    const d = checkSend(c, promo, { minScore: -3 }, NOW);
    expect(d.allowed).toBe(true);
    expect(d.goodwill.before).toBeCloseTo(goodwill(c.messages, NOW), 12);
    expect(d.goodwill.after).toBeCloseTo(18 * 2 ** (-20 / 30) - 2, 10); // weight 2 × −2 × cushion ½
    expect(checkSend(customer('u2', NOW, ['email']), promo, { minScore: -3 }, NOW).allowed).toBe(false); // −6 as a first message
  });
});

describe('checkSend: every reason, and suggestions', () => {
  it('reports every reason at once', () => {
    let c = customer('u1', NOW, ['sms'], { timezone: 'America/New_York' });
    c = received(c, 'sms', NOW - DAY, -4);
    const d = refusal(checkSend(c, { id: 'promo', channel: 'sms', value: 'low', relevance: 'none' }, defaultPolicy, NOW));
    expect(codes(d.reasons)).toEqual(['quiet_hours', 'channel_cap', 'low_score', 'low_goodwill']);
    const out = consent(c, 'sms', false, NOW - HOUR);
    expect(codes(refusal(checkSend(out, { id: 'promo', channel: 'sms', value: 'low', relevance: 'none' }, defaultPolicy, NOW)).reasons)).toEqual([
      'opted_out',
      'quiet_hours',
      'channel_cap',
      'low_score',
      'low_goodwill',
    ]);
  });

  it('suggests the nearest less intrusive channel that passes', () => {
    const c = customer('u1', NOW, ['sms', 'email', 'in_context'], { timezone: 'America/New_York' });
    const d = refusal(checkSend(c, { ...good, channel: 'sms' }, defaultPolicy, NOW));
    expect(d.suggestion?.channel).toBe('email');
    const onlyInApp = consent(consent(c, 'email', false, NOW - HOUR), 'sms', false, NOW - HOUR);
    const d2 = refusal(checkSend(onlyInApp, { ...good, channel: 'sms' }, defaultPolicy, NOW));
    expect(d2.suggestion).toEqual({ channel: 'in_context', at: null, message: 'send it as in_context now' });
  });

  it('whenever a time is suggested, the send passes at that time', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<Channel>('email', 'push', 'sms', 'in_context'),
        fc.array(fc.record({ channel: fc.constantFrom(...CHANNELS), ago: fc.integer({ min: 0, max: 10 * DAY }), score: fc.integer({ min: -3, max: 9 }) }), { maxLength: 8 }),
        fc.constantFrom('UTC', 'Asia/Tokyo', 'America/New_York', 'Australia/Adelaide'),
        (channel, history, tz) => {
          let c = customer('p', NOW, [...CHANNELS], { timezone: tz });
          for (const h of history) c = received(c, h.channel, NOW - h.ago, h.score);
          const d = checkSend(c, { ...good, channel }, defaultPolicy, NOW);
          if (!d.allowed && d.suggestion?.at != null) {
            expect(d.suggestion.at).toBeGreaterThan(NOW);
            expect(checkSend(c, { ...good, channel }, defaultPolicy, d.suggestion.at).allowed).toBe(true);
          }
          if (!d.allowed && d.suggestion?.channel != null) expect(checkSend(c, { ...good, channel: d.suggestion.channel }, defaultPolicy, NOW).allowed).toBe(true);
        },
      ),
      { numRuns: 60 },
    );
  });
});

const policyArb: fc.Arbitrary<SendPolicyInput> = fc.record(
  {
    minScore: fc.integer({ min: -1000, max: 20 }),
    minGoodwill: fc.double({ min: -1e9, max: 100, noNaN: true }),
    quietHours: fc.constant(null),
    caps: fc.array(fc.record({ channel: fc.constantFrom<Channel | 'all'>('all', ...CHANNELS), max: fc.integer({ min: 0, max: 1000 }), windowDays: fc.double({ min: 0.01, max: 365, noNaN: true }) }), { maxLength: 4 }),
    suggestionHorizonDays: fc.integer({ min: 0, max: 30 }),
  },
  { requiredKeys: [] },
);

describe('checkSend: properties', () => {
  it('opted-out is never allowed, whatever the policy, message or history', () => {
    fc.assert(
      fc.property(
        policyArb,
        fc.constantFrom(...CHANNELS),
        fc.constantFrom('high', 'medium', 'low'),
        fc.array(fc.integer({ min: 0, max: 30 * DAY }), { maxLength: 5 }),
        (policy, channel, value, history) => {
          let c = customer('p', NOW, [...CHANNELS]);
          for (const ago of history) c = received(c, channel, NOW - ago, 9);
          c = consent(c, channel, false, NOW - 1);
          const d = checkSend(c, { id: 'm', channel, value, relevance: 'high', optIn: true }, policy, NOW);
          expect(d.allowed).toBe(false);
          expect(codes(refusal(d).reasons)).toContain('opted_out');
          expect(refusal(d).suggestion?.at ?? null).toBeNull();
        },
      ),
    );
  });

  it('the same inputs always give the same answer', () => {
    fc.assert(
      fc.property(policyArb, fc.constantFrom(...CHANNELS), fc.array(fc.integer({ min: 0, max: 30 * DAY }), { maxLength: 5 }), (policy, channel, history) => {
        let c = customer('p', NOW, ['email', 'in_context'], { timezone: 'Europe/Paris' });
        for (const ago of history) c = received(c, 'email', NOW - ago, 1);
        const message: Message = { id: 'm', channel, value: 'medium', relevance: 'medium' };
        const a = checkSend(c, message, policy, NOW);
        const b = checkSend(JSON.parse(JSON.stringify(c)), { ...message }, JSON.parse(JSON.stringify(policy)), NOW);
        expect(b).toEqual(a);
      }),
    );
  });
});

describe('checkSend: compiled once, never stale', () => {
  it('equal messages and policies give the same answer; a changed message or policy is judged anew', () => {
    const c = customer('u1', NOW, ['email']);
    const message = { ...good };
    const policy: SendPolicyInput = { minScore: 4 };
    expect(checkSend(c, message, policy, NOW)).toEqual(checkSend(c, { ...good }, { minScore: 4 }, NOW));
    expect(checkSend(c, message, policy, NOW).allowed).toBe(true);
    message.value = 'low'; // mutated in place: 4 − 4 = 0
    expect(checkSend(c, message, policy, NOW).score.score).toBe(0);
    policy.minScore = -1;
    expect(checkSend(c, message, policy, NOW).allowed).toBe(true);
  });
});

describe('checkSend: bad input', () => {
  it('rejects an invalid policy with every issue and its path', () => {
    try {
      resolvePolicy({ caps: [{ channel: 'fax' as Channel, max: -1, windowDays: 7 }], quietHours: { start: '25:00', end: '08:00', channels: ['sms'] }, defaultTimeZone: 'Mars/Olympus' });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidPolicyError);
      const e = error as InvalidPolicyError;
      expect(e.name).toBe('InvalidPolicyError');
      expect(e.issues.map((i) => i.path.join('.')).sort()).toEqual(['caps.0.channel', 'caps.0.max', 'defaultTimeZone', 'quietHours.start']);
      expect(e.message).toMatch(/at caps\[0\]\.max: max must be an integer ≥ 0/);
    }
  });

  it('rejects an invalid message and a time that is not epoch ms', () => {
    const c = customer('u1', NOW, ['email']);
    expect(() => checkSend(c, { ...good, channel: 'fax' as Channel }, defaultPolicy, NOW)).toThrow(InvalidMessageError);
    expect(() => checkSend(c, good, defaultPolicy, new Date(NOW) as unknown as number)).toThrow(InvalidSendTimeError);
  });

  it('rejects something that is not a customer state, with the path of each problem', () => {
    try {
      checkSend({ consent: {}, messages: [{ at: 'yesterday' }], identity: {} } as unknown as MessageRecipient, good, defaultPolicy, NOW);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidStateError);
      expect((error as InvalidStateError).issues.map((i) => i.path.join('.'))).toEqual(['actions', 'identity.traits', 'messages.0.at']);
    }
  });

  it('judges a history given out of order as if it were in order', () => {
    let c = customer('u1', NOW, ['email']);
    c = received(c, 'email', NOW - 6 * DAY, 3);
    c = received(c, 'email', NOW - 2 * DAY, -1);
    c = received(c, 'email', NOW - DAY, 3);
    const shuffled = { ...c, messages: [c.messages[2]!, c.messages[0]!, c.messages[1]!] };
    expect(checkSend(shuffled, good, defaultPolicy, NOW)).toEqual(checkSend(c, good, defaultPolicy, NOW));
    expect(checkSend(c, good, defaultPolicy, NOW).allowed).toBe(false); // 3 emails this week
  });

  it('does not freeze or change the caller’s policy', () => {
    const policy: SendPolicyInput = { caps: [{ channel: 'email', max: 1, windowDays: 1 }] };
    checkSend(customer('u1', NOW, ['email']), good, policy, NOW);
    expect(Object.isFrozen(policy.caps)).toBe(false);
    expect(policy).toEqual({ caps: [{ channel: 'email', max: 1, windowDays: 1 }] });
  });
});
