/**
 * `npm run bench:send` — population send checks at scale.
 *
 * Generates a realistic population (default 1,000,000 customers; `--customers N` to change):
 * per-channel consent with opt-outs, IANA time zones (some missing or unknown), message
 * histories over the last 60 days with scores, and recent actions. Then runs `simulateCampaign`
 * for three campaigns (a relevant in-app tip, a high-value email, a low-value SMS blast) and
 * `checkSend` on a sample. Prints the figures; the last line is `send: <N> checks/s`
 * (population checks per second across the three campaigns).
 */
import type { Channel, ConsentRecord, Message, MessageRecipient, ReceivedMessage } from '@retain/core';
import { checkSend, defaultPolicy, simulateCampaign, type CampaignSimulation } from '@retain/node';
import { mulberry32 } from '../test/helpers/random.js';

const arg = process.argv.indexOf('--customers');
const N = arg > 0 ? Number(process.argv[arg + 1]) : 1_000_000;
if (!Number.isInteger(N) || N <= 0) throw new Error(`--customers must be a positive integer, got ${process.argv[arg + 1]}`);

const DAY = 86_400_000;
const NOW = Date.parse('2026-11-23T15:00:00.000Z');

/** mulberry32 (shared with the other benches), so every run sees the same data. */
const prng = mulberry32;

const TIME_ZONES = [
  'America/New_York', 'America/Chicago', 'America/Denver', 'America/Los_Angeles', 'America/Sao_Paulo', 'America/Mexico_City',
  'Europe/London', 'Europe/Paris', 'Europe/Berlin', 'Europe/Madrid', 'Europe/Warsaw', 'Africa/Lagos', 'Africa/Johannesburg',
  'Asia/Kolkata', 'Asia/Singapore', 'Asia/Tokyo', 'Asia/Shanghai', 'Australia/Sydney', 'Pacific/Auckland', 'UTC',
];
const HISTORY_CHANNELS: Channel[] = ['in_context', 'in_context', 'in_context', 'banner', 'email', 'email', 'email', 'push', 'sms', 'direct_mail'];
const ACTIONS = ['Report Created', 'Invite Sent', 'Export Downloaded', 'Dashboard Viewed'];
const IDS = Array.from({ length: 32 }, (_, k) => `campaign-${k}`);

const CONSENT_RATES: Array<[Channel, number, number]> = [
  // channel, granted, opted out
  ['in_context', 0.9, 0.02],
  ['banner', 0.5, 0.05],
  ['email', 0.7, 0.06],
  ['push', 0.3, 0.08],
  ['sms', 0.15, 0.05],
  ['direct_mail', 0.1, 0.02],
];
const TRAITS = TIME_ZONES.map((timezone) => ({ timezone }));
const NO_TRAITS = {};
const UNKNOWN_ZONE = { timezone: 'Mars/Olympus' };

// Immutable records shared between customers (by day), so that generating a million customers
// does not spend its time in the garbage collector; every customer still has its own history.
const consentRecords = new Map<number, ConsentRecord>();
function consentRecord(granted: boolean, daysAgo: number): ConsentRecord {
  const key = daysAgo * 2 + (granted ? 1 : 0);
  let record = consentRecords.get(key);
  if (record === undefined) consentRecords.set(key, (record = Object.freeze({ granted, at: NOW - daysAgo * DAY - 3_600_000 })));
  return record;
}
type Stats = { count: number; first: number; last: number };
const stats = new Map<number, Stats>();
function actionStats(daysAgo: number, count: number): Stats {
  const key = daysAgo * 100 + count;
  let s = stats.get(key);
  if (s === undefined) stats.set(key, (s = Object.freeze({ count, first: NOW - (daysAgo + 30) * DAY, last: NOW - daysAgo * DAY - 7_200_000 })));
  return s;
}

