import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyEvent } from '../state/apply-event.js';
import { createCustomerState } from '../state/create-customer-state.js';
import { DAY_MS } from '../state/customer-state.js';
import { DEFAULT_GOODWILL_OPTIONS, goodwill, goodwillAfterSend, goodwillContribution, messageWeight, type GoodwillMessage } from './goodwill.js';
import { InvalidScoringOptionsError } from './invalid-scoring-options-error.js';
import { MESSAGE_SCORE_MAX, MESSAGE_SCORE_MIN } from './scorecard.js';

const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;
const T0 = Date.parse('2026-01-01T00:00:00.000Z');

describe('goodwill', () => {
  it('is zero without messages', () => {
    expect(goodwill([], T0)).toBe(0);
  });

  it('documents its defaults: half-life 30 days, first message ×3, cushion ½', () => {
    expect(DEFAULT_GOODWILL_OPTIONS).toEqual({ halfLifeDays: 30, primacy: 3, cushion: 0.5, unknownScore: 0 });
    expect([0, 1, 2, 3].map((i) => messageWeight(i))).toEqual([3, 2, 1.5, 1.25]);
  });

  it('halves value given every half-life ("what have you done for me lately")', () => {
    const history = [{ at: T0, score: 4 }];
    expect(goodwill(history, T0)).toBe(12);
    expect(goodwill(history, T0 + 30 * DAY_MS)).toBeCloseTo(6, 10);
    expect(goodwill(history, T0 + 60 * DAY_MS)).toBeCloseTo(3, 10);
    expect(goodwill(history, T0 + 14 * DAY_MS, { halfLifeDays: 14 })).toBeCloseTo(6, 10);
  });

  it('worked example of the guide: value, then a promotion cushioned by the value given', () => {
    const history = [
      { at: T0, score: 4 },
      { at: T0 + 10 * DAY_MS, score: -2 },
    ];
    // 12 decays to 12 × 2^(−1/3) ≈ 9.524; the promotion weighs 2 × −2 × ½ = −2.
    expect(goodwill(history, T0 + 10 * DAY_MS)).toBeCloseTo(12 * 2 ** (-1 / 3) - 2, 10);
    expect(goodwill(history, T0 + 40 * DAY_MS)).toBeCloseTo((12 * 2 ** (-1 / 3) - 2) / 2, 10);
  });

  it('rewards value before promotion: the same messages the other way round leave less goodwill', () => {
    const valueFirst = [{ at: T0, score: 4 }, { at: T0 + DAY_MS, score: -2 }];
    const promoFirst = [{ at: T0, score: -2 }, { at: T0 + DAY_MS, score: 4 }];
    expect(goodwill(valueFirst, T0 + DAY_MS)).toBeGreaterThan(goodwill(promoFirst, T0 + DAY_MS));
    expect(goodwillContribution(-2, 1, 5)).toBe(-2);
    expect(goodwillContribution(-2, 1, 0)).toBe(-4);
  });

  it('first messages weigh most: a bad first impression costs more than the same message later', () => {
    const badFirst = goodwillAfterSend([], -3, T0);
    expect(badFirst).toEqual({ before: 0, after: -9, index: 0 });
    const later = goodwillAfterSend([{ at: T0 - 400 * DAY_MS, score: 0 }, { at: T0 - 300 * DAY_MS, score: 0 }, { at: T0 - 200 * DAY_MS, score: 0 }], -3, T0);
    expect(later.after).toBe(-3.75);
  });

  it('a deficit does not fade by itself; only value repays it', () => {
    const history = [{ at: T0, score: -3 }];
    expect(goodwill(history, T0 + 365 * DAY_MS)).toBe(-9);
    expect(goodwill([...history, { at: T0 + DAY_MS, score: 6 }], T0 + DAY_MS)).toBe(-9 + 12);
  });

  it('reads state.messages: unknown scores count as 0, messages after now are ignored', () => {
    let state = createCustomerState('u1');
    const send = (id: string, at: number, score?: number) =>
      (state = applyEvent(state, {
        type: 'track',
        event: 'Message Sent',
        properties: score === undefined ? { message_id: id, channel: 'email' } : { message_id: id, channel: 'email', score },
        messageId: id,
        timestamp: new Date(at).toISOString(),
        userId: 'u1',
      }));
    send('b', T0 + DAY_MS, 2);
    send('a', T0); // arrives late: the state keeps time order
    send('c', T0 + 5 * DAY_MS, 9);
    const expected = 2 * 2 * 0.5 ** (0 / 30); // 'a' (score null → 0) weighs 3 × 0; 'b' weighs 2 × 2
    expect(goodwill(state.messages, T0 + DAY_MS)).toBeCloseTo(expected, 10);
    expect(goodwill(state.messages, T0 + DAY_MS, { unknownScore: 1 })).toBeCloseTo(3 * 2 ** (-1 / 30) + 4, 10);
  });

  it('does not depend on the order of the list it is given', () => {
    const history = [{ at: T0 + DAY_MS, score: -1 }, { at: T0, score: 5 }];
    expect(goodwill(history, T0 + 2 * DAY_MS)).toBe(goodwill([...history].reverse(), T0 + 2 * DAY_MS));
  });

  it('rejects bad options with a typed error naming the option', () => {
    expect(() => goodwill([], T0, { halfLifeDays: 0 })).toThrow(InvalidScoringOptionsError);
    expect(() => goodwill([], T0, { cushion: 2 })).toThrow(/at cushion: cushion must be between 0 and 1/);
    expect(() => goodwill([], Number.NaN)).toThrow(InvalidScoringOptionsError);
  });
});

