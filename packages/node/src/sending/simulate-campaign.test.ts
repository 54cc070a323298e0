import { CHANNELS, type Channel, type CustomerState, type Message } from '@retain/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkSend } from './check-send.js';
import { REFUSAL_CODES } from './refusal-reasons.js';
import { defaultPolicy, type SendPolicyInput } from './send-policy.js';
import { simulateCampaign } from './simulate-campaign.js';
import { consent, customer, received } from './test-customers.js';

const DAY = 86_400_000;
const NOW = Date.parse('2026-11-23T10:00:00.000Z');
const TZS = ['UTC', 'Europe/Paris', 'America/New_York', 'Asia/Tokyo', 'Mars/Olympus'];

const listArb = fc.array(
  fc.record({
    consented: fc.subarray([...CHANNELS]),
    optedOut: fc.subarray([...CHANNELS], { maxLength: 2 }),
    tz: fc.constantFrom(...TZS),
    history: fc.array(fc.record({ channel: fc.constantFrom(...CHANNELS), ago: fc.integer({ min: 0, max: 40 * DAY }), score: fc.integer({ min: -10, max: 9 }) }), { maxLength: 6 }),
  }),
  { maxLength: 25 },
);

type Spec = { consented: Channel[]; optedOut: Channel[]; tz: string; history: Array<{ channel: Channel; ago: number; score: number }> };

const build = (specs: Spec[]): CustomerState[] =>
  specs.map((spec, i) => {
    let c = customer(`c${i}`, NOW, spec.consented, { timezone: spec.tz });
    for (const ch of spec.optedOut) c = consent(c, ch, false, NOW - DAY);
    for (const h of spec.history) c = received(c, h.channel, NOW - h.ago, h.score);
    return c;
  });

describe('simulateCampaign', () => {
  it('agrees with checkSend customer by customer: allowed, refused, every reason, goodwill after', () => {
    fc.assert(
      fc.property(listArb, fc.constantFrom<Channel>(...CHANNELS), fc.constantFrom('high', 'medium', 'low'), (specs, channel, value) => {
        const list = build(specs);
        const message: Message = { id: 'campaign', channel, value, relevance: 'medium' };
        const sim = simulateCampaign(list, message, defaultPolicy, NOW);
        const decisions = list.map((c) => checkSend(c, message, defaultPolicy, NOW));
        expect(sim.customers).toBe(list.length);
        expect(sim.allowed).toBe(decisions.filter((d) => d.allowed).length);
        expect(sim.refused).toBe(list.length - sim.allowed);
        for (const code of REFUSAL_CODES) {
          const refusing = decisions.filter((d) => !d.allowed && d.reasons.some((r) => r.code === code));
          expect(sim.reasons[code], code).toBe(refusing.length);
          expect(sim.onlyReason[code]).toBe(refusing.filter((d) => !d.allowed && d.reasons.every((r) => r.code === code)).length);
        }
        const after = decisions.reduce((s, d) => s + (d.allowed ? d.goodwill.after : d.goodwill.before), 0);
        expect(sim.goodwill.after.total).toBeCloseTo(after, 6);
        expect(sim.goodwill.before.total).toBeCloseTo(decisions.reduce((s, d) => s + d.goodwill.before, 0), 6);
        // The policy never lets goodwill fall below its minimum through this send.
        expect(sim.goodwill.after.belowMinimum).toBeLessThanOrEqual(sim.goodwill.before.belowMinimum);
      }),
      { numRuns: 40 },
    );
  });

  it('makes the list burn visible: a blast leaves goodwill the policy would have kept', () => {
    const list = Array.from({ length: 50 }, (_, i) => {
      let c = customer(`c${i}`, NOW, ['email']);
      if (i % 2 === 0) c = received(c, 'email', NOW - 10 * DAY, 6);
      return c;
    });
    const blast: Message = { id: 'sale', channel: 'email', value: 'low', relevance: 'none' };
    const sim = simulateCampaign(list, blast, defaultPolicy, NOW);
    expect(sim.allowed).toBe(0);
    expect(sim.reasons.low_score).toBe(50);
    expect(sim.goodwill.after).toEqual(sim.goodwill.before);
    expect(sim.goodwill.blast.negative).toBe(25); // every new customer starts at −15
    expect(sim.goodwill.blast.total).toBeLessThan(sim.goodwill.before.total);
  });

  it('accepts any iterable, counts an empty list as zero, and is deterministic', () => {
    const list = [customer('a', NOW, ['email']), customer('b', NOW)];
    const message: Message = { id: 'm', channel: 'email', value: 'high', relevance: 'high' };
    function* gen() {
      yield* list;
    }
    expect(simulateCampaign(gen(), message, defaultPolicy, NOW)).toEqual(simulateCampaign(list, message, defaultPolicy, NOW));
    const empty = simulateCampaign([], message, defaultPolicy, NOW);
    expect(empty).toMatchObject({ customers: 0, allowed: 0, refused: 0, meanScore: 0 });
    expect(empty.goodwill.after.mean).toBe(0);
  });

  it('refuses opted-out customers whatever the policy', () => {
    const list = [consent(customer('a', NOW, ['sms']), 'sms', false, NOW - 1), customer('b', NOW, ['sms'])];
    const lax: SendPolicyInput = { minScore: -100, minGoodwill: -1e9, caps: [], quietHours: null };
    const sim = simulateCampaign(list, { id: 'm', channel: 'sms', value: 'high', relevance: 'high' }, lax, NOW);
    expect(sim).toMatchObject({ allowed: 1, refused: 1, reasons: { opted_out: 1 } });
  });
});
