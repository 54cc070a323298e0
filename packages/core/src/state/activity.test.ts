import { describe, expect, it } from 'vitest';
import { DAY, HOUR, ORIGIN, page, shuffled, track } from '../../test/events.js';
import type { RetainEvent } from '../events/event-schema.js';
import { applyEvent } from './apply-event.js';
import { createCustomerState } from './create-customer-state.js';
import { ACTIVITY_RETENTION_DAYS, type CustomerState } from './customer-state.js';
import { epochDay } from './time.js';
import { foldEvents } from './fold-events.js';

const fold = (events: readonly RetainEvent[]): CustomerState => events.reduce(applyEvent, createCustomerState('u1'));
const day0 = epochDay(ORIGIN);

describe('rolling activity (daily buckets)', () => {
  it('counts active events per UTC day', () => {
    const s = fold([page(HOUR), page(2 * HOUR), track('Report Created', 3 * HOUR), page(DAY + HOUR)]);
    expect(s.activity).toEqual({ [day0]: 3, [day0 + 1]: 1 });
  });

  it('does not count server-side events', () => {
    const s = fold([track('Message Sent', HOUR, { message_id: 'm', channel: 'email' }), track('Trial Ended', 2 * HOUR)]);
    expect(s.activity).toEqual({});
  });

  it(`keeps at least 90 days: buckets fall out ${ACTIVITY_RETENTION_DAYS} days after the newest`, () => {
    expect(ACTIVITY_RETENTION_DAYS).toBeGreaterThanOrEqual(90);
    const s = fold([page(0), page(10 * DAY), page(ACTIVITY_RETENTION_DAYS * DAY)]);
    expect(Object.keys(s.activity).map(Number)).toEqual([day0 + 10, day0 + ACTIVITY_RETENTION_DAYS]);
  });

  it('ignores a late event older than the window, and keeps the same buckets in any order', () => {
    const events = [page(0), page(5 * DAY), page(89 * DAY), page(ACTIVITY_RETENTION_DAYS * DAY + 3 * HOUR), page(ACTIVITY_RETENTION_DAYS * DAY)];
    const expected = fold(events).activity;
    expect(expected[day0]).toBeUndefined();
    for (let seed = 1; seed <= 20; seed++) expect(fold(shuffled(events, seed)).activity).toEqual(expected);
  });

  it('a batch fold counts runs of same-day events exactly as one-at-a-time folding does', () => {
    const start = fold([page(0), page(200 * DAY)]);
    const batch = [page(DAY), page(DAY + HOUR), page(85 * DAY), page(85 * DAY + HOUR), page(199 * DAY), page(199 * DAY + 1), page(201 * DAY), page(201 * DAY + HOUR)];
    const oneByOne = batch.reduce(applyEvent, start);
    expect(foldEvents(batch, start).activity).toEqual(oneByOne.activity);
    expect(oneByOne.activity).toEqual({ [day0 + 85]: 2, [day0 + 199]: 2, [day0 + 200]: 1, [day0 + 201]: 2 });
  });
});
