import { isNegativeNps } from '@retain/core';
import { describe, expect, it } from 'vitest';
import { antecedents, consecutiveEventsSignal, eventSignal, type CustomerHistory, type HistoryEvent } from './antecedents.js';

const isFeedback = (e: HistoryEvent) => e.name === 'Feedback Given';
const isNegative = (e: HistoryEvent) => isFeedback(e) && isNegativeNps(Number(e.properties?.['nps']));
const signals = [eventSignal('negative feedback', isNegative), consecutiveEventsSignal('two consecutive negative feedbacks', 2, isNegative, isFeedback)];

/** Builds a customer: NPS answers on days 1, 2, …, then a cancellation (or not) on day 10. */
function customer(id: string, nps: number[], cancels: boolean): CustomerHistory {
  const events: HistoryEvent[] = nps.map((score, i) => ({ name: 'Feedback Given', at: i + 1, properties: { nps: score } }));
  if (cancels) events.push({ name: 'Subscription Cancelled', at: 10 });
  return { customerId: id, events };
}

describe('antecedents', () => {
  it('reproduces the DOMAIN.md vector: 35% cancel after negative feedback, 80% after two consecutive', () => {
    const histories: CustomerHistory[] = [];
    // 5 customers with two negatives in a row: 4 cancel.
    for (let i = 0; i < 5; i++) histories.push(customer(`two${i}`, [3, 2], i < 4));
    // 15 with one negative (a positive in between breaks any run): 3 cancel.
    for (let i = 0; i < 15; i++) histories.push(customer(`one${i}`, [9, 4, 10], i < 3));
    // 80 without negative feedback: 8 cancel.
    for (let i = 0; i < 80; i++) histories.push(customer(`none${i}`, [9], i < 8));
    const report = antecedents(histories, { outcome: 'Subscription Cancelled', signals });
    expect(report.customers).toBe(100);
    expect(report.baseRate).toBeCloseTo(0.15, 12);
    const [one, two] = report.signals;
    expect(one).toMatchObject({ signal: 'negative feedback', customers: 20, withOutcome: 7 });
    expect(one?.rate).toBeCloseTo(0.35, 12);
    expect(one?.lift).toBeCloseTo(0.35 / 0.15, 12);
    expect(two).toMatchObject({ customers: 5, withOutcome: 4 });
    expect(two?.rate).toBeCloseTo(0.8, 12);
    expect(two?.lift).toBeCloseTo(0.8 / 0.15, 12);
  });

  it('counts the outcome only after the signal (and within the window when given)', () => {
    const before: CustomerHistory = { customerId: 'b', events: [{ name: 'Subscription Cancelled', at: 1 }, { name: 'Feedback Given', at: 5, properties: { nps: 0 } }] };
    const late: CustomerHistory = { customerId: 'l', events: [{ name: 'Feedback Given', at: 1, properties: { nps: 0 } }, { name: 'Subscription Cancelled', at: 100 }] };
    const report = antecedents([before, late], { outcome: (e) => e.name === 'Subscription Cancelled', signals, withinMs: 50 });
    expect(report.signals[0]).toMatchObject({ customers: 2, withOutcome: 0, rate: 0 });
    expect(antecedents([late], { outcome: 'Subscription Cancelled', signals }).signals[0]?.withOutcome).toBe(1);
  });

  it('sorts unsorted histories, handles no outcomes, and rejects bad events', () => {
    const unsorted: CustomerHistory = { customerId: 'u', events: [{ name: 'Feedback Given', at: 3, properties: { nps: 1 } }, { name: 'Feedback Given', at: 2, properties: { nps: 1 } }] };
    const report = antecedents([unsorted], { outcome: 'Subscription Cancelled', signals });
    expect(report.signals[1]?.customers).toBe(1);
    expect(report.baseRate).toBe(0);
    expect(report.signals[1]?.lift).toBeNull();
    expect(() => antecedents([{ customerId: 'x', events: [{ name: 'a', at: Number.NaN }] }], { outcome: 'a', signals })).toThrow(/histories\[0\]\.events\[0\]\.at/);
  });
});
