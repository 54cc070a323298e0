import { flushActivity, newActivityTally, type ActivityTally } from './activity.js';
import type { CustomerState } from './customer-state.js';
import { getOwn, setOwn } from './records.js';

/**
 * @internal The scalars of a state that nearly every event changes, held apart while events are
 * folded and written back once at the end (with {@link storeHot}).
 *
 * Every time field here only ever holds a number, so V8 updates it in place; the state's own
 * `number | null` fields (and its dictionary-mode `milestones`) box each new time in a fresh heap
 * number, which cost the fold a young-generation allocation per field per event. A missing time
 * is `-Infinity` for a latest-wins field and `Infinity` for an earliest-wins one (event times are
 * finite, and JSON cannot hold either).
 */
export interface HotFields {
  eventCount: number;
  /** `updatedAt` (latest). */
  updatedAt: number;
  userId: string | null;
  /** `identity.userIdAt` (latest). */
  userIdAt: number;
  accountId: string | null;
  /** `identity.accountIdAt` (latest). */
  accountIdAt: number;
  /** `visits.firstSeen` (earliest). */
  firstSeen: number;
  /** `visits.lastSeen` (latest). */
  lastSeen: number;
  /** `milestones.firstSeen` (earliest). */
  firstSeenMilestone: number;
  /** `milestones.lastVisit` (latest). */
  lastVisitMilestone: number;
  /** Today's run of active events (see {@link ActivityTally}). */
  tally: ActivityTally;
}

const latest = (v: number | null | undefined): number => (v === null || v === undefined ? -Infinity : v);
const earliest = (v: number | null | undefined): number => (v === null || v === undefined ? Infinity : v);
const orNull = (v: number): number | null => (v === Infinity || v === -Infinity ? null : v);

/** @internal The hot fields of `state`, to fold events with. */
export function loadHot(state: CustomerState): HotFields {
  const { identity, visits, milestones } = state;
  return {
    eventCount: state.eventCount,
    updatedAt: latest(state.updatedAt),
    userId: identity.userId,
    userIdAt: latest(identity.userIdAt),
    accountId: identity.accountId,
    accountIdAt: latest(identity.accountIdAt),
    firstSeen: earliest(visits.firstSeen),
    lastSeen: latest(visits.lastSeen),
    firstSeenMilestone: earliest(getOwn(milestones, 'firstSeen')),
    lastVisitMilestone: latest(getOwn(milestones, 'lastVisit')),
    tally: newActivityTally(),
  };
}

/** @internal Writes the hot fields back into `draft` (and adds the tallied activity to its buckets). */
export function storeHot(draft: CustomerState, hot: HotFields): void {
  flushActivity(draft.activity, hot.tally);
  draft.eventCount = hot.eventCount;
  draft.updatedAt = orNull(hot.updatedAt);
  const { identity, visits, milestones } = draft;
  identity.userId = hot.userId;
  identity.userIdAt = orNull(hot.userIdAt);
  identity.accountId = hot.accountId;
  identity.accountIdAt = orNull(hot.accountIdAt);
  visits.firstSeen = orNull(hot.firstSeen);
  visits.lastSeen = orNull(hot.lastSeen);
  if (hot.firstSeenMilestone !== Infinity) setOwn(milestones, 'firstSeen', hot.firstSeenMilestone);
  if (hot.lastVisitMilestone !== -Infinity) setOwn(milestones, 'lastVisit', hot.lastVisitMilestone);
}

/**
 * @internal Records `t` for the `firstSeen` milestone (earliest wins). The first time also sets
 * the key in `draft`, so the milestones keep the order in which they were first reached.
 */
export function markFirstSeen(draft: CustomerState, hot: HotFields, t: number): void {
  if (t >= hot.firstSeenMilestone) return;
  if (hot.firstSeenMilestone === Infinity) setOwn(draft.milestones, 'firstSeen', t);
  hot.firstSeenMilestone = t;
}

/** @internal Records `t` for the `lastVisit` milestone (latest wins), as {@link markFirstSeen} does. */
export function markLastVisit(draft: CustomerState, hot: HotFields, t: number): void {
  if (t <= hot.lastVisitMilestone) return;
  if (hot.lastVisitMilestone === -Infinity) setOwn(draft.milestones, 'lastVisit', t);
  hot.lastVisitMilestone = t;
}
