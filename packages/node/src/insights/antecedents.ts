/**
 * Antecedents: the events that precede an outcome. For each signal, the share of customers who
 * showed it and then reached the outcome, and its lift over the base rate.
 */
import { z } from 'zod';
import { parseInsightInput } from './parse-input.js';

/** One event in a customer's history. */
export interface HistoryEvent {
  name: string;
  /** Epoch ms. */
  at: number;
  properties?: Record<string, unknown>;
}

/** A customer's event history. */
export interface CustomerHistory {
  customerId: string;
  events: readonly HistoryEvent[];
}

/** A signal: when (epoch ms) it first showed in a history (sorted by time), or `null`. */
export interface AntecedentSignal {
  name: string;
  firstSeen: (events: readonly HistoryEvent[]) => number | null;
}

/** The outcome: an event name, or a predicate on events. */
export type Outcome = string | ((event: HistoryEvent) => boolean);

/** Options of {@link antecedents}. */
export interface AntecedentOptions {
  outcome: Outcome;
  signals: readonly AntecedentSignal[];
  /** Count the outcome only within this many ms after the signal. @default no limit */
  withinMs?: number;
}

/** One row of {@link antecedents}. */
export interface AntecedentRow {
  signal: string;
  /** Customers who showed the signal. */
  customers: number;
  /** Of those, how many reached the outcome after it. */
  withOutcome: number;
  /** withOutcome ÷ customers (0 when nobody showed the signal). */
  rate: number;
  /** rate ÷ base rate (`null` when the base rate is 0). */
  lift: number | null;
}

/** The answer of {@link antecedents}. */
export interface AntecedentReport {
  customers: number;
  /** Share of all customers who reached the outcome. */
  baseRate: number;
  signals: AntecedentRow[];
}

const HistorySchema = z.array(
  z.object({
    customerId: z.string(),
    events: z.array(z.object({ name: z.string(), at: z.number().finite('at must be a finite epoch-ms time') }).loose()),
  }),
);

/**
 * The rate of an outcome after each signal, and its lift over the base rate. With the DOMAIN.md §4
 * data: 35% of customers cancel after a negative feedback, 80% after two in a row.
 *
 * @param histories - event histories, one per customer (any order; sorted here).
 * @param options - the outcome, the signals, an optional window.
 * @example
 * ```ts
 * import { antecedents, consecutiveEventsSignal, eventSignal } from '@retain/node';
 * const negative = (e: { name: string; properties?: Record<string, unknown> }) =>
 *   e.name === 'Feedback Given' && Number(e.properties?.['nps']) <= 6;
 * const report = antecedents(
 *   [{ customerId: 'a', events: [{ name: 'Feedback Given', at: 1, properties: { nps: 3 } }, { name: 'Subscription Cancelled', at: 2 }] }],
 *   {
 *     outcome: 'Subscription Cancelled',
 *     signals: [
 *       eventSignal('negative feedback', negative),
 *       consecutiveEventsSignal('two negatives in a row', 2, negative, (e) => e.name === 'Feedback Given'),
 *     ],
 *   },
 * );
 * report.signals[0]?.rate; // 1
 * ```
 */
export function antecedents(histories: readonly CustomerHistory[], options: AntecedentOptions): AntecedentReport {
  parseInsightInput(HistorySchema, histories, 'histories');
  const isOutcome = typeof options.outcome === 'string' ? ((name: string) => (e: HistoryEvent) => e.name === name)(options.outcome) : options.outcome;
  const within = options.withinMs ?? Infinity;
  const rows = options.signals.map((s) => ({ signal: s.name, customers: 0, withOutcome: 0, rate: 0, lift: null as number | null }));
  let withOutcome = 0;
  for (const h of histories) {
    const events = [...h.events].sort((a, b) => a.at - b.at);
    const outcomes = events.filter(isOutcome).map((e) => e.at);
    if (outcomes.length > 0) withOutcome++;
    options.signals.forEach((s, i) => {
      const at = s.firstSeen(events);
      if (at === null) return;
      const row = rows[i] as AntecedentRow;
      row.customers++;
      if (outcomes.some((o) => o >= at && o - at <= within)) row.withOutcome++;
    });
  }
  const baseRate = histories.length === 0 ? 0 : withOutcome / histories.length;
  for (const row of rows) {
    row.rate = row.customers === 0 ? 0 : row.withOutcome / row.customers;
    row.lift = baseRate === 0 ? null : row.rate / baseRate;
  }
  return { customers: histories.length, baseRate, signals: rows };
}

/**
 * A signal that shows at the first event matching `match`.
 *
 * @example
 * ```ts
 * import { eventSignal } from '@retain/node';
 * eventSignal('payment failed', (e) => e.name === 'Payment Failed').firstSeen([{ name: 'Payment Failed', at: 5 }]); // 5
 * ```
 */
export function eventSignal(name: string, match: (event: HistoryEvent) => boolean): AntecedentSignal {
  return { name, firstSeen: (events) => events.find(match)?.at ?? null };
}

/**
 * A signal that shows when `count` events in a row among those selected by `among` match `match`
 * (e.g. two consecutive negative feedbacks among all feedback): at the last event of the first such run.
 *
 * @example
 * ```ts
 * import { consecutiveEventsSignal } from '@retain/node';
 * const s = consecutiveEventsSignal('2 negatives', 2, (e) => e.properties?.['negative'] === true, (e) => e.name === 'Feedback Given');
 * s.firstSeen([
 *   { name: 'Feedback Given', at: 1, properties: { negative: true } },
 *   { name: 'Feedback Given', at: 2, properties: { negative: true } },
 * ]); // 2
 * ```
 */
export function consecutiveEventsSignal(
  name: string,
  count: number,
  match: (event: HistoryEvent) => boolean,
  among: (event: HistoryEvent) => boolean = () => true,
): AntecedentSignal {
  return {
    name,
    firstSeen: (events) => {
      let run = 0;
      for (const e of events) {
        if (!among(e)) continue;
        run = match(e) ? run + 1 : 0;
        if (run >= count) return e.at;
      }
      return null;
    },
  };
}
