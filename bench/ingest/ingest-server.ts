/**
 * One ingest server process for the benches and the multi-instance tests:
 *
 *   node --conditions=@retain/source --import tsx bench/ingest/ingest-server.ts \
 *     --store bare|memory|pglite|postgres [--port 0] [--schema s] [--data-dir d] [--decisions file] [--max-in-flight n]
 *
 * `bare` is the baseline: node:http that reads each body and JSON.parses it. The others run the
 * webhook example's rules and the default send policy on the named store (PostgreSQL from
 * `RETAIN_TEST_DATABASE_URL` or `DATABASE_URL`). Prints `listening <url>` when ready.
 */
import { appendFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { createMemoryStore, createPGliteStore, createPostgresStore, toNodeListener, type CustomerStore, type IngestDecision } from '@retain/node';
import { createIngestHandler, defaultPolicy } from '@retain/node';
import { WEBHOOK_MESSAGES, WEBHOOK_RULES } from '../../examples/node-webhook/webhook-app.js';
import { DEFAULT_WORKLOAD } from './workload.js';

const option = (name: string): string | undefined => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const kind = option('store') ?? 'memory';
const port = Number(option('port') ?? 0);
const decisionsFile = option('decisions');

function openStore(): CustomerStore {
  if (kind === 'memory') return createMemoryStore();
  if (kind === 'pglite') return createPGliteStore(option('data-dir') === undefined ? {} : { dataDir: option('data-dir')! });
  if (kind === 'postgres') {
    const url = process.env['RETAIN_TEST_DATABASE_URL'] ?? process.env['DATABASE_URL'];
    if (url === undefined) throw new Error('postgres: set RETAIN_TEST_DATABASE_URL or DATABASE_URL');
    const pool = new pg.Pool({ connectionString: url, max: Number(option('pool') ?? 8) });
    pool.on('error', () => undefined);
    return createPostgresStore(pool, { schema: option('schema') ?? 'retain_bench', onClose: () => pool.end() });
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
  const onDecision = decisionsFile === undefined ? () => undefined : (d: IngestDecision) => appendFileSync(decisionsFile, `${JSON.stringify(d)}\n`);
  const ingest = createIngestHandler({
    writeKeys: ['wk_bench'],
    store,
    rules: WEBHOOK_RULES,
    policy: defaultPolicy,
    messages: WEBHOOK_MESSAGES,
    cors: false,
    now: () => DEFAULT_WORKLOAD.now,
    onDecision,
    onError: (error) => console.error(error),
    ...(option('max-in-flight') === undefined ? {} : { maxInFlight: Number(option('max-in-flight')) }),
    outbox: { leaseMs: Number(option('lease-ms') ?? 30_000), redeliverEveryMs: Number(option('redeliver-ms') ?? 10_000) },
  });
  listener = toNodeListener(ingest);
  close = async () => {
    await ingest.close();
    await store.close();
  };
}

const server = createServer({ keepAliveTimeout: 30_000 }, listener);
server.listen(port, '127.0.0.1', () => console.log(`listening http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/batch`));
const stop = () => server.close(() => void close().then(() => process.exit(0)));
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
