/**
 * @internal Fact readers: what a comparison reads from `{ state, event, now }`, compiled once
 * per condition node. A reader never throws: anything it cannot read is `undefined` (missing).
 * Each reader also knows the instants at which its value may change with no new event (for
 * `nextDueAt`).
 */
import { DAY_MS, type CustomerState } from '../state/customer-state.js';
import { epochDay } from '../state/time.js';
import { partitionPoint } from '../state/records.js';
import { TIME_UNIT_MS, type ComparisonCondition, type ConditionContext } from './condition.js';
import { compileAccessor } from './state-path.js';

/** Reads a fact; `undefined` means missing. */
export type FactReader = (ctx: ConditionContext) => unknown;

/**
 * The instants after `now` at which a fact may change value with no new event, and the value
 * it would take as a function of time (for threshold crossings): `crossing(v)` is the instant
 * at which the fact equals `v`, for facts that move linearly with time.
 */
export interface FactTiming {
  /** Instants after `now` at which the value jumps (windows dropping a visit, a day rolling over). */
  steps?: (state: CustomerState, now: number) => number[];
  /** For facts that move with time: the instant at which the fact equals `v` (or `undefined`). */
  crossing?: (state: CustomerState, v: number, now: number) => number | undefined;
}

/** A compiled fact: its reader and its timing. */
export interface CompiledFact {
  read: FactReader;
  timing: FactTiming | undefined;
}

const own = (o: unknown, k: string): unknown =>
  typeof o === 'object' && o !== null && Object.hasOwn(o, k) ? (o as Record<string, unknown>)[k] : undefined;

/** A time held as epoch ms or an ISO string, else `undefined`. */
export function toTime(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v === 'string') {
    const t = Date.parse(v);
    return Number.isNaN(t) ? undefined : t;
  }
  return undefined;
}

const guard =
  (read: FactReader): FactReader =>
  (ctx) => {
    try {
      return read(ctx);
    } catch {
      return undefined;
    }
  };

function sessionsOf(state: CustomerState): Array<{ start: number }> {
  const s = own(own(state, 'visits'), 'sessions');
  return Array.isArray(s) ? (s as Array<{ start: number }>) : [];
}

/** First index whose `start` is ≥ `x` in sessions sorted by start (the state's invariant). */
function firstStartAtOrAfter(list: ReadonlyArray<{ start: number }>, x: number): number {
  return partitionPoint(list.length, (k) => (list[k] as { start: number }).start < x);
}

/** Visits that started in `[from, to)`: two binary searches over the sorted sessions. */
export function countVisits(state: CustomerState, from: number, to: number): number {
  const list = state.visits.sessions;
  return Math.max(0, firstStartAtOrAfter(list, to) - firstStartAtOrAfter(list, from));
}

/** Visits that started in `[from, to)`, or `undefined` for a state without readable visits. */
export function visitsIn(state: CustomerState, from: number, to: number): number | undefined {
  try {
    return countVisits(state, from, to);
  } catch {
    return undefined;
  }
}

/**
 * The visit rate of the `recentDays` before `now` ÷ the rate of the `baselineDays` before them;
 * `undefined` when the baseline is empty. Multiplied out so that equal windows compare exactly
 * (3 visits vs 6 is 0.5, not 0.4999…).
 */
export function visitRatio(state: CustomerState, now: number, recentDays: number, baselineDays: number): number | undefined {
  try {
    const list = state.visits.sessions;
    const recentMs = recentDays * DAY_MS;
    const recentFrom = firstStartAtOrAfter(list, now - recentMs);
    const recent = Math.max(0, firstStartAtOrAfter(list, now + 1) - recentFrom);
    const baseline = Math.max(0, recentFrom - firstStartAtOrAfter(list, now - recentMs - baselineDays * DAY_MS));
    return baseline === 0 ? undefined : (recent * baselineDays) / (baseline * recentDays);
  } catch {
    return undefined;
  }
}

