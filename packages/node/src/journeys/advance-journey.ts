/**
 * The journey runtime: a pure function of (journey, customer state, position, event or time) →
 * (new position, proposed sends, explanation). It runs in the ingest handler, a scheduler or a
 * host's own worker alike; the position is stored with the customer.
 */
import { toMillis, type Channel, type CustomerState, type JsonObject, type RetainEvent } from '@retain/core';
import { compileJourney, durationMs, eventName, stepAt, type CompiledJourney, type JourneyInput } from './compile-journey.js';
import type { JourneyHistoryEntry, JourneyPosition, JourneyStep, SendStep } from './journey.js';
import { migratePosition } from './migrate-positions.js';

/** A message a journey step proposes. */
export interface JourneySend {
  journey: string;
  step: string;
  message: string;
  channel: Channel;
  campaign?: string;
  payload?: JsonObject;
  /** The split arm the customer is in, if any. */
  arm?: string;
}

/** The send checks' answer for a journey send (what `checkSend` says, in short). */
export interface JourneySendVerdict {
  allowed: boolean;
  reasons: readonly string[];
  /** Goodwill before and after, when known. */
  goodwill?: { before: number; after: number };
}

/** What {@link advanceJourney} needs. */
export interface AdvanceInput {
  state: CustomerState;
  /** The stored position; null or undefined when the customer never entered. */
  position?: JourneyPosition | null | undefined;
  /** The event that triggered the evaluation; left out for a wake-up by time. */
  event?: RetainEvent | undefined;
  /** Evaluation time, epoch ms. */
  now: number;
  /** The send checks (goodwill, caps, quiet hours, consent); without them every send is allowed. */
  check?: (send: JourneySend, state: CustomerState) => JourneySendVerdict;
}

/** What {@link advanceJourney} returns. */
export interface JourneyAdvance {
  /** The next position (store it); null when the customer has not entered. */
  position: JourneyPosition | null;
  /** Messages to send (they passed the send checks). */
  sends: JourneySend[];
  /** Sends the checks refused, with the reasons. */
  refused: Array<{ send: JourneySend; reasons: readonly string[] }>;
  /** What a holdout arm would have sent (for lift measurement). */
  heldOut: JourneySend[];
  /** Traits set by update steps, for the host to apply (e.g. with `identify`). */
  updates: JsonObject[];
  /** Goodwill spent by the allowed sends (sum of before − after, when known). */
  goodwillSpent: number;
  /** True when this call converted the customer (goal reached). */
  converted: boolean;
  /** Set when the position was made for an older version of the journey. */
  migrated?: { from: number; to: number; removedStep: string | null };
  /** What happened, in words. */
  explanation: string[];
}

const HISTORY = 40;
const SEEN = 64;

/** A deterministic uniform number in [0, 1) for (customer, journey, step): FNV-1a. */
export function splitDraw(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  return (h >>> 0) / 4294967296;
}

/**
 * Advances one customer in one journey: enters them when the entry matches, checks the goal and
 * exits, then runs steps until one waits (a wait, or a refused send told to retry) or the customer
 * leaves. Pure and deterministic: the same input gives the same output, and an event already
 * handled (by message id) changes nothing, so retried and duplicated events are harmless; an
 * event older than the customer's arrival at a wait does not end it.
 *
 * @example
 * ```ts
 * import { createCustomerState, type RetainEvent } from '@retain/core';
 * import { advanceJourney, compileJourney, journeyTemplates } from '@retain/node';
 * const onboarding = compileJourney(journeyTemplates.onboarding());
 * const signUp: RetainEvent = { type: 'track', event: 'Signed Up', userId: 'ada', messageId: 'm1', timestamp: '2026-05-01T09:00:00.000Z' };
 * const now = Date.parse('2026-05-01T09:00:00.000Z');
 * const step = advanceJourney(onboarding, { state: createCustomerState('ada'), event: signUp, now });
 * step.sends.map((s) => s.message); // ['welcome']
 * step.position?.step; // 'wait-for-purchase'
 * ```
 */
