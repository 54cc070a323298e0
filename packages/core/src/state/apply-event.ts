import { InvalidEventError } from '../errors/invalid-event-error.js';
import { CONSENT_PURPOSES, isChannel, type Channel, type ConsentPurpose } from '../events/channels.js';
import { KnownEvent } from '../events/event-names.js';
import type { JsonObject, JsonValue, RetainEvent } from '../events/event-schema.js';
import { flushActivity } from './activity.js';
import { cloneJson, cloneState } from './clone-state.js';
import type { ActionStats, CustomerState, SubscriptionState } from './customer-state.js';
import { checkAndRemember, wasSeen } from './dedupe.js';
import { isNegativeCsat, isNegativeNps, recordFeedback } from './feedback.js';
import { recordFunnelStep } from './funnels.js';
import { loadHot, markFirstSeen, markLastVisit, storeHot, type HotFields } from './hot-fields.js';
import { messageChannel, recordInteraction, recordReceived } from './messages.js';
import { getOwn, insertSorted, setOwn } from './records.js';
import { epochDay, parseTimestamp } from './time.js';
import { recordOrder, recordRefund } from './transactions.js';
import { recordVisitActivity } from './visits.js';

/** Milestones that keep the latest time; every other milestone keeps the earliest. */
const LATEST_MILESTONES = new Set(['lastVisit', 'lastOrder', 'lastPaymentFailed', 'subscriptionCancelled', 'trialEnded', 'lastFeedback', 'lastNegativeFeedback']);

/** Track events that happen on a server, not during a visit: they do not count as activity. */
const NOT_ACTIVITY = new Set<string>([KnownEvent.MessageSent, KnownEvent.PaymentFailed, KnownEvent.TrialEnded]);

/** @internal Known track event name → whether it counts as activity: one hash lookup tells unknown names (most events) apart. */
export const KNOWN_TRACK: ReadonlyMap<string, boolean> = /* @__PURE__ */ new Map(Object.values(KnownEvent).map((name) => [name, !NOT_ACTIVITY.has(name)]));

const MAX_ANONYMOUS_IDS = 20;
const MAX_MEMBERS = 1000;

/**
 * @internal The time of an event in epoch ms.
 *
 * @throws {InvalidEventError} when the timestamp is missing or not a date.
 */
export function eventTime(event: RetainEvent): number {
  const t = typeof event.timestamp === 'string' ? parseTimestamp(event.timestamp) : NaN;
  if (Number.isNaN(t)) {
    throw new InvalidEventError([{ path: ['timestamp'], message: 'must be an ISO-8601 date-time, e.g. 2026-11-22T10:00:00.000Z', code: 'invalid_format' }], event);
  }
  return t;
}

/**
 * Whether the event is a duplicate of one already folded into `state` (same `messageId` and
 * timestamp, among the most recent {@link DEDUPE_WINDOW} events).
 *
 * @example
 * ```ts
 * import { applyEvent, createCustomerState, isDuplicateEvent } from '@retain/core';
 * const event = { type: 'page', messageId: 'm1', timestamp: '2026-11-22T10:00:00Z', userId: 'u1' } as const;
 * isDuplicateEvent(applyEvent(createCustomerState('u1'), event), event); // true
 * ```
 */
export function isDuplicateEvent(state: CustomerState, event: RetainEvent): boolean {
  const t = parseTimestamp(event.timestamp);
  return !Number.isNaN(t) && wasSeen(state.seen, t, event.messageId);
}

/**
 * Folds one event into a customer (or account) state. Pure: returns a new state and leaves
 * `state` untouched; the time comes from `event.timestamp`, never from the clock. An event
 * already folded (same `messageId`) returns `state` itself, unchanged.
 *
 * Expects a valid event (from {@link parseEvent}, or typed by TypeScript); for untrusted input use
 * {@link safeApplyEvent}.
 *
 * @throws {InvalidEventError} when the event's timestamp is not a date.
 * @example
 * ```ts
 * import { applyEvent, createCustomerState } from '@retain/core';
 * const state = applyEvent(createCustomerState('user-42'), {
 *   type: 'track', event: 'Order Completed', properties: { revenue: 80 },
 *   messageId: 'm-1', timestamp: '2026-11-22T10:00:00.000Z', userId: 'user-42',
 * });
 * state.transactions.revenue; // 80
 * ```
 */
