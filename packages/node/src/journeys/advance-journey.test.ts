import { applyEvent, createCustomerState, type CustomerState, type RetainEvent } from '@retain/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { advanceJourney, type JourneySend } from './advance-journey.js';
import { compileJourney } from './compile-journey.js';
import { explainJourney } from './explain-journey.js';
import type { JourneyJson, JourneyPosition } from './journey.js';
import { journeyTemplates } from './journey-templates.js';
import { migrateJourneyPositions } from './migrate-positions.js';

const T0 = Date.parse('2026-05-01T09:00:00.000Z');
const DAY = 86_400_000;
let seq = 0;
const ev = (event: string, at: number, properties: Record<string, number | string> = {}, userId = 'ada'): RetainEvent => ({
  type: 'track',
  event,
  userId,
  messageId: `m${seq++}`,
  timestamp: new Date(at).toISOString(),
  properties,
});
const consent = (at: number, userId = 'ada', granted = true): RetainEvent => ({
  type: 'track',
  event: 'Consent Changed',
  userId,
  messageId: `c${seq++}`,
  timestamp: new Date(at).toISOString(),
  properties: { purpose: 'email', granted },
});

/** Folds events and advances the journey with each, then wakes at the given times: the sends, in order. */
function drive(j: JourneyJson, inputs: Array<RetainEvent | number>, check?: (s: JourneySend, st: CustomerState) => { allowed: boolean; reasons: string[] }) {
  const compiled = compileJourney(j);
  let state = createCustomerState('ada');
  let position: JourneyPosition | undefined;
  const sends: string[] = [];
  const heldOut: string[] = [];
  const refused: string[] = [];
  for (const input of inputs) {
    const event = typeof input === 'number' ? undefined : input;
    const now = typeof input === 'number' ? input : Date.parse(input.timestamp as string);
    if (event !== undefined) state = applyEvent(state, event);
    const r = advanceJourney(compiled, { state, position, event, now, ...(check === undefined ? {} : { check }) });
    position = r.position ?? undefined;
    sends.push(...r.sends.map((s) => s.step));
    heldOut.push(...r.heldOut.map((s) => s.step));
    refused.push(...r.refused.map((s) => s.send.step));
  }
  return { sends, heldOut, refused, position, state };
}

describe('advanceJourney: onboarding', () => {
  const onboarding = journeyTemplates.onboarding();

  it('welcome, then recommendations when they buy within the week, then engagement three days later', () => {
    const r = drive(onboarding, [ev('Signed Up', T0), ev('Order Completed', T0 + 2 * DAY, { order_id: 'o1', revenue: 30 }), T0 + 4 * DAY, T0 + 5 * DAY + 1]);
    expect(r.sends).toEqual(['welcome', 'recommendations', 'engagement']);
    expect(r.position).toMatchObject({ status: 'completed', step: null });
  });

  it('a nudge when the week passes with no order (woken by time at dueAt)', () => {
    const first = drive(onboarding, [ev('Signed Up', T0)]);
    expect(first.position?.dueAt).toBe(T0 + 7 * DAY);
    const r = drive(onboarding, [ev('Signed Up', T0), T0 + 3 * DAY, T0 + 7 * DAY]);
    expect(r.sends).toEqual(['welcome', 'nudge']);
    expect(r.position?.step).toBe('settle');
  });

  it('a retried or duplicated event changes nothing; an older event does not end a wait', () => {
    const signUp = ev('Signed Up', T0);
    const late = ev('Order Completed', T0 - DAY, { order_id: 'o0', revenue: 5 }); // happened before they arrived at the wait
    const r = drive(onboarding, [signUp, signUp, signUp, late]);
    expect(r.sends).toEqual(['welcome']);
    expect(r.position?.step).toBe('wait-for-purchase');
  });

  it('converts on the goal (a second order) and exits on unsubscribe', () => {
    const r = drive(onboarding, [ev('Signed Up', T0), ev('Order Completed', T0 + DAY, { order_id: 'o1', revenue: 1 }), ev('Order Completed', T0 + 2 * DAY, { order_id: 'o2', revenue: 1 })]);
    expect(r.position?.status).toBe('converted');
    const out = drive(onboarding, [ev('Signed Up', T0), consent(T0 + DAY, 'ada', false)]);
    expect(out.position).toMatchObject({ status: 'exited', exitReason: 'exit: unsubscribed' });
  });

  it('is entered once (reentry: never)', () => {
    const r = drive(onboarding, [ev('Signed Up', T0), T0 + 30 * DAY, ev('Signed Up', T0 + 31 * DAY)]);
    expect(r.sends.filter((s) => s === 'welcome')).toHaveLength(1);
  });
});

