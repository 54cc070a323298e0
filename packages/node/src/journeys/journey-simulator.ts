/**
 * @internal The loop behind `simulateJourney`: copies of the states folded in place, positions
 * advanced in place into one reused output, and, per customer, the time of their next wake-up in a
 * dense array — so that a day looks at a customer only when they have an event, a wait ending or
 * (for a journey entered by a condition) are outside the journey.
 */
import { applyEventInPlace, KnownEvent, type CustomerState, type RetainEvent } from '@retain/core';
import type { JourneyAdvance, JourneySend } from './advance-journey.js';
import type { CompiledJourney } from './compile-journey.js';
import { copyState } from '../ingest/copy-state.js';
import type { JourneyPosition } from './journey.js';
import { advanceOwned } from './journey-runtime.js';
import type { CheckedJourneySend } from './journey-send-check.js';
import type { JourneySimulation, JourneyStepFigures, SimulateJourneyOptions } from './simulate-journey.js';

const DAY = 86_400_000;
const NO_EVENTS: readonly RetainEvent[] = Object.freeze([]);
const NO_CODES: readonly string[] = Object.freeze([]);

type Checker = (send: JourneySend, state: CustomerState, now: number) => CheckedJourneySend;

/** @internal One simulation run (see `simulateJourney`). */
export class JourneySimulator {
  private readonly states: readonly CustomerState[];
  /** Customers sharing an id share a position (one slot), as they would in a store. */
  private readonly slots: Int32Array;
  /** Every customer index of an id (for the schedule). */
  private readonly indicesOf = new Map<string, number | number[]>();
  /** The customers whose id another customer has too: a visit to one may wake the other, so both are visited daily. */
  private readonly shared: number[] = [];
  private readonly positions: Array<JourneyPosition | undefined>;
  /** Per slot: the position's `dueAt` while it is active and waiting, else +∞. */
  private readonly due: Float64Array;
  /** Per slot: 1 while the position is active. */
  private readonly active: Uint8Array;
  /** Slots in the order they first got a position (the order of the returned map). */
  private readonly firstPositioned: number[] = [];
  private readonly out: JourneyAdvance = { position: null, sends: [], refused: [], heldOut: [], updates: [], goodwillSpent: 0, converted: false, explanation: [] };
  /** The refusal codes of the checked sends of one evaluation, in the order of its `refused`. */
  private readonly refusedCodes: Array<readonly string[]> = [];
  /** A customer-day's queue: their own events, then the answers to the sends, in order (`queued` long: the array is reused, never shrunk). */
  private readonly queue: RetainEvent[] = [];
  private queued = 0;
  private readonly check: (send: JourneySend, state: CustomerState) => CheckedJourneySend;
  private readonly entersByCondition: boolean;
  private readonly steps: Record<string, JourneyStepFigures> = {};
  private readonly arms: Record<string, { customers: number; converted: number }> = {};
  private clock = 0;
  private evaluations = 0;
  private entered = 0;
  private converted = 0;
  private sentSeq = 0;

