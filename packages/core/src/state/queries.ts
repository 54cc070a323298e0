/**
 * Pure questions that rules, messages and churn heuristics ask of a state. Every function takes
 * `now` explicitly (epoch ms) and never reads the clock. Missing data has a defined answer:
 * `null` for "never happened", `0` for counts.
 */
import type { ConsentPurpose } from '../events/channels.js';
import { DAY_MS, type CustomerState, type MilestoneName } from './customer-state.js';
import { getOwn } from './records.js';
import { epochDay } from './time.js';

/**
 * Days (fractional) since a milestone, or `null` if it never happened.
 *
 * @example
 * ```ts
 * import { createCustomerState, daysSince } from '@retain/core';
 * daysSince(createCustomerState('u1'), 'lastVisit', Date.now()); // null
 * ```
 */
export function daysSince(state: CustomerState, milestone: MilestoneName, now: number): number | null {
  const at = getOwn(state.milestones, milestone);
  return at === undefined ? null : (now - at) / DAY_MS;
}

/**
 * Number of visits that started in `[from, to)`, from the visits kept individually (the last
 * 120 days of activity).
 *
 * @example
 * ```ts
 * import { createCustomerState, visitsBetween } from '@retain/core';
 * visitsBetween(createCustomerState('u1'), 0, Date.now()); // 0
 * ```
 */
export function visitsBetween(state: CustomerState, from: number, to: number): number {
  let count = 0;
  for (const s of state.visits.sessions) if (s.start >= from && s.start < to) count++;
  return count;
}

/**
 * Visits that started in the `days` days before `now`.
 *
 * @example
 * ```ts
 * import { createCustomerState, visitsInLastDays } from '@retain/core';
 * visitsInLastDays(createCustomerState('u1'), 7, Date.now()); // 0
 * ```
 */
export function visitsInLastDays(state: CustomerState, days: number, now: number): number {
  return visitsBetween(state, now - days * DAY_MS, now + 1);
}

/**
 * Active events in the `days` UTC days ending with the day of `now` (daily buckets).
 *
 * @example
 * ```ts
 * import { createCustomerState, eventsInLastDays } from '@retain/core';
 * eventsInLastDays(createCustomerState('u1'), 7, Date.now()); // 0
 * ```
 */
export function eventsInLastDays(state: CustomerState, days: number, now: number): number {
  const today = epochDay(now);
  return sumBuckets(state, today - days + 1, today);
}

/**
 * Days with any activity among the `days` UTC days ending with the day of `now`.
 *
 * @example
 * ```ts
 * import { activeDaysInLastDays, createCustomerState } from '@retain/core';
 * activeDaysInLastDays(createCustomerState('u1'), 30, Date.now()); // 0
 * ```
 */
export function activeDaysInLastDays(state: CustomerState, days: number, now: number): number {
  const today = epochDay(now);
  let active = 0;
  for (const key in state.activity) {
    const day = Number(key);
    if (day > today - days && day <= today && (state.activity[key] ?? 0) > 0) active++;
  }
  return active;
}

function sumBuckets(state: CustomerState, fromDay: number, toDay: number): number {
  let sum = 0;
  for (const key in state.activity) {
    const day = Number(key);
    if (day >= fromDay && day <= toDay) sum += state.activity[key] ?? 0;
  }
  return sum;
}

/**
 * Options of {@link activityRatio}.
 *
 * @example
 * ```ts
 * import { activityRatio, createCustomerState, type ActivityRatioOptions } from '@retain/core';
 * const options: ActivityRatioOptions = { recentDays: 14, baselineDays: 56, measure: 'events' };
 * activityRatio(createCustomerState('u1'), Date.parse('2026-11-22T00:00:00Z'), options);
 * ```
 */
export interface ActivityRatioOptions {
  /** Length of the recent window, in days. @default 7 */
  recentDays?: number;
  /** Length of the baseline window just before the recent one, in days. @default 28 */
  baselineDays?: number;
  /** Count visits (sessions) or events. @default 'visits' */
  measure?: 'visits' | 'events';
}

/**
 * The answer of {@link activityRatio}.
 *
 * @example
 * ```ts
 * import { activityRatio, createCustomerState, type ActivityRatio } from '@retain/core';
 * const r: ActivityRatio = activityRatio(createCustomerState('u1'), Date.parse('2026-11-22T00:00:00Z'));
 * const dropped = r.ratio !== null && r.ratio < 0.5;
 * ```
 */
export interface ActivityRatio {
  /** Activity in the recent window. */
  recent: number;
  /** Activity in the baseline window. */
  baseline: number;
  /** Recent daily rate ÷ baseline daily rate; `null` when the baseline is empty (no baseline to compare with). */
  ratio: number | null;
}

/**
 * The customer's recent activity rate against their own baseline: e.g. visits in the last 7 days
 * versus the 28 days before them, per day. A ratio below 0.5 means activity halved.
 *
 * @example
 * ```ts
 * import { activityRatio, createCustomerState } from '@retain/core';
 * activityRatio(createCustomerState('u1'), Date.now()).ratio; // null: no baseline yet
 * ```
 */
