import { applyEvent, createCustomerState, DAY_MS, type CustomerState } from '@retain/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidModelInputError } from './invalid-model-input-error.js';
import { InvalidTransactionError } from './invalid-transaction-error.js';
import { summarizeCustomerState, summarizeTransactions } from './summarize-transactions.js';
import type { Transaction } from './transaction-log.js';

const day = (iso: string) => Date.parse(`${iso}T00:00:00Z`);

describe('summarizeTransactions', () => {
  // CDNOW sample customer 1 (master id 00004): the README's worked example.
  const customer1: Transaction[] = [
    { customerId: '1', at: day('1997-01-01'), amount: 29.33 },
    { customerId: '1', at: day('1997-01-18'), amount: 29.73 },
    { customerId: '1', at: day('1997-08-02'), amount: 14.96 },
    { customerId: '1', at: day('1997-12-12'), amount: 26.48 },
  ];

  it('follows the CDNOW conventions: weeks, first purchase excluded, calibration end inclusive', () => {
    const [s] = summarizeTransactions(customer1, { calibrationEnd: '1997-09-30', holdoutEnd: '1998-06-30' });
    expect(s?.x).toBe(2);
    expect(s?.tx).toBeCloseTo(213 / 7, 12); // 30.43
    expect(s?.T).toBeCloseTo(272 / 7, 12); // 38.86
    expect(s?.meanRepeatSpend).toBeCloseTo((29.73 + 14.96) / 2, 12); // 22.35
    expect(s?.holdoutPurchases).toBe(1);
    expect(s?.holdoutSpend).toBeCloseTo(26.48, 12);
    const [days] = summarizeTransactions(customer1, { calibrationEnd: '1997-09-30', unit: 'days' });
    expect(days?.T).toBe(272);
  });

  it('merges orders of the same UTC day into one purchase and sums their amounts', () => {
    const log: Transaction[] = [
      { customerId: 'a', at: day('2020-01-01') + 3600_000, amount: 10 },
      { customerId: 'a', at: day('2020-01-01') + 7200_000, amount: 5 },
      { customerId: 'a', at: day('2020-01-08') + 1000, amount: 4 },
      { customerId: 'a', at: day('2020-01-08') + 80_000_000, amount: 6 },
    ];
    const [s] = summarizeTransactions(log, { calibrationEnd: '2020-01-15' });
    expect(s).toMatchObject({ x: 1, tx: 1, T: 2, meanRepeatSpend: 10 });
  });

  it('leaves out customers whose first purchase is after the calibration end, keeps input order otherwise', () => {
    const log: Transaction[] = [
      { customerId: 'late', at: day('2020-02-01'), amount: 1 },
      { customerId: 'b', at: day('2020-01-02'), amount: 1 },
      { customerId: 'a', at: day('2020-01-01'), amount: 1 },
    ];
    expect(summarizeTransactions(log, { calibrationEnd: '2020-01-31' }).map((s) => s.customerId)).toEqual(['b', 'a']);
  });

  it('reports the index and field of a bad record, and bad options', () => {
    const log = [{ customerId: 'a', at: 0, amount: 1 }, { customerId: 'a', at: 0, amount: -3 }];
    expect(() => summarizeTransactions(log, { calibrationEnd: 0 })).toThrow(InvalidTransactionError);
    expect(() => summarizeTransactions(log, { calibrationEnd: 0 })).toThrow(/line 2: amount: amount must be ≥ 0/);
    expect(() => summarizeTransactions([], { calibrationEnd: 'not a date' })).toThrow(InvalidModelInputError);
    expect(() => summarizeTransactions([], { calibrationEnd: 10 * DAY_MS, holdoutEnd: 0 })).toThrow(/holdoutEnd/);
  });

  it('gives the same summary from a live customer state (Order Completed events) as from the log', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ dayOffset: fc.integer({ min: 0, max: 400 }), ms: fc.integer({ min: 0, max: DAY_MS - 1 }), cents: fc.integer({ min: 0, max: 50_000 }) }), { minLength: 1, maxLength: 25 }),
        fc.integer({ min: 0, max: 450 }),
        (orders, nowOffset) => {
          const start = day('2025-01-01');
          const log: Transaction[] = orders.map((o) => ({ customerId: 'u1', at: start + o.dayOffset * DAY_MS + o.ms, amount: o.cents / 100 }));
          let state: CustomerState = createCustomerState('u1');
          log.forEach((t, i) => {
            state = applyEvent(state, { type: 'track', event: 'Order Completed', properties: { revenue: t.amount }, messageId: `m${i}`, timestamp: new Date(t.at).toISOString(), userId: 'u1' });
          });
          const now = start + nowOffset * DAY_MS + 5000;
          const fromLog = summarizeTransactions(log, { calibrationEnd: now })[0] ?? null;
          const fromState = summarizeCustomerState(state, now);
          if (fromLog === null) expect(fromState).toBeNull();
          else {
            expect(fromState).not.toBeNull();
            expect(fromState?.x).toBe(fromLog.x);
            expect(fromState?.tx).toBeCloseTo(fromLog.tx, 12);
            expect(fromState?.T).toBeCloseTo(fromLog.T, 12);
            expect(fromState?.meanRepeatSpend).toBeCloseTo(fromLog.meanRepeatSpend, 6);
          }
        },
      ),
      { numRuns: 150 },
    );
  });

  it('returns null for a customer who never purchased and rejects a bad now or unit', () => {
    expect(summarizeCustomerState(createCustomerState('u'), Date.now())).toBeNull();
    expect(() => summarizeCustomerState(createCustomerState('u'), Number.NaN)).toThrow(/now/);
    expect(() => summarizeCustomerState(createCustomerState('u'), 0, { unit: -1 })).toThrow(/unit/);
  });
});