export function advanceJourney(journey: JourneyInput, input: AdvanceInput): JourneyAdvance {
  const j = compileJourney(journey);
  const out: JourneyAdvance = { position: input.position ?? null, sends: [], refused: [], heldOut: [], updates: [], goodwillSpent: 0, converted: false, explanation: [] };
  const { event, now, state } = input;
  let pos = input.position === undefined || input.position === null ? undefined : copyPosition(input.position);
  if (event !== undefined && pos?.seen.includes(event.messageId) === true) {
    out.explanation.push(`event ${event.messageId} was already handled: nothing to do`);
    return out;
  }
  if (pos !== undefined && pos.version !== j.version) {
    const m = migratePosition(j, pos, now);
    pos = m.position;
    out.migrated = { from: m.from, to: j.version, removedStep: m.removedStep };
    out.explanation.push(m.explanation);
  }
  // Traits set by update steps are visible to the journey's conditions before the host applies them.
  const ctx = { state: withTraits(state, pos?.traits), event, now };
  if (pos === undefined || pos.status !== 'active') {
    const entered = tryEnter(j, pos, ctx, out);
    if (entered === undefined) {
      if (pos !== undefined && event !== undefined) remember(pos, event);
      out.position = pos ?? null;
      return out;
    }
    pos = entered;
  } else if (leaveIfDone(j, pos, ctx, out)) {
    if (event !== undefined) remember(pos, event);
    out.position = pos;
    return out;
  }
  run(j, pos, ctx, input.check, out);
  if (event !== undefined) remember(pos, event);
  out.position = pos;
  return out;
}

type Ctx = { state: CustomerState; event: RetainEvent | undefined; now: number };

function copyPosition(p: JourneyPosition): JourneyPosition {
  return { ...p, history: [...p.history], seen: [...p.seen], ...(p.traits === undefined ? {} : { traits: { ...p.traits } }) };
}

function remember(pos: JourneyPosition, event: RetainEvent): void {
  pos.seen.push(event.messageId);
  if (pos.seen.length > SEEN) pos.seen.splice(0, pos.seen.length - SEEN);
}

function record(pos: JourneyPosition, entry: JourneyHistoryEntry, out: JourneyAdvance): void {
  pos.history.push(entry);
  if (pos.history.length > HISTORY) pos.history.splice(0, pos.history.length - HISTORY);
  out.explanation.push(`${entry.step}: ${entry.outcome}${entry.detail === undefined ? '' : ` — ${entry.detail}`}`);
}

function holds(j: CompiledJourney, at: string, ctx: Ctx): boolean {
  const c = j.conditions.get(at);
  return c === undefined ? true : c.test(ctx);
}

function tryEnter(j: CompiledJourney, previous: JourneyPosition | undefined, ctx: Ctx, out: JourneyAdvance): JourneyPosition | undefined {
  const { entry } = j.json;
  if (entry.event !== undefined && (ctx.event === undefined || eventName(ctx.event) !== entry.event)) return undefined;
  if (!holds(j, 'entry', ctx)) return undefined;
  if (previous !== undefined) {
    const policy = entry.reentry ?? 'never';
    if (policy === 'never') {
      out.explanation.push(`entry matched, but ${j.id} is entered once (reentry: never)`);
      return undefined;
    }
    if (typeof policy === 'object' && ctx.now - previous.enteredAt < durationMs(policy.after)) {
      out.explanation.push(`entry matched, but re-entry waits until ${new Date(previous.enteredAt + durationMs(policy.after)).toISOString()}`);
      return undefined;
    }
  }
  const first = j.json.steps[0] as JourneyStep;
  const pos: JourneyPosition = {
    journey: j.id,
    version: j.version,
    status: 'active',
    step: first.id,
    enteredAt: ctx.now,
    entries: (previous?.entries ?? 0) + 1,
    stepSince: ctx.now,
    dueAt: null,
    retries: 0,
    history: previous?.history ?? [],
    seen: previous?.seen ?? [],
  };
  record(pos, { step: first.id, at: ctx.now, outcome: 'entered', detail: ctx.event === undefined ? 'the entry condition holds' : `on ${eventName(ctx.event)}` }, out);
  return pos;
}

