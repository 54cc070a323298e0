/**
 * Replays a population through a journey, day by day, with the send checks on: sends, refusals
 * (by reason), holdout, conversions and goodwill spent, per step — like `simulateCampaign` for a
 * single send.
 */
import { applyEventInPlace, KnownEvent, type CustomerState, type RetainEvent } from '@retain/core';
import type { MessageCatalogue } from '../ingest/engine-adapters.js';
import { defaultPolicy, type SendPolicyInput } from '../sending/send-policy.js';
import type { JourneyAdvance, JourneySend } from './advance-journey.js';
import { compileJourney, type JourneyInput } from './compile-journey.js';
import type { JourneyPosition } from './journey.js';
import { advanceOwned } from './journey-runtime.js';
import { journeySendChecker } from './journey-send-check.js';

const DAY = 86_400_000;

/** Options of {@link simulateJourney}. */
export interface SimulateJourneyOptions {
  /** Days to simulate. */
  days: number;
  /** Start, epoch ms. */
  start: number;
  /** The send policy. @default defaultPolicy */
  policy?: SendPolicyInput;
  /** The message catalogue the checks score. */
  messages?: MessageCatalogue;
  /** The customer's own events on a day (sign-ups, orders…), in time order. */
  events?: (customer: CustomerState, day: number, at: number) => readonly RetainEvent[];
  /** How a customer answers a send (e.g. an order after a reminder): events folded in, and seen by the journey. */
  respond?: (customer: CustomerState, send: JourneySend, at: number) => readonly RetainEvent[];
}

/** Per-step figures of a simulation. */
export interface JourneyStepFigures {
  sends: number;
  refused: number;
  /** Refusals by reason code (a refusal with two reasons counts under both). */
  reasons: Record<string, number>;
  heldOut: number;
  goodwillSpent: number;
}

/** What {@link simulateJourney} returns. */
export interface JourneySimulation {
  customers: number;
  entered: number;
  converted: number;
  completed: number;
  exited: number;
  /** Still inside at the end. */
  active: number;
  steps: Record<string, JourneyStepFigures>;
  /** Conversions of customers in a holdout arm, and of the others who entered a split (for lift). */
  arms: Record<string, { customers: number; converted: number }>;
  /** The final states and positions, by customer id. */
  positions: Map<string, JourneyPosition>;
  evaluations: number;
}

/**
 * Replays `customers` through `journey` for `days` days. Each day, a customer's own events are
 * folded and handed to the journey; a customer whose wait is due is woken; every send goes through
 * the send checks (and is folded as `Message Sent`, so goodwill and caps see it).
 *
 * @example
 * ```ts
 * import { createCustomerState, type RetainEvent } from '@retain/core';
 * import { journeyTemplates, simulateJourney } from '@retain/node';
 * const start = Date.parse('2026-05-01T00:00:00.000Z');
 * const customers = ['ada', 'bea'].map((id) => createCustomerState(id));
 * const signUp = (c: { id: string }, at: number): RetainEvent => ({ type: 'track', event: 'Signed Up', userId: c.id, messageId: `s-${c.id}`, timestamp: new Date(at).toISOString() });
 * const run = simulateJourney(journeyTemplates.onboarding(), customers, { days: 14, start, events: (c, day, at) => (day === 0 ? [signUp(c, at)] : []) });
 * run.entered; // 2
 * ```
 */
