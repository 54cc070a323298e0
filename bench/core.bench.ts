/**
 * `npm run bench:core` — folds 1,000,000 generated events (10,000 customers, ~90 days of
 * pages, known and unknown track events, identify/group calls, some out of order and some
 * delivered twice) into per-customer states with `foldByCustomer`, and prints events/s.
 *
 * For comparison, in the same run: the same events folded one `applyEvent` at a time (the
 * immutable API, one state copy per event) on a slice, and `safeParseEvent` (validation) on a slice.
 * The last line is `core: <N> events/s` (median wall-clock rate of the full-fold runs); the line
 * before it, the median rate per CPU-second of the main thread.
 *
 * The events are held as a collector holds them: `JSON.parse` of the stream in batches of 500,
 * so they lie in memory in stream order (`BENCH_ALLOC=customer` keeps them as generated,
 * customer by customer, which makes the stream-order scan hop all over memory: the figure the
 * bench gave before).
 *
 * Each run prints the wall time and the main thread's CPU time (the fold is single-threaded; on
 * a shared machine the wall clock also counts the time spent waiting for a core, which the
 * load average shows), and the garbage collector's pauses within it. The warm-up folds all the
 * events once, so that no measured run pays for compiling or for growing the fold's scratch arrays.
 *
 * Options (env): `BENCH_EVENTS` (default 1000000), `BENCH_CUSTOMERS` (10000), `BENCH_RUNS` (5),
 * `BENCH_ALLOC` (`stream`, the default, or `customer`).
 */
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { applyEvent, createCustomerState, foldByCustomer, safeParseEvent, summarizeVisits, type CustomerState, type RetainEvent } from '@retain/core';
import { mulberry32 } from '../test/helpers/random.js';

const EVENTS = Number(process.env['BENCH_EVENTS'] ?? 1_000_000);
const CUSTOMERS = Number(process.env['BENCH_CUSTOMERS'] ?? 10_000);
const RUNS = Number(process.env['BENCH_RUNS'] ?? 5);
const PEERS = process.env['BENCH_PEERS'] !== '0';
const ALLOC = process.env['BENCH_ALLOC'] === 'customer' ? 'customer' : 'stream';

/** mulberry32 (shared with the other benches), so every run sees the same data. */
const prng = mulberry32;

const random = prng(42);
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
const START = Date.parse('2026-08-01T00:00:00.000Z');
const DAY = 86_400_000;
const PAGES = ['Home', 'Pricing', 'Docs', 'Dashboard', 'Settings', 'Reports', 'Billing', 'Help'];
const ACTIONS = ['Report Created', 'Document Uploaded', 'Search Performed', 'Product Viewed', 'Product Added', 'Invite Sent', 'Export Downloaded', 'Comment Added'];
const FUNNEL = ['cart', 'shipping', 'payment', 'confirmed'];

interface Timed {
  t: number;
  event: RetainEvent;
}

