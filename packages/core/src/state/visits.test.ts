import { describe, expect, it } from 'vitest';
import { DAY, HOUR, MINUTE, page, shuffled, track } from '../../test/events.js';
import { applyEvent } from './apply-event.js';
import { createCustomerState } from './create-customer-state.js';
import { MAX_SESSIONS, SESSION_RETENTION_DAYS, SESSION_TIMEOUT_MS, type CustomerState } from './customer-state.js';
import type { RetainEvent } from '../events/event-schema.js';
import { summarizeVisits } from './visits.js';

const fold = (events: readonly RetainEvent[]): CustomerState => events.reduce(applyEvent, createCustomerState('u1'));
const spans = (s: CustomerState) => s.visits.sessions.map(({ start, end, events }) => [start - s.visits.sessions[0]!.start, end - start, events]);

describe('visits (the 30-minute rule)', () => {
  it('keeps events up to 30 minutes apart in one visit, and starts a new one after', () => {
    const s = fold([page(0), page(10 * MINUTE), page(40 * MINUTE), page(40 * MINUTE + SESSION_TIMEOUT_MS + 1)]);
    expect(s.visits.sessions.map((v) => v.events)).toEqual([3, 1]);
  });

  it('treats a gap of exactly 30 minutes as the same visit, and 30 min + 1 ms as a new one', () => {
    expect(fold([page(0), page(SESSION_TIMEOUT_MS)]).visits.sessions).toHaveLength(1);
    expect(fold([page(0), page(SESSION_TIMEOUT_MS + 1)]).visits.sessions).toHaveLength(2);
  });

  it('merges two visits when a late event bridges the gap between them', () => {
    const first = page(0);
    const second = page(50 * MINUTE);
    const bridge = page(25 * MINUTE);
    const before = fold([first, second]);
    expect(before.visits.sessions).toHaveLength(2);
    const after = applyEvent(before, bridge);
    expect(after.visits.sessions).toEqual([{ start: before.visits.sessions[0]!.start, end: before.visits.sessions[1]!.end, events: 3 }]);
  });

  it('extends a visit backwards and forwards with late events, without merging distant ones', () => {
    const s = fold([page(2 * HOUR), page(HOUR + 45 * MINUTE), page(0), page(2 * HOUR + 20 * MINUTE)]);
    expect(spans(s)).toEqual([
      [0, 0, 1],
      [HOUR + 45 * MINUTE, 35 * MINUTE, 3],
    ]);
  });

  it('gives the same visits for every arrival order', () => {
    const events = [0, 5, 20, 70, 75, 130, 131, 200, 600, 610].map((m) => page(m * MINUTE));
    const expected = fold(events).visits;
    for (let seed = 1; seed <= 25; seed++) expect(fold(shuffled(events, seed)).visits).toEqual(expected);
  });

  it('does not count server-side events (Message Sent, Payment Failed) or context.active=false as visits', () => {
    const s = fold([
      track('Message Sent', 0, { message_id: 'x', channel: 'email' }),
      track('Payment Failed', HOUR),
      track('Order Completed', 2 * HOUR, { revenue: 5 }, { context: { active: false } }),
    ]);
    expect(s.visits.sessions).toEqual([]);
    expect(s.visits.lastSeen).toBeNull();
    expect(s.actions['Payment Failed']?.count).toBe(1);
  });

  it('summarises visits: count, durations, depth, first and last seen', () => {
    const s = fold([page(0), page(10 * MINUTE), page(20 * MINUTE), page(DAY), page(DAY + 30 * MINUTE)]);
    const summary = summarizeVisits(s.visits);
    expect(summary).toEqual({
      count: 2,
      totalDurationMs: 50 * MINUTE,
      meanDurationMs: 25 * MINUTE,
      depth: 2.5,
      firstSeen: s.visits.sessions[0]!.start,
      lastSeen: s.visits.sessions[0]!.start + DAY + 30 * MINUTE,
    });
  });

  it(`archives visits older than ${SESSION_RETENTION_DAYS} days before the latest activity, keeping their totals`, () => {
    const s = fold([page(0), page(10 * MINUTE), page((SESSION_RETENTION_DAYS + 1) * DAY)]);
    expect(s.visits.sessions).toHaveLength(1);
    expect(s.visits.archived).toEqual({ count: 1, durationMs: 10 * MINUTE, events: 2 });
    expect(summarizeVisits(s.visits).count).toBe(2);
  });

  it('archives a visit that leaves the window when the latest visit grows past the horizon (any order)', () => {
    const old = page(0);
    const start = page(SESSION_RETENTION_DAYS * DAY - 10 * MINUTE);
    const end = page(SESSION_RETENTION_DAYS * DAY + 10 * MINUTE);
    const inOrder = fold([old, start, end]);
    expect(inOrder.visits.archived.count).toBe(1);
    expect(fold([start, end, old]).visits).toEqual(inOrder.visits);
    expect(fold([end, old, start]).visits).toEqual(inOrder.visits);
  });

  it(`keeps at most ${MAX_SESSIONS} visits individually`, () => {
    const events = Array.from({ length: MAX_SESSIONS + 10 }, (_, i) => page(i * HOUR));
    const s = fold(events);
    expect(s.visits.sessions).toHaveLength(MAX_SESSIONS);
    expect(summarizeVisits(s.visits).count).toBe(MAX_SESSIONS + 10);
  });
});
