import { DAY_MS, MAX_SESSIONS, SESSION_RETENTION_DAYS, SESSION_TIMEOUT_MS, type Session, type VisitsState } from './customer-state.js';
import { partitionPoint } from './records.js';

/**
 * @internal Records activity at time `t` into the visits (mutates `visits`).
 *
 * Sessions are the connected runs of activity whose gaps are at most 30 minutes; an event that
 * bridges two visits merges them, so the result does not depend on arrival order. Visits that
 * ended more than {@link SESSION_RETENTION_DAYS} before the latest activity (or beyond
 * {@link MAX_SESSIONS}) are summarised in `archived`; a late event that old counts as an archived
 * visit of its own (the one order-sensitive case).
 *
 * `visits.firstSeen` and `visits.lastSeen` are not touched: the caller keeps them (see `HotFields`).
 *
 * @param previousLast - the latest activity before this event (`-Infinity`: none).
 * @param lastSeen - the latest activity, this event included.
 */
export function recordVisitActivity(visits: VisitsState, t: number, previousLast: number, lastSeen: number): void {
  const sessions = visits.sessions;
  const n = sessions.length;
  const last = sessions[n - 1];

  if (last !== undefined && t >= last.start) {
    // Common case: in time order, at or after the start of the latest visit.
    if (t <= last.end + SESSION_TIMEOUT_MS) {
      if (t > last.end) last.end = t;
      last.events++;
      // The horizon moved with the latest activity: older visits may now leave the window.
      if (t > previousLast && previousLast !== -Infinity && n > 1) pruneSessions(visits, lastSeen);
      return;
    }
    sessions.push({ start: t, end: t, events: 1 });
    pruneSessions(visits, lastSeen);
    return;
  }

  const horizon = lastSeen - SESSION_RETENTION_DAYS * DAY_MS;
  if (visits.archived.count > 0 && t < horizon && (sessions[0] === undefined || t < sessions[0].start - SESSION_TIMEOUT_MS)) {
    visits.archived.count++;
    visits.archived.events++;
    return;
  }

  // i = index of the last visit starting at or before t (-1 if none).
  const i = partitionPoint(n, (k) => (sessions[k] as Session).start <= t) - 1;
  const before = i >= 0 ? sessions[i] : undefined;
  const after = sessions[i + 1];
  const joinsBefore = before !== undefined && t <= before.end + SESSION_TIMEOUT_MS;
  const joinsAfter = after !== undefined && t >= after.start - SESSION_TIMEOUT_MS;

  if (joinsBefore && joinsAfter) {
    before.end = Math.max(before.end, after.end);
    before.events += after.events + 1;
    sessions.splice(i + 1, 1);
  } else if (joinsBefore) {
    if (t > before.end) before.end = t;
    before.events++;
  } else if (joinsAfter) {
    after.start = t;
    after.events++;
  } else {
    sessions.splice(i + 1, 0, { start: t, end: t, events: 1 });
  }
  pruneSessions(visits, lastSeen);
}

function pruneSessions(visits: VisitsState, lastSeen: number): void {
  const sessions = visits.sessions;
  const horizon = lastSeen - SESSION_RETENTION_DAYS * DAY_MS;
  const first = sessions[0];
  if (first === undefined || (first.end >= horizon && sessions.length <= MAX_SESSIONS)) return;
  let drop = 0;
  while (drop < sessions.length - 1 && ((sessions[drop] as Session).end < horizon || sessions.length - drop > MAX_SESSIONS)) drop++;
  if (drop === 0) return;
  for (let k = 0; k < drop; k++) {
    const s = sessions[k] as Session;
    visits.archived.count++;
    visits.archived.durationMs += s.end - s.start;
    visits.archived.events += s.events;
  }
  sessions.splice(0, drop);
}

/**
 * Summary figures of a customer's visits.
 *
 * @example
 * ```ts
 * import { createCustomerState, summarizeVisits, type VisitSummary } from '@retain/core';
 * const summary: VisitSummary = summarizeVisits(createCustomerState('u1').visits);
 * ```
 */
export interface VisitSummary {
  /** Number of visits. */
  count: number;
  /** Total time spent across visits (ms); a single-event visit lasts 0 ms. */
  totalDurationMs: number;
  /** Mean visit duration (ms); 0 with no visits. */
  meanDurationMs: number;
  /** Depth: mean events per visit; 0 with no visits. */
  depth: number;
  firstSeen: number | null;
  lastSeen: number | null;
}

/**
 * Count, total and mean duration, and depth (events per visit) of the visits.
 *
 * @example
 * ```ts
 * import { createCustomerState, summarizeVisits } from '@retain/core';
 * summarizeVisits(createCustomerState('u1').visits).count; // 0
 * ```
 */
export function summarizeVisits(visits: VisitsState): VisitSummary {
  let count = visits.archived.count;
  let duration = visits.archived.durationMs;
  let events = visits.archived.events;
  for (const s of visits.sessions) {
    count++;
    duration += s.end - s.start;
    events += s.events;
  }
  return {
    count,
    totalDurationMs: duration,
    meanDurationMs: count === 0 ? 0 : duration / count,
    depth: count === 0 ? 0 : events / count,
    firstSeen: visits.firstSeen,
    lastSeen: visits.lastSeen,
  };
}
