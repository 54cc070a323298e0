/**
 * `npm run bench:journeys` — `simulateJourney` on a population: 100,000 customers × 30 days of the
 * onboarding journey (sign-ups spread over the first 10 days, 80 % with email consent, a third
 * order within the week, some a second time), the default send policy on every step.
 *
 * Side by side, in the same run: the same events folded into the states in place
 * (`applyEventInPlace`, as the simulation itself folds) and no journey — the floor any simulation
 * pays — so the journey's own cost is the difference. The simulation is given the events as a
 * `schedule` (by day) and folds into the states it is given (`inPlace`, as the fold does: the
 * headline figure); then again into copies of them (the default), and with the `events` callback
 * asked for every customer-day (`--no-callback` skips it) — all must give the same figures; and,
 * for comparison with earlier figures, the fold with the immutable `applyEvent` (a state copy per
 * event; `--no-immutable` skips it).
 * Each phase starts after a full garbage collection; it reports wall time, the main thread's CPU
 * time, the process's CPU time (the garbage collector's helper threads included) and the main
 * thread's GC pauses. `--customers N` and `--days D` change the size. The last line is
 * `journeys: <N> customer-days/s (<S> s wall, <C> s CPU for <N> customers × <D> days)`.
 */
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { PerformanceObserver } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { applyEvent, applyEventInPlace, createCustomerState, type CustomerState, type RetainEvent } from '@retain/core';
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
/** The same plan by day, as `simulateJourney`'s `schedule`: day → customer id → events. */
const schedule = new Map<number, Map<string, RetainEvent[]>>();
for (const [id, days] of plan) {
  for (const [day, events] of days) {
    let today = schedule.get(day);
    if (today === undefined) schedule.set(day, (today = new Map()));
    today.set(id, events);
  }
}
const NONE: readonly RetainEvent[] = [];
const eventsOf = (c: CustomerState, day: number) => plan.get(c.id)?.get(day) ?? NONE;
const messages: MessageCatalogue = {
  welcome: { value: 'high', relevance: 'high' },
  recommendations: { value: 'high', relevance: 'high' },
  'first-purchase-nudge': { value: 'medium', relevance: 'high' },
  'engagement-tips': { value: 'medium', relevance: 'medium' },
};
const population = () => Array.from({ length: CUSTOMERS }, (_, i) => createCustomerState(`c${i}`));

setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;
/** CPU time of this (the main) thread in s: Linux's per-thread counters, else the whole process's. */
function threadCpu(): number {
  try {
    const fields = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    const ticks = Number(fields[11]) + Number(fields[12]);
    if (Number.isFinite(ticks)) return ticks / 100; // USER_HZ = 100 on Linux
  } catch {
    // not Linux
  }
  return processCpu();
}
const processCpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};
// The main thread's GC pauses, counted by when they start (entries reach the observer late).
const pauses: Array<{ start: number; ms: number }> = [];
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) pauses.push({ start: e.startTime, ms: e.duration });
}).observe({ entryTypes: ['gc'] });
const settle = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

interface Measure {
  wall: number;
  cpu: number;
  processCpu: number;
  gc: number;
}
async function measure(run: () => void): Promise<Measure> {
  collectGarbage();
  await settle(0);
  const t = performance.now();
  const c = threadCpu();
  const p = processCpu();
  run();
  const wall = (performance.now() - t) / 1000;
  const cpu = threadCpu() - c;
  const pc = processCpu() - p;
  await settle(20); // the run's last GC entries
  const gc = pauses.filter((x) => x.start >= t && x.start < t + wall * 1000).reduce((sum, x) => sum + x.ms, 0) / 1000;
  return { wall, cpu, processCpu: pc, gc };
}
const show = (m: Measure) => `${m.wall.toFixed(2)} s wall, ${m.cpu.toFixed(2)} s CPU (process ${m.processCpu.toFixed(2)} s), GC pauses ${m.gc.toFixed(2)} s`;

// Warm-up (the optimising compiler) on the first 1,000 customers, not measured.
{
  const few = Array.from({ length: Math.min(1000, CUSTOMERS) }, (_, i) => createCustomerState(`c${i}`));
  simulateJourney(journeyTemplates.onboarding(), few, { days: DAYS, start: START, events: eventsOf, messages });
  for (let day = 0; day < DAYS; day++) for (const state of few) for (const e of eventsOf(state, day)) applyEventInPlace(state, e);
}

