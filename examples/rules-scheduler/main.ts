/**
 * The rules scheduler example: define rules, store them as JSON, replay a month of events for
 * three customers, evaluate on events and at the wake-ups `nextDueAt` schedules, print decisions.
 *
 *   node --conditions=@retain/source --import tsx examples/rules-scheduler/main.ts
 */
import type { JsonObject, RetainEvent } from '@retain/core';
import { RULES } from './rules.js';
import { JsonStore, runScheduler, type RunResult } from './scheduler.js';

export const START = Date.parse('2026-11-01T09:00:00Z');
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
let seq = 0;
const at = (t: number) => new Date(t).toISOString();
const track = (userId: string, event: string, t: number, properties: JsonObject = {}): RetainEvent => ({ type: 'track', event, properties, userId, messageId: `ex-${seq++}`, timestamp: at(t) });
const page = (userId: string, t: number): RetainEvent => ({ type: 'page', userId, messageId: `ex-${seq++}`, timestamp: at(t) });
const optIn = (userId: string, t: number) => track(userId, 'Consent Changed', t, { purpose: 'email', granted: true });

/** A month of events: Ada buys then goes quiet; Bo abandons a cart; Cy trials and complains twice. */
export function sampleEvents(): RetainEvent[] {
  seq = 0;
  return [
    track('ada', 'Signed Up', START),
    optIn('ada', START),
    page('ada', START + HOUR),
    track('ada', 'Order Completed', START + 2 * DAY, { order_id: 'A-1', revenue: 240 }),
    page('ada', START + 3 * DAY),
    track('bo', 'Signed Up', START + DAY),
    optIn('bo', START + DAY),
    track('bo', 'Funnel Step Reached', START + 5 * DAY, { funnel: 'checkout', step: 'cart', step_index: 0 }),
    page('bo', START + 5 * DAY + 10 * 60_000),
    track('cy', 'Signed Up', START + 2 * DAY),
    optIn('cy', START + 2 * DAY),
    track('cy', 'Trial Started', START + 2 * DAY, { plan: 'pro', trial_end_date: at(START + 16 * DAY) }),
    track('cy', 'Feedback Given', START + 6 * DAY, { nps: 4 }),
    track('cy', 'Feedback Given', START + 8 * DAY, { csat: 1 }),
    page('cy', START + 12 * DAY),
  ];
}

/** Stores the rules as JSON (as a database would), then replays 30 days. */
export function run(): RunResult {
  const db = new JsonStore();
  db.put('rules', RULES); // JSON.stringify calls each builder's toJSON()
  return runScheduler(db, sampleEvents(), START + 30 * DAY);
}

if (process.argv[1] !== undefined && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  const result = run();
  for (const d of result.decisions) console.log(`${d.at}  ${d.customer.padEnd(4)} ${d.rule.padEnd(30)} ${d.channel.padEnd(6)} (${d.trigger})\n    because ${d.because.join('\n            ')}`);
  console.log(`\n${result.decisions.length} decisions, ${result.wakeUps} scheduled wake-ups; next wake-ups: ${JSON.stringify(result.pending)}`);
}