export function applyEvent(state: CustomerState, event: RetainEvent): CustomerState {
  const t = eventTime(event);
  if (wasSeen(state.seen, t, event.messageId)) return state;
  const draft = cloneState(state);
  applyEventInPlace(draft, event, t);
  return draft;
}

/**
 * Folds one event into a state the caller owns, mutating it: the reducer {@link applyEvent} runs,
 * without the copy. For batch jobs and simulations that hold each customer's state alone (never a
 * state someone else may still read — copy it first with `structuredClone`). Same result as
 * `applyEvent`; an event already folded (same `messageId`) changes nothing.
 *
 * @param t - the event's time in epoch ms. @default from `event.timestamp`
 * @returns false when the event was a duplicate (and nothing changed).
 * @throws {InvalidEventError} when the event's timestamp is not a date.
 * @example
 * ```ts
 * import { applyEventInPlace, createCustomerState } from '@retain/core';
 * const state = createCustomerState('user-42');
 * applyEventInPlace(state, { type: 'track', event: 'Order Completed', properties: { revenue: 80 }, messageId: 'm-1', timestamp: '2026-11-22T10:00:00.000Z', userId: 'user-42' }); // true
 * state.transactions.revenue; // 80
 * ```
 */
export function applyEventInPlace(draft: CustomerState, event: RetainEvent, t: number = eventTime(event)): boolean {
  if (checkAndRemember(draft.seen, t, event.messageId)) return false;
  const hot = loadHot(draft);
  applyNewEvent(draft, event, t, hot);
  storeHot(draft, hot);
  return true;
}

/**
 * @internal Folds an event known not to be a duplicate into `draft` (mutating it), without
 * touching `draft.seen`: the batch folds remember message ids themselves.
 *
 * @param hot - the fields that nearly every event changes, from {@link loadHot}: they are updated
 * there, not in `draft`, until {@link storeHot} writes them back (once per batch). Daily activity
 * is tallied there too, which assumes the events of a batch come in time order.
 */
export function applyNewEvent(draft: CustomerState, event: RetainEvent, t: number, hot: HotFields): void {
  hot.eventCount++;
  if (t > hot.updatedAt) hot.updatedAt = t;
  applyIdentity(draft, event, t, hot);

  switch (event.type) {
    case 'identify':
      if (draft.kind === 'customer' && event.traits !== undefined) mergeTraits(draft, event.traits, t);
      break;
    case 'group':
      if (draft.kind === 'account' && event.traits !== undefined) mergeTraits(draft, event.traits, t);
      break;
    case 'page':
      if (isActive(event.context)) recordActive(draft, t, hot);
      countAction(draft, PAGE_VIEWED, t);
      break;
    case 'track': {
      const known = KNOWN_TRACK.get(event.event);
      if (known !== false && isActive(event.context)) recordActive(draft, t, hot);
      countAction(draft, event.event, t);
      if (known !== undefined) applyTrack(draft, event.event, event.properties ?? NO_PROPERTIES, event.messageId, t, hot);
      break;
    }
  }
}

function applyIdentity(draft: CustomerState, event: RetainEvent, t: number, hot: HotFields): void {
  if (event.anonymousId !== undefined && draft.kind === 'customer') addAnonymousId(draft, event.anonymousId);
  if (event.userId !== undefined) {
    if (draft.kind === 'customer') setUserId(hot, event.userId, t);
    else addMember(draft, event.userId);
  }
  const accountId = accountIdOf(event);
  if (accountId !== undefined) setAccountId(hot, accountId, t);
}

const byString = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** @internal Adds `anonymousId` to a customer's ids (kept sorted; the greatest {@link MAX_ANONYMOUS_IDS}). Adding it again changes nothing. */
export function addAnonymousId(draft: CustomerState, anonymousId: string): void {
  const ids = draft.identity.anonymousIds;
  if (ids.includes(anonymousId)) return;
  insertSorted(ids, anonymousId, byString);
  if (ids.length > MAX_ANONYMOUS_IDS) ids.shift();
}

