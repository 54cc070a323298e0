/**
 * The customer state: everything Retain knows about one customer (or one account), folded from
 * events. Plain JSON: store it anywhere, send it anywhere. Times are epoch milliseconds (UTC).
 *
 * Order: folding any permutation of the same events gives the same state, except for the
 * fields marked **order-sensitive** below (and events older than the bounded windows noted).
 */
import type { Channel, ConsentPurpose } from '../events/channels.js';
import type { JsonObject, JsonValue } from '../events/event-schema.js';

/**
 * The version of the state layout. Bumped (with a migration in {@link parseCustomerState})
 * whenever the layout changes. Version 2 stores `seen` as two arrays instead of pairs.
 *
 * @example
 * ```ts
 * import { STATE_VERSION, createCustomerState } from '@retain/core';
 * createCustomerState('u1').version === STATE_VERSION; // true
 * ```
 */
export const STATE_VERSION = 2 as const;

/**
 * The 30-minute rule: a visit ends after this much inactivity.
 *
 * @example
 * ```ts
 * import { SESSION_TIMEOUT_MS } from '@retain/core';
 * SESSION_TIMEOUT_MS; // 1_800_000 (30 minutes)
 * ```
 */
export const SESSION_TIMEOUT_MS = 30 * 60 * 1000;
/**
 * One day in milliseconds.
 *
 * @example
 * ```ts
 * import { DAY_MS } from '@retain/core';
 * const weekAgo = Date.parse('2026-11-22T00:00:00Z') - 7 * DAY_MS;
 * ```
 */
export const DAY_MS = 24 * 60 * 60 * 1000;
/**
 * Daily activity buckets are kept for this many days before the latest event.
 *
 * @example
 * ```ts
 * import { ACTIVITY_RETENTION_DAYS } from '@retain/core';
 * ACTIVITY_RETENTION_DAYS; // 120
 * ```
 */
export const ACTIVITY_RETENTION_DAYS = 120;
/**
 * Visit spans are kept individually for this many days before the latest event (older ones are summarised).
 *
 * @example
 * ```ts
 * import { SESSION_RETENTION_DAYS } from '@retain/core';
 * SESSION_RETENTION_DAYS; // 120
 * ```
 */
export const SESSION_RETENTION_DAYS = 120;
/**
 * At most this many visit spans are kept individually.
 *
 * @example
 * ```ts
 * import { MAX_SESSIONS } from '@retain/core';
 * MAX_SESSIONS; // 400
 * ```
 */
export const MAX_SESSIONS = 400;
/**
 * Message ids remembered for duplicate detection (the most recent by timestamp).
 *
 * @example
 * ```ts
 * import { DEDUPE_WINDOW } from '@retain/core';
 * DEDUPE_WINDOW; // 256
 * ```
 */
export const DEDUPE_WINDOW = 256;
/**
 * Feedback entries kept in the history (the most recent by timestamp).
 *
 * @example
 * ```ts
 * import { MAX_FEEDBACK } from '@retain/core';
 * MAX_FEEDBACK; // 50
 * ```
 */
export const MAX_FEEDBACK = 50;
/**
 * Received messages kept in the history (the most recent by timestamp).
 *
 * @example
 * ```ts
 * import { MAX_MESSAGES } from '@retain/core';
 * MAX_MESSAGES; // 200
 * ```
 */
export const MAX_MESSAGES = 200;

/**
 * One visit: first and last activity, and how many events it held.
 *
 * @example
 * ```ts
 * import { createCustomerState, type Session } from '@retain/core';
 * const sessions: Session[] = createCustomerState('u1').visits.sessions;
 * ```
 */
export interface Session {
  start: number;
  end: number;
  events: number;
}

/**
 * Visits (sessions by the 30-minute rule).
 *
 * @example
 * ```ts
 * import { createCustomerState, summarizeVisits, type VisitsState } from '@retain/core';
 * const visits: VisitsState = createCustomerState('u1').visits;
 * summarizeVisits(visits).count; // 0
 * ```
 */
export interface VisitsState {
  /** Recent visits, sorted by start, at most {@link MAX_SESSIONS}, within {@link SESSION_RETENTION_DAYS}. */
  sessions: Session[];
  /** Totals of the visits that no longer fit in `sessions`. */
  archived: { count: number; durationMs: number; events: number };
  firstSeen: number | null;
  lastSeen: number | null;
}

/**
 * Per event name: how often and when.
 *
 * @example
 * ```ts
 * import { createCustomerState, type ActionStats } from '@retain/core';
 * const reports: ActionStats | undefined = createCustomerState('u1').actions['Report Created'];
 * ```
 */
export interface ActionStats {
  count: number;
  first: number;
  last: number;
}

