/**
 * Merging two customer states: what an anonymous visitor and the customer they turned out to be
 * (or two devices of one customer) each folded, combined into the state that folding both event
 * streams would give.
 */
import en from 'zod/v4/locales/en.js';
import { InvalidMergeError } from '../errors/invalid-merge-error.js';
import type { ValidationIssue } from '../errors/invalid-event-error.js';
import { toValidationIssues } from '../events/parse-event.js';
import type { JsonValue } from '../events/event-schema.js';
import { cloneJson } from './clone-state.js';
import { createCustomerState } from './create-customer-state.js';
import { CustomerStateSchema } from './customer-state-schema.js';
import { DEDUPE_WINDOW, MAX_FEEDBACK, MAX_MESSAGES, STATE_VERSION, type CustomerState, type IdentityState, type SeenMessages } from './customer-state.js';
import {
  cmp,
  LATEST_MILESTONES,
  later,
  mergeActivity,
  mergeFeedback,
  mergeFunnel,
  mergeInteractions,
  mergeRecord,
  mergeSubscription,
  mergeTransactions,
  mergeVisits,
  MAX_ANONYMOUS_IDS,
  MAX_MEMBERS,
  maxN,
  messageOrder,
  topOfUnion,
} from './merge-sections.js';
import { getOwn, setOwn } from './records.js';

/**
 * Options of {@link mergeCustomerStates}.
 *
 * @example
 * ```ts
 * import type { MergeStatesOptions } from '@retain/core';
 * const options: MergeStatesOptions = { id: 'user-42' };
 * ```
 */
export interface MergeStatesOptions {
  /** The merged state's id, e.g. the `userId` an anonymous visitor turned out to be. @default the id of `a` */
  id?: string;
}

/**
 * Merges two states of one customer (or one account) into the state that folding both event
 * streams would give. Pure: neither input is changed, and the result shares nothing with them.
 *
 * Section by section it applies the fold's own order-independent rules: counts and sums add up,
 * first and last times take the earliest and the latest, last-write-wins fields (`userId`,
 * `accountId`, each trait, consent, experiments, set metrics, the plan and lifecycle) take the
 * later write with the fold's tie-break, the bounded histories (messages, feedback, the message
 * ids remembered for duplicates, anonymous ids, members) keep the top of the union as the fold
 * would, and visits are joined by the 30-minute rule. So the merge is commutative and
 * associative (given the same `id`), and an empty state ({@link createCustomerState}) is its
 * identity apart from the id.
 *
 * Exact — deep-equal to folding the union of both event streams — for disjoint streams, except:
 * - a metric changed by `Metric Incremented` on both sides keeps the later side's value (the
 *   state does not say whether a value was set or counted; summing would double set values);
 * - a visit already archived on one side (older than 120 days, or beyond 400) is not joined with
 *   a visit of the other side it would have touched; its totals are added as they are;
 * - beyond the caps (20 anonymous ids, 1,000 members) the greatest ids are kept, where the fold
 *   keeps whichever arrived last.
 *
 * Events present on both sides are counted twice: merge the states of disjoint streams (the
 * remembered message ids are merged as a set, so the merged state still recognises a retry of
 * any of the {@link DEDUPE_WINDOW} latest events of either side).
 *
 * @param a - a state; its id is kept unless `options.id` is given.
 * @param b - a state of the same kind (customer or account).
 * @throws {InvalidMergeError} when a state is not a valid state of the current version
 *   (migrate a stored one with {@link parseCustomerState} first), or the kinds differ; every
 *   issue's path starts with `a` or `b`.
 * @example
 * ```ts
 * import { foldEvents, mergeCustomerStates } from '@retain/core';
 * const visitor = foldEvents([{ type: 'track', event: 'Product Added', messageId: 'm1', timestamp: '2026-11-22T10:00:00Z', anonymousId: 'a-1' }]);
 * const ada = foldEvents([{ type: 'track', event: 'Product Added', messageId: 'm2', timestamp: '2026-11-23T10:00:00Z', userId: 'ada' }]);
 * const merged = mergeCustomerStates(ada, visitor, { id: 'ada' });
 * merged.actions['Product Added']?.count; // 2
 * merged.identity.anonymousIds; // ['a-1']
 * ```
 */