describe('send checks on every step', () => {
  it('a refused send waits and retries when the step says so, recording the reason; then skips', () => {
    const refuse = () => ({ allowed: false, reasons: ['goodwill would fall below the minimum'] });
    const onboarding = journeyTemplates.onboarding();
    const r = drive(onboarding, [ev('Signed Up', T0), T0 + 7 * DAY, T0 + 8 * DAY, T0 + 9 * DAY], refuse);
    // welcome refused → skipped; nudge refused at day 7, retried at day 8 and 9 (2 retries), then skipped.
    expect(r.sends).toEqual([]);
    expect(r.refused).toEqual(['welcome', 'nudge', 'nudge', 'nudge']);
    expect(r.position?.step).toBe('settle');
    expect(r.position?.history.filter((h) => h.outcome === 'refused').map((h) => h.detail)).toEqual([
      'goodwill would fall below the minimum; skipped',
      `goodwill would fall below the minimum; retry 1 of 2 at ${new Date(T0 + 8 * DAY).toISOString()}`,
      `goodwill would fall below the minimum; retry 2 of 2 at ${new Date(T0 + 9 * DAY).toISOString()}`,
      'goodwill would fall below the minimum; skipped',
    ]);
  });

  it('a holdout arm sends nothing and records what it would have sent; arms follow the weights, stable per customer', () => {
    const cart = compileJourney(journeyTemplates.cartRecovery({ holdout: 0.2 }));
    let held = 0;
    const n = 4000;
    for (let i = 0; i < n; i++) {
      const id = `c${i}`;
      let state = createCustomerState(id);
      state = applyEvent(state, consent(T0 - DAY, id));
      const start = ev('Checkout Started', T0, {}, id);
      state = applyEvent(state, start);
      const a = advanceJourney(cart, { state, event: start, now: T0 });
      const b = advanceJourney(cart, { state, position: a.position, now: T0 + 2 * 3_600_000 });
      const again = advanceJourney(cart, { state, event: start, now: T0 });
      expect(again.position?.arm ?? null).toBe(a.position?.arm ?? null); // deterministic
      if (b.position?.holdout === true) {
        held++;
        expect(b.sends).toEqual([]);
        expect(b.heldOut.map((s) => s.message)).toEqual(['cart-reminder']);
      } else expect(b.sends.map((s) => s.message)).toEqual(['cart-reminder']);
    }
    expect(held / n).toBeGreaterThan(0.17);
    expect(held / n).toBeLessThan(0.23);
  });
});

describe('explain, migrate', () => {
  it('explains where the customer is, why, and what comes next and when', () => {
    const onboarding = journeyTemplates.onboarding();
    const { position } = drive(onboarding, [ev('Signed Up', T0)]);
    const e = explainJourney(onboarding, { position, now: T0 });
    expect(e.status).toBe('active');
    expect(e.step?.id).toBe('wait-for-purchase');
    expect(e.next?.at).toBe(T0 + 7 * DAY);
    expect(e.summary).toBe(`At wait-for-purchase since ${new Date(T0).toISOString()}: waiting for Order Completed until ${new Date(T0 + 7 * DAY).toISOString()}, then nudge`);
    expect(e.why.map((h) => h.outcome)).toEqual(['entered', 'sent']);
    expect(explainJourney(onboarding, { position: undefined, now: T0 }).summary).toBe('Not in onboarding: enters on Signed Up');
  });

  it('a changed journey keeps customers on steps that remain and moves those on removed steps to an exit, reported', () => {
    const v1 = journeyTemplates.onboarding();
    const waiting = drive(v1, [ev('Signed Up', T0)]).position as JourneyPosition;
    const settled = drive(v1, [ev('Signed Up', T0), ev('Order Completed', T0 + DAY, { order_id: 'o1', revenue: 1 })]).position as JourneyPosition;
    expect(settled.step).toBe('settle');
    const v2: JourneyJson = { ...v1, version: 2, steps: v1.steps.filter((s) => s.id !== 'settle').map((s) => (s.id === 'recommendations' ? { ...s, next: 'engagement' } : s)) };
    const report = migrateJourneyPositions(v2, [{ customerId: 'a', position: waiting }, { customerId: 'b', position: settled }], T0 + 2 * DAY);
    expect(report.migrated).toHaveLength(2);
    expect(report.removed.map((m) => [m.customerId, m.removedStep, m.position.status])).toEqual([['b', 'settle', 'exited']]);
    expect(report.migrated[0]?.position).toMatchObject({ step: 'wait-for-purchase', version: 2, status: 'active' });
    // Advancing migrates lazily, the same way, and says so.
    const r = advanceJourney(v2, { state: createCustomerState('ada'), position: settled, now: T0 + 2 * DAY });
    expect(r.migrated).toEqual({ from: 1, to: 2, removedStep: 'settle' });
    expect(r.position?.exitReason).toBe('step "settle" was removed in version 2');
  });
});

describe('properties', () => {
  it('duplicates anywhere in the event stream change neither the sends nor the position', () => {
    const onboarding = journeyTemplates.onboarding();
    const stream: RetainEvent[] = [ev('Signed Up', T0), ev('Page Viewed', T0 + DAY), ev('Order Completed', T0 + 2 * DAY, { order_id: 'o1', revenue: 3 }), ev('Page Viewed', T0 + 3 * DAY)];
    const base = drive(onboarding, [...stream, T0 + 6 * DAY]);
    fc.assert(
      fc.property(fc.array(fc.nat(stream.length - 1), { maxLength: 6 }), (dups) => {
        const withDups: Array<RetainEvent | number> = [];
        stream.forEach((e, i) => {
          withDups.push(e);
          for (const d of dups) if (d === i) withDups.push(e);
        });
        const r = drive(onboarding, [...withDups, T0 + 6 * DAY]);
        expect(r.sends).toEqual(base.sends);
        expect(r.position?.status).toBe(base.position?.status);
        expect(r.position?.step).toBe(base.position?.step);
      }),
      { numRuns: 60 },
    );
  });
});
