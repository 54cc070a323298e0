/**
 * A host that evaluates rules the way a backend would: on every event (a webhook or a queue
 * consumer), and at the one wake-up per customer that `nextDueAt` asks for — never by polling
 * everyone. States, rule memories and the rules themselves are plain JSON in a "database".
 */
import { customerKeyOf, applyEvent, createCustomerState, type CustomerState, type RetainEvent } from '@retain/core';
import { compileRules, emptyRuleMemory, evaluate, nextDueAt, parseRules, type RuleMemory, type RuleSet } from '@retain/node';

/** One decision, as the example logs it. */
export interface LoggedDecision {
  at: string;
  customer: string;
  rule: string;
  campaign: string;
  channel: string;
  trigger: 'event' | 'wake-up';
  /** The leaf conditions that held, with the values seen. */
  because: string[];
}

/** A tiny key–value "database" holding JSON text, as a real one would. */
export class JsonStore {
  readonly #rows = new Map<string, string>();
  put(key: string, value: unknown): void {
    this.#rows.set(key, JSON.stringify(value));
  }
  get<T>(key: string): T | undefined {
    const text = this.#rows.get(key);
    return text === undefined ? undefined : (JSON.parse(text) as T);
  }
}

/** What a run did. */
export interface RunResult {
  decisions: LoggedDecision[];
  /** Evaluations triggered by a scheduled wake-up (not by an event). */
  wakeUps: number;
  /** The wake-up still scheduled per customer at the end. */
  pending: Record<string, string>;
}

function leaves(e: { condition: unknown; held: boolean; seen?: unknown; children?: unknown[] } | undefined, out: string[] = []): string[] {
  if (e === undefined) return out;
  if (e.children === undefined) {
    if (e.held) out.push(`${JSON.stringify(e.condition)} saw ${JSON.stringify(e.seen ?? null)}`);
  } else for (const c of e.children) leaves(c as typeof e, out);
  return out;
}

/**
 * Replays `events` (any order) between `from` and `until`: each event is folded into its
 * customer's state and evaluated; between events, due wake-ups run in time order.
 */
export function runScheduler(db: JsonStore, events: readonly RetainEvent[], until: number): RunResult {
  const rules: RuleSet = compileRules(parseRules(db.get('rules'))); // bad stored rules fail here, with the path
  const wakeUps = new Map<string, number>();
  const decisions: LoggedDecision[] = [];
  let wakeUpCount = 0;

  const handle = (customer: string, now: number, event: RetainEvent | undefined) => {
    const state = db.get<CustomerState>(`state:${customer}`) ?? createCustomerState(customer);
    const memory = db.get<RuleMemory>(`memory:${customer}`) ?? emptyRuleMemory();
    const result = evaluate(rules, state, { now, event, memory });
    for (const d of result.decisions) {
      decisions.push({
        at: new Date(now).toISOString(),
        customer,
        rule: d.ruleId,
        campaign: d.action.campaign,
        channel: d.action.channel,
        trigger: event === undefined ? 'wake-up' : 'event',
        because: leaves(d.explanation),
      });
    }
    db.put(`memory:${customer}`, result.memory);
    const due = nextDueAt(rules, state, now, result.memory);
    if (due === null) wakeUps.delete(customer);
    else wakeUps.set(customer, due);
  };

  const runWakeUpsBefore = (t: number) => {
    for (;;) {
      let next: [string, number] | undefined;
      for (const entry of wakeUps) if (entry[1] <= t && (next === undefined || entry[1] < next[1])) next = entry;
      if (next === undefined) return;
      wakeUps.delete(next[0]);
      wakeUpCount++;
      handle(next[0], next[1], undefined);
    }
  };

  const ordered = [...events].sort((a, b) => Date.parse(a.timestamp) - Date.parse(b.timestamp));
  for (const event of ordered) {
    const t = Date.parse(event.timestamp);
    if (t > until) break;
    runWakeUpsBefore(t - 1);
    const customer = customerKeyOf(event);
    const state = applyEvent(db.get<CustomerState>(`state:${customer}`) ?? createCustomerState(customer), event);
    db.put(`state:${customer}`, state);
    handle(customer, t, event);
  }
  runWakeUpsBefore(until);
  return { decisions, wakeUps: wakeUpCount, pending: Object.fromEntries([...wakeUps].map(([c, t]) => [c, new Date(t).toISOString()])) };
}