/** Goal and exits, checked wherever the customer is. True when they left. */
function leaveIfDone(j: CompiledJourney, pos: JourneyPosition, ctx: Ctx, out: JourneyAdvance): boolean {
  const { goal, exits } = j.json;
  if (goal !== undefined && (goal.event === undefined || (ctx.event !== undefined && eventName(ctx.event) === goal.event)) && holds(j, 'goal', ctx)) {
    leave(pos, 'converted', goal.event === undefined ? 'the goal condition holds' : `goal: ${goal.event}`, ctx.now, out);
    out.converted = true;
    return true;
  }
  const exit = exits?.findIndex((_, i) => holds(j, `exits[${i}]`, ctx)) ?? -1;
  if (exit >= 0) {
    leave(pos, 'exited', `exit: ${exits?.[exit]?.name}`, ctx.now, out);
    return true;
  }
  return false;
}

function leave(pos: JourneyPosition, status: 'completed' | 'converted' | 'exited', reason: string, now: number, out: JourneyAdvance): void {
  record(pos, { step: pos.step ?? '-', at: now, outcome: status, detail: reason }, out);
  pos.status = status;
  pos.step = null;
  pos.dueAt = null;
  pos.exitReason = reason;
}

function run(j: CompiledJourney, pos: JourneyPosition, ctx: Ctx, check: AdvanceInput['check'], out: JourneyAdvance): void {
  const steps = j.json.steps;
  const goTo = (target: string | null | undefined, fromIndex: number) => {
    const to = target ?? steps[fromIndex + 1]?.id ?? null;
    if (to === null) return leave(pos, 'completed', 'the last step is done', ctx.now, out);
    pos.step = to;
    pos.stepSince = ctx.now;
    pos.retries = 0;
    pos.dueAt = null;
  };
  // Cycles pass a wait (checked at definition time), so a step repeats only after time passes.
  for (let guard = 0; guard <= steps.length * 2 && pos.status === 'active' && pos.step !== null; guard++) {
    const at = stepAt(j, pos.step);
    if (at === undefined) return leave(pos, 'exited', `step "${pos.step}" is not in version ${j.version}`, ctx.now, out);
    const { step, i } = at;
    switch (step.type) {
      case 'send': {
        if (pos.dueAt !== null && ctx.now < pos.dueAt) return; // a refused send waiting to retry
        const send = journeySend(j, step, pos);
        if (pos.holdout === true) {
          out.heldOut.push(send);
          record(pos, { step: step.id, at: ctx.now, outcome: 'held-out', detail: `would have sent ${step.message} (holdout arm ${pos.arm})` }, out);
          goTo(step.next, i);
          break;
        }
        const verdict = check?.(send, ctx.state) ?? { allowed: true, reasons: [] };
        if (verdict.allowed) {
          out.sends.push(send);
          if (verdict.goodwill !== undefined) out.goodwillSpent += verdict.goodwill.before - verdict.goodwill.after;
          record(pos, { step: step.id, at: ctx.now, outcome: 'sent', detail: `${step.message} by ${step.channel}` }, out);
          goTo(step.next, i);
          break;
        }
        out.refused.push({ send, reasons: verdict.reasons });
        const retries = step.retries ?? 3;
        if (step.onRefused === 'wait' && pos.retries < retries) {
          pos.retries++;
          pos.dueAt = ctx.now + durationMs(step.retryAfter ?? { value: 1, unit: 'days' });
          record(pos, { step: step.id, at: ctx.now, outcome: 'refused', detail: `${verdict.reasons.join('; ')}; retry ${pos.retries} of ${retries} at ${new Date(pos.dueAt).toISOString()}` }, out);
          return;
        }
        record(pos, { step: step.id, at: ctx.now, outcome: 'refused', detail: `${verdict.reasons.join('; ')}; skipped` }, out);
        goTo(step.next, i);
        break;
      }
      case 'wait': {
        const waitMs = durationMs((step.for ?? step.timeout) as NonNullable<typeof step.for>);
        const deadline = pos.stepSince + waitMs;
        if (step.for !== undefined) {
          if (ctx.now >= deadline) {
            record(pos, { step: step.id, at: ctx.now, outcome: 'waited', detail: `${step.for.value} ${step.for.unit}` }, out);
            goTo(step.next, i);
            break;
          }
          pos.dueAt = deadline;
          return;
        }
        const e = ctx.event;
        const arrived =
          step.untilEvent !== undefined
            ? e !== undefined && eventName(e) === step.untilEvent.event && eventAt(e, ctx.now) >= pos.stepSince && holds(j, `steps[${i}].untilEvent`, ctx)
            : holds(j, `steps[${i}].until`, ctx);
        if (arrived) {
          record(pos, { step: step.id, at: ctx.now, outcome: 'event', detail: step.untilEvent === undefined ? 'the condition holds' : step.untilEvent.event }, out);
          goTo(step.next, i);
          break;
        }
        if (ctx.now >= deadline) {
          record(pos, { step: step.id, at: ctx.now, outcome: 'timeout', detail: `no ${step.untilEvent?.event ?? 'change'} within ${step.timeout?.value} ${step.timeout?.unit}` }, out);
          goTo(step.onTimeout ?? step.next, i);
          break;
        }
        let due = deadline;
        const until = step.until === undefined ? undefined : j.conditions.get(`steps[${i}].until`);
        for (const t of until?.changeTimes(ctx.state, ctx.now) ?? []) if (t > ctx.now && t < due) due = t;
        pos.dueAt = due;
        return;
      }
      case 'branch': {
        const k = step.branches.findIndex((_, n) => holds(j, `steps[${i}].branches[${n}]`, ctx));
        const chosen = k >= 0 ? step.branches[k] : undefined;
        record(pos, { step: step.id, at: ctx.now, outcome: 'branched', detail: chosen === undefined ? 'no branch held: otherwise' : (chosen.name ?? `branch ${k + 1}`) }, out);
        goTo(chosen?.next ?? step.otherwise ?? step.next, i);
        break;
      }
      case 'split': {
        const total = step.arms.reduce((s, a) => s + a.weight, 0);
        let u = splitDraw(`${ctx.state.id}|${j.id}|${step.id}`) * total;
        const arm = step.arms.find((a) => (u -= a.weight) < 0) ?? (step.arms[step.arms.length - 1] as (typeof step.arms)[number]);
        pos.arm = arm.name;
        if (arm.holdout === true) pos.holdout = true;
        else delete pos.holdout;
        record(pos, { step: step.id, at: ctx.now, outcome: 'split', detail: `arm ${arm.name}${arm.holdout === true ? ' (holdout: nothing is sent)' : ''}` }, out);
        goTo(arm.next ?? step.next, i);
        break;
      }
      case 'update': {
        pos.traits = { ...pos.traits, ...(step.set as JsonObject) };
        ctx.state = withTraits(ctx.state, step.set as JsonObject);
        out.updates.push({ ...(step.set as JsonObject) });
        record(pos, { step: step.id, at: ctx.now, outcome: 'updated', detail: Object.keys(step.set).join(', ') }, out);
        goTo(step.next, i);
        break;
      }
      case 'exit':
        return leave(pos, 'exited', step.reason ?? `exit step ${step.id}`, ctx.now, out);
    }
  }
}

function withTraits(state: CustomerState, traits: JsonObject | undefined): CustomerState {
  if (traits === undefined) return state;
  return { ...state, identity: { ...state.identity, traits: { ...state.identity.traits, ...traits } } };
}

function eventAt(e: RetainEvent, now: number): number {
  const t = e.timestamp === undefined ? now : toMillis(e.timestamp);
  return Number.isFinite(t) ? t : now;
}

function journeySend(j: CompiledJourney, step: SendStep, pos: JourneyPosition): JourneySend {
  const send: JourneySend = { journey: j.id, step: step.id, message: step.message, channel: step.channel };
  if (step.campaign !== undefined) send.campaign = step.campaign;
  if (step.payload !== undefined) send.payload = step.payload;
  if (pos.arm !== undefined) send.arm = pos.arm;
  return send;
}
