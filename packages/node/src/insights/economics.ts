/**
 * Repeat-purchase economics (DOMAIN.md §5): what a returning customer is worth in new customers.
 */
import { z } from 'zod';
import { InvalidInsightInputError } from './invalid-insight-input-error.js';
import { parseInsightInput } from './parse-input.js';

/** Inputs of {@link repeatPurchaseEconomics}. */
export interface EconomicsInput {
  /** Price of one purchase. */
  price: number;
  /** Gross margin, 0–1. */
  margin: number;
  /** Cost of acquiring a customer. */
  acquisitionCost: number;
  /** How many purchases to tabulate. @default 3 */
  purchases?: number;
}

/** One row: after purchase `n`. */
export interface EconomicsRow {
  purchase: number;
  /** n × price × margin − acquisitionCost. */
  cumulativeProfit: number;
  /** New customers (each making one purchase) needed to earn as much: ⌈cumulative ÷ first-purchase profit⌉. */
  newCustomersToMatch: number;
}

const Schema = z.object({
  price: z.number().finite().positive('price must be > 0'),
  margin: z.number().finite().gt(0, 'margin must be > 0').max(1, 'margin must be ≤ 1'),
  acquisitionCost: z.number().finite().min(0, 'acquisitionCost must be ≥ 0'),
  purchases: z.number().int().min(1).max(1000).optional(),
});

/**
 * Cumulative profit per customer after each purchase, and how many new customers it would take to
 * earn the same. Vector: price $80, margin 50%, CAC $25 → $15, $55, $95; 1, 4, 7 new customers.
 *
 * @example
 * ```ts
 * import { repeatPurchaseEconomics } from '@retain/node';
 * repeatPurchaseEconomics({ price: 80, margin: 0.5, acquisitionCost: 25 }).map((r) => r.newCustomersToMatch); // [1, 4, 7]
 * ```
 */
export function repeatPurchaseEconomics(input: EconomicsInput): EconomicsRow[] {
  const { price, margin, acquisitionCost, purchases = 3 } = parseInsightInput(Schema, input, 'input');
  const perPurchase = price * margin;
  const first = perPurchase - acquisitionCost;
  if (!(first > 0)) throw new InvalidInsightInputError('input.acquisitionCost', `the first purchase must be profitable to count new customers in it (price × margin − CAC = ${first})`);
  return Array.from({ length: purchases }, (_, i) => {
    const n = i + 1;
    const cumulativeProfit = round2(n * perPurchase - acquisitionCost);
    return { purchase: n, cumulativeProfit, newCustomersToMatch: Math.ceil(cumulativeProfit / round2(first) - 1e-9) };
  });
}

function round2(v: number): number {
  return Math.round(v * 100) / 100;
}