export function mergeCustomerStates(a: CustomerState, b: CustomerState, options: MergeStatesOptions = {}): CustomerState {
  checkStates(a, b);
  const out = createCustomerState(options.id ?? a.id, a.kind);
  out.identity = mergeIdentity(a.identity, b.identity);
  out.visits = mergeVisits(a.visits, b.visits);
  mergeRecord(out.actions, a.actions, b.actions, (x, y) => ({ count: x.count + y.count, first: Math.min(x.first, y.first), last: Math.max(x.last, y.last) }), (x) => ({ ...x }));
  // Last write wins (a greater value at a tie), as `Metric Set` folds; see above for counters.
  mergeRecord(out.metrics, a.metrics, b.metrics, (x, y) => ({ ...(x.updatedAt !== y.updatedAt ? (x.updatedAt > y.updatedAt ? x : y) : x.value >= y.value ? x : y) }), (x) => ({ ...x }));
  mergeRecord(out.milestones, a.milestones, b.milestones, (x, y, name) => (LATEST_MILESTONES.has(name) ? Math.max(x, y) : Math.min(x, y)), (x) => x);
  mergeRecord(out.funnels, a.funnels, b.funnels, mergeFunnel, (x) => ({ ...x }));
  mergeActivity(out.activity, a.activity, b.activity);
  out.transactions = mergeTransactions(a.transactions, b.transactions);
  out.subscription = mergeSubscription(a.subscription, b.subscription);
  out.feedback = mergeFeedback(a.feedback, b.feedback, MAX_FEEDBACK);
  // Last write wins; at the same instant a withdrawal wins (the safe side).
  const consent = mergeRecord<{ granted: boolean; at: number }>({}, a.consent, b.consent, (x, y) => ({ ...later(x, y, (p) => !p.granted) }), (x) => ({ ...x }));
  out.consent = consent as CustomerState['consent'];
  out.messages = topOfUnion(a.messages, b.messages, messageOrder, MAX_MESSAGES, false, (m) => ({ ...m }));
  mergeRecord(out.interactions, a.interactions, b.interactions, mergeInteractions, (x) => ({ ...x }));
  mergeRecord(out.experiments, a.experiments, b.experiments, (x, y) => ({ ...later(x, y, (p, q) => p.variation >= q.variation) }), (x) => ({ ...x }));
  out.eventCount = a.eventCount + b.eventCount;
  out.updatedAt = maxN(a.updatedAt, b.updatedAt);
  out.seen = mergeSeenWindows(a.seen, b.seen);
  return out;
}

/** Ids: the later `userId` / `accountId` write (the greater id at a tie); anonymous ids and members as sorted sets; each trait by its later write (the greater JSON at a tie). Exact. */
function mergeIdentity(a: IdentityState, b: IdentityState): IdentityState {
  const user = pickLater(a.userIdAt, a.userId, b.userIdAt, b.userId) ? a : b;
  const account = pickLater(a.accountIdAt, a.accountId, b.accountIdAt, b.accountId) ? a : b;
  const identity: IdentityState = {
    anonymousIds: topOfUnion(a.anonymousIds, b.anonymousIds, cmp, MAX_ANONYMOUS_IDS, true),
    userId: user.userId,
    userIdAt: user.userIdAt,
    accountId: account.accountId,
    accountIdAt: account.accountIdAt,
    members: topOfUnion(a.members, b.members, cmp, MAX_MEMBERS, true),
    traits: {},
    traitTimes: {},
  };
  const keys = [...new Set([...Object.keys(a.traitTimes), ...Object.keys(b.traitTimes)])].sort(cmp);
  for (const key of keys) {
    const ta = getOwn(a.traitTimes, key);
    const tb = getOwn(b.traitTimes, key);
    const va: JsonValue = getOwn(a.traits, key) ?? null;
    const vb: JsonValue = getOwn(b.traits, key) ?? null;
    const fromA = tb === undefined || (ta !== undefined && (ta > tb || (ta === tb && JSON.stringify(va) >= JSON.stringify(vb))));
    setOwn(identity.traits, key, cloneJson(fromA ? va : vb));
    setOwn(identity.traitTimes, key, (fromA ? ta : tb) as number);
  }
  return identity;
}

/** Whether side a's write of an id wins: the later time, the greater id at a tie (the fold's rule). */
function pickLater(atA: number | null, idA: string | null, atB: number | null, idB: string | null): boolean {
  if (atA === null || atB === null) return atB === null;
  return atA !== atB ? atA > atB : cmp(idA ?? '', idB ?? '') >= 0;
}

/** The remembered message ids: the {@link DEDUPE_WINDOW} greatest `(timestamp, id)` of both windows, each once. Exact. */
function mergeSeenWindows(a: SeenMessages, b: SeenMessages): SeenMessages {
  const pairs = (s: SeenMessages) => s.at.map((at, k) => [at, s.ids[k] as string] as const);
  const kept = topOfUnion(pairs(a), pairs(b), (x, y) => x[0] - y[0] || cmp(x[1], y[1]), DEDUPE_WINDOW, true);
  return { at: kept.map((p) => p[0]), ids: kept.map((p) => p[1]) };
}

/** Both states valid, of the current version and of the same kind; else an {@link InvalidMergeError}. */
function checkStates(a: unknown, b: unknown): void {
  const issues: ValidationIssue[] = [];
  for (const [side, state] of [['a', a], ['b', b]] as const) {
    if (typeof state !== 'object' || state === null || Array.isArray(state)) {
      issues.push({ path: [side], message: 'must be a customer state (an object)', code: 'invalid_type' });
    } else if ((state as { version?: unknown }).version !== STATE_VERSION) {
      issues.push({ path: [side, 'version'], message: `must be ${STATE_VERSION}, the current layout (upgrade a stored state with parseCustomerState first)`, code: 'invalid_value' });
    } else {
      const result = CustomerStateSchema.safeParse(state, { error: en().localeError });
      if (!result.success) issues.push(...toValidationIssues(result.error.issues, [side]));
    }
  }
  const kindA = (a as { kind?: unknown } | null)?.kind;
  const kindB = (b as { kind?: unknown } | null)?.kind;
  if (issues.length === 0 && kindA !== kindB) {
    issues.push({ path: ['b', 'kind'], message: `must be '${String(kindA)}' like a: a ${String(kindB)} state cannot be merged into a ${String(kindA)} state`, code: 'invalid_value' });
  }
  if (issues.length > 0) throw new InvalidMergeError(issues, [a, b]);
}
