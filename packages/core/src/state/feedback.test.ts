import { describe, expect, it } from 'vitest';
import { DAY, ORIGIN, shuffled, track } from '../../test/events.js';
import type { JsonObject, RetainEvent } from '../events/event-schema.js';
import { applyEvent } from './apply-event.js';
import { createCustomerState } from './create-customer-state.js';
import { MAX_FEEDBACK, type CustomerState } from './customer-state.js';
import { isNegativeCsat, isNegativeNps } from './feedback.js';
import { consecutiveNegativeFeedback, daysSince } from './queries.js';

const fold = (events: readonly RetainEvent[]): CustomerState => events.reduce(applyEvent, createCustomerState('u1'));
const feedback = (day: number, score: JsonObject) => track('Feedback Given', day * DAY, score);

describe('feedback', () => {
  it('classifies negatives: NPS 0–6, CSAT 1–2, thumbs down', () => {
    expect([0, 6, 7, 10].map(isNegativeNps)).toEqual([true, true, false, false]);
    expect([1, 2, 3, 5].map(isNegativeCsat)).toEqual([true, true, false, false]);
    const s = fold([feedback(0, { thumbs: 'down' }), feedback(1, { thumbs: 'up' })]);
    expect(s.feedback.history.map((e) => [e.kind, e.score, e.negative])).toEqual([
      ['thumbs', 0, true],
      ['thumbs', 1, false],
    ]);
  });

  it('counts the run of negatives ending with the latest feedback', () => {
    const s = fold([feedback(0, { nps: 3 }), feedback(1, { nps: 9 }), feedback(2, { csat: 1 }), feedback(3, { nps: 2 })]);
    expect(consecutiveNegativeFeedback(s)).toBe(2);
    expect(s.feedback).toMatchObject({ total: 4, negatives: 3, lastNps: { score: 2, at: ORIGIN + 3 * DAY } });
    expect(daysSince(s, 'lastNegativeFeedback', ORIGIN + 4 * DAY)).toBe(1);
    expect(fold([feedback(0, { nps: 3 }), feedback(1, { nps: 9 })]).feedback.consecutiveNegatives).toBe(0);
  });

  it('orders the history by time, so a late positive breaks the run where it belongs', () => {
    const events = [feedback(0, { nps: 1 }), feedback(2, { nps: 2 }), feedback(3, { nps: 0 }), feedback(1, { nps: 10 })];
    const s = fold(events);
    expect(s.feedback.consecutiveNegatives).toBe(2);
    for (let seed = 1; seed <= 10; seed++) expect(fold(shuffled(events, seed)).feedback).toEqual(s.feedback);
  });

  it(`keeps the ${MAX_FEEDBACK} most recent entries and still counts them all`, () => {
    const s = fold(Array.from({ length: MAX_FEEDBACK + 5 }, (_, i) => feedback(i, { nps: 10 })));
    expect(s.feedback.history).toHaveLength(MAX_FEEDBACK);
    expect(s.feedback.history[0]?.at).toBe(ORIGIN + 5 * DAY);
    expect(s.feedback.total).toBe(MAX_FEEDBACK + 5);
  });
});
