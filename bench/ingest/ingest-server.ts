/**
 * One ingest server process for the benches and the multi-instance tests:
 *
 *   node --conditions=@retain/source --import tsx bench/ingest/ingest-server.ts \
 *     --store bare|memory|pglite|postgres [--port 0] [--schema s] [--data-dir d] [--pool 8]
 *     [--decisions file] [--max-in-flight n] [--max-wait-ms ms] [--max-transactions n] [--lease-ms ms] [--redeliver-ms ms] [--timeout-ms ms]
 *     [--stall-decisions-after n]
 *
 * `bare` is the baseline: node:http that reads each body and JSON.parses it. The others run the
 * webhook example's rules and the default send policy on the named store (PostgreSQL from
 * `RETAIN_TEST_DATABASE_URL` or `DATABASE_URL`). Prints `listening <url>` when ready.
 *
 * `--decisions file` appends each delivered decision as a JSON line. `--stall-decisions-after n`
 * makes `onDecision` hang after n decisions (a stuck email API; prints `stalled`), so that a test
 * can kill the process while decisions are committed but not delivered. `GET /stats` answers the
 * process's memory, its CPU time so far (`cpuMicros`) and the most batches and requests it held at once (`GET /stats?gc` after a
 * garbage collection: the memory held).
 */
import { appendFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getHeapStatistics } from 'node:v8';
import pg from 'pg';
import { createMemoryStore, createPGliteStore, createPostgresStore, toNodeListener, type CustomerStore, type IngestDecision } from '@retain/node';
import { createBenchIngest } from './bench-app.js';

const option = (name: string): string | undefined => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const kind = option('store') ?? 'memory';
const port = Number(option('port') ?? 0);
const decisionsFile = option('decisions');
const stallAfter = option('stall-decisions-after') === undefined ? Infinity : Number(option('stall-decisions-after'));

function openStore(): CustomerStore {
  if (kind === 'memory') return createMemoryStore();
  if (kind === 'pglite') return createPGliteStore(option('data-dir') === undefined ? {} : { dataDir: option('data-dir')! });
  if (kind === 'postgres') {
    const url = process.env['RETAIN_TEST_DATABASE_URL'] ?? process.env['DATABASE_URL'];
    if (url === undefined) throw new Error('postgres: set RETAIN_TEST_DATABASE_URL or DATABASE_URL');
    const pool = new pg.Pool({ connectionString: url, max: Number(option('pool') ?? 8) });
    pool.on('error', () => undefined);
    const timeoutMs = option('timeout-ms') === undefined ? {} : { timeoutMs: Number(option('timeout-ms')) };
    return createPostgresStore(pool, { schema: option('schema') ?? 'retain_bench', onClose: () => pool.end(), ...timeoutMs });
  }
  throw new Error(`unknown --store ${kind}`);
}

const readBody = (req: IncomingMessage) =>
  new Promise<string>((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });

/** The CPU time (user + system) this process used so far, in µs. */
const cpuMicros = () => {
  const { user, system } = process.cpuUsage();
  return user + system;
};

/** What `GET /stats` answers: now, and the most seen since start. */
const stats = { requests: 0, maxRequests: 0, transactions: 0, maxTransactions: 0, committed: 0, maxHeapUsed: 0 };
// v8's heap statistics, not process.memoryUsage(): that reads the RSS from /proc too, 50 times a
// second, which was ~2 % of the server's CPU in the profiles (counted against the ingest).
const sampler = setInterval(() => (stats.maxHeapUsed = Math.max(stats.maxHeapUsed, getHeapStatistics().used_heap_size)), 20);
sampler.unref();

/** The store, counting the transactions under way. */
function counted(store: CustomerStore): CustomerStore {
  return {
    ...store,
    transaction: async (work) => {
      stats.transactions++;
      stats.maxTransactions = Math.max(stats.maxTransactions, stats.transactions);
      try {
        const result = await store.transaction(work);
        stats.committed++;
        return result;
      } finally {
        stats.transactions--;
      }
    },
  };
}

let listener: RequestListener;
let close = async () => {};
if (kind === 'bare') {
  listener = (req, res) => {
    void readBody(req).then((text) => {
      const body = JSON.parse(text) as { batch: unknown[] };
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ ok: true, accepted: body.batch.length }));
    });
  };
} else {
  const store = openStore();
  await store.get({ kind: 'customer', id: '-' }); // open and migrate before serving
  let delivered = 0;
  const onDecision = (d: IngestDecision): void | Promise<void> => {
    if (delivered >= stallAfter) {
      if (delivered++ === stallAfter) console.log('stalled');
      return new Promise(() => undefined); // never resolves: the decision stays in the outbox
    }
    delivered++;
    if (decisionsFile !== undefined) appendFileSync(decisionsFile, `${JSON.stringify(d)}\n`);
  };
  const ingest = createBenchIngest(counted(store), onDecision, {
    ...(option('max-in-flight') === undefined ? {} : { maxInFlight: Number(option('max-in-flight')) }),
    ...(option('max-wait-ms') === undefined ? {} : { maxWaitMs: Number(option('max-wait-ms')) }),
    ...(option('max-transactions') === undefined ? {} : { maxTransactions: Number(option('max-transactions')) }),
    outbox: { leaseMs: Number(option('lease-ms') ?? 30_000), redeliverEveryMs: Number(option('redeliver-ms') ?? 10_000) },
  });
  listener = toNodeListener(ingest);
  close = async () => {
    await ingest.close();
    await store.close();
  };
}

const served = listener;
const server = createServer({ keepAliveTimeout: 30_000 }, (req, res) => {
  if (req.method === 'GET' && (req.url === '/stats' || req.url === '/stats?gc')) {
    // `?gc`: collect garbage first (the process runs with --expose-gc), so heapUsed is what is held.
    if (req.url === '/stats?gc') (globalThis as { gc?: () => void }).gc?.();
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ ...stats, heapUsed: process.memoryUsage().heapUsed, rss: process.memoryUsage().rss, cpuMicros: cpuMicros() }));
    return;
  }
  stats.requests++;
  stats.maxRequests = Math.max(stats.maxRequests, stats.requests);
  res.once('close', () => stats.requests--);
  served(req, res);
});
server.listen(port, '127.0.0.1', () => console.log(`listening http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/batch`));
const stop = () => {
  setTimeout(() => process.exit(1), 5_000).unref(); // a store that does not close in time
  server.close(() => void close().then(() => process.exit(0)));
  server.closeIdleConnections();
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
