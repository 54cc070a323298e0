import { applyEvent, createCustomerState, type CustomerState, type RetainEvent } from '@retain/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultPolicy, type SendPolicyInput } from '../sending/send-policy.js';
import { advanceJourney, splitDraw, type JourneySend } from './advance-journey.js';
import { compileJourney } from './compile-journey.js';
import type { JourneyJson, JourneyPosition } from './journey.js';
import { journeySendCheck } from './journey-send-check.js';
import { journeyTemplates } from './journey-templates.js';
import { simulateJourney, type JourneySimulation, type JourneyStepFigures, type SimulateJourneyOptions } from './simulate-journey.js';

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

// --- simulateJourney against a straightforward replay --------------------------------------------

const DAY = 86_400_000;
const SIM_START = Date.parse('2026-06-01T06:00:00.000Z');

/**
 * The simulation as its documentation says, written plainly: every customer, every day; the
 * immutable `applyEvent`; the public `advanceJourney` (which copies the position) and
 * `journeySendCheck`; positions in a map by id.
 */
function replay(journey: JourneyJson, customers: readonly CustomerState[], o: SimulateJourneyOptions & { events: NonNullable<SimulateJourneyOptions['events']> }): JourneySimulation {
  const j = compileJourney(journey);
  let clock = o.start;
  const checkSend = journeySendCheck(o.policy ?? defaultPolicy, o.messages, () => clock);
  const steps: Record<string, JourneyStepFigures> = {};
  for (const s of j.json.steps) steps[s.id] = { sends: 0, refused: 0, reasons: {}, heldOut: 0, goodwillSpent: 0 };
  const arms: JourneySimulation['arms'] = {};
  const positions = new Map<string, JourneyPosition>();
  const states = [...customers];
  let evaluations = 0;
  let entered = 0;
  let converted = 0;
  let sent = 0;
  for (let day = 0; day < o.days; day++) {
    const at = o.start + day * DAY;
    for (let n = 0; n < states.length; n++) {
      let state = states[n] as CustomerState;
      const queue = [...o.events(state, day, at)];
      const evaluate = (event: RetainEvent | undefined, now: number) => {
        clock = now;
        if (event !== undefined) state = applyEvent(state, event);
        const before = positions.get(state.id);
        const codes = new Map<JourneySend, readonly string[]>();
        const check = (send: JourneySend, s: CustomerState) => {
          const verdict = checkSend(send, s);
          codes.set(send, verdict.codes);
          return verdict;
        };
        const r = advanceJourney(j, { state, position: before, event, now, check });
        evaluations++;
        if (r.position === null) return;
        if (before === undefined || before.entries !== r.position.entries) entered++;
        const arm = r.position.arm;
        if (arm !== undefined && before?.arm !== arm) (arms[arm] ??= { customers: 0, converted: 0 }).customers++;
        if (r.converted) {
          converted++;
          if (arm !== undefined) (arms[arm] ??= { customers: 0, converted: 0 }).converted++;
        }
        for (const send of r.sends) {
          (steps[send.step] as JourneyStepFigures).sends++;
          const properties = { message_id: send.message, channel: send.channel, campaign: send.campaign ?? j.id };
          state = applyEvent(state, { type: 'track', event: 'Message Sent', userId: state.id, messageId: `sim-sent-${sent++}`, timestamp: new Date(now).toISOString(), properties });
          queue.push(...(o.respond?.(state, send, now) ?? []));
        }
        if (r.goodwillSpent !== 0) for (const send of r.sends) (steps[send.step] as JourneyStepFigures).goodwillSpent += r.goodwillSpent / r.sends.length;
        for (const { send } of r.refused) {
          const f = steps[send.step] as JourneyStepFigures;
          f.refused++;
          for (const code of codes.get(send) ?? []) f.reasons[code] = (f.reasons[code] ?? 0) + 1;
        }
        for (const send of r.heldOut) (steps[send.step] as JourneyStepFigures).heldOut++;
        positions.set(state.id, r.position);
      };
      let k = 0;
      const drain = () => {
        for (; k < queue.length; k++) {
          const e = queue[k] as RetainEvent;
          const t = e.timestamp === undefined ? NaN : Date.parse(e.timestamp);
          evaluate(e, Math.max(at, Number.isFinite(t) ? t : at));
        }
      };
      drain();
      for (let wakes = 0; wakes < 8; wakes++) {
        const pos = positions.get(state.id);
        if (pos?.status === 'active' && pos.dueAt !== null && pos.dueAt < at + DAY) evaluate(undefined, Math.max(at, pos.dueAt));
        else if (wakes === 0 && j.json.entry.event === undefined && pos?.status !== 'active') evaluate(undefined, at);
        else break;
        drain();
      }
      states[n] = state;
    }
  }
  const count = (status: JourneyPosition['status']) => [...positions.values()].filter((p) => p.status === status).length;
  return { customers: customers.length, entered, converted, completed: count('completed'), exited: count('exited'), active: count('active'), steps, arms, positions, evaluations };
}

