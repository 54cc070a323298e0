import { z } from 'zod';
import { InvalidInsightInputError } from './invalid-insight-input-error.js';
import { parseInsightInput } from './parse-input.js';

const count = z.number().int('must be a whole number').min(0, 'must be ≥ 0');

/**
 * Churn rate over a period: customers lost ÷ customers at the start.
 *
 * @param customersAtStart - customers at the start of the period (> 0).
 * @param churned - of those, how many left during it.
 * @example
 * ```ts
 * import { churnRate } from '@retain/node';
 * churnRate(200, 14); // 0.07
 * ```
 */
export function churnRate(customersAtStart: number, churned: number): number {
  parseInsightInput(count, customersAtStart, 'customersAtStart');
  parseInsightInput(count, churned, 'churned');
  if (customersAtStart === 0) throw new InvalidInsightInputError('customersAtStart', 'a churn rate needs customers at the start');
  if (churned > customersAtStart) throw new InvalidInsightInputError('churned', `cannot exceed customersAtStart (${churned} > ${customersAtStart})`);
  return churned / customersAtStart;
}

/**
 * Repeat-purchase rate: the share of customers with two purchases or more.
 *
 * @param purchasesPerCustomer - purchases (e.g. `state.transactions.purchaseDays.length`) per customer who bought.
 * @example
 * ```ts
 * import { repeatPurchaseRate } from '@retain/node';
 * repeatPurchaseRate([1, 3, 2, 1]); // 0.5
 * ```
 */
export function repeatPurchaseRate(purchasesPerCustomer: readonly number[]): number {
  parseInsightInput(z.array(count), purchasesPerCustomer, 'purchasesPerCustomer');
  const buyers = purchasesPerCustomer.filter((n) => n >= 1);
  if (buyers.length === 0) return 0;
  return buyers.filter((n) => n >= 2).length / buyers.length;
}
