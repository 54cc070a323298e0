import { applyEvent, goodwill, parseEvent, type Message } from '@retain/core';
import { describe, expect, it } from 'vitest';
import { checkSend } from './check-send.js';
import { customerGoodwill, recordSend } from './goodwill-ledger.js';
import { InvalidSendTimeError } from './invalid-send-time-error.js';
import { defaultPolicy } from './send-policy.js';
import { customer } from './test-customers.js';

const DAY = 86_400_000;
const NOW = Date.parse('2026-11-23T10:00:00.000Z');
const tips: Message = { id: 'tips-1', channel: 'email', value: 'high', relevance: 'high', campaign: 'onboarding' };

describe('recordSend', () => {
  it('writes the send into state.messages with its score, without touching the input state', () => {
    const before = customer('u1', NOW, ['email']);
    const snapshot = JSON.stringify(before);
    const sent = recordSend(before, tips, NOW);
    expect(JSON.stringify(before)).toBe(snapshot);
    expect(sent.score).toBe(3); // email −2, no control −1, opt-in +2, value +2, relevance +2
    expect(sent.customer.messages).toEqual([{ id: 'tips-1', channel: 'email', score: 3, at: NOW, campaign: 'onboarding' }]);
  });

  it('emits a valid Message Sent event; applying it again (ingest replay) changes nothing', () => {
    const sent = recordSend(customer('u1', NOW, ['email']), tips, NOW);
    expect(parseEvent(sent.event)).toEqual(sent.event);
    expect(sent.event).toMatchObject({ type: 'track', event: 'Message Sent', userId: 'u1', properties: { message_id: 'tips-1', channel: 'email', score: 3, campaign: 'onboarding' } });
    expect(applyEvent(sent.customer, sent.event)).toBe(sent.customer);
    expect(recordSend(sent.customer, tips, NOW).customer.messages).toHaveLength(1);
  });

  it('keeps the ledger consistent with the checks: the forecast goodwill is the goodwill after recording', () => {
    let c = customer('u1', NOW, ['email']);
    for (let day = 8; day >= 0; day -= 2) {
      const at = NOW - day * DAY;
      const decision = checkSend(c, tips, defaultPolicy, at);
      c = recordSend(c, tips, at).customer;
      expect(customerGoodwill(c, at)).toBeCloseTo(decision.goodwill.after, 10);
      expect(customerGoodwill(c, at)).toBe(goodwill(c.messages, at));
    }
    // Four emails within the last 7 days: the email cap (3 a week) now refuses.
    const d = checkSend(c, tips, defaultPolicy, NOW + 1);
    expect(d.allowed ? [] : d.reasons.map((r) => r.code)).toContain('channel_cap');
  });

  it('serializes: a JSON round trip of the ledger gives the same answers', () => {
    const c = recordSend(customer('u1', NOW, ['email']), tips, NOW - DAY).customer;
    const copy = JSON.parse(JSON.stringify(c)) as typeof c;
    expect(checkSend(copy, tips, defaultPolicy, NOW)).toEqual(checkSend(c, tips, defaultPolicy, NOW));
  });

  it('rejects a time that is not epoch ms', () => {
    expect(() => recordSend(customer('u1', NOW), tips, Number.NaN)).toThrow(InvalidSendTimeError);
  });
});