/** A customer's own events, planned: [day, minutes into the day, what]. */
type Planned = readonly [number, number, 'consent' | 'revoke' | 'signup' | 'order' | 'checkout' | 'visit' | 'timezone'];
const plannedEvent = (id: string, [day, minute, what]: Planned, k: number): RetainEvent => {
  const base = { userId: id, messageId: `${id}-${k}`, timestamp: new Date(SIM_START + day * DAY + minute * 60_000).toISOString() };
  switch (what) {
    case 'consent':
    case 'revoke':
      return { ...base, type: 'track', event: 'Consent Changed', properties: { purpose: 'email', granted: what === 'consent' } };
    case 'signup':
      return { ...base, type: 'track', event: 'Signed Up' };
    case 'order':
      return { ...base, type: 'track', event: 'Order Completed', properties: { order_id: `${id}-o${k}`, revenue: 10 + k } };
    case 'checkout':
      return { ...base, type: 'track', event: 'Checkout Started' };
    case 'visit':
      return { ...base, type: 'page', name: 'Home' };
    case 'timezone':
      return { ...base, type: 'identify', traits: { timezone: k % 2 === 0 ? 'Asia/Tokyo' : 'America/New_York' } };
  }
};
const plannedArb = fc.tuple(fc.nat({ max: 20 }), fc.nat({ max: 1439 }), fc.constantFrom('consent', 'consent', 'revoke', 'signup', 'signup', 'order', 'checkout', 'visit', 'timezone') as fc.Arbitrary<Planned[2]>);
const journeys = {
  onboarding: journeyTemplates.onboarding(),
  push: journeyTemplates.onboarding({ channel: 'push', purchaseWithinDays: 2 }),
  cart: journeyTemplates.cartRecovery({ holdout: 0.3 }),
  winback: journeyTemplates.winback({ afterDays: 3 }),
  feedback: journeyTemplates.postPurchaseFeedback(),
  loyalty: journeyTemplates.loyaltyTiers(),
};
const policies: Record<string, SendPolicyInput> = {
  default: defaultPolicy,
  tight: { caps: [{ channel: 'email', max: 1, windowDays: 2 }, { channel: 'all', max: 2, windowDays: 3 }], quietHours: { start: '12:00', end: '18:00', channels: ['email', 'push'] } },
};
const catalogue = {
  welcome: { value: 'high', relevance: 'high' },
  recommendations: { value: 'high', relevance: 'high' },
  'first-purchase-nudge': { value: 'medium', relevance: 'high' },
  'cart-reminder': { value: 'high', relevance: 'high' },
} as const;

describe('simulateJourney against a straightforward replay', () => {
  it('gives the same figures and positions, with the events as a callback or a schedule, into copies or in place', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...(Object.keys(journeys) as Array<keyof typeof journeys>)),
        fc.constantFrom('default', 'tight'),
        fc.array(fc.tuple(fc.nat({ max: 40 }), fc.array(plannedArb, { maxLength: 6 })), { minLength: 1, maxLength: 25 }),
        fc.boolean(),
        (name, policy, people, answers) => {
          // Ids drawn from a small pool: now and then two customers share one (and a position).
          const plans = people.map(([id, planned]) => ({ id: `u${id}`, events: planned.map((p, k) => plannedEvent(`u${id}`, p, k)) }));
          const eventsOn = (i: number, day: number) => plans[i]?.events.filter((e) => Math.floor((Date.parse(e.timestamp as string) - SIM_START) / DAY) === day).sort((a, b) => Date.parse(a.timestamp as string) - Date.parse(b.timestamp as string)) ?? [];
          const byId = new Map<string, number>();
          plans.forEach((p, i) => byId.set(p.id, byId.get(p.id) ?? i));
          // The callback must not depend on which duplicate asks: by id.
          const events = (c: CustomerState, day: number) => eventsOn(byId.get(c.id) as number, day);
          const schedule = new Map<number, Map<string, RetainEvent[]>>();
          for (let day = 0; day < 21; day++) {
            const today = new Map<string, RetainEvent[]>();
            for (const [id, i] of byId) if (eventsOn(i, day).length > 0) today.set(id, eventsOn(i, day));
            schedule.set(day, today);
          }
          // Some reminded customers order an hour later (by id and message, whatever the order of the calls).
          const respond = (c: CustomerState, send: JourneySend, t: number): RetainEvent[] =>
            answers && splitDraw(`${c.id}|${send.message}`) < 0.4 ? [{ type: 'track', event: 'Order Completed', userId: c.id, messageId: `${c.id}-r${t}`, timestamp: new Date(t + 3_600_000).toISOString(), properties: { order_id: `${c.id}-r${t}`, revenue: 5 } }] : [];
          const customers = plans.map((p) => createCustomerState(p.id));
          const before = JSON.stringify(customers);
          const options = { days: 21, start: SIM_START, policy: policies[policy] as SendPolicyInput, messages: catalogue, respond };
          const expected = replay(journeys[name], customers, { ...options, events });
          const same = (run: JourneySimulation) => {
            const { positions, ...figures } = run;
            const { positions: positionsExpected, ...figuresExpected } = expected;
            expect(figures).toEqual(figuresExpected);
            expect([...positions]).toEqual([...positionsExpected]);
          };
          same(simulateJourney(journeys[name], customers, { ...options, events }));
          same(simulateJourney(journeys[name], customers, { ...options, schedule }));
          expect(JSON.stringify(customers)).toBe(before); // copies: the customers are left alone
          same(simulateJourney(journeys[name], customers.map((c) => structuredClone(c)), { ...options, schedule, inPlace: true }));
        },
      ),
      { numRuns: 60 },
    );
  });
});
