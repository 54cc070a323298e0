import { describe, expect, it } from 'vitest';
import { DAY, HOUR, ORIGIN, shuffled, track } from '../../test/events.js';
import type { RetainEvent } from '../events/event-schema.js';
import { applyEvent } from './apply-event.js';
import { createCustomerState } from './create-customer-state.js';
import type { CustomerState } from './customer-state.js';
import { daysSince } from './queries.js';
import { epochDay } from './time.js';

const fold = (events: readonly RetainEvent[]): CustomerState => events.reduce(applyEvent, createCustomerState('u1'));
const order = (ms: number, revenue: number) => track('Order Completed', ms, { revenue });

describe('transactions', () => {
  it('counts orders and revenue, first and last order, and the order milestones', () => {
    const s = fold([order(DAY, 80), order(3 * DAY, 20.5)]);
    expect(s.transactions).toMatchObject({ orders: 2, revenue: 100.5, firstOrderAt: ORIGIN + DAY, lastOrderAt: ORIGIN + 3 * DAY });
    expect(daysSince(s, 'firstOrder', ORIGIN + 4 * DAY)).toBe(3);
    expect(daysSince(s, 'lastOrder', ORIGIN + 4 * DAY)).toBe(1);
  });

  it('merges same-day orders into one purchase day (repeat-purchase days for RFM / BG/NBD)', () => {
    const s = fold([order(HOUR, 10), order(5 * HOUR, 15), order(2 * DAY, 7)]);
    const d = epochDay(ORIGIN);
    expect(s.transactions.purchaseDays).toEqual([
      { day: d, amount: 25 },
      { day: d + 2, amount: 7 },
    ]);
  });

  it('reads revenue, else total, else 0', () => {
    const s = fold([track('Order Completed', 0, { total: 12 }), track('Order Completed', HOUR)]);
    expect(s.transactions.revenue).toBe(12);
    expect(s.transactions.orders).toBe(2);
  });

  it('keeps money to the cent, so sums do not depend on the order of addition', () => {
    const events = [0.1, 0.2, 0.3, 19.99, 0.07].map((r, i) => order(i * 3 * HOUR, r));
    const expected = fold(events).transactions;
    expect(expected.revenue).toBe(20.66);
    for (let seed = 1; seed <= 10; seed++) expect(fold(shuffled(events, seed)).transactions).toEqual(expected);
  });

  it('records refunds', () => {
    const s = fold([order(0, 50), track('Order Refunded', DAY, { revenue: 20 })]);
    expect(s.transactions).toMatchObject({ orders: 1, revenue: 50, refunds: 1, refundedAmount: 20 });
  });
});
