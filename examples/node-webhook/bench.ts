/**
 * Ingest throughput: batches of 100 events (page views, products added, feedback) for 1,000
 * customers, posted over real HTTP on 127.0.0.1 to the webhook app (rules and send checks on),
 * 8 requests in flight. Also the handler alone, without HTTP.
 *
 *   node --conditions=@retain/source --import tsx examples/node-webhook/bench.ts [--batches 200]
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { basicAuthHeader, toNodeListener } from '@retain/node';
import { createWebhookApp } from './webhook-app.js';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(name);
  const value = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  return Number.isFinite(value) && value > 0 ? value : fallback;
};
const BATCHES = arg('--batches', 200);
const BATCH_SIZE = 100;
const CUSTOMERS = 1000;
const IN_FLIGHT = 8;
const start = Date.parse('2026-11-01T00:00:00Z');

function body(b: number): string {
  const batch = Array.from({ length: BATCH_SIZE }, (_, i) => {
    const n = b * BATCH_SIZE + i;
    const userId = `c${n % CUSTOMERS}`;
    const timestamp = new Date(start + n * 1000).toISOString();
    const kind = n % 10;
    if (kind === 0) return { type: 'track', event: 'Feedback Given', properties: { nps: n % 11 }, messageId: `m${n}`, timestamp, userId };
    if (kind < 4) return { type: 'track', event: 'Product Added', properties: { price: 20 }, messageId: `m${n}`, timestamp, userId };
    return { type: 'page', name: 'Catalog', messageId: `m${n}`, timestamp, userId };
  });
  return JSON.stringify({ batch, sentAt: new Date().toISOString() });
}

async function run(label: string, post: (payload: string) => Promise<number>): Promise<void> {
  const bodies = Array.from({ length: BATCHES }, (_, b) => body(b));
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      while (next < bodies.length) {
        const status = await post(bodies[next++] as string);
        if (status !== 200) throw new Error(`unexpected status ${status}`);
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  const events = BATCHES * BATCH_SIZE;
  console.log(`${label}: ${events} events in ${seconds.toFixed(2)} s = ${Math.round(events / seconds)} events/s (${Math.round(BATCHES / seconds)} batches/s)`);
}

const headers = { authorization: basicAuthHeader('wk_bench'), 'content-type': 'application/json' };

const direct = createWebhookApp({ writeKeys: ['wk_bench'], onDecision: () => undefined });
await run('handler, no HTTP', async (payload) => (await direct.handler(new Request('http://127.0.0.1/v1/batch', { method: 'POST', headers, body: payload }))).status);

const app = createWebhookApp({ writeKeys: ['wk_bench'], onDecision: () => undefined });
const server = createServer(toNodeListener(app.handler));
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/batch`;
try {
  await run('over HTTP (node:http + toNodeListener)', async (payload) => {
    const res = await fetch(url, { method: 'POST', headers, body: payload });
    await res.arrayBuffer();
    return res.status;
  });
} finally {
  server.close();
}