/** Messages received in `[now - span, now]` (on `channel`, or any), or `undefined` for an unreadable state. */
export function messagesIn(state: CustomerState, now: number, span: number, channel: string | undefined): number | undefined {
  try {
    const list = state.messages;
    const from = firstAt(list, now - span, false);
    const to = firstAt(list, now, true);
    if (channel === undefined) return Math.max(0, to - from);
    let count = 0;
    for (let i = from; i < to; i++) if ((list[i] as { channel: string }).channel === channel) count++;
    return count;
  } catch {
    return undefined;
  }
}

/** First index whose `at` is ≥ `x` (or > `x` when `after`) in messages sorted by time. */
function firstAt(list: ReadonlyArray<{ at: number }>, x: number, after: boolean): number {
  return partitionPoint(list.length, (k) => {
    const at = (list[k] as { at: number }).at;
    return at < x || (after && at === x);
  });
}

/** Days until the next anniversary (UTC month/day) of `t`, counted in whole UTC days from `now`'s day. */
export function daysToAnniversary(t: number, now: number): number {
  const d = new Date(t);
  const today = epochDay(now);
  const year = new Date(now).getUTCFullYear();
  for (let y = year; y <= year + 1; y++) {
    const day = epochDay(Date.UTC(y, d.getUTCMonth(), d.getUTCDate()));
    if (day >= today) return day - today;
  }
  return 0; // unreachable: next year's date is always ahead
}

