import type { TransactionsState } from './customer-state.js';
import { partitionPoint } from './records.js';

/** @internal Money is kept to the cent, so sums are exact and independent of the order of addition. */
export const addMoney = (a: number, b: number): number => Math.round(a * 100 + Math.round(b * 100)) / 100;

/** @internal Records an order of `amount` at `t` on UTC day `day` (mutates `tx`). Same-day orders merge into one purchase day. */
export function recordOrder(tx: TransactionsState, t: number, day: number, amount: number): void {
  tx.orders++;
  tx.revenue = addMoney(tx.revenue, amount);
  tx.firstOrderAt = tx.firstOrderAt === null ? t : Math.min(tx.firstOrderAt, t);
  tx.lastOrderAt = tx.lastOrderAt === null ? t : Math.max(tx.lastOrderAt, t);
  const days = tx.purchaseDays;
  const last = days[days.length - 1];
  if (last === undefined || last.day < day) {
    days.push({ day, amount: addMoney(0, amount) });
    return;
  }
  const lo = partitionPoint(days.length, (k) => (days[k] as { day: number }).day < day);
  const at = days[lo];
  if (at !== undefined && at.day === day) at.amount = addMoney(at.amount, amount);
  else days.splice(lo, 0, { day, amount: addMoney(0, amount) });
}

/** @internal Records a refund (mutates `tx`). */
export function recordRefund(tx: TransactionsState, amount: number): void {
  tx.refunds++;
  tx.refundedAmount = addMoney(tx.refundedAmount, amount);
}
