import { DAY_MS, SESSION_TIMEOUT_MS, hasOptedOut, type CustomerState } from '@retain/core/state';
import type { GlobalCaps } from './message-definition.js';
import type { MessageSpec } from './message-schema.js';

/** Why a message may not be shown now (or `null` when it may). */
export type CapReason = 'opted-out' | 'heard' | 'after-dismiss' | 'per-session' | 'per-window' | 'global-per-session' | 'global-per-window';

/**
 * Shows and dismissals made in this page that the state may not reflect yet (the tracking client
 * may fold events asynchronously). An entry is pending while the state's count for that message
 * is still at `baseline` (its value when the entry was made).
 */
export type LocalLedger = Array<{ id: string; kind: 'shown' | 'dismissed'; at: number; baseline: number }>;

/** @internal Drops the ledger entries that the state now reflects; returns those still pending. */
export function pendingEntries(state: CustomerState, ledger: LocalLedger): LocalLedger {
  const pending = ledger.filter((e) => {
    const i = Object.hasOwn(state.interactions, e.id) ? state.interactions[e.id] : undefined;
    return (i?.[e.kind] ?? 0) <= e.baseline;
  });
  ledger.splice(0, ledger.length, ...pending);
  return pending;
}

/**
 * Start of the customer's current visit (30-minute rule); with no open visit, 30 minutes before
 * `now` (activity since then would have opened one).
 *
 * @internal
 */
export function currentSessionStart(state: CustomerState, now: number): number {
  const last = state.visits.sessions[state.visits.sessions.length - 1];
  return last !== undefined && now <= last.end + SESSION_TIMEOUT_MS ? last.start : now - SESSION_TIMEOUT_MS;
}

/**
 * Checks the frequency caps of one message and the global caps against the persisted customer
 * state (so they hold across reloads), plus the shows of this page not yet in the state.
 *
 * @returns `null` when the message may be shown, else the first cap that forbids it.
 * @internal
 */
export function capReason(state: CustomerState, spec: MessageSpec, global: GlobalCaps, now: number, ledger: LocalLedger = []): CapReason | null {
  if (hasOptedOut(state, 'in_context')) return 'opted-out';
  const f = spec.frequency;
  const pending = pendingEntries(state, ledger);
  const interactions = Object.hasOwn(state.interactions, spec.id) ? state.interactions[spec.id] : undefined;
  let dismissed = interactions?.dismissed ?? 0;
  let lastDismissed = interactions?.lastDismissedAt ?? -Infinity;
  for (const e of pending) {
    if (e.id !== spec.id || e.kind !== 'dismissed') continue;
    dismissed++;
    lastDismissed = Math.max(lastDismissed, e.at);
  }
  if (dismissed >= f.maxDismissals) return 'heard';
  if (now - lastDismissed < f.afterDismissDays * DAY_MS) return 'after-dismiss';

  const sessionStart = currentSessionStart(state, now);
  const count = (from: number, id?: string): number => {
    let n = 0;
    for (const m of state.messages) if (m.channel === 'in_context' && m.at >= from && (id === undefined || m.id === id)) n++;
    for (const e of pending) if (e.kind === 'shown' && e.at >= from && (id === undefined || e.id === id)) n++;
    return n;
  };
  if (count(sessionStart, spec.id) >= f.perSession) return 'per-session';
  if (f.perWindow !== undefined && count(now - f.perWindow.days * DAY_MS, spec.id) >= f.perWindow.count) return 'per-window';
  if (count(sessionStart) >= (global.perSession ?? 3)) return 'global-per-session';
  if (global.perWindow !== undefined && count(now - global.perWindow.days * DAY_MS) >= global.perWindow.count) return 'global-per-window';
  return null;
}
