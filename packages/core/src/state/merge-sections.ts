/**
 * @internal The section-by-section rules of {@link mergeCustomerStates}. Each is the fold's own
 * order-independent rule applied to two summaries (a sum, a minimum or maximum, a last write by
 * timestamp with the fold's tie-break, the bounded top of a sorted union), so each is
 * commutative and associative, with the empty section as identity.
 *
 * A few rules of the fold are repeated here rather than imported (the fold's files keep them
 * private): the milestones that keep the latest time, the caps on anonymous ids and members,
 * the order of feedback and of received messages, the lifecycle precedence and the visit
 * pruning. `merge-states.test.ts` compares merges with folds of the union, so a drift fails there.
 */
import {
  ACTIVITY_RETENTION_DAYS,
  DAY_MS,
  MAX_SESSIONS,
  SESSION_RETENTION_DAYS,
  SESSION_TIMEOUT_MS,
  type FeedbackEntry,
  type FeedbackState,
  type FunnelState,
  type MessageInteractions,
  type ReceivedMessage,
  type Session,
  type SubscriptionState,
  type TransactionsState,
  type VisitsState,
} from './customer-state.js';
import { getOwn, setOwn } from './records.js';
import { addMoney } from './transactions.js';

/** Milestones that keep the latest time (as in apply-event.ts); every other keeps the earliest. */
export const LATEST_MILESTONES: ReadonlySet<string> = new Set(['lastVisit', 'lastOrder', 'lastPaymentFailed', 'subscriptionCancelled', 'trialEnded', 'lastFeedback', 'lastNegativeFeedback']);
/** The fold's caps (apply-event.ts): anonymous ids of a customer, members of an account. */
export const MAX_ANONYMOUS_IDS = 20;
export const MAX_MEMBERS = 1000;

export const cmp = <T extends string | number>(x: T, y: T): number => (x < y ? -1 : x > y ? 1 : 0);
export const minN = (x: number | null, y: number | null): number | null => (x === null ? y : y === null ? x : Math.min(x, y));
export const maxN = (x: number | null, y: number | null): number | null => (x === null ? y : y === null ? x : Math.max(x, y));

/** Every key of two records, sorted (so that the result does not depend on which came first). */
function keysOf(a: object, b: object): string[] {
  return [...new Set([...Object.keys(a), ...Object.keys(b)])].sort(cmp);
}

/** Per key into `out`: a copy of the entry of the side that has it, or both combined (`both` returns a fresh value). */
export function mergeRecord<T>(out: Record<string, T>, a: Record<string, T>, b: Record<string, T>, both: (x: T, y: T, key: string) => T, copy: (x: T) => T): Record<string, T> {
  for (const key of keysOf(a, b)) {
    const x = getOwn(a, key);
    const y = getOwn(b, key);
    setOwn(out, key, x === undefined ? copy(y as T) : y === undefined ? copy(x) : both(x, y, key));
  }
  return out;
}

/**
 * The `max` greatest of the union of two lists sorted by `order`, in order (a copy: `copy` per element).
 * With `unique`, elements equal under `order` are kept once (sets); otherwise both are kept (multisets).
 */
export function topOfUnion<T>(a: readonly T[], b: readonly T[], order: (x: T, y: T) => number, max: number, unique: boolean, copy: (x: T) => T = (x) => x): T[] {
  const all = [...a, ...b].sort(order);
  const out = unique ? all.filter((v, i) => i === 0 || order(all[i - 1] as T, v) !== 0) : all;
  return (out.length > max ? out.slice(out.length - max) : out).map(copy);
}

/** Last write by `at` wins; at the same instant `tie(x, y)` says whether `x` wins. */
export const later = <T extends { at: number }>(x: T, y: T, tie: (x: T, y: T) => boolean): T => (x.at !== y.at ? (x.at > y.at ? x : y) : tie(x, y) ? x : y);

// --- visits and daily activity: the two bounded windows in time ---

/**
 * Visits: the spans of both sides joined by the 30-minute rule (spans that overlap or lie at most
 * 30 minutes apart are one visit of the union), then pruned to the window of the later
 * `lastSeen`, as the fold prunes. Archived totals add up. Exact unless a visit already archived
 * on one side would have joined a visit of the other (archived visits are only totals).
 */
