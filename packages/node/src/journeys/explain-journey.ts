/** Where a customer is in a journey, why, and what comes next and when. */
import type { CustomerState } from '@retain/core';
import { compileJourney, durationMs, stepAt, type JourneyInput } from './compile-journey.js';
import type { JourneyHistoryEntry, JourneyPosition, JourneyStep } from './journey.js';

/** The answer of {@link explainJourney}. */
export interface JourneyExplanation {
  journey: string;
  status: JourneyPosition['status'] | 'not entered';
  /** The step they are at, and since when. */
  step: { id: string; type: JourneyStep['type']; since: number; description: string } | null;
  /** What happens next, and when (null: on an event, or never). */
  next: { what: string; at: number | null } | null;
  /** How they got here: the latest history, oldest first. */
  why: JourneyHistoryEntry[];
  /** The same, as one sentence. */
  summary: string;
}

/**
 * Explains a customer's position in a journey: the step and since when, the reason (the recent
 * history), and what comes next and when.
 *
 * @example
 * ```ts
 * import { createCustomerState, type RetainEvent } from '@retain/core';
 * import { advanceJourney, explainJourney, journeyTemplates } from '@retain/node';
 * const onboarding = journeyTemplates.onboarding();
 * const signUp: RetainEvent = { type: 'track', event: 'Signed Up', userId: 'ada', messageId: 'm1', timestamp: '2026-05-01T09:00:00.000Z' };
 * const now = Date.parse('2026-05-01T09:00:00.000Z');
 * const { position } = advanceJourney(onboarding, { state: createCustomerState('ada'), event: signUp, now });
 * explainJourney(onboarding, { position, now }).summary;
 * // 'At wait-for-purchase since 2026-05-01T09:00:00.000Z: waiting for Order Completed until 2026-05-08T09:00:00.000Z, then nudge'
 * ```
 */
export function explainJourney(journey: JourneyInput, customer: { position: JourneyPosition | null | undefined; now: number; state?: CustomerState }): JourneyExplanation {
  const j = compileJourney(journey);
  const pos = customer.position ?? null;
  if (pos === null) return { journey: j.id, status: 'not entered', step: null, next: null, why: [], summary: `Not in ${j.id}: ${describeEntry(j.json.entry)}` };
  const why = pos.history.slice(-8);
  if (pos.status !== 'active' || pos.step === null) {
    return { journey: j.id, status: pos.status, step: null, next: null, why, summary: `Left ${j.id} (${pos.status}): ${pos.exitReason ?? 'done'}` };
  }
  const at = stepAt(j, pos.step);
  if (at === undefined) {
    return { journey: j.id, status: pos.status, step: null, next: { what: `migrate: step "${pos.step}" is not in version ${j.version}`, at: null }, why, summary: `At a removed step "${pos.step}": the next evaluation moves them to an exit` };
  }
  const { step, i } = at;
  const following = j.json.steps[i + 1]?.id ?? 'the end';
  const iso = (t: number) => new Date(t).toISOString();
  let next: JourneyExplanation['next'];
  let doing: string;
  if (step.type === 'wait' && step.for !== undefined) {
    const t = pos.stepSince + durationMs(step.for);
    doing = `waiting ${step.for.value} ${step.for.unit} until ${iso(t)}, then ${step.next ?? following}`;
    next = { what: step.next ?? following, at: t };
  } else if (step.type === 'wait') {
    const t = pos.stepSince + durationMs(step.timeout as NonNullable<typeof step.timeout>);
    const target = step.untilEvent?.event ?? 'its condition';
    doing = `waiting for ${target} until ${iso(t)}, then ${step.onTimeout ?? step.next ?? following}`;
    next = { what: `${step.next ?? following} on ${target}, else ${step.onTimeout ?? step.next ?? following}`, at: pos.dueAt ?? t };
  } else if (step.type === 'send' && pos.dueAt !== null) {
    doing = `retrying ${step.message} (refused ${pos.retries} time${pos.retries === 1 ? '' : 's'}) at ${iso(pos.dueAt)}`;
    next = { what: `send ${step.message}`, at: pos.dueAt };
  } else {
    doing = `at ${step.type} ${step.id}`;
    next = { what: step.id, at: null };
  }
  return {
    journey: j.id,
    status: pos.status,
    step: { id: step.id, type: step.type, since: pos.stepSince, description: step.description ?? doing },
    next,
    why,
    summary: `At ${step.id} since ${iso(pos.stepSince)}: ${doing}`,
  };
}

function describeEntry(entry: { event?: string; when?: unknown }): string {
  return entry.event === undefined ? 'enters when the entry condition holds' : `enters on ${entry.event}${entry.when === undefined ? '' : ' when the entry condition holds'}`;
}
