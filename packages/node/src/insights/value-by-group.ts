/**
 * Customer value by group: LTV by acquisition cohort or by traffic source (DOMAIN.md §4).
 */
import { z } from 'zod';
import { parseInsightInput } from './parse-input.js';

/** One customer's value and the group it belongs to. */
export interface GroupedValue {
  /** Cohort label (e.g. `'2026-01'`), traffic source, plan… */
  group: string;
  /** The value: CLV from {@link customerLifetimeValue}, revenue so far… */
  value: number;
}

/** One group's summary. */
export interface GroupValueSummary {
  group: string;
  customers: number;
  total: number;
  mean: number;
  median: number;
}

const Schema = z.array(z.object({ group: z.string(), value: z.number().finite('value must be a finite number') }));

/**
 * Total, mean and median value per group, sorted by mean value (highest first).
 *
 * @example
 * ```ts
 * import { valueByGroup } from '@retain/node';
 * valueByGroup([
 *   { group: 'ads', value: 20 }, { group: 'referral', value: 90 }, { group: 'ads', value: 40 },
 * ]); // [{ group: 'referral', customers: 1, total: 90, mean: 90, median: 90 }, { group: 'ads', customers: 2, total: 60, mean: 30, median: 30 }]
 * ```
 */
export function valueByGroup(customers: readonly GroupedValue[]): GroupValueSummary[] {
  parseInsightInput(Schema, customers, 'customers');
  const groups = new Map<string, number[]>();
  for (const c of customers) {
    let values = groups.get(c.group);
    if (values === undefined) groups.set(c.group, (values = []));
    values.push(c.value);
  }
  return [...groups.entries()]
    .map(([group, values]) => {
      values.sort((a, b) => a - b);
      const total = values.reduce((s, v) => s + v, 0);
      const mid = values.length >> 1;
      const median = values.length % 2 === 1 ? (values[mid] as number) : ((values[mid - 1] as number) + (values[mid] as number)) / 2;
      return { group, customers: values.length, total, mean: total / values.length, median };
    })
    .sort((a, b) => b.mean - a.mean || a.group.localeCompare(b.group));
}