function generate(): RetainEvent[] {
  const perCustomer = Math.floor(EVENTS / CUSTOMERS);
  const timed: Timed[] = [];
  let seq = 0;
  for (let c = 0; c < CUSTOMERS; c++) {
    const userId = `user-${c}`;
    const anonymousId = `anon-${c}`;
    const account = random() < 0.3 ? `acct-${c % 700}` : undefined;
    const context = account === undefined ? { library: { name: 'retain.js', version: '0.1.0' } } : { library: { name: 'retain.js', version: '0.1.0' }, groupId: account };
    let t = START + Math.floor(random() * 30 * DAY);
    let n = 0;
    const add = (event: Omit<RetainEvent, 'messageId' | 'timestamp'>, identified = true) => {
      const full = { ...event, messageId: `m-${(seq++).toString(36)}`, timestamp: new Date(t).toISOString(), anonymousId, ...(identified ? { userId } : {}) } as RetainEvent;
      timed.push({ t, event: full });
      n++;
    };
    add({ type: 'page', name: 'Home', context } as never, false);
    add({ type: 'track', event: 'Signed Up', properties: { method: 'email' }, context } as never, false);
    add({ type: 'identify', traits: { email: `${userId}@example.com`, plan: pick(['free', 'pro', 'team']), createdAt: new Date(t).toISOString() }, context } as never);
    if (account !== undefined) add({ type: 'group', groupId: account, traits: { name: `Account ${account}`, seats: 5 + (c % 20) }, context } as never);
    while (n < perCustomer) {
      // A visit: a few to a few dozen events, 5 s to 3 min apart; then a gap of hours to days.
      const depth = 3 + Math.floor(random() * 20);
      for (let i = 0; i < depth && n < perCustomer; i++) {
        t += 5_000 + Math.floor(random() * 175_000);
        const r = random();
        if (r < 0.5) add({ type: 'page', name: pick(PAGES), properties: { path: `/${pick(PAGES).toLowerCase()}` }, context } as never);
        else if (r < 0.82) add({ type: 'track', event: pick(ACTIONS), properties: { source: 'app' }, context } as never);
        else if (r < 0.86) add({ type: 'track', event: 'Funnel Step Reached', properties: { funnel: 'checkout', step: FUNNEL[i % 4] as string, step_index: i % 4, final: i % 4 === 3 }, context } as never);
        else if (r < 0.89) add({ type: 'track', event: 'Order Completed', properties: { order_id: `o-${seq}`, revenue: Math.round(random() * 20000) / 100, currency: 'USD' }, context } as never);
        else if (r < 0.92) add({ type: 'track', event: 'Metric Incremented', properties: { metric: 'documents', by: 1 }, context } as never);
        else if (r < 0.94) add({ type: 'track', event: 'Message Shown', properties: { message_id: `msg-${i % 5}`, channel: 'in_context', score: 3 }, context } as never);
        else if (r < 0.955) add({ type: 'track', event: 'Message Clicked', properties: { message_id: `msg-${i % 5}` }, context } as never);
        else if (r < 0.965) add({ type: 'track', event: 'Feedback Given', properties: { nps: Math.floor(random() * 11) }, context } as never);
        else if (r < 0.97) add({ type: 'track', event: 'Consent Changed', properties: { purpose: pick(['email', 'sms', 'push']), granted: random() < 0.7 }, context } as never);
        else if (r < 0.975) add({ type: 'track', event: 'Message Sent', properties: { message_id: `mail-${n}`, channel: 'email', score: 2 }, context: { ...context, active: false } } as never);
        else add({ type: 'track', event: pick(ACTIONS), properties: { source: 'api', items: [1, 2, 3] }, context } as never);
      }
      t += 3_600_000 + Math.floor(random() * 3 * DAY);
    }
  }
  // The stream: in time order across customers, with 5% of events displaced (late or early
  // delivery, up to ~2 hours), and 1% delivered twice (a retry, later in the stream).
  for (const item of timed) if (random() < 0.05) item.t += Math.floor((random() - 0.5) * 4 * 3_600_000);
  const dupes: Timed[] = [];
  for (const item of timed) if (random() < 0.01) dupes.push({ t: item.t + Math.floor(random() * 600_000), event: item.event });
  const all = timed.concat(dupes);
  all.sort((a, b) => a.t - b.t);
  return all.slice(0, EVENTS).map((x) => x.event);
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

// A full garbage collection before each measured run, so that no run pays for the garbage of the
// previous one (the usual benchmark hygiene; the fold's own collections are still counted).
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

const genStart = performance.now();
let events = generate();
if (ALLOC === 'stream') {
  // as the collector receives them: batches of 500, parsed (each event's objects and strings lie together, in stream order)
  const batches: string[] = [];
  for (let i = 0; i < events.length; i += 500) batches.push(JSON.stringify(events.slice(i, i + 500)));
  events = [];
  for (const batch of batches) for (const event of JSON.parse(batch) as RetainEvent[]) events.push(event);
}
const genMs = performance.now() - genStart;
console.log(
  `generated ${fmt(events.length)} events for ${fmt(CUSTOMERS)} customers in ${fmt(genMs)} ms, held in ${ALLOC} order (node ${process.version}, load average ${loadavg()[0]?.toFixed(1)} on this machine)`,
);

/** CPU time of this (the main) thread in ms: Linux's per-thread counters, else the whole process's. */
function threadCpuMs(): number {
  try {
    const fields = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    const ticks = Number(fields[11]) + Number(fields[12]);
    if (Number.isFinite(ticks)) return ticks * 10; // USER_HZ = 100 on Linux
  } catch {
    // not Linux
  }
  const cpu = process.cpuUsage();
  return (cpu.user + cpu.system) / 1000;
}

// Pauses of the garbage collector on the main thread, per run (reported after the run).
// Entries reach the observer later than the pause itself, so each is counted by when it started:
// only those inside the measured window (the forced collection before a run is outside it).
let gcMs = 0;
let window = { from: Infinity, to: Infinity };
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) if (entry.startTime >= window.from && entry.startTime < window.to) gcMs += entry.duration;
}).observe({ entryTypes: ['gc'] });
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