export function simulateJourney(journey: JourneyInput, customers: readonly CustomerState[], options: SimulateJourneyOptions): JourneySimulation {
  const j = compileJourney(journey);
  const checkAt = journeySendChecker(options.policy ?? defaultPolicy, options.messages);
  const { events, respond } = options;
  let clock = options.start;
  // The refusal codes of the checked sends of one evaluation, in the order of its `refused`.
  const refusedCodes: Array<readonly string[]> = [];
  const check = (send: JourneySend, state: CustomerState) => {
    const verdict = checkAt(send, state, clock);
    if (!verdict.allowed) refusedCodes.push(verdict.codes);
    return verdict;
  };
  const steps: Record<string, JourneyStepFigures> = {};
  for (const s of j.json.steps) steps[s.id] = { sends: 0, refused: 0, reasons: {}, heldOut: 0, goodwillSpent: 0 };
  const arms: Record<string, { customers: number; converted: number }> = {};
  const entersByCondition = j.json.entry.event === undefined;
  let evaluations = 0;
  let entered = 0;
  let converted = 0;
  let sentSeq = 0;

  // The simulation owns copies of the states and folds into them in place (no copy per event),
  // and owns the positions, which the runtime advances in place into one reused output.
  const states = customers.map((c) => structuredClone(c));
  // Customers sharing an id share a position (one slot), as they would in a store.
  const slotOf = new Map<string, number>();
  const slots = states.map((state, n) => {
    const slot = slotOf.get(state.id);
    if (slot !== undefined) return slot;
    slotOf.set(state.id, n);
    return n;
  });
  const positions: Array<JourneyPosition | undefined> = new Array<JourneyPosition | undefined>(states.length);
  /** Slots in the order they first got a position (the order of the returned map). */
  const firstPositioned: number[] = [];
  const out: JourneyAdvance = { position: null, sends: [], refused: [], heldOut: [], updates: [], goodwillSpent: 0, converted: false, explanation: [] };

  /** One evaluation of customer `n` (slot `slot`), on `event` or by time, at `now`. */
  const evaluate = (state: CustomerState, slot: number, event: RetainEvent | undefined, now: number) => {
    clock = now;
    if (event !== undefined) applyEventInPlace(state, event);
    const before = positions[slot];
    const entriesBefore = before?.entries;
    const armBefore = before?.arm;
    out.sends.length = 0;
    out.refused.length = 0;
    out.heldOut.length = 0;
    out.updates.length = 0;
    out.goodwillSpent = 0;
    out.converted = false;
    refusedCodes.length = 0;
    advanceOwned(j, before, state, event, now, check, out, false);
    evaluations++;
    const position = out.position;
    if (position === null) return;
    if (before === undefined || entriesBefore !== position.entries) entered++;
    if (position.arm !== undefined && armBefore !== position.arm) (arms[position.arm] ??= { customers: 0, converted: 0 }).customers++;
    if (out.converted) {
      converted++;
      if (position.arm !== undefined) (arms[position.arm] ??= { customers: 0, converted: 0 }).converted++;
    }
    const sends = out.sends;
    for (let i = 0; i < sends.length; i++) {
      const send = sends[i] as JourneySend;
      (steps[send.step] as JourneyStepFigures).sends++;
      applyEventInPlace(state, {
        type: 'track',
        event: KnownEvent.MessageSent,
        userId: state.id,
        messageId: `sim-sent-${sentSeq++}`,
        timestamp: new Date(now).toISOString(),
        properties: { message_id: send.message, channel: send.channel, campaign: send.campaign ?? j.id },
      });
      if (respond !== undefined) for (const answer of respond(state, send, now)) queue.push(answer);
    }
    // Goodwill is attributed to the steps that sent, evenly.
    if (out.goodwillSpent !== 0) for (let i = 0; i < sends.length; i++) (steps[(sends[i] as JourneySend).step] as JourneyStepFigures).goodwillSpent += out.goodwillSpent / sends.length;
    for (let i = 0; i < out.refused.length; i++) {
      const f = steps[(out.refused[i] as JourneyAdvance['refused'][number]).send.step] as JourneyStepFigures;
      f.refused++;
      for (const code of refusedCodes[i] ?? []) f.reasons[code] = (f.reasons[code] ?? 0) + 1;
    }
    for (let i = 0; i < out.heldOut.length; i++) (steps[(out.heldOut[i] as JourneySend).step] as JourneyStepFigures).heldOut++;
    if (before === undefined) firstPositioned.push(slot);
    positions[slot] = position;
  };

  // A customer-day's queue: their own events, then the answers to the sends, in order.
  const queue: RetainEvent[] = [];
  const drain = (state: CustomerState, slot: number, at: number, from: number) => {
    let k = from;
    for (; k < queue.length; k++) evaluate(state, slot, queue[k], Math.max(at, eventTime(queue[k] as RetainEvent, at)));
    return k;
  };
  for (let day = 0; day < options.days; day++) {
    const at = options.start + day * DAY;
    const end = at + DAY;
    for (let n = 0; n < states.length; n++) {
      const state = states[n] as CustomerState;
      const slot = slots[n] as number;
      const own = events?.(state, day, at);
      // Most customer-days have no event and no wait ending: skip them without allocating.
      if (own === undefined || own.length === 0) {
        const pos = positions[slot];
        const dueToday = pos?.status === 'active' && pos.dueAt !== null && pos.dueAt < end;
        if (!dueToday && !(entersByCondition && pos?.status !== 'active')) continue;
      }
      queue.length = 0;
      if (own !== undefined) for (let i = 0; i < own.length; i++) queue.push(own[i] as RetainEvent);
      let k = drain(state, slot, at, 0);
      // Wake-ups due today, in time order, each followed by the customer's answers to its sends.
      for (let wakes = 0; wakes < 8; wakes++) {
        const pos = positions[slot];
        if (pos?.status === 'active' && pos.dueAt !== null && pos.dueAt < end) evaluate(state, slot, undefined, Math.max(at, pos.dueAt));
        else if (wakes === 0 && entersByCondition && pos?.status !== 'active') evaluate(state, slot, undefined, at);
        else break;
        k = drain(state, slot, at, k);
      }
    }
  }
  const byId = new Map<string, JourneyPosition>();
  let completed = 0;
  let exited = 0;
  let active = 0;
  for (const slot of firstPositioned) {
    const p = positions[slot] as JourneyPosition;
    byId.set((states[slot] as CustomerState).id, p);
    if (p.status === 'completed') completed++;
    else if (p.status === 'exited') exited++;
    else if (p.status === 'active') active++;
  }
  return { customers: customers.length, entered, converted, completed, exited, active, steps, arms, positions: byId, evaluations };
}

function eventTime(e: RetainEvent, fallback: number): number {
  const t = e.timestamp === undefined ? NaN : Date.parse(e.timestamp);
  return Number.isFinite(t) ? t : fallback;
}
