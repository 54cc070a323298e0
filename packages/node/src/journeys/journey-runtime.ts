/**
 * @internal The journey runtime's core: advances a position that the caller owns, in place, into
 * an output that the caller may reuse. `advanceJourney` copies the stored position first and
 * gives a fresh output (pure, as documented); `simulateJourney` owns its positions and reuses one
 * output over millions of evaluations, without the explanation strings it does not read.
 */
import { toMillis, type CompiledCondition, type CustomerState, type JsonObject, type RetainEvent } from '@retain/core';
import type { AdvanceInput, JourneyAdvance, JourneySend } from './advance-journey.js';
import { durationMs, eventName, type CompiledJourney } from './compile-journey.js';
import type { JourneyHistoryEntry, JourneyPosition, JourneyStep, SendStep } from './journey.js';
import { migratePosition } from './migrate-positions.js';

const HISTORY = 40;
const SEEN = 64;

/**
 * The compiled conditions of a journey by step index, looked up once (not by a built key per
 * evaluation), and the history's fixed texts, made once and shared by every position.
 */
interface Plan {
  readonly entry: CompiledCondition | undefined;
  readonly goal: CompiledCondition | undefined;
  readonly exits: ReadonlyArray<CompiledCondition | undefined>;
  readonly until: ReadonlyArray<CompiledCondition | undefined>;
  readonly untilEvent: ReadonlyArray<CompiledCondition | undefined>;
  readonly branches: ReadonlyArray<ReadonlyArray<CompiledCondition | undefined>>;
  /** Per step: the detail of a send (`welcome by email`), a wait's, a timeout's… (by type). */
  readonly detail: readonly string[];
  readonly exitReasons: readonly string[];
  /** `on <event>`, by event name. */
  readonly entered: Map<string, string>;
  /** Per step: the holdout detail by arm. */
  readonly heldOut: ReadonlyArray<Map<string | undefined, string>>;
  /** The reasons of a refusal joined, by (shared, frozen) reasons list. */
  readonly joined: WeakMap<readonly string[], string>;
  /** The skipped-refusal detail, by the same. */
  readonly skipped: WeakMap<readonly string[], string>;
}

const plans = new WeakMap<CompiledJourney, Plan>();
const MAX_TEXTS = 256;

function planOf(j: CompiledJourney): Plan {
  let plan = plans.get(j);
  if (plan === undefined) {
    const c = j.conditions;
    const steps = j.json.steps;
    plan = {
      entry: c.get('entry'),
      goal: c.get('goal'),
      exits: (j.json.exits ?? []).map((_, i) => c.get(`exits[${i}]`)),
      until: steps.map((_, i) => c.get(`steps[${i}].until`)),
      untilEvent: steps.map((_, i) => c.get(`steps[${i}].untilEvent`)),
      branches: steps.map((s, i) => (s.type === 'branch' ? s.branches.map((_, k) => c.get(`steps[${i}].branches[${k}]`)) : [])),
      detail: steps.map(detailOf),
      exitReasons: (j.json.exits ?? []).map((e) => `exit: ${e?.name}`),
      entered: new Map(),
      heldOut: steps.map(() => new Map()),
      joined: new WeakMap(),
      skipped: new WeakMap(),
    };
    plans.set(j, plan);
  }
  return plan;
}

/** The fixed detail of a step's usual outcome (sent, waited, timeout, updated, exited). */
function detailOf(step: JourneyStep): string {
  switch (step.type) {
    case 'send':
      return `${step.message} by ${step.channel}`;
    case 'wait':
      return step.for !== undefined ? `${step.for.value} ${step.for.unit}` : `no ${step.untilEvent?.event ?? 'change'} within ${step.timeout?.value} ${step.timeout?.unit}`;
    case 'update':
      return Object.keys(step.set).join(', ');
    case 'exit':
      return step.reason ?? `exit step ${step.id}`;
    default:
      return '';
  }
}