/** @internal Adds `userId` to an account's members (kept sorted; the greatest {@link MAX_MEMBERS}). Adding it again changes nothing. */
export function addMember(draft: CustomerState, userId: string): void {
  const members = draft.identity.members;
  if (members.includes(userId)) return;
  insertSorted(members, userId, byString);
  if (members.length > MAX_MEMBERS) members.shift();
}

/** @internal The customer's `userId`: the latest wins (at a tie, the greater). */
export function setUserId(hot: HotFields, userId: string, t: number): void {
  if (t > hot.userIdAt || (t === hot.userIdAt && userId > (hot.userId ?? ''))) {
    hot.userId = userId;
    hot.userIdAt = t;
  }
}

/** @internal The state's `accountId`: the latest wins (at a tie, the greater). */
export function setAccountId(hot: HotFields, accountId: string, t: number): void {
  if (t > hot.accountIdAt || (t === hot.accountIdAt && accountId > (hot.accountId ?? ''))) {
    hot.accountId = accountId;
    hot.accountIdAt = t;
  }
}

/**
 * The account an event belongs to: a `group` call's `groupId`, else `context.groupId`
 * (the Segment convention for B2B events).
 *
 * @example
 * ```ts
 * import { accountIdOf } from '@retain/core';
 * accountIdOf({ type: 'group', groupId: 'acct-7', messageId: 'm', timestamp: '2026-11-22T10:00:00Z', userId: 'u' }); // 'acct-7'
 * ```
 */
export function accountIdOf(event: RetainEvent): string | undefined {
  return event.type === 'group' ? event.groupId : contextGroupId(event.context);
}

function contextGroupId(context: JsonObject | undefined): string | undefined {
  const groupId = context?.['groupId'];
  return typeof groupId === 'string' && groupId !== '' ? groupId : undefined;
}

/** @internal Merges identify (customer) or group (account) traits: per trait, the latest wins. */
export function mergeTraits(draft: CustomerState, traits: JsonObject, t: number): void {
  const { identity } = draft;
  for (const key in traits) {
    if (!Object.hasOwn(traits, key)) continue;
    const value = traits[key] as JsonValue;
    const at = getOwn(identity.traitTimes, key);
    if (at === undefined || t > at || (t === at && JSON.stringify(value) > JSON.stringify(getOwn(identity.traits, key) ?? null))) {
      setOwn(identity.traits, key, cloneJson(value));
      setOwn(identity.traitTimes, key, t);
    }
  }
}

/** @internal Whether an event with this context is activity (not sent with `context.active: false`). */
export const isActive = (context: JsonObject | undefined): boolean => context === undefined || context['active'] !== false;

/** @internal Records activity at `t`: visits, the daily tally, the `firstSeen` and `lastVisit` milestones. */
export function recordActive(draft: CustomerState, t: number, hot: HotFields): void {
  const previousLast = hot.lastSeen;
  const previousFirst = hot.firstSeen;
  if (t < previousFirst) hot.firstSeen = t;
  if (t > previousLast) hot.lastSeen = t;
  recordVisitActivity(draft.visits, t, previousLast, hot.lastSeen);
  const day = epochDay(t);
  const tally = hot.tally;
  if (tally.count > 0 && tally.day === day) tally.count++;
  else {
    flushActivity(draft.activity, tally);
    tally.day = day;
    tally.count = 1;
    tally.newestBefore = previousLast === -Infinity ? null : epochDay(previousLast);
    tally.oldest = previousFirst === Infinity ? -Infinity : epochDay(previousFirst);
  }
  markFirstSeen(draft, hot, t);
  markLastVisit(draft, hot, t);
}

/** @internal The action name of every page view. */
export const PAGE_VIEWED = 'Page Viewed';

/** @internal Counts one `name` action at `t`; returns its stats (which a batch fold may keep to count further ones). */
export function countAction(draft: CustomerState, name: string, t: number): ActionStats {
  let stats = getOwn(draft.actions, name);
  if (stats === undefined) setOwn(draft.actions, name, (stats = { count: 1, first: t, last: t }));
  else {
    stats.count++;
    if (t < stats.first) stats.first = t;
    if (t > stats.last) stats.last = t;
  }
  return stats;
}