  constructor(
    private readonly j: CompiledJourney,
    customers: readonly CustomerState[],
    checkAt: Checker,
    private readonly options: SimulateJourneyOptions,
  ) {
    this.check = (send, state) => {
      const verdict = checkAt(send, state, this.clock);
      if (!verdict.allowed) this.refusedCodes.push(verdict.codes);
      return verdict;
    };
    this.entersByCondition = j.json.entry.event === undefined;
    for (const s of j.json.steps) this.steps[s.id] = { sends: 0, refused: 0, reasons: {}, heldOut: 0, goodwillSpent: 0 };
    // The simulation folds into copies of the states (or, when told, the states themselves) in place: no copy per event.
    this.states = options.inPlace === true ? customers : customers.map((c) => copyState(c));
    const n = this.states.length;
    this.slots = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const id = (this.states[i] as CustomerState).id;
      const seen = this.indicesOf.get(id);
      if (seen === undefined) {
        this.indicesOf.set(id, i);
        this.slots[i] = i;
      } else {
        this.slots[i] = typeof seen === 'number' ? seen : (seen[0] as number);
        if (typeof seen === 'number') this.indicesOf.set(id, [seen, i]);
        else seen.push(i);
      }
    }
    for (const ix of this.indicesOf.values()) if (typeof ix !== 'number') this.shared.push(...ix);
    this.positions = new Array<JourneyPosition | undefined>(n);
    this.due = new Float64Array(n).fill(Number.POSITIVE_INFINITY);
    this.active = new Uint8Array(n);
  }

  run(): JourneySimulation {
    const { events, schedule } = this.options;
    const n = this.states.length;
    // Without a callback to ask, a day visits the scheduled customers and those due, in index order.
    const sparse = events === undefined && !this.entersByCondition;
    /** Per customer: 1 when scheduled today. */
    const planned = new Uint8Array(sparse ? n : 0);
    const slots = this.slots;
    const due = this.due;
    for (let day = 0; day < this.options.days; day++) {
      const at = this.options.start + day * DAY;
      const today = schedule?.get(day);
      if (!sparse) {
        for (let i = 0; i < n; i++) {
          const state = this.states[i] as CustomerState;
          const own = today?.get(state.id);
          const asked = events?.(state, day, at);
          const all = asked === undefined || asked.length === 0 ? own : own === undefined || own.length === 0 ? asked : [...own, ...asked];
          this.visit(i, all ?? NO_EVENTS, at);
        }
        continue;
      }
      if (today !== undefined) {
        for (const id of today.keys()) {
          const ix = this.indicesOf.get(id);
          if (typeof ix === 'number') planned[ix] = 1;
          else if (ix !== undefined) for (const i of ix) planned[i] = 1;
        }
      }
      for (const i of this.shared) planned[i] = 1;
      const end = at + DAY;
      for (let i = 0; i < n; i++) {
        if (planned[i] === 1) {
          planned[i] = 0;
          this.visit(i, today?.get((this.states[i] as CustomerState).id) ?? NO_EVENTS, at);
        } else if ((due[slots[i] as number] as number) < end) this.visit(i, NO_EVENTS, at);
      }
    }
    return this.result();
  }

  /** Customer `i`'s day: their events, then the wake-ups due today (each followed by the answers to its sends). */
  private visit(i: number, own: readonly RetainEvent[], at: number): void {
    const slot = this.slots[i] as number;
    const end = at + DAY;
    // Most customer-days have no event and no wait ending: skip them without allocating.
    if (own.length === 0 && !((this.due[slot] as number) < end) && !(this.entersByCondition && this.active[slot] === 0)) return;
    const state = this.states[i] as CustomerState;
    this.queued = 0;
    for (let k = 0; k < own.length; k++) this.enqueue(own[k] as RetainEvent);
    let k = this.drain(state, slot, at, 0);
    for (let wakes = 0; wakes < 8; wakes++) {
      const due = this.due[slot] as number;
      if (due < end) this.evaluate(state, slot, undefined, Math.max(at, due));
      else if (wakes === 0 && this.entersByCondition && this.active[slot] === 0) this.evaluate(state, slot, undefined, at);
      else break;
      k = this.drain(state, slot, at, k);
    }
  }

  private enqueue(event: RetainEvent): void {
    this.queue[this.queued++] = event;
  }

  private drain(state: CustomerState, slot: number, at: number, from: number): number {
    let k = from;
    for (; k < this.queued; k++) {
      const event = this.queue[k] as RetainEvent;
      this.evaluate(state, slot, event, Math.max(at, eventTime(event, at)));
    }
    return k;
  }

  /** One evaluation, on `event` or by time, at `now`: advance, tally, fold the sends. */
  private evaluate(state: CustomerState, slot: number, event: RetainEvent | undefined, now: number): void {
    this.clock = now;
    if (event !== undefined) applyEventInPlace(state, event);
    const before = this.positions[slot];
    const entriesBefore = before?.entries;
    const armBefore = before?.arm;
    const out = this.out;
    out.sends.length = 0;
    out.refused.length = 0;
    out.heldOut.length = 0;
    out.updates.length = 0;
    out.goodwillSpent = 0;
    out.converted = false;
    this.refusedCodes.length = 0;
    advanceOwned(this.j, before, state, event, now, this.check, out, false);
    this.evaluations++;
    const position = out.position;
    if (position === null) return;
    if (before === undefined || entriesBefore !== position.entries) this.entered++;
    const arms = this.arms;
    if (position.arm !== undefined && armBefore !== position.arm) (arms[position.arm] ??= { customers: 0, converted: 0 }).customers++;
    if (out.converted) {
      this.converted++;
      if (position.arm !== undefined) (arms[position.arm] ??= { customers: 0, converted: 0 }).converted++;
    }
    const sends = out.sends;
    for (let s = 0; s < sends.length; s++) {
      const send = sends[s] as JourneySend;
      this.figures(send).sends++;
      applyEventInPlace(state, {
        type: 'track',
        event: KnownEvent.MessageSent,
        userId: state.id,
        messageId: `sim-sent-${this.sentSeq++}`,
        timestamp: new Date(now).toISOString(),
        properties: { message_id: send.message, channel: send.channel, campaign: send.campaign ?? this.j.id },
      });
      const respond = this.options.respond;
      if (respond !== undefined) {
        const answers = (respond(state, send, now) as readonly RetainEvent[] | undefined) ?? NO_EVENTS;
        for (let a = 0; a < answers.length; a++) this.enqueue(answers[a] as RetainEvent);
      }
    }
    // Goodwill is attributed to the steps that sent, evenly.
    if (out.goodwillSpent !== 0) for (let s = 0; s < sends.length; s++) this.figures(sends[s] as JourneySend).goodwillSpent += out.goodwillSpent / sends.length;
    for (let r = 0; r < out.refused.length; r++) {
      const f = this.figures((out.refused[r] as JourneyAdvance['refused'][number]).send);
      f.refused++;
      const codes = this.refusedCodes[r] ?? NO_CODES;
      for (let c = 0; c < codes.length; c++) {
        const code = codes[c] as string;
        f.reasons[code] = (f.reasons[code] ?? 0) + 1;
      }
    }
    for (let h = 0; h < out.heldOut.length; h++) this.figures(out.heldOut[h] as JourneySend).heldOut++;
    if (before === undefined) this.firstPositioned.push(slot);
    this.positions[slot] = position;
    const active = position.status === 'active';
    this.active[slot] = active ? 1 : 0;
    this.due[slot] = active && position.dueAt !== null ? position.dueAt : Number.POSITIVE_INFINITY;
  }

  private figures(send: JourneySend): JourneyStepFigures {
    return this.steps[send.step] as JourneyStepFigures;
  }

  private result(): JourneySimulation {
    const byId = new Map<string, JourneyPosition>();
    let completed = 0;
    let exited = 0;
    let active = 0;
    for (const slot of this.firstPositioned) {
      const p = this.positions[slot] as JourneyPosition;
      byId.set((this.states[slot] as CustomerState).id, p);
      if (p.status === 'completed') completed++;
      else if (p.status === 'exited') exited++;
      else if (p.status === 'active') active++;
    }
    const { entered, converted, steps, arms, evaluations } = this;
    return { customers: this.states.length, entered, converted, completed, exited, active, steps, arms, positions: byId, evaluations };
  }
}

function eventTime(e: RetainEvent, fallback: number): number {
  const t = e.timestamp === undefined ? NaN : Date.parse(e.timestamp);
  return Number.isFinite(t) ? t : fallback;
}