/** `text`, or the equal text already kept in `cache` under `key` (kept while the cache is small: texts are shared to save memory, never needed). */
function shared<K>(cache: { get(key: K): string | undefined; set(key: K, value: string): unknown }, size: number, key: K, text: string): string {
  const kept = cache.get(key);
  if (kept !== undefined) return kept;
  if (size < MAX_TEXTS) cache.set(key, text);
  return text;
}

type Ctx = { state: CustomerState; event: RetainEvent | undefined; now: number };

/** One evaluation: what every helper needs. */
interface Run {
  readonly j: CompiledJourney;
  readonly plan: Plan;
  readonly ctx: Ctx;
  readonly out: JourneyAdvance;
  /** Whether to write `out.explanation` (the history is written either way). */
  readonly explain: boolean;
}

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
 * @internal Advances `position` — the caller's own: it is changed in place — and writes the
 * outcome into `out` (whose lists the caller has emptied). Same decisions as `advanceJourney`.
 */
export function advanceOwned(
  j: CompiledJourney,
  position: JourneyPosition | undefined,
  state: CustomerState,
  event: RetainEvent | undefined,
  now: number,
  check: AdvanceInput['check'],
  out: JourneyAdvance,
  explain: boolean,
): void {
  let pos = position;
  out.position = pos ?? null;
  if (event !== undefined && pos?.seen.includes(event.messageId) === true) {
    if (explain) out.explanation.push(`event ${event.messageId} was already handled: nothing to do`);
    return;
  }
  if (pos !== undefined && pos.version !== j.version) {
    const m = migratePosition(j, pos, now);
    pos = m.position;
    out.migrated = { from: m.from, to: j.version, removedStep: m.removedStep };
    if (explain) out.explanation.push(m.explanation);
  }
  // Traits set by update steps are visible to the journey's conditions before the host applies them.
  const r: Run = { j, plan: planOf(j), ctx: { state: withTraits(state, pos?.traits), event, now }, out, explain };
  if (pos === undefined || pos.status !== 'active') {
    const entered = tryEnter(r, pos);
    if (entered === undefined) {
      if (pos !== undefined && event !== undefined) remember(pos, event);
      out.position = pos ?? null;
      return;
    }
    pos = entered;
  } else if (leaveIfDone(r, pos)) {
    if (event !== undefined) remember(pos, event);
    out.position = pos;
    return;
  }
  runSteps(r, pos, check);
  if (event !== undefined) remember(pos, event);
  out.position = pos;
}

function remember(pos: JourneyPosition, event: RetainEvent): void {
  pos.seen.push(event.messageId);
  if (pos.seen.length > SEEN) pos.seen.splice(0, pos.seen.length - SEEN);
}

function record(r: Run, pos: JourneyPosition, entry: JourneyHistoryEntry): void {
  pos.history.push(entry);
  if (pos.history.length > HISTORY) pos.history.splice(0, pos.history.length - HISTORY);
  if (r.explain) r.out.explanation.push(`${entry.step}: ${entry.outcome}${entry.detail === undefined ? '' : ` — ${entry.detail}`}`);
}

function holds(c: CompiledCondition | undefined, ctx: Ctx): boolean {
  return c === undefined ? true : c.test(ctx);
}

