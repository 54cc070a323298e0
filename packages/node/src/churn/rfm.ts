/**
 * RFM: recency, frequency and monetary scores (1–5) and the usual named segments.
 */
import { epochDay, type CustomerState } from '@retain/core';
import { z } from 'zod';
import { parseInput } from './model-inputs.js';

/** What RFM needs of a customer. */
export interface RfmInput {
  customerId: string;
  /** Days since the last purchase. */
  recencyDays: number;
  /** Purchases (purchase days). */
  frequency: number;
  /** Money spent. */
  monetary: number;
}

/** Named RFM segments. */
export type RfmSegment =
  | 'champions'
  | 'loyal'
  | 'potentialLoyalist'
  | 'newCustomers'
  | 'promising'
  | 'needsAttention'
  | 'atRisk'
  | 'cannotLoseThem'
  | 'hibernating'
  | 'lost';

/** A customer's RFM scores and segment. */
export interface RfmScore {
  customerId: string;
  /** 5 = bought most recently. */
  r: number;
  /** 5 = buys most often. */
  f: number;
  /** 5 = spends most. */
  m: number;
  segment: RfmSegment;
}

/** How to turn values into 1–5 scores. */
export type RfmScoring =
  | { method: 'quintiles' }
  | {
      method: 'cutPoints';
      /** Four ascending day counts: recency ≤ recency[3] scores ≥ 2 … ≤ recency[0] scores 5. */
      recency: [number, number, number, number];
      /** Four ascending thresholds: frequency ≥ frequency[0] scores ≥ 2 … ≥ frequency[3] scores 5. */
      frequency: [number, number, number, number];
      /** Four ascending thresholds, as for frequency. */
      monetary: [number, number, number, number];
    };

const ascending4 = z
  .tuple([z.number(), z.number(), z.number(), z.number()])
  .refine((t) => t.every((v, i) => i === 0 || v >= (t[i - 1] as number)), 'cut points must be ascending');
const ScoringSchema = z.discriminatedUnion('method', [
  z.object({ method: z.literal('quintiles') }),
  z.object({ method: z.literal('cutPoints'), recency: ascending4, frequency: ascending4, monetary: ascending4 }),
]);
const InputSchema = z.object({
  customerId: z.string(),
  recencyDays: z.number().finite().min(0, 'recencyDays must be ≥ 0'),
  frequency: z.number().finite().min(0, 'frequency must be ≥ 0'),
  monetary: z.number().finite(),
});

/**
 * The segment of an (R, FM) pair, FM being the rounded mean of the F and M scores. The rules, in order:
 * R≥4 & FM≥4 champions · R=1 & FM=5 cannot lose them · R≤2 & FM≥3 at risk · R≥3 & FM≥3 loyal ·
 * R≥4 & FM=2 potential loyalist · R=5 & FM=1 new customers · R=4 & FM=1 promising ·
 * R=3 needs attention · R=2 hibernating · R=1 lost.
 *
 * @example
 * ```ts
 * import { rfmSegment } from '@retain/node';
 * rfmSegment(5, 5, 4); // 'champions'
 * ```
 */
export function rfmSegment(r: number, f: number, m: number): RfmSegment {
  const fm = Math.round((f + m) / 2);
  if (r >= 4 && fm >= 4) return 'champions';
  if (r === 1 && fm === 5) return 'cannotLoseThem';
  if (r <= 2 && fm >= 3) return 'atRisk';
  if (r >= 3 && fm >= 3) return 'loyal';
  if (r >= 4 && fm === 2) return 'potentialLoyalist';
  if (r === 5) return 'newCustomers';
  if (r === 4) return 'promising';
  if (r === 3) return 'needsAttention';
  if (r === 2) return 'hibernating';
  return 'lost';
}

/**
 * Scores a population: quintiles (each score holds about a fifth of the customers; ties share a
 * score) or fixed cut points, then the named segment.
 *
 * @param customers - recency (days), frequency and monetary value per customer.
 * @param scoring - `{ method: 'quintiles' }` (default) or fixed cut points.
 * @example
 * ```ts
 * import { rfmScores } from '@retain/node';
 * const [best] = rfmScores([
 *   { customerId: 'a', recencyDays: 2, frequency: 12, monetary: 900 },
 *   { customerId: 'b', recencyDays: 200, frequency: 1, monetary: 20 },
 * ]);
 * best?.segment; // 'champions'
 * ```
 */
export function rfmScores(customers: readonly RfmInput[], scoring: RfmScoring = { method: 'quintiles' }): RfmScore[] {
  const s = parseInput(ScoringSchema, scoring, 'scoring');
  customers.forEach((c, i) => parseInput(InputSchema, c, `customers[${i}]`));
  let r: number[];
  let f: number[];
  let m: number[];
  if (s.method === 'quintiles') {
    r = quintiles(customers.map((c) => -c.recencyDays));
    f = quintiles(customers.map((c) => c.frequency));
    m = quintiles(customers.map((c) => c.monetary));
  } else {
    r = customers.map((c) => 1 + s.recency.filter((t) => c.recencyDays <= t).length);
    f = customers.map((c) => 1 + s.frequency.filter((t) => c.frequency >= t).length);
    m = customers.map((c) => 1 + s.monetary.filter((t) => c.monetary >= t).length);
  }
  return customers.map((c, i) => {
    const ri = r[i] as number;
    const fi = f[i] as number;
    const mi = m[i] as number;
    return { customerId: c.customerId, r: ri, f: fi, m: mi, segment: rfmSegment(ri, fi, mi) };
  });
}

/** 1 + ⌊5 · (values strictly lower) / n⌋: higher is better, ties share a score. */
function quintiles(values: readonly number[]): number[] {
  const n = values.length;
  const sorted = [...values].sort((a, b) => a - b);
  return values.map((v) => {
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((sorted[mid] as number) < v) lo = mid + 1;
      else hi = mid;
    }
    return 1 + Math.floor((5 * lo) / n);
  });
}

/**
 * RFM input from a customer's state: days since the last purchase day, purchase days, revenue
 * net of refunds. `null` before the first purchase.
 *
 * @example
 * ```ts
 * import { createCustomerState } from '@retain/core';
 * import { rfmInputFromState } from '@retain/node';
 * rfmInputFromState(createCustomerState('u1'), Date.now()); // null
 * ```
 */
export function rfmInputFromState(state: CustomerState, now: number): RfmInput | null {
  const days = state.transactions.purchaseDays;
  const last = days[days.length - 1];
  if (last === undefined) return null;
  return {
    customerId: state.id,
    recencyDays: Math.max(0, epochDay(now) - last.day),
    frequency: days.length,
    monetary: state.transactions.revenue - state.transactions.refundedAmount,
  };
}