function generate(n: number): MessageRecipient[] {
  const rand = prng(42);
  const list: MessageRecipient[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const consent: Partial<Record<Channel, ConsentRecord>> = {};
    const sinceDay = Math.floor(rand() * 700);
    for (const [channel, granted, optedOut] of CONSENT_RATES) {
      const r = rand();
      if (r < optedOut) consent[channel] = consentRecord(false, sinceDay);
      else if (r < optedOut + granted) consent[channel] = consentRecord(true, sinceDay);
    }
    const r = rand();
    const traits = r < 0.03 ? NO_TRAITS : r < 0.04 ? UNKNOWN_ZONE : TRAITS[Math.floor(rand() * TRAITS.length)]!;
    const count = Math.floor(rand() * rand() * 25); // skewed: most customers got a few messages, some many
    const messages: ReceivedMessage[] = [];
    // Times in order: `count` points spread over the last 60 days.
    let at = NOW - 60 * DAY;
    for (let k = 0; k < count; k++) {
      at += Math.floor((rand() * 2 * (NOW - at)) / (count - k + 1));
      const score = rand() < 0.1 ? null : Math.floor(rand() * 12) - 5;
      messages.push({ id: IDS[k]!, channel: HISTORY_CHANNELS[Math.floor(rand() * HISTORY_CHANNELS.length)]!, score, at, campaign: null });
    }
    const actions: Record<string, Stats> = {};
    for (const name of ACTIONS) {
      if (rand() < 0.35) {
        actions[name] = actionStats(Math.floor(rand() * 90), 1 + Math.floor(rand() * 20));
      }
    }
    list[i] = { consent, messages, actions, identity: { traits } };
  }
  return list;
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const mean = (n: number) => n.toFixed(2);

/** CPU time of this process (ms): on a shared machine, wall time alone mostly measures the neighbours. */
const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

let t = performance.now();
let c0 = cpu();
const population = generate(N);
const generationMs = performance.now() - t;
const generationCpuMs = cpu() - c0;
let totalMessages = 0;
for (const c of population) totalMessages += c.messages.length;
console.log(`population: ${fmt(N)} customers, ${fmt(totalMessages)} messages in their histories (${mean(totalMessages / N)} each), generated in ${fmt(generationMs)} ms wall (${fmt(generationCpuMs)} ms CPU)`);

const campaigns: Message[] = [
  { id: 'reports-tip', channel: 'in_context', value: 'high', effort: 'low', relevantTo: ['Report Created'] },
  { id: 'monthly-guide', channel: 'email', value: 'high', effort: 'medium', relevantTo: ['Dashboard Viewed', 'Export Downloaded'], frequencyControl: true },
  { id: 'flash-sale', channel: 'sms', value: 'low', relevance: 'none' },
];

// Warm-up on a slice so that the timed runs measure steady-state code.
simulateCampaign(population.slice(0, Math.min(N, 20_000)), campaigns[0]!, defaultPolicy, NOW);

let checks = 0;
let elapsed = 0;
let cpuElapsed = 0;
const print = (m: Message, r: CampaignSimulation, ms: number, cpuMs: number) => {
  const reasons = Object.entries(r.reasons)
    .filter(([, v]) => v > 0)
    .map(([k, v]) => `${k} ${fmt(v)}`)
    .join(', ');
  console.log(`\n${m.id} (${m.channel}): ${fmt(r.customers)} customers in ${fmt(ms)} ms wall (${fmt(cpuMs)} ms CPU) = ${fmt(r.customers / (ms / 1000))} checks/s`);
  console.log(`  allowed ${fmt(r.allowed)}, refused ${fmt(r.refused)} — ${reasons}`);
  console.log(`  mean score ${mean(r.meanScore)}; mean goodwill before ${mean(r.goodwill.before.mean)}, after ${mean(r.goodwill.after.mean)}, after a blast ${mean(r.goodwill.blast.mean)}`);
  console.log(`  customers with negative goodwill: before ${fmt(r.goodwill.before.negative)}, after ${fmt(r.goodwill.after.negative)}, after a blast ${fmt(r.goodwill.blast.negative)}`);
};
for (const m of campaigns) {
  t = performance.now();
  c0 = cpu();
  const r = simulateCampaign(population, m, defaultPolicy, NOW);
  const ms = performance.now() - t;
  const cpuMs = cpu() - c0;
  checks += r.customers;
  elapsed += ms;
  cpuElapsed += cpuMs;
  print(m, r, ms, cpuMs);
}

const sample = Math.min(N, 20_000);
t = performance.now();
c0 = cpu();
let allowed = 0;
for (let i = 0; i < sample; i++) if (checkSend(population[i]!, campaigns[1]!, defaultPolicy, NOW).allowed) allowed++;
const checkMs = performance.now() - t;
const checkCpuMs = cpu() - c0;
console.log(
  `\ncheckSend (full decision with breakdown and suggestion): ${fmt(sample)} customers in ${fmt(checkMs)} ms wall (${fmt(checkCpuMs)} ms CPU) = ${fmt(sample / (checkMs / 1000))} decisions/s (${fmt(allowed)} allowed)`,
);

console.log(`\npopulation checks: ${fmt(checks)} in ${fmt(elapsed)} ms wall, ${fmt(cpuElapsed)} ms CPU (${fmt(checks / (cpuElapsed / 1000))} checks per CPU-second)`);
console.log(`send: ${Math.round(checks / (elapsed / 1000))} checks/s`);
