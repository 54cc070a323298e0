/**
 * Repeat-purchase summaries (x, t_x, T, mean repeat spend): the sufficient statistics of the
 * BG/NBD and Gamma-Gamma models, built with the CDNOW conventions.
 */
import { DAY_MS, epochDay, toMillis, type CustomerState, type TimeInput } from '@retain/core';
import { z } from 'zod';
import { InvalidModelInputError } from './invalid-model-input-error.js';
import { InvalidTransactionError } from './invalid-transaction-error.js';
import { TransactionSchema, type Transaction } from './transaction-log.js';

/** The time unit of x/t_x/T: days, weeks (CDNOW) or a number of days. */
export type TimeUnit = 'days' | 'weeks' | number;

/** One customer's repeat-purchase summary. Times are in the chosen unit. */
export interface CustomerSummary {
  customerId: string;
  /** Repeat purchase days in the calibration period (the first purchase is not counted). */
  x: number;
  /** Time from the first to the last purchase in calibration (`t_x`; 0 when x = 0). */
  tx: number;
  /** Time from the first purchase to the end of calibration. */
  T: number;
  /** Mean amount of the repeat purchase days (0 when x = 0): the Gamma-Gamma `z̄`. */
  meanRepeatSpend: number;
  /** First purchase, epoch ms (00:00 UTC of its day). */
  firstPurchaseAt: number;
  /** Repeat purchase days after calibration up to `holdoutEnd` (only when it was given). */
  holdoutPurchases?: number;
  /** Spend in the holdout period (only when `holdoutEnd` was given). */
  holdoutSpend?: number;
}

/** Options of {@link summarizeTransactions}. */
export interface SummarizeOptions {
  /** Last day of the calibration period (inclusive, by UTC day). CDNOW: `'1997-09-30'`. */
  calibrationEnd: TimeInput;
  /** Time unit of x/t_x/T. @default 'weeks' */
  unit?: TimeUnit;
  /** Last day of the holdout period (inclusive), to count holdout purchases. CDNOW: `'1998-06-30'`. */
  holdoutEnd?: TimeInput;
}

const time = z.union([z.number().finite(), z.date(), z.string()]).transform((v, ctx) => {
  const ms = toMillis(v);
  if (!Number.isFinite(ms)) ctx.addIssue({ code: 'custom', message: `not a date: ${String(v)}` });
  return ms;
});
const SummarizeOptionsSchema = z.object({
  calibrationEnd: time,
  unit: z.union([z.enum(['days', 'weeks']), z.number().positive()]).optional(),
  holdoutEnd: time.optional(),
});

/** @internal Days in one unit. */
export function unitDays(unit: TimeUnit = 'weeks'): number {
  return unit === 'weeks' ? 7 : unit === 'days' ? 1 : unit;
}

function parseOptions(options: SummarizeOptions): { calEnd: number; holdEnd: number | null; perUnit: number } {
  const parsed = SummarizeOptionsSchema.safeParse(options);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new InvalidModelInputError(`options.${issue?.path.join('.') ?? ''}`, issue?.message ?? 'invalid options');
  }
  const calEnd = epochDay(parsed.data.calibrationEnd);
  const holdEnd = parsed.data.holdoutEnd === undefined ? null : epochDay(parsed.data.holdoutEnd);
  if (holdEnd !== null && holdEnd < calEnd) throw new InvalidModelInputError('options.holdoutEnd', 'must not be before calibrationEnd');
  return { calEnd, holdEnd, perUnit: unitDays(parsed.data.unit) };
}

/**
 * Summarises a transaction log per customer: x (repeat purchase days in calibration), t_x, T and
 * the mean repeat spend, following the CDNOW conventions — orders on the same UTC day are merged,
 * the first purchase is not a repeat, times are measured from the first purchase day. Customers
 * whose first purchase is after `calibrationEnd` are left out (they are not in the cohort).
 *
 * @param log - orders, in any order.
 * @param options - calibration end, unit (default weeks), optional holdout end.
 * @returns one summary per customer, in order of first appearance in `log`.
 * @throws {@link InvalidTransactionError} for a bad record (with its 1-based index), {@link InvalidModelInputError} for bad options.
 * @example
 * ```ts
 * import { summarizeTransactions } from '@retain/node';
 * const [s] = summarizeTransactions(
 *   [
 *     { customerId: 'c1', at: Date.parse('1997-01-01'), amount: 29.33 },
 *     { customerId: 'c1', at: Date.parse('1997-01-18'), amount: 29.73 },
 *     { customerId: 'c1', at: Date.parse('1997-08-02'), amount: 14.96 },
 *   ],
 *   { calibrationEnd: '1997-09-30', unit: 'weeks' },
 * );
 * s?.x; // 2 — and s.tx ≈ 30.43, s.T ≈ 38.86, s.meanRepeatSpend ≈ 22.35
 * ```
 */
