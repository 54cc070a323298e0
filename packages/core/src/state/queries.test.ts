import { describe, expect, it } from 'vitest';
import { DAY, HOUR, MINUTE, ORIGIN, page, track } from '../../test/events.js';
import type { RetainEvent } from '../events/event-schema.js';
import { applyEvent } from './apply-event.js';
import { createCustomerState } from './create-customer-state.js';
import type { CustomerState } from './customer-state.js';
import {
  actionCount,
  activeDaysInLastDays,
  activityRatio,
  daysSince,
  eventsInLastDays,
  lastActionAt,
  messagesInLastDays,
  visitsBetween,
  visitsInLastDays,
} from './queries.js';

const fold = (events: readonly RetainEvent[]): CustomerState => events.reduce(applyEvent, createCustomerState('u1'));
/** One visit (two page views) on each of the given days after the origin, at 10:00. */
const visitsOn = (days: number[]) => fold(days.flatMap((d) => [page(d * DAY + 10 * HOUR), page(d * DAY + 10 * HOUR + 5 * MINUTE)]));

describe('queries', () => {
  it('daysSince: fractional days since a milestone, or null', () => {
    const s = fold([page(0)]);
    expect(daysSince(s, 'firstSeen', ORIGIN + 36 * HOUR)).toBe(1.5);
    expect(daysSince(s, 'signedUp', ORIGIN)).toBeNull();
  });

  it('visitsBetween counts visits that started in [from, to)', () => {
    const s = visitsOn([0, 1, 2]);
    expect(visitsBetween(s, ORIGIN, ORIGIN + 2 * DAY)).toBe(2);
    expect(visitsBetween(s, ORIGIN + 10 * HOUR, ORIGIN + DAY + 10 * HOUR)).toBe(1);
    expect(visitsInLastDays(s, 1, ORIGIN + 2 * DAY + 12 * HOUR)).toBe(1);
    expect(visitsInLastDays(s, 7, ORIGIN + 2 * DAY + 12 * HOUR)).toBe(3);
  });

  it('eventsInLastDays and activeDaysInLastDays read the daily buckets, today included', () => {
    const s = visitsOn([0, 1, 5]);
    const now = ORIGIN + 5 * DAY + 23 * HOUR;
    expect(eventsInLastDays(s, 1, now)).toBe(2);
    expect(eventsInLastDays(s, 7, now)).toBe(6);
    expect(activeDaysInLastDays(s, 7, now)).toBe(3);
    expect(activeDaysInLastDays(s, 5, now)).toBe(2);
  });

  it('activityRatio compares the recent daily rate with the own baseline', () => {
    // Baseline: a visit every day for 28 days; recent 7 days: 2 visits → ratio (2/7)/(28/28).
    const baselineDays = Array.from({ length: 28 }, (_, i) => i);
    const s = visitsOn([...baselineDays, 30, 33]);
    const now = ORIGIN + 35 * DAY;
    const r = activityRatio(s, now);
    expect(r.recent).toBe(2);
    expect(r.baseline).toBe(28);
    expect(r.ratio).toBeCloseTo(2 / 7, 10);
    const events = activityRatio(s, now, { measure: 'events', recentDays: 7, baselineDays: 28 });
    // By UTC days: the recent window is days 29–35 (4 events), the baseline days 1–28 (day 0 falls outside).
    expect(events).toEqual({ recent: 4, baseline: 54, ratio: 4 / 7 / (54 / 28) });
  });

  it('activityRatio is null without a baseline, and 1 for steady activity', () => {
    expect(activityRatio(visitsOn([30, 31]), ORIGIN + 32 * DAY).ratio).toBeNull();
    const steady = visitsOn(Array.from({ length: 35 }, (_, i) => i));
    expect(activityRatio(steady, ORIGIN + 34 * DAY + 12 * HOUR).ratio).toBeCloseTo(1, 10);
  });

  it('actionCount, lastActionAt and messagesInLastDays', () => {
    const s = fold([
      track('Report Created', 0),
      track('Report Created', DAY),
      track('Message Sent', DAY, { message_id: 'a', channel: 'email' }),
      track('Message Sent', 9 * DAY, { message_id: 'b', channel: 'sms' }),
    ]);
    expect(actionCount(s, 'Report Created')).toBe(2);
    expect(actionCount(s, 'Never Done')).toBe(0);
    expect(lastActionAt(s, 'Report Created')).toBe(ORIGIN + DAY);
    expect(lastActionAt(s, 'Never Done')).toBeNull();
    expect(messagesInLastDays(s, 7, ORIGIN + 10 * DAY)).toBe(1);
    expect(messagesInLastDays(s, 30, ORIGIN + 10 * DAY)).toBe(2);
    expect(messagesInLastDays(s, 30, ORIGIN + 10 * DAY, 'email')).toBe(1);
  });
});
