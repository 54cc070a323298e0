import type { FunnelState } from './customer-state.js';
import { getOwn, setOwn } from './records.js';

/**
 * @internal Records that `step` (at `index`) of `funnel` was reached at `t` (mutates `funnels`).
 * The furthest step is the highest index; among equal indexes the earliest time counts, so the
 * result does not depend on arrival order; the funnel is completed when any event at the furthest
 * index is `final`.
 */
export function recordFunnelStep(
  funnels: Record<string, FunnelState>,
  funnel: string,
  step: string,
  index: number,
  t: number,
  final: boolean,
): void {
  const current = getOwn(funnels, funnel);
  if (current === undefined) {
    setOwn(funnels, funnel, { furthestStep: step, furthestIndex: index, reachedAt: t, startedAt: t, lastActivityAt: t, completed: final });
    return;
  }
  current.startedAt = Math.min(current.startedAt, t);
  current.lastActivityAt = Math.max(current.lastActivityAt, t);
  if (index > current.furthestIndex || (index === current.furthestIndex && (t < current.reachedAt || (t === current.reachedAt && step < current.furthestStep)))) {
    // The funnel is completed when any event at the furthest index says so.
    current.completed = index === current.furthestIndex ? current.completed || final : final;
    current.furthestIndex = index;
    current.furthestStep = step;
    current.reachedAt = t;
  } else if (index === current.furthestIndex && final) {
    current.completed = true;
  }
}
