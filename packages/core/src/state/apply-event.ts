import { InvalidEventError } from '../errors/invalid-event-error.js';
import { CONSENT_PURPOSES, isChannel, type Channel, type ConsentPurpose } from '../events/channels.js';
import { KnownEvent } from '../events/event-names.js';
import type { JsonObject, JsonValue, RetainEvent, TrackEvent } from '../events/event-schema.js';
import { flushActivity } from './activity.js';
import { cloneJson, cloneState } from './clone-state.js';
import type { CustomerState, SubscriptionState } from './customer-state.js';
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

/** Known track event name → whether it counts as activity: one hash lookup tells unknown names (most events) apart. */
const KNOWN_TRACK: ReadonlyMap<string, boolean> = /* @__PURE__ */ new Map(Object.values(KnownEvent).map((name) => [name, !NOT_ACTIVITY.has(name)]));

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
 * @internal The reducer proper: folds `event` (at time `t`) into `draft`, mutating it.
 * @returns false when the event was a duplicate (and nothing changed).
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
      recordActive(draft, t, event.context, hot);
      countAction(draft, 'Page Viewed', t);
      break;
    case 'track': {
      const known = KNOWN_TRACK.get(event.event);
      if (known !== false) recordActive(draft, t, event.context, hot);
      countAction(draft, event.event, t);
      if (known !== undefined) applyTrack(draft, event, t, hot);
      break;
    }
  }
}

function applyIdentity(draft: CustomerState, event: RetainEvent, t: number, hot: HotFields): void {
  const id = draft.identity;
  if (event.anonymousId !== undefined && draft.kind === 'customer' && !id.anonymousIds.includes(event.anonymousId)) {
    insertSorted(id.anonymousIds, event.anonymousId, (a, b) => (a < b ? -1 : a > b ? 1 : 0));
    if (id.anonymousIds.length > MAX_ANONYMOUS_IDS) id.anonymousIds.shift();
  }
  if (event.userId !== undefined) {
    if (draft.kind === 'customer') {
      if (t > hot.userIdAt || (t === hot.userIdAt && event.userId > (hot.userId ?? ''))) {
        hot.userId = event.userId;
        hot.userIdAt = t;
      }
    } else if (!id.members.includes(event.userId)) {
      insertSorted(id.members, event.userId, (a, b) => (a < b ? -1 : a > b ? 1 : 0));
      if (id.members.length > MAX_MEMBERS) id.members.shift();
    }
  }
  const accountId = event.type === 'group' ? event.groupId : contextGroupId(event.context);
  if (accountId !== undefined && (t > hot.accountIdAt || (t === hot.accountIdAt && accountId > (hot.accountId ?? '')))) {
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

function mergeTraits(draft: CustomerState, traits: JsonObject, t: number): void {
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

function recordActive(draft: CustomerState, t: number, context: JsonObject | undefined, hot: HotFields): void {
  if (context !== undefined && context['active'] === false) return;
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

function countAction(draft: CustomerState, name: string, t: number): void {
  const stats = getOwn(draft.actions, name);
  if (stats === undefined) setOwn(draft.actions, name, { count: 1, first: t, last: t });
  else {
    stats.count++;
    if (t < stats.first) stats.first = t;
    if (t > stats.last) stats.last = t;
  }
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

function applyTrack(draft: CustomerState, event: TrackEvent, t: number, hot: HotFields): void {
  const p: JsonObject = event.properties ?? {};
  switch (event.event) {
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
      const entry =
        nps !== undefined
          ? { kind: 'nps' as const, score: nps, negative: isNegativeNps(nps) }
          : csat !== undefined
            ? { kind: 'csat' as const, score: csat, negative: isNegativeCsat(csat) }
            : thumbs === 'up' || thumbs === 'down'
              ? { kind: 'thumbs' as const, score: thumbs === 'up' ? 1 : 0, negative: thumbs === 'down' }
              : undefined;
      if (entry === undefined) break;
      recordFeedback(draft.feedback, { ...entry, at: t, messageId: event.messageId });
      milestone(draft, 'lastFeedback', t, hot);
      if (entry.negative) milestone(draft, 'lastNegativeFeedback', t, hot);
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
      if (event.event === KnownEvent.MessageShown) recordInteraction(draft.interactions, id, 'shown', t);
      break;
    }
    case KnownEvent.MessageClicked:
    case KnownEvent.MessageDismissed: {
      const id = str(p['message_id']);
      if (id !== undefined) recordInteraction(draft.interactions, id, event.event === KnownEvent.MessageClicked ? 'clicked' : 'dismissed', t);
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
