/**
 * Cohort retention: customers grouped by the period of their first activity, and the share of
 * each cohort active in each later period.
 */
import { z } from 'zod';
import { parseInsightInput } from './parse-input.js';

/** One activity record (a visit, an order…). */
export interface ActivityRecord {
  customerId: string;
  /** Epoch ms. */
  at: number;
}

/** Calendar periods (UTC). */
export type CohortPeriod = 'day' | 'week' | 'month';

/** One row of the retention table. */
export interface CohortRow {
  /** Start of the cohort's period, epoch ms. */
  start: number;
  /** `YYYY-MM` for months, `YYYY-MM-DD` otherwise. */
  label: string;
  /** Customers whose first activity fell in this period. */
  size: number;
  /** Customers active in period k after the first (index 0 is the cohort's own period: all of them). */
  active: number[];
  /** active[k] ÷ size. */
  retention: number[];
}

const RecordsSchema = z.array(z.object({ customerId: z.string(), at: z.number().finite('at must be a finite epoch-ms time') }));

const DAY = 86_400_000;

function periodIndex(at: number, period: CohortPeriod): number {
  if (period === 'month') {
    const d = new Date(at);
    return d.getUTCFullYear() * 12 + d.getUTCMonth();
  }
  const day = Math.floor(at / DAY);
  // Weeks start on Monday (1970-01-01 was a Thursday).
  return period === 'day' ? day : Math.floor((day + 3) / 7);
}

function periodStart(index: number, period: CohortPeriod): number {
  if (period === 'month') return Date.UTC(Math.floor(index / 12), index % 12, 1);
  return period === 'day' ? index * DAY : (index * 7 - 3) * DAY;
}

/**
 * The cohort retention table.
 *
 * @param records - activity records of all customers (any order).
 * @param period - cohort and column length. @default 'month'
 * @param now - the table stops at the period of `now` (later columns would be incomplete). @default the latest record
 * @example
 * ```ts
 * import { cohortRetention } from '@retain/node';
 * const table = cohortRetention([
 *   { customerId: 'a', at: Date.parse('2026-01-05') }, { customerId: 'a', at: Date.parse('2026-02-10') },
 *   { customerId: 'b', at: Date.parse('2026-01-20') },
 * ]);
 * table[0]?.retention; // [1, 0.5]
 * ```
 */
export function cohortRetention(records: readonly ActivityRecord[], period: CohortPeriod = 'month', now?: number): CohortRow[] {
  parseInsightInput(RecordsSchema, records, 'records');
  parseInsightInput(z.enum(['day', 'week', 'month']), period, 'period');
  if (records.length === 0) return [];
  const byCustomer = new Map<string, Set<number>>();
  let last = -Infinity;
  for (const r of records) {
    const p = periodIndex(r.at, period);
    last = Math.max(last, p);
    let set = byCustomer.get(r.customerId);
    if (set === undefined) byCustomer.set(r.customerId, (set = new Set()));
    set.add(p);
  }
  const lastPeriod = now === undefined ? last : periodIndex(now, period);
  const cohorts = new Map<number, { size: number; active: number[] }>();
  for (const periods of byCustomer.values()) {
    const first = Math.min(...periods);
    if (first > lastPeriod) continue;
    let c = cohorts.get(first);
    if (c === undefined) cohorts.set(first, (c = { size: 0, active: new Array<number>(lastPeriod - first + 1).fill(0) }));
    c.size++;
    for (const p of periods) if (p <= lastPeriod) c.active[p - first] = (c.active[p - first] as number) + 1;
  }
  return [...cohorts.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([index, c]) => {
      const start = periodStart(index, period);
      const iso = new Date(start).toISOString();
      return { start, label: period === 'month' ? iso.slice(0, 7) : iso.slice(0, 10), size: c.size, active: c.active, retention: c.active.map((a) => a / c.size) };
    });
}