function milestone(draft: CustomerState, name: string, t: number, hot: HotFields): void {
  // the two milestones of every visit are hot fields (see recordActive)
  if (name === 'firstSeen') return markFirstSeen(draft, hot, t);
  if (name === 'lastVisit') return markLastVisit(draft, hot, t);
  const current = getOwn(draft.milestones, name);
  if (current === undefined) setOwn(draft.milestones, name, t);
  else if (LATEST_MILESTONES.has(name) ? t > current : t < current) setOwn(draft.milestones, name, t);
}

const isConsentPurpose = (v: JsonValue | undefined): v is ConsentPurpose => typeof v === 'string' && (CONSENT_PURPOSES as readonly string[]).includes(v);
const num = (v: JsonValue | undefined): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const str = (v: JsonValue | undefined): string | undefined => (typeof v === 'string' ? v : undefined);

type LifecycleStatus = NonNullable<SubscriptionState['lifecycle']>['status'];

/** Lifecycle precedence for events at the same instant: later in this list wins. */
const STATUS_RANK: Record<LifecycleStatus, number> = { trialing: 1, active: 2, cancelled: 3 };

/** Records a lifecycle event (last write by timestamp wins) and re-derives the status. */
function setStatus(sub: SubscriptionState, status: LifecycleStatus, t: number, plan: string | undefined): void {
  const current = sub.lifecycle;
  if (current === null || t > current.at || (t === current.at && STATUS_RANK[status] > STATUS_RANK[current.status])) sub.lifecycle = { status, at: t };
  if (plan !== undefined && (sub.planAt === null || t > sub.planAt || (t === sub.planAt && plan > (sub.plan ?? '')))) {
    sub.plan = plan;
    sub.planAt = t;
  }
  deriveStatus(sub);
}

/** The status implied by the latest lifecycle event and the latest `Trial Ended`. */
function deriveStatus(sub: SubscriptionState): void {
  const last = sub.lifecycle;
  if (last === null) return;
  if (last.status === 'trialing' && sub.trialEndedAt !== null && sub.trialEndedAt >= last.at) {
    sub.status = 'none';
    sub.since = sub.trialEndedAt;
  } else {
    sub.status = last.status;
    sub.since = last.at;
  }
}

const NO_PROPERTIES: JsonObject = {};

/**
 * @internal The effects of a known track event (`KNOWN_TRACK`) beyond activity and its action
 * count: `name` is its `event`, `p` its properties.
 */
