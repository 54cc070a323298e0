/**
 * The customer state: everything Retain knows about one customer (or one account), folded from
 * events. Plain JSON: store it anywhere, send it anywhere. Times are epoch milliseconds (UTC).
 *
 * Order: folding any permutation of the same events gives the same state, except for the
 * fields marked **order-sensitive** below (and events older than the bounded windows noted).
 */
import type { Channel, ConsentPurpose } from '../events/channels.js';
import type { JsonObject, JsonValue } from '../events/event-schema.js';

/** The version of the state layout. Bumped (with a migration) whenever the layout changes. */
export const STATE_VERSION = 1 as const;

/** The 30-minute rule: a visit ends after this much inactivity. */
export const SESSION_TIMEOUT_MS = 30 * 60 * 1000;
/** One day in milliseconds. */
export const DAY_MS = 24 * 60 * 60 * 1000;
/** Daily activity buckets are kept for this many days before the latest event. */
export const ACTIVITY_RETENTION_DAYS = 120;
/** Visit spans are kept individually for this many days before the latest event (older ones are summarised). */
export const SESSION_RETENTION_DAYS = 120;
/** At most this many visit spans are kept individually. */
export const MAX_SESSIONS = 400;
/** Message ids remembered for duplicate detection (the most recent by timestamp). */
export const DEDUPE_WINDOW = 256;
/** Feedback entries kept in the history (the most recent by timestamp). */
export const MAX_FEEDBACK = 50;
/** Received messages kept in the history (the most recent by timestamp). */
export const MAX_MESSAGES = 200;

/** One visit: first and last activity, and how many events it held. */
export interface Session {
  start: number;
  end: number;
  events: number;
}

/** Visits (sessions by the 30-minute rule). */
export interface VisitsState {
  /** Recent visits, sorted by start, at most {@link MAX_SESSIONS}, within {@link SESSION_RETENTION_DAYS}. */
  sessions: Session[];
  /** Totals of the visits that no longer fit in `sessions`. */
  archived: { count: number; durationMs: number; events: number };
  firstSeen: number | null;
  lastSeen: number | null;
}

/** Per event name: how often and when. */
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
 */
export interface MetricState {
  value: number;
  updatedAt: number;
}

/** Furthest step reached in a named funnel. */
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

/** Purchases: for RFM, CLV and BG/NBD. */
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

/** One piece of feedback. */
export interface FeedbackEntry {
  at: number;
  kind: 'nps' | 'csat' | 'thumbs';
  score: number;
  /** NPS ≤ 6, CSAT ≤ 2, thumbs down. */
  negative: boolean;
  messageId: string;
}

/** What the customer told us. */
export interface FeedbackState {
  /** Most recent entries, sorted by time, at most {@link MAX_FEEDBACK}. */
  history: FeedbackEntry[];
  total: number;
  negatives: number;
  lastNps: { score: number; at: number } | null;
  /** Length of the run of negative feedback ending with the latest entry. */
  consecutiveNegatives: number;
}

/** A consent record (last write by timestamp wins). */
export interface ConsentRecord {
  granted: boolean;
  at: number;
}

/** A message the customer received, on any channel. */
export interface ReceivedMessage {
  id: string;
  channel: Channel;
  /** Message score at send time, when known (see the message scorecard). */
  score: number | null;
  at: number;
  campaign: string | null;
}

/** Per message id: what the customer did with it. */
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

/** Who the customer (or account) is. */
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

/** The well-known milestones; any other name is a custom milestone. */
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

/** Everything Retain knows about one customer or account. */
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
  /** Most recent message ids, `[timestamp, messageId]` sorted ascending, for duplicate detection. */
  seen: Array<[number, string]>;
}

export type { JsonObject, JsonValue };