export function activityRatio(state: CustomerState, now: number, options: ActivityRatioOptions = {}): ActivityRatio {
  const recentDays = options.recentDays ?? 7;
  const baselineDays = options.baselineDays ?? 28;
  let recent: number;
  let baseline: number;
  if ((options.measure ?? 'visits') === 'visits') {
    const recentFrom = now - recentDays * DAY_MS;
    recent = visitsBetween(state, recentFrom, now + 1);
    baseline = visitsBetween(state, recentFrom - baselineDays * DAY_MS, recentFrom);
  } else {
    const today = epochDay(now);
    recent = sumBuckets(state, today - recentDays + 1, today);
    baseline = sumBuckets(state, today - recentDays - baselineDays + 1, today - recentDays);
  }
  return { recent, baseline, ratio: baseline === 0 ? null : recent / recentDays / (baseline / baselineDays) };
}

/**
 * Whether the customer reached `step` of `funnel` (by index, or by name as the furthest step).
 *
 * @example
 * ```ts
 * import { createCustomerState, funnelStepReached } from '@retain/core';
 * funnelStepReached(createCustomerState('u1'), 'checkout', 2); // false
 * ```
 */
export function funnelStepReached(state: CustomerState, funnel: string, step: number | string): boolean {
  const f = getOwn(state.funnels, funnel);
  if (f === undefined) return false;
  return typeof step === 'number' ? f.furthestIndex >= step : f.furthestStep === step;
}

/**
 * How long (ms) a funnel has been stalled: time since its last step when it is not completed;
 * `null` when never entered or completed.
 *
 * @example
 * ```ts
 * import { createCustomerState, funnelStalledForMs } from '@retain/core';
 * funnelStalledForMs(createCustomerState('u1'), 'onboarding', Date.now()); // null
 * ```
 */
export function funnelStalledForMs(state: CustomerState, funnel: string, now: number): number | null {
  const f = getOwn(state.funnels, funnel);
  if (f === undefined || f.completed) return null;
  return Math.max(0, now - f.lastActivityAt);
}

/**
 * Length of the run of negative feedback ending with the latest (two in a row is the strongest
 * churn signal, DOMAIN.md §4).
 *
 * @example
 * ```ts
 * import { consecutiveNegativeFeedback, createCustomerState } from '@retain/core';
 * consecutiveNegativeFeedback(createCustomerState('u1')); // 0
 * ```
 */
export function consecutiveNegativeFeedback(state: CustomerState): number {
  return state.feedback.consecutiveNegatives;
}

/**
 * Whether the customer has explicitly granted consent for a channel or purpose. No record
 * means no consent.
 *
 * @example
 * ```ts
 * import { createCustomerState, hasConsent } from '@retain/core';
 * hasConsent(createCustomerState('u1'), 'email'); // false
 * ```
 */
export function hasConsent(state: CustomerState, purpose: ConsentPurpose): boolean {
  return state.consent[purpose]?.granted === true;
}

/**
 * Whether the customer explicitly withdrew consent (opted out) for a channel or purpose.
 *
 * @example
 * ```ts
 * import { createCustomerState, hasOptedOut } from '@retain/core';
 * hasOptedOut(createCustomerState('u1'), 'sms'); // false
 * ```
 */
export function hasOptedOut(state: CustomerState, purpose: ConsentPurpose): boolean {
  return state.consent[purpose]?.granted === false;
}

/**
 * How many times the customer did `name` (0 if never).
 *
 * @example
 * ```ts
 * import { actionCount, createCustomerState } from '@retain/core';
 * actionCount(createCustomerState('u1'), 'Report Created'); // 0
 * ```
 */
export function actionCount(state: CustomerState, name: string): number {
  return getOwn(state.actions, name)?.count ?? 0;
}

/**
 * When the customer last did `name`, or `null`.
 *
 * @example
 * ```ts
 * import { createCustomerState, lastActionAt } from '@retain/core';
 * lastActionAt(createCustomerState('u1'), 'Product Added'); // null
 * ```
 */
export function lastActionAt(state: CustomerState, name: string): number | null {
  return getOwn(state.actions, name)?.last ?? null;
}

/**
 * The value of a business metric, or `null` if never set.
 *
 * @example
 * ```ts
 * import { createCustomerState, metricValue } from '@retain/core';
 * metricValue(createCustomerState('u1'), 'seats'); // null
 * ```
 */
export function metricValue(state: CustomerState, name: string): number | null {
  return getOwn(state.metrics, name)?.value ?? null;
}

/**
 * Messages received on any channel (or on `channel`) in `[now - days, now]`.
 *
 * @example
 * ```ts
 * import { createCustomerState, messagesInLastDays } from '@retain/core';
 * messagesInLastDays(createCustomerState('u1'), 7, Date.now(), 'email'); // 0
 * ```
 */
export function messagesInLastDays(state: CustomerState, days: number, now: number, channel?: string): number {
  const from = now - days * DAY_MS;
  let count = 0;
  for (const m of state.messages) if (m.at >= from && m.at <= now && (channel === undefined || m.channel === channel)) count++;
  return count;
}