// Baseline: fold the same events in place, no journey, day by day (the schedule's order).
let folded = 0;
let states = population();
const fold = await measure(() => {
  const byId = new Map(states.map((state) => [state.id, state]));
  for (let day = 0; day < DAYS; day++) {
    for (const [id, events] of schedule.get(day) ?? []) {
      const state = byId.get(id) as CustomerState;
      for (const e of events) {
        applyEventInPlace(state, e);
        folded++;
      }
    }
  }
});
states = [];

const onboarding = journeyTemplates.onboarding();
type Simulation = ReturnType<typeof simulateJourney>;
/** One simulation of a fresh population (made outside the measured time, as the fold's). */
async function simulate(options: Omit<Parameters<typeof simulateJourney>[2], 'days' | 'start' | 'messages'>): Promise<{ m: Measure; run: Simulation }> {
  let customers = population();
  let run: Simulation | undefined;
  const m = await measure(() => {
    run = simulateJourney(onboarding, customers, { days: DAYS, start: START, messages, ...options });
  });
  customers = [];
  return { m, run: run as Simulation };
}
const figures = (run: Simulation) => JSON.stringify({ ...run, positions: [...run.positions] });

// The headline: the events as a schedule, folded into the given states (as the fold above).
const { m: journey, run: sim } = await simulate({ schedule, inPlace: true });
// The same, folding into copies of the states (the default: the caller's states are left alone).
const copied = await simulate({ schedule });
// The same with the events callback instead of the schedule: asked for every customer-day.
const asked = process.argv.includes('--no-callback') ? undefined : await simulate({ events: eventsOf });
for (const other of [copied, asked]) if (other !== undefined && figures(other.run) !== figures(sim)) throw new Error('the simulations gave different figures');

// For comparison with earlier figures: the immutable fold (a state copy per event).
let immutable: Measure | undefined;
if (!process.argv.includes('--no-immutable')) {
  let copies = population();
  immutable = await measure(() => {
    for (let day = 0; day < DAYS; day++) {
      for (let n = 0; n < copies.length; n++) for (const e of eventsOf(copies[n] as CustomerState, day)) copies[n] = applyEvent(copies[n] as CustomerState, e);
    }
  });
  copies = [];
}

const fmt = (n: number) => n.toLocaleString('en-US');
console.log(`bench:journeys — ${fmt(CUSTOMERS)} customers × ${DAYS} days, onboarding, default policy (node ${process.version}, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')})`);
// Wall time grows when other processes take the cores; CPU time (the main thread's) far less.
console.log(`  fold in place (applyEventInPlace, ${fmt(folded)} events, no journey): ${show(fold)}`);
console.log(`  simulateJourney (schedule, inPlace; ${fmt(sim.evaluations)} evaluations): ${show(journey)} — ${(journey.wall / fold.wall).toFixed(1)}× the fold's wall time, ${(journey.cpu / fold.cpu).toFixed(1)}× its CPU`);
console.log(`  simulateJourney folding into copies of the states (no inPlace): ${show(copied.m)}`);
if (asked !== undefined) console.log(`  simulateJourney with copies and the events callback (asked ${fmt(CUSTOMERS * DAYS)} times) instead of the schedule: ${show(asked.m)}`);
if (immutable !== undefined) console.log(`  fold with the immutable applyEvent (a state copy per event): ${show(immutable)}`);
console.log(`  entered ${fmt(sim.entered)}, converted ${fmt(sim.converted)}, completed ${fmt(sim.completed)}, exited ${fmt(sim.exited)}, still inside ${fmt(sim.active)}`);
for (const [step, f] of Object.entries(sim.steps)) {
  if (f.sends + f.refused + f.heldOut === 0) continue;
  const reasons = Object.entries(f.reasons).map(([k, v]) => `${k} ${fmt(v)}`).join(', ');
  console.log(`  ${step.padEnd(16)} sent ${fmt(f.sends).padStart(7)}  refused ${fmt(f.refused).padStart(7)}${reasons === '' ? '' : ` (${reasons})`}  goodwill spent ${f.goodwillSpent.toFixed(0)}`);
}
console.log(`journeys: ${fmt(Math.round((CUSTOMERS * DAYS) / journey.wall))} customer-days/s (${journey.wall.toFixed(1)} s wall, ${journey.cpu.toFixed(1)} s CPU for ${fmt(CUSTOMERS)} customers × ${DAYS} days)`);
