/**
 * The load generator, a process of its own: posts the workload's batches over keep-alive HTTP
 * to one or more ingest URLs, with `--in-flight` clients. Client k sends, one after another, the
 * batches whose customers are its own (so each customer's events arrive in order, whatever the
 * instance), retrying a batch on 503 until it is acknowledged. `--resend 0.1` sends that share
 * of the batches a second time, to another instance. Prints one JSON line with the figures.
 *
 *   node --import tsx bench/ingest/load.ts --urls URL[,URL…] [--batches 1000] [--in-flight 8] [--customers 10000] [--batch-size 100] [--resend 0] [--seed 1] [--timeout-ms 30000] [--honor-retry-after] [--give-up-s 900]
 *
 * A request unanswered after `--timeout-ms` is abandoned and counted in `timeouts` (then retried),
 * as a browser's fetch would; `slowest` and `slowest503` are the longest waits for an answer;
 * `withoutRetryAfter` counts the 503 answers without a `Retry-After` header. A 503 is retried
 * after 50 ms, or with `--honor-retry-after` after its `Retry-After` (times 0.5–1.5, as
 * @retain/browser waits with jitter).
 */
import { Agent, request } from 'node:http';
import { basicAuthHeader } from '../../packages/node/src/ingest/write-key.js';
import { batchAt, DEFAULT_WORKLOAD, type Workload } from './workload.js';

const option = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] ?? fallback) : fallback;
};
const urls = option('urls', '').split(',').filter(Boolean).map((u) => new URL(u));
const batches = Number(option('batches', '1000'));
const inFlight = Number(option('in-flight', '8'));
const resend = Number(option('resend', '0'));
const timeoutMs = Number(option('timeout-ms', '30000'));
const honorRetryAfter = process.argv.includes('--honor-retry-after');
// A load that cannot finish (every instance gone) gives up rather than retrying for ever.
const deadline = setTimeout(() => {
  console.error(`load: not finished after ${option('give-up-s', '900')} s, giving up`);
  process.exit(2);
}, Number(option('give-up-s', '900')) * 1000);
deadline.unref();
let seed = Number(option('seed', '1'));
const workload: Workload = {
  ...DEFAULT_WORKLOAD,
  customers: Number(option('customers', String(DEFAULT_WORKLOAD.customers))),
  batchSize: Number(option('batch-size', String(DEFAULT_WORKLOAD.batchSize))),
};
const random = () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
};

const agent = new Agent({ keepAlive: true, maxSockets: inFlight * 2 });
const auth = basicAuthHeader('wk_bench');
const post = (url: URL, body: string) =>
  new Promise<{ status: number; retryAfter: string | undefined }>((resolve, reject) => {
    const req = request(url, { method: 'POST', agent, headers: { authorization: auth, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, retryAfter: res.headers['retry-after'] as string | undefined }));
    });
    req.setTimeout(timeoutMs, () => req.destroy(new TimeoutError()));
    req.on('error', reject);
    req.end(body);
  });

class TimeoutError extends Error {}
const latencies: number[] = [];
let slowest = 0;
let slowest503 = 0;
const waits503: number[] = [];
let timeouts = 0;
let withoutRetryAfter = 0;
const statuses: Record<string, number> = {};
let retries = 0;
let resent = 0;
/** Posts until acknowledged (200/207), to instance `at` then the next ones; counts each answer. */
async function deliver(body: string, at: number): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    const url = urls[(at + attempt) % urls.length]!;
    const t0 = performance.now();
    let status = 0;
    let retryAfterMs = 50;
    try {
      const answer = await post(url, body);
      status = answer.status;
      if (honorRetryAfter && answer.retryAfter !== undefined) retryAfterMs = Number(answer.retryAfter) * 1000 * (0.5 + random());
      if (status === 503 && answer.retryAfter === undefined) withoutRetryAfter++;
    } catch (error) {
      if (error instanceof TimeoutError) timeouts++;
      status = 0; // connection refused or reset: the instance is down
    }
    const waited = performance.now() - t0;
    if (status !== 0) slowest = Math.max(slowest, waited);
    if (status === 503) {
      slowest503 = Math.max(slowest503, waited);
      waits503.push(waited);
    }
    statuses[status] = (statuses[status] ?? 0) + 1;
    if (status === 200 || status === 207) {
      latencies.push(performance.now() - t0);
      return;
    }
    retries++;
    await new Promise((resolve) => setTimeout(resolve, status === 503 ? retryAfterMs : 100));
  }
}

const perClient = workload.customers / workload.batchSize; // batches before the customers repeat
const t0 = performance.now();
await Promise.all(
  Array.from({ length: inFlight }, async (_, k) => {
    for (let b = 0; b < batches; b++) {
      if ((b % perClient) % inFlight !== k) continue;
      const body = JSON.stringify({ batch: batchAt(b, workload), sentAt: new Date().toISOString() });
      const at = Math.floor(random() * urls.length);
      await deliver(body, at);
      if (resend > 0 && random() < resend) {
        resent++;
        await deliver(body, (at + 1) % urls.length);
      }
    }
  }),
);
const seconds = (performance.now() - t0) / 1000;
latencies.sort((a, b) => a - b);
const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? 0;
const events = batches * workload.batchSize;
waits503.sort((a, b) => a - b);
const p99of503 = waits503[Math.min(waits503.length - 1, Math.floor(0.99 * waits503.length))] ?? 0;
console.log(JSON.stringify({ events, batches, seconds, eventsPerSecond: events / seconds, p50: pct(0.5), p99: pct(0.99), statuses, retries, resent, slowest, slowest503, p99of503, timeouts, withoutRetryAfter }));
agent.destroy();
