import type { TransactionsState } from './customer-state.js';

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
  let lo = 0;
  let hi = days.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((days[mid] as { day: number }).day < day) lo = mid + 1;
    else hi = mid;
  }
  const at = days[lo];
  if (at !== undefined && at.day === day) at.amount = addMoney(at.amount, amount);
  else days.splice(lo, 0, { day, amount: addMoney(0, amount) });
}

/** @internal Records a refund (mutates `tx`). */
export function recordRefund(tx: TransactionsState, amount: number): void {
  tx.refunds++;
  tx.refundedAmount = addMoney(tx.refundedAmount, amount);
}
