import { applyEvent, createCustomerState, DAY_MS, type CustomerState, type JsonObject } from '@retain/core';
import { describe, expect, it } from 'vitest';
import { capReason, type LocalLedger } from './frequency.js';
import { parseMessageDefinition } from './message-schema.js';

const T0 = Date.parse('2026-11-22T10:00:00.000Z');
let n = 0;
function fold(state: CustomerState, at: number, event: string, properties: JsonObject = {}): CustomerState {
  return applyEvent(state, { type: 'track', event, properties, messageId: `m${++n}`, timestamp: new Date(at).toISOString(), userId: 'u1' });
}
const spec = (frequency: object = {}) => parseMessageDefinition({ id: 'nudge', when: () => true, placement: 'toast', content: { title: 'T' }, frequency });
const shown = (s: CustomerState, at: number, id = 'nudge') => fold(s, at, 'Message Shown', { message_id: id, channel: 'in_context' });
const dismissed = (s: CustomerState, at: number, id = 'nudge') => fold(s, at, 'Message Dismissed', { message_id: id, channel: 'in_context' });

describe('capReason (caps from the persisted state)', () => {
  it('allows a fresh customer', () => {
    expect(capReason(createCustomerState('u1'), spec(), {}, T0)).toBeNull();
  });

  it('caps per visit and allows again in the next visit (30-minute rule)', () => {
    const s = shown(fold(createCustomerState('u1'), T0, 'Page Viewed'), T0 + 1000);
    expect(capReason(s, spec(), {}, T0 + 60_000)).toBe('per-session');
    expect(capReason(s, spec({ perSession: 2 }), {}, T0 + 60_000)).toBeNull();
    const nextVisit = fold(s, T0 + 2 * 3600_000, 'Page Viewed');
    expect(capReason(nextVisit, spec(), {}, T0 + 2 * 3600_000 + 1)).toBeNull();
  });

  it('caps per rolling window', () => {
    let s = createCustomerState('u1');
    for (let d = 0; d < 3; d++) s = shown(s, T0 + d * DAY_MS);
    const caps = spec({ perWindow: { count: 3, days: 7 } });
    expect(capReason(s, caps, {}, T0 + 3 * DAY_MS)).toBe('per-window');
    expect(capReason(s, caps, {}, T0 + 7 * DAY_MS + 1)).toBeNull(); // the first show left the window
  });

  it('hears the customer: dismissed N times, never again', () => {
    let s = dismissed(createCustomerState('u1'), T0);
    expect(capReason(s, spec(), {}, T0 + 2 * DAY_MS)).toBeNull();
    expect(capReason(s, spec(), {}, T0 + 3600_000)).toBe('after-dismiss');
    s = dismissed(s, T0 + 2 * DAY_MS);
    expect(capReason(s, spec(), {}, T0 + 400 * DAY_MS)).toBe('heard');
    expect(capReason(s, spec({ maxDismissals: 3 }), {}, T0 + 400 * DAY_MS)).toBeNull();
  });

  it('applies the global caps across messages', () => {
    let s = fold(createCustomerState('u1'), T0, 'Page Viewed');
    s = shown(shown(s, T0 + 1, 'a'), T0 + 2, 'b');
    expect(capReason(s, spec(), { perSession: 2 }, T0 + 10)).toBe('global-per-session');
    expect(capReason(s, spec(), { perSession: 3 }, T0 + 10)).toBeNull();
    expect(capReason(s, spec(), { perWindow: { count: 2, days: 1 } }, T0 + 2 * 3600_000)).toBe('global-per-window');
  });

  it('never shows to a customer who opted out of in-context messages', () => {
    const s = fold(createCustomerState('u1'), T0, 'Consent Changed', { purpose: 'in_context', granted: false });
    expect(capReason(s, spec(), {}, T0 + 1)).toBe('opted-out');
  });

  it('counts shows and dismissals of this page that the state does not reflect yet, until it does', () => {
    const s = fold(createCustomerState('u1'), T0, 'Page Viewed');
    const ledger: LocalLedger = [{ id: 'nudge', kind: 'shown', at: T0 + 5, baseline: 0 }];
    expect(capReason(s, spec(), {}, T0 + 10, ledger)).toBe('per-session');
    const reflected = shown(s, T0 + 5);
    expect(capReason(reflected, spec({ perSession: 2 }), {}, T0 + 10, ledger)).toBeNull(); // counted once, not twice
    expect(ledger).toEqual([]);
    const dismissals: LocalLedger = [{ id: 'nudge', kind: 'dismissed', at: T0, baseline: 1 }];
    expect(capReason(dismissed(s, T0 - DAY_MS * 5), spec(), {}, T0 + 3 * DAY_MS, dismissals)).toBe('heard');
  });
});