// Warm-up on everything once (the optimising compiler, and the fold's reused scratch arrays grown
// to this size: a cost paid once per process, not per batch), then the measured runs.
foldByCustomer(events);
const rates: number[] = [];
const cpuRates: number[] = [];
let states: Map<string, CustomerState> = new Map();
for (let run = 1; run <= RUNS; run++) {
  states = new Map();
  collectGarbage();
  await settle();
  gcMs = 0;
  const cpu0 = process.cpuUsage();
  const thread0 = threadCpuMs();
  const t0 = performance.now();
  window = { from: t0, to: Infinity };
  states = foldByCustomer(events);
  const ms = performance.now() - t0;
  window = { from: t0, to: t0 + ms };
  const threadMs = threadCpuMs() - thread0;
  const cpu = process.cpuUsage(cpu0);
  await new Promise((resolve) => setTimeout(resolve, 20)); // the run's last GC entries
  const cpuMs = (cpu.user + cpu.system) / 1000;
  rates.push((events.length / ms) * 1000);
  cpuRates.push((events.length / Math.max(threadMs, 1)) * 1000);
  console.log(
    `run ${run}: foldByCustomer ${fmt(events.length)} events in ${fmt(ms)} ms = ${fmt(rates.at(-1) as number)} events/s` +
      ` (main thread CPU ${fmt(threadMs)} ms = ${fmt(cpuRates.at(-1) as number)} events per CPU-second, of which GC pauses ${fmt(gcMs)} ms;` +
      ` process CPU ${fmt(cpuMs)} ms incl. GC threads; load average ${loadavg()[0]?.toFixed(1)})`,
  );
}
rates.sort((a, b) => a - b);
cpuRates.sort((a, b) => a - b);
const median = rates[Math.floor(rates.length / 2)] as number;
const cpuMedian = cpuRates[Math.floor(cpuRates.length / 2)] as number;

let applied = 0;
let visits = 0;
for (const s of states.values()) {
  applied += s.eventCount;
  visits += summarizeVisits(s.visits).count;
}
console.log(`states: ${fmt(states.size)} customers, ${fmt(applied)} events applied (${fmt(events.length - applied)} duplicates skipped), ${fmt(visits)} visits`);

// Peers in the same run, on a slice: the immutable API (one copy of the state per event) and validation.
const slice = events.slice(0, 100_000);
if (PEERS) {
  const t0 = performance.now();
  const byKey = new Map<string, CustomerState>();
  for (const event of slice) {
    const key = event.userId ?? event.anonymousId ?? '';
    byKey.set(key, applyEvent(byKey.get(key) ?? createCustomerState(key), event));
  }
  const ms = performance.now() - t0;
  console.log(`peer: applyEvent one at a time (immutable) ${fmt(slice.length)} events in ${fmt(ms)} ms = ${fmt((slice.length / ms) * 1000)} events/s`);
}
if (PEERS) {
  const t0 = performance.now();
  let ok = 0;
  for (const event of slice) if (safeParseEvent(event).success) ok++;
  const ms = performance.now() - t0;
  console.log(`peer: safeParseEvent (zod/mini validation) ${fmt(slice.length)} events in ${fmt(ms)} ms = ${fmt((slice.length / ms) * 1000)} events/s (${fmt(ok)} valid)`);
}
// On a shared machine the wall clock counts the time the fold waited for a core; the main
// thread's CPU time does not (the fold is single-threaded; GC helper threads come on top).
console.log(`core (per CPU-second of the main thread, median): ${Math.round(cpuMedian)} events/s`);
console.log(`core: ${Math.round(median)} events/s`);
