/**
 * Faults: the PostgreSQL server stops in the middle of a load and comes back. While it is down
 * the endpoint answers 503 with Retry-After, naming the store; clients keep their batches and
 * retry (as @retain/browser does); once it is back, ingest recovers without a restart, and every
 * acknowledged event is in the final states, none counted twice.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cond, foldEvents, type RetainEvent } from '@retain/core';
import { postgresBin, startPrivatePostgres, type PrivatePostgres } from '../../../../test/helpers/postgres.js';
import { rule } from '../rules/builder.js';
import { createPostgresStore } from '../stores/sql/postgres-store.js';
import type { IngestDecision } from './decision.js';
import { createIngestHandler, type IngestErrorBody, type IngestResult } from './ingest-handler.js';
import { basicAuthHeader } from './write-key.js';

const bin = postgresBin();
if (bin === undefined) {
  if (process.env['CI'] === 'true') throw new Error('CI must run the PostgreSQL fault test: no server binaries (.ci/run installs postgresql)');
  console.warn('\n  ⚠ no PostgreSQL server binaries: the fault test (server stopped mid-load) is SKIPPED.\n');
}

let server: PrivatePostgres | undefined;
beforeAll(async () => {
  if (bin !== undefined) server = await startPrivatePostgres();
}, 60_000);
afterAll(() => server?.destroy(), 60_000);

const T0 = Date.parse('2026-11-22T10:00:00Z');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.skipIf(bin === undefined)('ingest while the PostgreSQL server stops and restarts', () => {
  it('answers 503 + Retry-After while it is down, recovers by itself, and loses nothing acknowledged', { timeout: 120_000 }, async () => {
    const pool = new pg.Pool({ connectionString: server!.url, max: 4, connectionTimeoutMillis: 1_000 });
    pool.on('error', () => undefined); // idle connections die with the server
    const store = createPostgresStore(pool, { timeoutMs: 3_000 });
    const decisions = new Map<string, IngestDecision>();
    const rules = [rule('first-order').on('Order Completed').when(cond.all()).send({ campaign: 'thanks', message: 'thanks-1', channel: 'in_context' })];
    const handler = createIngestHandler({ writeKeys: ['wk'], store, rules, now: () => T0, onDecision: (d) => void decisions.set(d.id, d), onError: () => undefined });

    const customers = Array.from({ length: 40 }, (_, i) => `c${i}`);
    const events: RetainEvent[] = [];
    for (let n = 0; n < 600; n++) {
      const userId = customers[n % customers.length]!;
      const timestamp = new Date(T0 - 86_400_000 + n * 60_000).toISOString();
      events.push(
        n % 5 === 0
          ? ({ type: 'track', event: 'Order Completed', properties: { order_id: `o${n}`, revenue: 10 }, messageId: `e${n}`, timestamp, userId } as RetainEvent)
          : ({ type: 'page', messageId: `e${n}`, timestamp, userId } as RetainEvent),
      );
    }
    const batches: RetainEvent[][] = [];
    for (let i = 0; i < events.length; i += 20) batches.push(events.slice(i, i + 20));

    const unavailable: IngestErrorBody[] = [];
    let retryAfter = 0;
    let acknowledged = 0;
    let markStopped!: () => void;
    const stopped = new Promise<void>((resolve) => (markStopped = resolve));
    // Four clients, each posting its share and retrying a batch until it is acknowledged. Each
    // one's last batch waits for the outage, so the load meets it however fast the machine is
    // (a fixed delay before the stop let a fast machine finish the whole load first).
    const client = async (mine: RetainEvent[][]) => {
      for (const [i, batch] of mine.entries()) {
        if (i === mine.length - 1) await stopped;
        for (;;) {
          const res = await handler(new Request('http://127.0.0.1/v1/batch', { method: 'POST', headers: { authorization: basicAuthHeader('wk') }, body: JSON.stringify({ batch }) }));
          if (res.status === 200) {
            await res.json();
            acknowledged++;
            break;
          }
          expect(res.status).toBe(503);
          if (res.headers.get('retry-after') !== null) retryAfter++;
          unavailable.push((await res.json()) as IngestErrorBody);
          await sleep(100);
        }
        await sleep(15);
      }
    };
    const load = Promise.all([0, 1, 2, 3].map((k) => client(batches.filter((_, i) => i % 4 === k))));
    // in the middle of the load: a quarter of the batches in, others in flight
    while (acknowledged < batches.length / 4) await sleep(2);
    await server!.stop('immediate'); // a crash: connections cut, nothing flushed politely
    markStopped();
    await sleep(1_500);
    await server!.start();
    await load;

    expect(unavailable.length).toBeGreaterThan(0);
    expect(retryAfter).toBe(unavailable.length);
    expect(unavailable[0]?.error.message).toMatch(/postgres store/);
    for (const id of customers) {
      const expected = foldEvents(events.filter((e) => e.userId === id));
      const stored = await store.get({ kind: 'customer', id });
      expect(stored?.state.eventCount).toBe(expected.eventCount);
      expect(stored?.state.transactions).toEqual(expected.transactions);
      expect(stored?.state.visits).toEqual(expected.visits);
    }
    // one decision per order, delivered (redelivery covers the batch whose delivery the outage cut)
    await handler.redeliver();
    expect(decisions.size).toBe(events.filter((e) => e.type === 'track').length);
    await handler.close();
    await pool.end();
  });
});
