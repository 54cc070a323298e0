import { createCustomerState, type RetainEvent } from '@retain/core';
import { describe, expect, it } from 'vitest';
import { journeyTemplates } from './journey-templates.js';
import { simulateJourney } from './simulate-journey.js';

const START = Date.parse('2026-05-01T10:00:00.000Z'); // outside the default quiet hours
const at = (t: number) => new Date(t).toISOString();

describe('simulateJourney', () => {
  it('replays a population: sends and refusals per step (consent), holdout, conversions, goodwill', () => {
    const customers = Array.from({ length: 400 }, (_, i) => createCustomerState(`c${i}`));
    const events = (c: { id: string }, day: number, t: number): RetainEvent[] => {
      const i = Number(c.id.slice(1));
      if (day !== 0) return [];
      const out: RetainEvent[] = [];
      if (i % 4 !== 0) out.push({ type: 'track', event: 'Consent Changed', userId: c.id, messageId: `k${i}`, timestamp: at(t), properties: { purpose: 'email', granted: true } });
      out.push({ type: 'track', event: 'Checkout Started', userId: c.id, messageId: `s${i}`, timestamp: at(t + 1000) });
      return out;
    };
    // Half the reminded customers order the next hour; the holdout never does.
    const respond = (c: { id: string }, send: { message: string }, t: number): RetainEvent[] =>
      send.message === 'cart-reminder' && Number(c.id.slice(1)) % 2 === 0 ? [{ type: 'track', event: 'Order Completed', userId: c.id, messageId: `o${c.id}`, timestamp: at(t + 3_600_000), properties: { order_id: `o${c.id}`, revenue: 10 } }] : [];
    // Without a catalogue a message scores like a generic one and the default policy refuses it.
    const messages = { 'cart-reminder': { value: 'high', relevance: 'high' }, 'cart-reminder-2': { value: 'medium', relevance: 'high' } } as const;
    const run = simulateJourney(journeyTemplates.cartRecovery({ holdout: 0.2 }), customers, { days: 5, start: START, events, respond, messages });
    const blind = simulateJourney(journeyTemplates.cartRecovery({ holdout: 0.2 }), customers, { days: 5, start: START, events });
    expect(blind.steps['reminder']?.sends).toBe(0);
    expect(blind.steps['reminder']?.reasons['low_score']).toBe(blind.steps['reminder']?.refused);
    expect(run.entered).toBe(400);
    const arms = run.arms;
    expect((arms['holdout']?.customers ?? 0) + (arms['reminded']?.customers ?? 0)).toBe(400);
    expect(run.steps['reminder']?.heldOut).toBe(arms['holdout']?.customers);
    expect(arms['holdout']?.converted).toBe(0);
    expect(arms['reminded']?.converted).toBeGreaterThan(0);
    // A quarter have no email consent: they leave at "may-market?" without a send.
    expect(run.steps['reminder']?.sends).toBeLessThan(arms['reminded']?.customers ?? 0);
    expect(run.steps['reminder']?.sends).toBeGreaterThan(0);
    expect(Number.isFinite(run.steps['reminder']?.goodwillSpent)).toBe(true);
    expect(run.converted + run.exited + run.completed + run.active).toBe(run.positions.size);
  });
});