export function mergeVisits(a: VisitsState, b: VisitsState): VisitsState {
  const spans = [...a.sessions, ...b.sessions].sort((x, y) => x.start - y.start || x.end - y.end || x.events - y.events);
  const sessions: Session[] = [];
  for (const s of spans) {
    const last = sessions[sessions.length - 1];
    if (last !== undefined && s.start <= last.end + SESSION_TIMEOUT_MS) {
      last.end = Math.max(last.end, s.end);
      last.events += s.events;
    } else sessions.push({ start: s.start, end: s.end, events: s.events });
  }
  const visits: VisitsState = {
    sessions,
    archived: { count: a.archived.count + b.archived.count, durationMs: a.archived.durationMs + b.archived.durationMs, events: a.archived.events + b.archived.events },
    firstSeen: minN(a.firstSeen, b.firstSeen),
    lastSeen: maxN(a.lastSeen, b.lastSeen),
  };
  if (visits.lastSeen !== null) pruneSessions(visits, visits.lastSeen);
  return visits;
}

/** The fold's pruning (visits.ts): visits ended before the retention horizon, or beyond the cap, go to `archived`; the latest always stays. */
function pruneSessions(visits: VisitsState, lastSeen: number): void {
  const sessions = visits.sessions;
  const horizon = lastSeen - SESSION_RETENTION_DAYS * DAY_MS;
  let drop = 0;
  while (drop < sessions.length - 1 && ((sessions[drop] as Session).end < horizon || sessions.length - drop > MAX_SESSIONS)) drop++;
  for (let k = 0; k < drop; k++) {
    const s = sessions[k] as Session;
    visits.archived.count++;
    visits.archived.durationMs += s.end - s.start;
    visits.archived.events += s.events;
  }
  sessions.splice(0, drop);
}

/** Daily activity: counts per day add up; days {@link ACTIVITY_RETENTION_DAYS} or more before the newest day are dropped. Exact. */
export function mergeActivity(out: Record<string, number>, a: Record<string, number>, b: Record<string, number>): Record<string, number> {
  mergeRecord(out, a, b, (x, y) => x + y, (x) => x);
  let newest = -Infinity;
  for (const day in out) newest = Math.max(newest, Number(day));
  for (const day in out) if (Number(day) <= newest - ACTIVITY_RETENTION_DAYS) delete out[day];
  return out;
}

// --- the other sections ---

/** The furthest step: highest index, then earliest time, then smallest step name; completed when either side completed at that index. Exact. */
export function mergeFunnel(x: FunnelState, y: FunnelState): FunnelState {
  const furthest =
    x.furthestIndex !== y.furthestIndex ? (x.furthestIndex > y.furthestIndex ? x : y) : x.reachedAt !== y.reachedAt ? (x.reachedAt < y.reachedAt ? x : y) : cmp(x.furthestStep, y.furthestStep) <= 0 ? x : y;
  const completed = x.furthestIndex === y.furthestIndex ? x.completed || y.completed : furthest.completed;
  return {
    furthestStep: furthest.furthestStep,
    furthestIndex: furthest.furthestIndex,
    reachedAt: furthest.reachedAt,
    startedAt: Math.min(x.startedAt, y.startedAt),
    lastActivityAt: Math.max(x.lastActivityAt, y.lastActivityAt),
    completed,
  };
}

export function mergeTransactions(a: TransactionsState, b: TransactionsState): TransactionsState {
  const purchaseDays: Array<{ day: number; amount: number }> = [];
  for (const d of [...a.purchaseDays, ...b.purchaseDays].sort((x, y) => x.day - y.day)) {
    const last = purchaseDays[purchaseDays.length - 1];
    if (last !== undefined && last.day === d.day) last.amount = addMoney(last.amount, d.amount);
    else purchaseDays.push({ day: d.day, amount: d.amount });
  }
  return {
    orders: a.orders + b.orders,
    revenue: addMoney(a.revenue, b.revenue),
    refunds: a.refunds + b.refunds,
    refundedAmount: addMoney(a.refundedAmount, b.refundedAmount),
    firstOrderAt: minN(a.firstOrderAt, b.firstOrderAt),
    lastOrderAt: maxN(a.lastOrderAt, b.lastOrderAt),
    purchaseDays,
  };
}