export function applyTrack(draft: CustomerState, name: string, p: JsonObject, messageId: string, t: number, hot: HotFields): void {
  switch (name) {
    case KnownEvent.SignedUp:
      milestone(draft, 'signedUp', t, hot);
      break;
    case KnownEvent.TrialStarted: {
      milestone(draft, 'trialStarted', t, hot);
      setStatus(draft.subscription, 'trialing', t, str(p['plan']));
      const end = str(p['trial_end_date']);
      const endMs = end === undefined ? NaN : parseTimestamp(end);
      if (!Number.isNaN(endMs)) draft.subscription.trialEndsAt = Math.max(draft.subscription.trialEndsAt ?? endMs, endMs);
      break;
    }
    case KnownEvent.TrialEnded:
      milestone(draft, 'trialEnded', t, hot);
      draft.subscription.trialEndedAt = Math.max(draft.subscription.trialEndedAt ?? t, t);
      deriveStatus(draft.subscription);
      break;
    case KnownEvent.SubscriptionStarted:
      milestone(draft, 'becamePaying', t, hot);
      setStatus(draft.subscription, 'active', t, str(p['plan']));
      break;
    case KnownEvent.SubscriptionCancelled:
      milestone(draft, 'subscriptionCancelled', t, hot);
      setStatus(draft.subscription, 'cancelled', t, undefined);
      break;
    case KnownEvent.PaymentFailed:
      milestone(draft, 'lastPaymentFailed', t, hot);
      draft.subscription.paymentFailures++;
      draft.subscription.lastPaymentFailedAt = Math.max(draft.subscription.lastPaymentFailedAt ?? t, t);
      break;
    case KnownEvent.OrderCompleted:
      milestone(draft, 'firstOrder', t, hot);
      milestone(draft, 'lastOrder', t, hot);
      recordOrder(draft.transactions, t, epochDay(t), num(p['revenue']) ?? num(p['total']) ?? 0);
      break;
    case KnownEvent.OrderRefunded:
      recordRefund(draft.transactions, num(p['revenue']) ?? num(p['total']) ?? 0);
      break;
    case KnownEvent.FeedbackGiven: {
      const nps = num(p['nps']);
      const csat = num(p['csat']);
      const thumbs = str(p['thumbs']);
      const kind = nps !== undefined ? 'nps' : csat !== undefined ? 'csat' : thumbs === 'up' || thumbs === 'down' ? 'thumbs' : undefined;
      if (kind === undefined) break;
      const score = nps ?? csat ?? (thumbs === 'up' ? 1 : 0);
      const negative = nps !== undefined ? isNegativeNps(nps) : csat !== undefined ? isNegativeCsat(csat) : thumbs === 'down';
      recordFeedback(draft.feedback, { kind, score, negative, at: t, messageId });
      milestone(draft, 'lastFeedback', t, hot);
      if (negative) milestone(draft, 'lastNegativeFeedback', t, hot);
      break;
    }
    case KnownEvent.FunnelStepReached: {
      const funnel = str(p['funnel']);
      const step = str(p['step']);
      const index = num(p['step_index']);
      if (funnel !== undefined && step !== undefined && index !== undefined) recordFunnelStep(draft.funnels, funnel, step, index, t, p['final'] === true);
      break;
    }
    case KnownEvent.MessageSent:
    case KnownEvent.MessageShown: {
      const id = str(p['message_id']);
      if (id === undefined) break;
      const channel: Channel = messageChannel(p['channel']);
      recordReceived(draft.messages, { id, channel, score: num(p['score']) ?? null, at: t, campaign: str(p['campaign']) ?? null });
      if (name === KnownEvent.MessageShown) recordInteraction(draft.interactions, id, 'shown', t);
      break;
    }
    case KnownEvent.MessageClicked:
    case KnownEvent.MessageDismissed: {
      const id = str(p['message_id']);
      if (id !== undefined) recordInteraction(draft.interactions, id, name === KnownEvent.MessageClicked ? 'clicked' : 'dismissed', t);
      break;
    }
    case KnownEvent.ConsentChanged: {
      const purpose = p['purpose'];
      const granted = p['granted'];
      if (!isConsentPurpose(purpose) || typeof granted !== 'boolean') break;
      const current = draft.consent[purpose];
      // Last write by timestamp wins; at the same instant a withdrawal wins (the safe side).
      if (current === undefined || t > current.at || (t === current.at && !granted)) draft.consent[purpose] = { granted, at: t };
      break;
    }
    case KnownEvent.MetricSet: {
      const metric = str(p['metric']);
      const value = num(p['value']);
      if (metric === undefined || value === undefined) break;
      const current = getOwn(draft.metrics, metric);
      if (current === undefined || t > current.updatedAt || (t === current.updatedAt && value > current.value)) setOwn(draft.metrics, metric, { value, updatedAt: t });
      break;
    }
    case KnownEvent.MetricIncremented: {
      const metric = str(p['metric']);
      if (metric === undefined) break;
      const by = num(p['by']) ?? 1;
      const current = getOwn(draft.metrics, metric);
      if (current === undefined) setOwn(draft.metrics, metric, { value: by, updatedAt: t });
      else {
        current.value += by;
        current.updatedAt = Math.max(current.updatedAt, t);
      }
      break;
    }
    case KnownEvent.MilestoneReached: {
      const name = str(p['milestone']);
      if (name !== undefined) milestone(draft, name, t, hot);
      break;
    }
    case KnownEvent.ExperimentViewed: {
      const experiment = str(p['experiment_id']);
      const variation = str(p['variation_id']);
      if (experiment === undefined || variation === undefined) break;
      const current = getOwn(draft.experiments, experiment);
      if (current === undefined || t > current.at || (t === current.at && variation > current.variation)) setOwn(draft.experiments, experiment, { variation, at: t });
      break;
    }
    default:
      break;
  }
}
