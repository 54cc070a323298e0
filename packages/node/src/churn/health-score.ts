/**
 * A 0–100 health score that a person can read: 100 minus the points each churn signal takes away,
 * with the reasons that moved it.
 */
import type { CustomerState } from '@retain/core';
import { z } from 'zod';
import { activityDropSignal } from './activity-drop.js';
import { funnelStallSignal } from './funnel-stall.js';
import { InvalidModelInputError } from './invalid-model-input-error.js';
import { parseInput } from './model-inputs.js';
import { negativeFeedbackSignal } from './negative-feedback.js';
import { paymentFailuresSignal } from './payment-failures.js';
import { purchaseOverdueSignal } from './purchase-overdue.js';
import type { ChurnSignal, SignalName } from './signal.js';
import { visitGapSignal } from './visit-gap.js';

/** Points each signal can take away at full severity. */
export type HealthWeights = Record<SignalName, number>;

/**
 * The default weights: the most points go to the strongest signals. Two consecutive negative
 * feedbacks (severity 0.8) cost 32 points, one costs 14; two payment failures cost 25.
 */
export const DEFAULT_HEALTH_WEIGHTS: Readonly<HealthWeights> = Object.freeze({
  negativeFeedback: 40,
  paymentFailures: 25,
  activityDrop: 20,
  visitGap: 15,
  funnelStall: 10,
  purchaseOverdue: 10,
});

/** One reason the score moved: the signal, its severity and the points it took away (≤ 0). */
export interface HealthReason extends ChurnSignal {
  /** Points added to the score (negative: taken away). */
  contribution: number;
}

/** The answer of {@link healthScore}. */
export interface HealthScore {
  /** 0 (about to churn) to 100 (no sign of risk). */
  score: number;
  /** The signals that moved the score, largest effect first. */
  reasons: HealthReason[];
}

const weight = z.number().finite().min(0, 'weights must be ≥ 0');
const WeightsSchema = z.strictObject({
  negativeFeedback: weight.optional(),
  paymentFailures: weight.optional(),
  activityDrop: weight.optional(),
  visitGap: weight.optional(),
  funnelStall: weight.optional(),
  purchaseOverdue: weight.optional(),
});

/**
 * The customer's health, 0–100: 100 − Σ weight × severity over the churn signals (negative
 * feedback, payment failures, activity drop, visit gap, funnel stall, purchase overdue), floored at 0.
 *
 * @param state - the customer's state.
 * @param now - epoch ms (never read from the clock).
 * @param weights - points per signal at full severity; missing ones take {@link DEFAULT_HEALTH_WEIGHTS}.
 * @returns the score and the reasons, each with its contribution.
 * @example
 * ```ts
 * import { applyEvent, createCustomerState } from '@retain/core';
 * import { healthScore } from '@retain/node';
 * let state = createCustomerState('u1');
 * for (const [i, nps] of [3, 2].entries()) {
 *   state = applyEvent(state, {
 *     type: 'track', event: 'Feedback Given', properties: { nps },
 *     messageId: `f${i}`, timestamp: `2026-11-0${i + 1}T10:00:00Z`, userId: 'u1',
 *   });
 * }
 * const health = healthScore(state, Date.parse('2026-11-03T00:00:00Z'));
 * health.score; // 68
 * health.reasons[0]?.contribution; // -32: two negative feedbacks in a row
 * ```
 */
export function healthScore(state: CustomerState, now: number, weights: Partial<HealthWeights> = {}): HealthScore {
  if (!Number.isFinite(now)) throw new InvalidModelInputError('now', `must be a finite epoch-millisecond time, got ${now}`);
  const w: HealthWeights = { ...DEFAULT_HEALTH_WEIGHTS, ...stripUndefined(parseInput(WeightsSchema, weights, 'weights')) };
  const signals = [
    negativeFeedbackSignal(state),
    paymentFailuresSignal(state, now),
    activityDropSignal(state, now),
    visitGapSignal(state, now),
    funnelStallSignal(state, now),
    purchaseOverdueSignal(state, now),
  ];
  const reasons: HealthReason[] = [];
  let score = 100;
  for (const s of signals) {
    const contribution = -round2(w[s.signal] * s.severity);
    if (contribution === 0) continue;
    reasons.push({ ...s, contribution });
    score += contribution;
  }
  reasons.sort((a, b) => a.contribution - b.contribution);
  return { score: Math.max(0, Math.min(100, round2(score))), reasons };
}

function round2(v: number): number {
  return Math.round(v * 100) / 100;
}

function stripUndefined(o: Record<string, number | undefined>): Partial<HealthWeights> {
  const out: Partial<HealthWeights> = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined) out[k as SignalName] = v;
  return out;
}