export function summarizeTransactions(log: Iterable<Transaction>, options: SummarizeOptions): CustomerSummary[] {
  const { calEnd, holdEnd, perUnit } = parseOptions(options);
  const byCustomer = new Map<string, Map<number, number>>();
  let index = 0;
  for (const record of log) {
    index++;
    // Fast path for well-formed records; the zod schema explains a bad one.
    if (!isTransaction(record)) {
      const parsed = TransactionSchema.safeParse(record);
      const reason = parsed.success ? 'invalid record' : parsed.error.issues.map((i) => `${i.path.join('.') || 'record'}: ${i.message}`).join('; ');
      throw new InvalidTransactionError(index, safeJson(record), reason);
    }
    const { customerId, at, amount } = record;
    let days = byCustomer.get(customerId);
    if (days === undefined) byCustomer.set(customerId, (days = new Map()));
    const day = epochDay(at);
    days.set(day, (days.get(day) ?? 0) + amount);
  }
  const out: CustomerSummary[] = [];
  for (const [customerId, days] of byCustomer) {
    const sorted = [...days.entries()].sort((p, q) => p[0] - q[0]).map(([day, amount]) => ({ day, amount }));
    const summary = summarizeDays(customerId, sorted, calEnd, holdEnd, perUnit);
    if (summary !== null) out.push(summary);
  }
  return out;
}

/** Options of {@link summarizeCustomerState}. */
export interface SummarizeStateOptions {
  /** Time unit of x/t_x/T. @default 'weeks' */
  unit?: TimeUnit;
}

/**
 * The same summary as {@link summarizeTransactions}, from a live customer's state
 * (`state.transactions.purchaseDays`), with the calibration period ending on the UTC day of `now`:
 * so any customer can be scored with a fitted model.
 *
 * @param state - the customer's state.
 * @param now - epoch ms; purchases after its UTC day are ignored.
 * @returns the summary, or `null` when the customer has not purchased yet.
 * @example
 * ```ts
 * import { applyEvent, createCustomerState } from '@retain/core';
 * import { summarizeCustomerState } from '@retain/node';
 * const state = applyEvent(createCustomerState('u1'), {
 *   type: 'track', event: 'Order Completed', properties: { revenue: 80 },
 *   messageId: 'm1', timestamp: '2026-01-01T10:00:00Z', userId: 'u1',
 * });
 * summarizeCustomerState(state, Date.parse('2026-01-15T00:00:00Z'))?.T; // 2 (weeks)
 * ```
 */
export function summarizeCustomerState(state: CustomerState, now: number, options: SummarizeStateOptions = {}): CustomerSummary | null {
  if (!Number.isFinite(now)) throw new InvalidModelInputError('now', `must be a finite epoch-millisecond time, got ${now}`);
  const unit = options.unit ?? 'weeks';
  if (typeof unit === 'number' && !(unit > 0)) throw new InvalidModelInputError('options.unit', `must be 'days', 'weeks' or a positive number of days, got ${unit}`);
  return summarizeDays(state.id, state.transactions.purchaseDays, epochDay(now), null, unitDays(unit));
}

function summarizeDays(
  customerId: string,
  days: ReadonlyArray<{ day: number; amount: number }>,
  calEnd: number,
  holdEnd: number | null,
  perUnit: number,
): CustomerSummary | null {
  const first = days[0];
  if (first === undefined || first.day > calEnd) return null;
  let x = 0;
  let last = first.day;
  let repeatSpend = 0;
  let holdoutPurchases = 0;
  let holdoutSpend = 0;
  for (let i = 1; i < days.length; i++) {
    const { day, amount } = days[i] as { day: number; amount: number };
    if (day <= calEnd) {
      x++;
      last = day;
      repeatSpend += amount;
    } else if (holdEnd !== null && day <= holdEnd) {
      holdoutPurchases++;
      holdoutSpend += amount;
    }
  }
  const summary: CustomerSummary = {
    customerId,
    x,
    tx: (last - first.day) / perUnit,
    T: (calEnd - first.day) / perUnit,
    meanRepeatSpend: x === 0 ? 0 : repeatSpend / x,
    firstPurchaseAt: first.day * DAY_MS,
  };
  if (holdEnd !== null) {
    summary.holdoutPurchases = holdoutPurchases;
    summary.holdoutSpend = holdoutSpend;
  }
  return summary;
}

function isTransaction(r: Transaction): boolean {
  return (
    typeof r === 'object' &&
    r !== null &&
    typeof r.customerId === 'string' &&
    r.customerId.length > 0 &&
    typeof r.at === 'number' &&
    Number.isFinite(r.at) &&
    typeof r.amount === 'number' &&
    Number.isFinite(r.amount) &&
    r.amount >= 0 &&
    (r.quantity === undefined || (Number.isInteger(r.quantity) && r.quantity >= 0))
  );
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