/**
 * A business metric (documents stored, seats…). `Metric Set` is last-write-wins by timestamp
 * and increments add up (both order-independent on their own; integer increments are exact).
 * **Order-sensitive** when sets and increments of the same metric interleave: an increment is
 * added to whatever value the metric has when it arrives, and a set older than `updatedAt` is ignored.
 *
 * @example
 * ```ts
 * import { createCustomerState, type MetricState } from '@retain/core';
 * const seats: MetricState | undefined = createCustomerState('u1').metrics['seats'];
 * ```
 */
export interface MetricState {
  value: number;
  updatedAt: number;
}

/**
 * Furthest step reached in a named funnel.
 *
 * @example
 * ```ts
 * import { createCustomerState, type FunnelState } from '@retain/core';
 * const checkout: FunnelState | undefined = createCustomerState('u1').funnels['checkout'];
 * ```
 */
export interface FunnelState {
  furthestStep: string;
  furthestIndex: number;
  /** When the furthest step was first reached. */
  reachedAt: number;
  /** When the funnel was entered (earliest step event). */
  startedAt: number;
  /** Latest step event of any index. */
  lastActivityAt: number;
  /** Whether the furthest step is the funnel's final step. */
  completed: boolean;
}

/**
 * Purchases: for RFM, CLV and BG/NBD.
 *
 * @example
 * ```ts
 * import { createCustomerState, type TransactionsState } from '@retain/core';
 * const tx: TransactionsState = createCustomerState('u1').transactions;
 * const repeatBuyer = tx.purchaseDays.length >= 2;
 * ```
 */
export interface TransactionsState {
  orders: number;
  revenue: number;
  refunds: number;
  refundedAmount: number;
  firstOrderAt: number | null;
  lastOrderAt: number | null;
  /** Purchase days (UTC epoch day) with the amount spent that day, sorted by day. Same-day orders are merged. */
  purchaseDays: Array<{ day: number; amount: number }>;
}

/**
 * One piece of feedback.
 *
 * @example
 * ```ts
 * import { createCustomerState, type FeedbackEntry } from '@retain/core';
 * const latest: FeedbackEntry | undefined = createCustomerState('u1').feedback.history.at(-1);
 * ```
 */
export interface FeedbackEntry {
  at: number;
  kind: 'nps' | 'csat' | 'thumbs';
  score: number;
  /** NPS ≤ 6, CSAT ≤ 2, thumbs down. */
  negative: boolean;
  messageId: string;
}

/**
 * What the customer told us.
 *
 * @example
 * ```ts
 * import { createCustomerState, type FeedbackState } from '@retain/core';
 * const feedback: FeedbackState = createCustomerState('u1').feedback;
 * const atRisk = feedback.consecutiveNegatives >= 2;
 * ```
 */
export interface FeedbackState {
  /** Most recent entries, sorted by time, at most {@link MAX_FEEDBACK}. */
  history: FeedbackEntry[];
  total: number;
  negatives: number;
  lastNps: { score: number; at: number } | null;
  /** Length of the run of negative feedback ending with the latest entry. */
  consecutiveNegatives: number;
}

/**
 * A consent record (last write by timestamp wins).
 *
 * @example
 * ```ts
 * import { createCustomerState, type ConsentRecord } from '@retain/core';
 * const email: ConsentRecord | undefined = createCustomerState('u1').consent.email;
 * ```
 */
export interface ConsentRecord {
  granted: boolean;
  at: number;
}

/**
 * A message the customer received, on any channel.
 *
 * @example
 * ```ts
 * import { createCustomerState, type ReceivedMessage } from '@retain/core';
 * const emails: ReceivedMessage[] = createCustomerState('u1').messages.filter((m) => m.channel === 'email');
 * ```
 */
export interface ReceivedMessage {
  id: string;
  channel: Channel;
  /** Message score at send time, when known (see the message scorecard). */
  score: number | null;
  at: number;
  campaign: string | null;
}

/**
 * Per message id: what the customer did with it.
 *
 * @example
 * ```ts
 * import { createCustomerState, type MessageInteractions } from '@retain/core';
 * const tip: MessageInteractions | undefined = createCustomerState('u1').interactions['tip-1'];
 * const dismissedTwice = (tip?.dismissed ?? 0) >= 2;
 * ```
 */
export interface MessageInteractions {
  shown: number;
  clicked: number;
  dismissed: number;
  lastShownAt: number | null;
  lastClickedAt: number | null;
  lastDismissedAt: number | null;
}

/**
 * Subscription lifecycle, derived from the latest lifecycle event by timestamp (so it does not
 * depend on arrival order; at the same instant cancelled > active > trialing). A `Trial Ended`
 * later than the latest `Trial Started` ends the trial (status `none`) but never an active or
 * cancelled subscription.
 *
 * @example
 * ```ts
 * import { createCustomerState, type SubscriptionState } from '@retain/core';
 * const sub: SubscriptionState = createCustomerState('u1').subscription;
 * sub.status; // 'none'
 * ```
 */