/** Compiles the fact of a (validated) comparison node. */
export function compileFact(node: ComparisonCondition): CompiledFact {
  const acc = compileAccessor;
  if ('state' in node) {
    const get = acc(node.state);
    return { read: (ctx) => get(ctx.state), timing: undefined };
  }
  if ('event' in node) {
    const get = acc(node.event);
    return { read: (ctx) => (ctx.event === undefined ? undefined : get(ctx.event)), timing: undefined };
  }
  if ('since' in node || 'sinceAction' in node) {
    const unit = TIME_UNIT_MS[node.unit ?? 'days'];
    const at = acc('since' in node ? ['milestones', node.since] : ['actions', node.sinceAction, 'last']);
    return {
      read: (ctx) => {
        const t = at(ctx.state);
        return typeof t === 'number' ? (ctx.now - t) / unit : undefined;
      },
      timing: { crossing: (state, v) => numberOr(at(state), (t) => t + v * unit) },
    };
  }
  if ('until' in node) {
    const unit = TIME_UNIT_MS[node.unit ?? 'days'];
    const get = acc(node.until);
    return {
      read: (ctx) => {
        const t = toTime(get(ctx.state));
        return t === undefined ? undefined : (t - ctx.now) / unit;
      },
      timing: { crossing: (state, v) => numberOr(toTime(get(state)), (t) => t - v * unit) },
    };
  }
  if ('anniversary' in node) {
    const get = acc(node.anniversary);
    return {
      read: guard((ctx) => {
        const t = toTime(get(ctx.state));
        return t === undefined ? undefined : daysToAnniversary(t, ctx.now);
      }),
      timing: {
        // The value changes at each UTC midnight; it equals `v` from the midnight `v` days before the next anniversary.
        steps: (_state, now) => [(epochDay(now) + 1) * DAY_MS],
        crossing: (state, v, now) => {
          const t = toTime(get(state));
          if (t === undefined || !Number.isInteger(v) || v < 0 || v > 366) return undefined;
          const today = epochDay(now);
          let anniversaryDay = today + daysToAnniversary(t, now);
          for (let i = 0; i < 3; i++) {
            if (anniversaryDay - v > today) return (anniversaryDay - v) * DAY_MS;
            anniversaryDay += 1 + daysToAnniversary(t, (anniversaryDay + 1) * DAY_MS);
          }
          return undefined;
        },
      },
    };
  }
  if ('visits' in node) {
    const { days, offsetDays = 0 } = node.visits;
    const span = (offsetDays + days) * DAY_MS;
    return {
      read: (ctx) => visitsIn(ctx.state, ctx.now - span, offsetDays === 0 ? ctx.now + 1 : ctx.now - offsetDays * DAY_MS),
      timing: {
        steps: (state) => {
          const out: number[] = [];
          for (const s of sessionsOf(state)) {
            // a visit leaves [now - span, …) just after start + span, and enters […, now - offset) just after start + offset
            out.push(s.start + span + 1);
            if (offsetDays > 0) out.push(s.start + offsetDays * DAY_MS + 1);
          }
          return out;
        },
      },
    };
  }
  if ('events' in node) {
    const days = node.events.days;
    return {
      read: guard((ctx) => {
        const today = epochDay(ctx.now);
        let sum = 0;
        const activity = ctx.state.activity;
        for (const key in activity) {
          const day = Number(key);
          if (day > today - days && day <= today) sum += activity[key] ?? 0;
        }
        return sum;
      }),
      timing: { steps: (state) => Object.keys(own(state, 'activity') ?? {}).map((k) => (Number(k) + days) * DAY_MS) },
    };
  }
  if ('activityRatio' in node) {
    const recentDays = node.activityRatio.recentDays ?? 7;
    const baselineDays = node.activityRatio.baselineDays ?? 28;
    const byVisits = (node.activityRatio.measure ?? 'visits') === 'visits';
    const recentMs = recentDays * DAY_MS;
    const baselineMs = baselineDays * DAY_MS;
    return {
      read: guard((ctx) => {
        let recent = 0;
        let baseline = 0;
        const { now, state } = ctx;
        if (byVisits) return visitRatio(state, now, recentDays, baselineDays);
        {
          const today = epochDay(now);
          for (const key in state.activity) {
            const day = Number(key);
            const n = state.activity[key] ?? 0;
            if (day > today - recentDays && day <= today) recent += n;
            else if (day > today - recentDays - baselineDays && day <= today - recentDays) baseline += n;
          }
        }
        // Rates per day; multiplied out so that equal windows compare exactly (3/6 is 0.5, not 0.4999…).
        return baseline === 0 ? undefined : (recent * baselineDays) / (baseline * recentDays);
      }),
      timing: {
        steps: (state) => {
          const out: number[] = [];
          if (byVisits) for (const s of sessionsOf(state)) out.push(s.start + recentMs + 1, s.start + recentMs + baselineMs + 1);
          else
            for (const k of Object.keys(own(state, 'activity') ?? {})) out.push((Number(k) + recentDays) * DAY_MS, (Number(k) + recentDays + baselineDays) * DAY_MS);
          return out;
        },
      },
    };
  }
  if ('actionCount' in node) {
    const name = node.actionCount;
    const count = acc(['actions', name, 'count']);
    return {
      read: (ctx) => {
        const c = count(ctx.state);
        return typeof c === 'number' ? c : 0;
      },
      timing: undefined,
    };
  }
  if ('metric' in node) {
    const name = node.metric;
    const get = acc(['metrics', name, 'value']);
    return { read: (ctx) => get(ctx.state), timing: undefined };
  }
  if ('trait' in node) {
    const name = node.trait;
    const get = acc(['identity', 'traits', name]);
    return { read: (ctx) => get(ctx.state), timing: undefined };
  }
  if ('messages' in node) {
    const { days, channel } = node.messages;
    const span = days * DAY_MS;
    return {
      read: (ctx) => messagesIn(ctx.state, ctx.now, span, channel),
      timing: {
        steps: (state) => {
          const list = own(state, 'messages');
          return Array.isArray(list) ? (list as Array<{ at: number }>).map((m) => m.at + span + 1) : [];
        },
      },
    };
  }
  // funnelStalled
  const unit = TIME_UNIT_MS[node.unit ?? 'days'];
  const funnelOf = acc(['funnels', node.funnelStalled]);
  const lastActivity = (state: CustomerState): number | undefined => {
    const f = funnelOf(state) as { completed?: unknown; lastActivityAt?: unknown } | undefined;
    if (f === undefined || f === null || f.completed !== false || typeof f.lastActivityAt !== 'number') return undefined;
    return f.lastActivityAt;
  };
  return {
    read: (ctx) => {
      const t = lastActivity(ctx.state);
      return t === undefined ? undefined : Math.max(0, ctx.now - t) / unit;
    },
    timing: { crossing: (state, v) => numberOr(lastActivity(state), (t) => t + v * unit) },
  };
}

function numberOr(v: unknown, f: (n: number) => number): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? f(v) : undefined;
}