function tryEnter(r: Run, previous: JourneyPosition | undefined): JourneyPosition | undefined {
  const { j, ctx } = r;
  const { entry } = j.json;
  if (entry.event !== undefined && (ctx.event === undefined || eventName(ctx.event) !== entry.event)) return undefined;
  if (!holds(r.plan.entry, ctx)) return undefined;
  if (previous !== undefined) {
    const policy = entry.reentry ?? 'never';
    if (policy === 'never') {
      if (r.explain) r.out.explanation.push(`entry matched, but ${j.id} is entered once (reentry: never)`);
      return undefined;
    }
    if (typeof policy === 'object' && ctx.now - previous.enteredAt < durationMs(policy.after)) {
      if (r.explain) r.out.explanation.push(`entry matched, but re-entry waits until ${new Date(previous.enteredAt + durationMs(policy.after)).toISOString()}`);
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
  const on = ctx.event === undefined ? undefined : eventName(ctx.event);
  record(r, pos, { step: first.id, at: ctx.now, outcome: 'entered', detail: on === undefined ? 'the entry condition holds' : (r.plan.entered.get(on) ?? shared(r.plan.entered, r.plan.entered.size, on, `on ${on}`)) });
  return pos;
}

/** Goal and exits, checked wherever the customer is. True when they left. */
function leaveIfDone(r: Run, pos: JourneyPosition): boolean {
  const { ctx, plan } = r;
  const { goal, exits } = r.j.json;
  if (goal !== undefined && (goal.event === undefined || (ctx.event !== undefined && eventName(ctx.event) === goal.event)) && holds(plan.goal, ctx)) {
    leave(r, pos, 'converted', goal.event === undefined ? 'the goal condition holds' : `goal: ${goal.event}`);
    r.out.converted = true;
    return true;
  }
  if (exits !== undefined) {
    for (let i = 0; i < exits.length; i++) {
      if (!holds(plan.exits[i], ctx)) continue;
      leave(r, pos, 'exited', plan.exitReasons[i] as string);
      return true;
    }
  }
  return false;
}

function leave(r: Run, pos: JourneyPosition, status: 'completed' | 'converted' | 'exited', reason: string): void {
  record(r, pos, { step: pos.step ?? '-', at: r.ctx.now, outcome: status, detail: reason });
  pos.status = status;
  pos.step = null;
  pos.dueAt = null;
  pos.exitReason = reason;
}

function goTo(r: Run, pos: JourneyPosition, target: string | null | undefined, fromIndex: number): void {
  const to = target ?? r.j.json.steps[fromIndex + 1]?.id ?? null;
  if (to === null) return leave(r, pos, 'completed', 'the last step is done');
  pos.step = to;
  pos.stepSince = r.ctx.now;
  pos.retries = 0;
  pos.dueAt = null;
}

function runSteps(r: Run, pos: JourneyPosition, check: AdvanceInput['check']): void {
  const { j, ctx, out, plan } = r;
  const steps = j.json.steps;
  // Cycles pass a wait (checked at definition time), so a step repeats only after time passes.
  for (let guard = 0; guard <= steps.length * 2 && pos.status === 'active' && pos.step !== null; guard++) {
    const i = j.index.get(pos.step);
    if (i === undefined) return leave(r, pos, 'exited', `step "${pos.step}" is not in version ${j.version}`);
    const step = steps[i] as JourneyStep;
    switch (step.type) {
      case 'send': {
        if (pos.dueAt !== null && ctx.now < pos.dueAt) return; // a refused send waiting to retry
        const send = journeySend(j, step, pos);
        if (pos.holdout === true) {
          out.heldOut.push(send);
          const arm = pos.arm;
          record(r, pos, { step: step.id, at: ctx.now, outcome: 'held-out', detail: heldOutDetail(plan.heldOut[i] as Map<string | undefined, string>, step, arm) });
          goTo(r, pos, step.next, i);
          break;
        }
        const verdict = check?.(send, ctx.state) ?? { allowed: true, reasons: [] };
        if (verdict.allowed) {
          out.sends.push(send);
          if (verdict.goodwill !== undefined) out.goodwillSpent += verdict.goodwill.before - verdict.goodwill.after;
          record(r, pos, { step: step.id, at: ctx.now, outcome: 'sent', detail: plan.detail[i] as string });
          goTo(r, pos, step.next, i);
          break;
        }
        out.refused.push({ send, reasons: verdict.reasons });
        const reasons = verdict.reasons;
        // A frozen reasons list is the send check's, shared by every refusal alike: so are its texts.
        const frozen = Object.isFrozen(reasons);
        const joined = (frozen ? plan.joined.get(reasons) : undefined) ?? (frozen ? shared(plan.joined, 0, reasons, reasons.join('; ')) : reasons.join('; '));
        const retries = step.retries ?? 3;
        if (step.onRefused === 'wait' && pos.retries < retries) {
          pos.retries++;
          pos.dueAt = ctx.now + durationMs(step.retryAfter ?? { value: 1, unit: 'days' });
          record(r, pos, { step: step.id, at: ctx.now, outcome: 'refused', detail: `${joined}; retry ${pos.retries} of ${retries} at ${new Date(pos.dueAt).toISOString()}` });
          return;
        }
        record(r, pos, { step: step.id, at: ctx.now, outcome: 'refused', detail: (frozen ? plan.skipped.get(reasons) : undefined) ?? (frozen ? shared(plan.skipped, 0, reasons, `${joined}; skipped`) : `${joined}; skipped`) });
        goTo(r, pos, step.next, i);
        break;
      }
      case 'wait': {
        const waitMs = durationMs((step.for ?? step.timeout) as NonNullable<typeof step.for>);
        const deadline = pos.stepSince + waitMs;
        if (step.for !== undefined) {
          if (ctx.now >= deadline) {
            record(r, pos, { step: step.id, at: ctx.now, outcome: 'waited', detail: plan.detail[i] as string });
            goTo(r, pos, step.next, i);
            break;
          }
          pos.dueAt = deadline;
          return;
        }
        const e = ctx.event;
        const arrived =
          step.untilEvent !== undefined
            ? e !== undefined && eventName(e) === step.untilEvent.event && eventAt(e, ctx.now) >= pos.stepSince && holds(plan.untilEvent[i], ctx)
            : holds(plan.until[i], ctx);
        if (arrived) {
          record(r, pos, { step: step.id, at: ctx.now, outcome: 'event', detail: step.untilEvent === undefined ? 'the condition holds' : step.untilEvent.event });
          goTo(r, pos, step.next, i);
          break;
        }
        if (ctx.now >= deadline) {
          record(r, pos, { step: step.id, at: ctx.now, outcome: 'timeout', detail: plan.detail[i] as string });
          goTo(r, pos, step.onTimeout ?? step.next, i);
          break;
        }
        let due = deadline;
        const until = step.until === undefined ? undefined : plan.until[i];
        for (const t of until?.changeTimes(ctx.state, ctx.now) ?? []) if (t > ctx.now && t < due) due = t;
        pos.dueAt = due;
        return;
      }
      case 'branch': {
        const conditions = plan.branches[i] ?? [];
        let k = -1;
        for (let n = 0; n < step.branches.length; n++) {
          if (holds(conditions[n], ctx)) {
            k = n;
            break;
          }
        }
        const chosen = k >= 0 ? step.branches[k] : undefined;
        record(r, pos, { step: step.id, at: ctx.now, outcome: 'branched', detail: chosen === undefined ? 'no branch held: otherwise' : (chosen.name ?? `branch ${k + 1}`) });
        goTo(r, pos, chosen?.next ?? step.otherwise ?? step.next, i);
        break;
      }
      case 'split': {
        const total = step.arms.reduce((s, a) => s + a.weight, 0);
        let u = splitDraw(`${ctx.state.id}|${j.id}|${step.id}`) * total;
        const arm = step.arms.find((a) => (u -= a.weight) < 0) ?? (step.arms[step.arms.length - 1] as (typeof step.arms)[number]);
        pos.arm = arm.name;
        if (arm.holdout === true) pos.holdout = true;
        else delete pos.holdout;
        record(r, pos, { step: step.id, at: ctx.now, outcome: 'split', detail: `arm ${arm.name}${arm.holdout === true ? ' (holdout: nothing is sent)' : ''}` });
        goTo(r, pos, arm.next ?? step.next, i);
        break;
      }
      case 'update': {
        pos.traits = { ...pos.traits, ...(step.set as JsonObject) };
        ctx.state = withTraits(ctx.state, step.set as JsonObject);
        out.updates.push({ ...(step.set as JsonObject) });
        record(r, pos, { step: step.id, at: ctx.now, outcome: 'updated', detail: plan.detail[i] as string });
        goTo(r, pos, step.next, i);
        break;
      }
      case 'exit':
        return leave(r, pos, 'exited', plan.detail[i] as string);
    }
  }
}

function heldOutDetail(cache: Map<string | undefined, string>, step: SendStep, arm: string | undefined): string {
  return cache.get(arm) ?? shared(cache, cache.size, arm, `would have sent ${step.message} (holdout arm ${arm})`);
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