const historyArb = fc
  .array(fc.record({ at: fc.integer({ min: T0, max: T0 + 200 * DAY_MS }), score: fc.option(fc.integer({ min: MESSAGE_SCORE_MIN, max: MESSAGE_SCORE_MAX })) }), { maxLength: 25 })
  .map((ms) => ms.sort((a, b) => a.at - b.at) as GoodwillMessage[]);
const optionsArb = fc.record({ halfLifeDays: fc.double({ min: 0.5, max: 365, noNaN: true }), primacy: fc.double({ min: 1, max: 10, noNaN: true }), cushion: fc.double({ min: 0, max: 1, noNaN: true }) });

describe('goodwill: properties', () => {
  it('never rises without a message, and positive goodwill decays monotonically toward 0', () => {
    fc.assert(
      fc.property(historyArb, optionsArb, fc.integer({ min: T0, max: T0 + 300 * DAY_MS }), fc.integer({ min: 0, max: 200 * DAY_MS }), (history, options, t1, gap) => {
        const t2 = t1 + gap;
        fc.pre(!history.some((m) => m.at > t1 && m.at <= t2));
        const g1 = goodwill(history, t1, options);
        const g2 = goodwill(history, t2, options);
        expect(g2).toBeLessThanOrEqual(g1);
        if (g1 > 0) expect(g2).toBeGreaterThanOrEqual(0);
      }),
    );
  });

  it('is bounded by the weighted scores and is deterministic', () => {
    fc.assert(
      fc.property(historyArb, optionsArb, fc.integer({ min: T0, max: T0 + 300 * DAY_MS }), (history, options, now) => {
        const g = goodwill(history, now, options);
        const bound = history.reduce((s, _m, i) => s + messageWeight(i, options) * Math.max(MESSAGE_SCORE_MAX, -MESSAGE_SCORE_MIN), 0);
        expect(Math.abs(g)).toBeLessThanOrEqual(bound + 1e-9);
        expect(goodwill(clone(history), now, { ...options })).toBe(g);
      }),
    );
  });

  it('goodwillAfterSend is goodwill with the message added', () => {
    fc.assert(
      fc.property(historyArb, fc.integer({ min: MESSAGE_SCORE_MIN, max: MESSAGE_SCORE_MAX }), (history, score) => {
        const now = T0 + 250 * DAY_MS;
        const change = goodwillAfterSend(history, score, now);
        expect(change.before).toBe(goodwill(history, now));
        expect(change.after).toBeCloseTo(goodwill([...history, { at: now, score }], now), 9);
        if (score >= 0) expect(change.after).toBeGreaterThanOrEqual(change.before);
        else expect(change.after).toBeLessThan(change.before);
      }),
    );
  });
});
