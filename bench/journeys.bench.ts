/**
 * `npm run bench:journeys` — `simulateJourney` on a population: 100,000 customers × 30 days of the
 * onboarding journey (sign-ups spread over the first 10 days, 80 % with email consent, a third
 * order within the week, some a second time), the default send policy on every step.
 *
 * Side by side, in the same run: the same events folded into the states with `applyEvent` and
 * no journey (the floor any simulation pays), so the journey's own cost is the difference.
 * `--customers N` and `--days D` change the size. The last line is
 * `journeys: <N> customer-days/s (<S> s for <C> customers × <D> days)`.
 */
import { loadavg } from 'node:os';
import { applyEvent, createCustomerState, type CustomerState, type RetainEvent } from '@retain/core';
import { journeyTemplates, simulateJourney, type MessageCatalogue } from '@retain/node';
import { mulberry32 } from '../test/helpers/random.js';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(name);
  const v = i > 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isInteger(v) || v <= 0) throw new Error(`${name} must be a positive integer`);
  return v;
};
const CUSTOMERS = arg('--customers', 100_000);
const DAYS = arg('--days', 30);
const DAY = 86_400_000;
const START = Date.parse('2026-06-01T10:00:00.000Z');
const iso = (t: number) => new Date(t).toISOString();

const random = mulberry32(7);
/** Each customer's own events, by day (generated once, shared by both runs). */
const plan = new Map<string, Map<number, RetainEvent[]>>();
for (let i = 0; i < CUSTOMERS; i++) {
  const id = `c${i}`;
  const days = new Map<number, RetainEvent[]>();
  const signUp = Math.floor(random() * 10);
  const first: RetainEvent[] = [];
  if (random() < 0.8) first.push({ type: 'track', event: 'Consent Changed', userId: id, messageId: `${id}-k`, timestamp: iso(START + signUp * DAY), properties: { purpose: 'email', granted: true } });
  first.push({ type: 'track', event: 'Signed Up', userId: id, messageId: `${id}-s`, timestamp: iso(START + signUp * DAY + 60_000) });
  days.set(signUp, first);
  if (random() < 0.33) {
    const d = signUp + 1 + Math.floor(random() * 6);
    days.set(d, [{ type: 'track', event: 'Order Completed', userId: id, messageId: `${id}-o1`, timestamp: iso(START + d * DAY + 3_600_000), properties: { order_id: `${id}-1`, revenue: 40 } }]);
    if (random() < 0.3) {
      const d2 = d + 3 + Math.floor(random() * 10);
      days.set(d2, [{ type: 'track', event: 'Order Completed', userId: id, messageId: `${id}-o2`, timestamp: iso(START + d2 * DAY + 3_600_000), properties: { order_id: `${id}-2`, revenue: 25 } }]);
    }
  }
  plan.set(id, days);
}
const eventsOf = (c: CustomerState, day: number) => plan.get(c.id)?.get(day) ?? [];
const messages: MessageCatalogue = {
  welcome: { value: 'high', relevance: 'high' },
  recommendations: { value: 'high', relevance: 'high' },
  'first-purchase-nudge': { value: 'medium', relevance: 'high' },
  'engagement-tips': { value: 'medium', relevance: 'medium' },
};
const population = () => Array.from({ length: CUSTOMERS }, (_, i) => createCustomerState(`c${i}`));

const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};
// Baseline: fold the same events, no journey.
let t = performance.now();
let c = cpu();
const states = population();
let folded = 0;
for (let day = 0; day < DAYS; day++) {
  for (let n = 0; n < states.length; n++) {
    for (const e of eventsOf(states[n] as CustomerState, day)) {
      states[n] = applyEvent(states[n] as CustomerState, e);
      folded++;
    }
  }
}
const foldMs = performance.now() - t;
const foldCpu = cpu() - c;

t = performance.now();
c = cpu();
const run = simulateJourney(journeyTemplates.onboarding(), population(), { days: DAYS, start: START, events: eventsOf, messages });
const journeyMs = performance.now() - t;
const journeyCpu = cpu() - c;

console.log(`bench:journeys — ${CUSTOMERS.toLocaleString('en-US')} customers × ${DAYS} days, onboarding, default policy (load average ${loadavg()[0]?.toFixed(1)})`);
// Wall time grows when other processes take the cores; CPU time (this process, GC included) does not.
console.log(`  fold only (applyEvent, ${folded.toLocaleString('en-US')} events):        ${(foldMs / 1000).toFixed(2)} s wall, ${foldCpu.toFixed(2)} s CPU`);
console.log(`  simulateJourney (${run.evaluations.toLocaleString('en-US')} evaluations): ${(journeyMs / 1000).toFixed(2)} s wall, ${journeyCpu.toFixed(2)} s CPU  (${(journeyCpu / foldCpu).toFixed(1)}× the fold's CPU)`);
console.log(`  entered ${run.entered.toLocaleString('en-US')}, converted ${run.converted.toLocaleString('en-US')}, completed ${run.completed.toLocaleString('en-US')}, exited ${run.exited.toLocaleString('en-US')}, still inside ${run.active.toLocaleString('en-US')}`);
for (const [step, f] of Object.entries(run.steps)) {
  if (f.sends + f.refused + f.heldOut === 0) continue;
  const reasons = Object.entries(f.reasons).map(([k, v]) => `${k} ${v.toLocaleString('en-US')}`).join(', ');
  console.log(`  ${step.padEnd(16)} sent ${f.sends.toLocaleString('en-US').padStart(7)}  refused ${f.refused.toLocaleString('en-US').padStart(7)}${reasons === '' ? '' : ` (${reasons})`}  goodwill spent ${f.goodwillSpent.toFixed(0)}`);
}
console.log(`journeys: ${Math.round((CUSTOMERS * DAYS) / (journeyMs / 1000)).toLocaleString('en-US')} customer-days/s (${(journeyMs / 1000).toFixed(1)} s wall, ${journeyCpu.toFixed(1)} s CPU for ${CUSTOMERS.toLocaleString('en-US')} customers × ${DAYS} days)`);