export interface SubscriptionState {
  status: 'none' | 'trialing' | 'active' | 'cancelled';
  /** Plan of the latest lifecycle event that named one. */
  plan: string | null;
  /** When the current status began. */
  since: number | null;
  paymentFailures: number;
  lastPaymentFailedAt: number | null;
  /** Latest `trial_end_date` announced by `Trial Started`. */
  trialEndsAt: number | null;
  /** When `plan` was set (last write by timestamp wins). */
  planAt: number | null;
  /** Latest `Trial Ended`. */
  trialEndedAt: number | null;
  /** The latest `Trial Started` / `Subscription Started` / `Subscription Cancelled`, from which `status` is derived. */
  lifecycle: { status: 'trialing' | 'active' | 'cancelled'; at: number } | null;
}

/**
 * Who the customer (or account) is.
 *
 * @example
 * ```ts
 * import { createCustomerState, type IdentityState } from '@retain/core';
 * const identity: IdentityState = createCustomerState('u1').identity;
 * identity.traits; // {}
 * ```
 */
export interface IdentityState {
  anonymousIds: string[];
  userId: string | null;
  /** Timestamp of the event that set `userId` (last write wins). */
  userIdAt: number | null;
  accountId: string | null;
  /** Timestamp of the event that set `accountId` (last write wins). */
  accountIdAt: number | null;
  /** Account states only: the users seen in this account. */
  members: string[];
  traits: JsonObject;
  /** When each trait was last written (last write by timestamp wins, per trait). */
  traitTimes: Record<string, number>;
}

/**
 * The well-known milestones; any other name is a custom milestone.
 *
 * @example
 * ```ts
 * import { createCustomerState, daysSince, type MilestoneName } from '@retain/core';
 * const milestone: MilestoneName = 'becamePaying';
 * daysSince(createCustomerState('u1'), milestone, Date.parse('2026-11-22T00:00:00Z')); // null
 * ```
 */
export type MilestoneName =
  | 'firstSeen'
  | 'lastVisit'
  | 'signedUp'
  | 'trialStarted'
  | 'trialEnded'
  | 'becamePaying'
  | 'subscriptionCancelled'
  | 'firstOrder'
  | 'lastOrder'
  | 'lastPaymentFailed'
  | 'lastFeedback'
  | 'lastNegativeFeedback'
  | (string & {});

/**
 * The message ids remembered for duplicate detection: the {@link DEDUPE_WINDOW} greatest
 * `(timestamp, messageId)` pairs, sorted ascending, as two parallel arrays (`at[k]` is the time of
 * `ids[k]`): a compact layout that costs no object per event.
 *
 * @example
 * ```ts
 * import { createCustomerState, type SeenMessages } from '@retain/core';
 * const seen: SeenMessages = createCustomerState('u1').seen;
 * seen.ids.length; // 0
 * ```
 */
export interface SeenMessages {
  at: number[];
  ids: string[];
}

/**
 * Everything Retain knows about one customer or account.
 *
 * @example
 * ```ts
 * import { applyEvent, createCustomerState, parseCustomerState, type CustomerState } from '@retain/core';
 * let state: CustomerState = createCustomerState('user-42');
 * state = applyEvent(state, { type: 'page', messageId: 'm-1', timestamp: '2026-11-22T10:00:00Z', userId: 'user-42' });
 * const stored = JSON.stringify(state); // plain JSON
 * const restored: CustomerState = parseCustomerState(JSON.parse(stored));
 * ```
 */
export interface CustomerState {
  version: typeof STATE_VERSION;
  kind: 'customer' | 'account';
  id: string;
  identity: IdentityState;
  visits: VisitsState;
  actions: Record<string, ActionStats>;
  metrics: Record<string, MetricState>;
  /** When each transition happened (epoch ms). First-type milestones keep the earliest, last-type the latest. */
  milestones: Record<string, number>;
  funnels: Record<string, FunnelState>;
  /** Events per UTC day (key: epoch day), for the last {@link ACTIVITY_RETENTION_DAYS} days. */
  activity: Record<string, number>;
  transactions: TransactionsState;
  subscription: SubscriptionState;
  feedback: FeedbackState;
  consent: Partial<Record<ConsentPurpose, ConsentRecord>>;
  /** Messages received, most recent by time, at most {@link MAX_MESSAGES}. */
  messages: ReceivedMessage[];
  interactions: Record<string, MessageInteractions>;
  /** Experiment → variation (last write by timestamp wins). */
  experiments: Record<string, { variation: string; at: number }>;
  /** Events applied (duplicates excluded). */
  eventCount: number;
  /** Latest event timestamp seen. */
  updatedAt: number | null;
  /** The most recent message ids, for duplicate detection (see {@link SeenMessages}). */
  seen: SeenMessages;
}

export type { JsonObject, JsonValue };