type Lifecycle = NonNullable<SubscriptionState['lifecycle']>;
/** Lifecycle precedence at the same instant (apply-event.ts): cancelled > active > trialing. */
const STATUS_RANK: Record<Lifecycle['status'], number> = { trialing: 1, active: 2, cancelled: 3 };

/** The latest lifecycle event and plan by timestamp (the fold's tie-breaks), counts added, latest times; the status derived as the fold derives it. Exact. */
export function mergeSubscription(a: SubscriptionState, b: SubscriptionState): SubscriptionState {
  const lifecycle = a.lifecycle === null ? b.lifecycle : b.lifecycle === null ? a.lifecycle : later(a.lifecycle, b.lifecycle, (x, y) => STATUS_RANK[x.status] >= STATUS_RANK[y.status]);
  const plan = a.planAt === null ? b : b.planAt === null ? a : a.planAt !== b.planAt ? (a.planAt > b.planAt ? a : b) : cmp(a.plan ?? '', b.plan ?? '') >= 0 ? a : b;
  const sub: SubscriptionState = {
    status: 'none',
    plan: plan.plan,
    since: null,
    paymentFailures: a.paymentFailures + b.paymentFailures,
    lastPaymentFailedAt: maxN(a.lastPaymentFailedAt, b.lastPaymentFailedAt),
    trialEndsAt: maxN(a.trialEndsAt, b.trialEndsAt),
    planAt: plan.planAt,
    trialEndedAt: maxN(a.trialEndedAt, b.trialEndedAt),
    lifecycle: lifecycle === null ? null : { status: lifecycle.status, at: lifecycle.at },
  };
  // As the fold's deriveStatus: a trial ended at or after it started is over; else the lifecycle's status.
  if (lifecycle !== null) {
    const ended = lifecycle.status === 'trialing' && sub.trialEndedAt !== null && sub.trialEndedAt >= lifecycle.at;
    sub.status = ended ? 'none' : lifecycle.status;
    sub.since = ended ? sub.trialEndedAt : lifecycle.at;
  }
  return sub;
}

/** The fold's order of feedback entries (feedback.ts): time, then message id. */
const feedbackOrder = (x: FeedbackEntry, y: FeedbackEntry): number => x.at - y.at || cmp(x.messageId, y.messageId);

/** History: the {@link MAX_FEEDBACK} latest of both; totals add up; the latest NPS (lower score at a tie); the negative run recounted on the merged history. Exact. */
export function mergeFeedback(a: FeedbackState, b: FeedbackState, max: number): FeedbackState {
  const history = topOfUnion(a.history, b.history, feedbackOrder, max, false, (e) => ({ ...e }));
  let run = 0;
  for (let i = history.length - 1; i >= 0 && (history[i] as FeedbackEntry).negative; i--) run++;
  const lastNps = a.lastNps === null ? b.lastNps : b.lastNps === null ? a.lastNps : later(a.lastNps, b.lastNps, (x, y) => x.score <= y.score);
  return {
    history,
    total: a.total + b.total,
    negatives: a.negatives + b.negatives,
    lastNps: lastNps === null ? null : { score: lastNps.score, at: lastNps.at },
    consecutiveNegatives: run,
  };
}

/** The fold's total order on received messages (messages.ts). */
export const messageOrder = (x: ReceivedMessage, y: ReceivedMessage): number =>
  x.at - y.at || cmp(x.id, y.id) || cmp(x.channel, y.channel) || cmp(x.score ?? -Infinity, y.score ?? -Infinity) || cmp(x.campaign ?? '', y.campaign ?? '');

export const mergeInteractions = (x: MessageInteractions, y: MessageInteractions): MessageInteractions => ({
  shown: x.shown + y.shown,
  clicked: x.clicked + y.clicked,
  dismissed: x.dismissed + y.dismissed,
  lastShownAt: maxN(x.lastShownAt, y.lastShownAt),
  lastClickedAt: maxN(x.lastClickedAt, y.lastClickedAt),
  lastDismissedAt: maxN(x.lastDismissedAt, y.lastDismissedAt),
});
