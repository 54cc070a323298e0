/**
 * Replays a population through a journey, day by day, with the send checks on: sends, refusals
 * (by reason), holdout, conversions and goodwill spent, per step — like `simulateCampaign` for a
 * single send.
 */
import { applyEventInPlace, KnownEvent, type CustomerState, type RetainEvent } from '@retain/core';
import type { MessageCatalogue } from '../ingest/engine-adapters.js';
import { defaultPolicy, type SendPolicyInput } from '../sending/send-policy.js';
import { advanceJourney, type JourneySend } from './advance-journey.js';
import { compileJourney, type JourneyInput } from './compile-journey.js';
import type { JourneyPosition } from './journey.js';
import { journeySendCheck } from './journey-send-check.js';

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
  let clock = options.start;
  const checkSends = journeySendCheck(options.policy ?? defaultPolicy, options.messages, () => clock);
  // The refusal codes of each checked send, to count them without checking twice.
  const codesOf = new WeakMap<JourneySend, readonly string[]>();
  const check = (send: JourneySend, state: CustomerState) => {
    const verdict = checkSends(send, state);
    if (!verdict.allowed) codesOf.set(send, verdict.codes);
    return verdict;
  };
  const steps: Record<string, JourneyStepFigures> = {};
  for (const s of j.json.steps) steps[s.id] = { sends: 0, refused: 0, reasons: {}, heldOut: 0, goodwillSpent: 0 };
  const arms: Record<string, { customers: number; converted: number }> = {};
  const positions = new Map<string, JourneyPosition>();
  const entersByCondition = j.json.entry.event === undefined;
  let evaluations = 0;
  let entered = 0;
  let converted = 0;
  let sentSeq = 0;

  // The simulation owns copies of the states and folds into them in place (no copy per event).
  const states = customers.map((c) => structuredClone(c));
  for (let day = 0; day < options.days; day++) {
    const at = options.start + day * DAY;
    for (let n = 0; n < states.length; n++) {
      const state = states[n] as CustomerState;
      const own = options.events?.(state, day, at);
      // Most customer-days have no event and no wait ending: skip them without allocating.
      if (own === undefined || own.length === 0) {
        const pos = positions.get(state.id);
        const dueToday = pos?.status === 'active' && pos.dueAt !== null && pos.dueAt < at + DAY;
        if (!dueToday && !(entersByCondition && pos?.status !== 'active')) continue;
      }
      const queue = own === undefined ? [] : [...own];
      const step = (event: RetainEvent | undefined, now: number) => {
        clock = now;
        if (event !== undefined) applyEventInPlace(state, event);
        const before = positions.get(state.id);
        const r = advanceJourney(j, { state, position: before, event, now, check });
        evaluations++;
        if (r.position === null) return;
        if (before === undefined || (before.entries !== r.position.entries)) {
          entered++;
        }
        if (r.position.arm !== undefined && before?.arm !== r.position.arm) {
          const a = (arms[r.position.arm] ??= { customers: 0, converted: 0 });
          a.customers++;
        }
        if (r.converted) {
          converted++;
          if (r.position.arm !== undefined) (arms[r.position.arm] ??= { customers: 0, converted: 0 }).converted++;
        }
        for (const send of r.sends) {
          const f = steps[send.step] as JourneyStepFigures;
          f.sends++;
          applyEventInPlace(state, {
            type: 'track',
            event: KnownEvent.MessageSent,
            userId: state.id,
            messageId: `sim-sent-${sentSeq++}`,
            timestamp: new Date(now).toISOString(),
            properties: { message_id: send.message, channel: send.channel, campaign: send.campaign ?? j.id },
          });
          queue.push(...(options.respond?.(state, send, now) ?? []));
        }
        if (r.goodwillSpent !== 0) {
          // attribute goodwill to the steps that sent, evenly
          for (const send of r.sends) (steps[send.step] as JourneyStepFigures).goodwillSpent += r.goodwillSpent / r.sends.length;
        }
        for (const { send } of r.refused) {
          const f = steps[send.step] as JourneyStepFigures;
          f.refused++;
          const codes = codesOf.get(send) ?? [];
          for (const code of codes) f.reasons[code] = (f.reasons[code] ?? 0) + 1;
        }
        for (const send of r.heldOut) (steps[send.step] as JourneyStepFigures).heldOut++;
        positions.set(state.id, r.position);
      };
      let k = 0;
      const drain = () => {
        for (; k < queue.length; k++) step(queue[k], Math.max(at, eventTime(queue[k] as RetainEvent, at)));
      };
      drain();
      // Wake-ups due today, in time order, each followed by the customer's answers to its sends.
      for (let wakes = 0; wakes < 8; wakes++) {
        const pos = positions.get(state.id);
        if (pos?.status === 'active' && pos.dueAt !== null && pos.dueAt < at + DAY) step(undefined, Math.max(at, pos.dueAt));
        else if (wakes === 0 && entersByCondition && pos?.status !== 'active') step(undefined, at);
        else break;
        drain();
      }
    }
  }
  let completed = 0;
  let exited = 0;
  let active = 0;
  for (const p of positions.values()) {
    if (p.status === 'completed') completed++;
    else if (p.status === 'exited') exited++;
    else if (p.status === 'active') active++;
  }
  return { customers: customers.length, entered, converted, completed, exited, active, steps, arms, positions, evaluations };
}

function eventTime(e: RetainEvent, fallback: number): number {
  const t = e.timestamp === undefined ? NaN : Date.parse(e.timestamp);
  return Number.isFinite(t) ? t : fallback;
}
