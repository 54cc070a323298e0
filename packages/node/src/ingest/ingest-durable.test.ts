/**
 * The ingest handler over the durable stores: a restart keeps customers, identity links and the
 * message-id window; decisions that were committed but not delivered are delivered after it.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { cond, type RetainEvent } from '@retain/core';
import { freshSchema, postgresAvailable, postgresUrl } from '../../../../test/helpers/postgres.js';
import { rule } from '../rules/builder.js';
import type { CustomerStore } from '../stores/customer-store.js';
import { createPGliteStore } from '../stores/sql/pglite-store.js';
import { createPostgresStore } from '../stores/sql/postgres-store.js';
import type { IngestDecision } from './decision.js';
import { createIngestHandler, type IngestResult } from './ingest-handler.js';
import { basicAuthHeader } from './write-key.js';

const T0 = Date.parse('2026-11-22T10:00:00Z');
const at = (minutes: number) => new Date(T0 + minutes * 60_000).toISOString();
const post = (batch: readonly object[]) =>
  new Request('http://127.0.0.1/v1/batch', { method: 'POST', headers: { authorization: basicAuthHeader('wk') }, body: JSON.stringify({ batch }) });
const rules = [rule('welcome').on('Signed Up').when(cond.all()).send({ campaign: 'welcome', message: 'welcome-1', channel: 'in_context' })];

/** A store that can be "restarted": closed, and opened again over the same data. */
interface Backend {
  name: string;
  open(): CustomerStore;
  cleanup(): Promise<void>;
}

const pgAvailable = await postgresAvailable();
const backends: Array<() => Promise<Backend>> = [
  async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'retain-ingest-'));
    return { name: 'pglite', open: () => createPGliteStore({ dataDir }), cleanup: () => rm(dataDir, { recursive: true, force: true }) };
  },
];
if (pgAvailable) {
  backends.push(async () => {
    const schema = freshSchema('ingest');
    const pools: pg.Pool[] = [];
    return {
      name: 'postgres',
      open: () => {
        const pool = new pg.Pool({ connectionString: postgresUrl, max: 4 });
        pools.push(pool);
        return createPostgresStore(pool, { schema, onClose: () => pool.end() });
      },
      cleanup: async () => {
        const admin = new pg.Client({ connectionString: postgresUrl });
        await admin.connect();
        await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
        await admin.end();
      },
    };
  });
}

const opened: Backend[] = [];
afterAll(async () => {
  for (const b of opened) await b.cleanup();
});

describe.each(backends.map((make, i) => [i === 0 ? 'pglite' : 'postgres', make] as const))('ingest over %s, across a restart', (_name, make) => {
  it('keeps every customer, link and received message id', { timeout: 60_000 }, async () => {
    const backend = await make();
    opened.push(backend);
    const first = backend.open();
    const handler = createIngestHandler({ writeKeys: ['wk'], store: first, now: () => T0 });
    const batch: RetainEvent[] = [
      { type: 'page', messageId: 'p1', timestamp: at(0), anonymousId: 'anon-1' } as RetainEvent,
      { type: 'identify', messageId: 'i1', timestamp: at(1), anonymousId: 'anon-1', userId: 'ada', traits: { plan: 'pro' } } as RetainEvent,
      { type: 'track', event: 'Order Completed', properties: { order_id: 'o1', revenue: 40 }, messageId: 'o1', timestamp: at(2), userId: 'ada' } as RetainEvent,
    ];
    expect(((await (await handler(post(batch))).json()) as IngestResult).accepted).toBe(3);
    await handler.close();
    await first.close();

    const second = backend.open();
    const again = createIngestHandler({ writeKeys: ['wk'], store: second, now: () => T0 });
    const ada = await second.get({ kind: 'customer', id: 'ada' });
    expect(ada?.state).toMatchObject({ eventCount: 3, identity: { traits: { plan: 'pro' } }, transactions: { orders: 1, revenue: 40 } });
    // the retried batch is recognised, and the link routes the visitor's later events to ada
    expect(((await (await again(post(batch))).json()) as IngestResult).duplicates).toBe(3);
    await again(post([{ type: 'page', messageId: 'p2', timestamp: at(3), anonymousId: 'anon-1' }]));
    expect((await second.get({ kind: 'customer', id: 'ada' }))?.state.eventCount).toBe(4);
    expect(await second.get({ kind: 'customer', id: 'anon-1' })).toBeUndefined();
    await again.close();
    await second.close();
  });

  it('delivers after a restart the decisions committed but not delivered, once acknowledged, with the same ids', { timeout: 60_000 }, async () => {
    const backend = await make();
    opened.push(backend);
    const first = backend.open();
    // The process "dies" between commit and delivery: onDecision never succeeds.
    const crashed = createIngestHandler({
      writeKeys: ['wk'],
      store: first,
      rules,
      now: () => T0,
      outbox: { leaseMs: 200, redeliverEveryMs: 60_000 },
      onDecision: () => Promise.reject(new Error('killed before delivery')),
      onError: () => undefined,
    });
    const signUps = ['ada', 'bea', 'cy'].map((userId, i) => ({ type: 'track', event: 'Signed Up', messageId: `s-${userId}`, timestamp: at(i), userId }));
    const result = (await (await crashed(post(signUps))).json()) as IngestResult;
    expect(result.decisions.allowed + result.decisions.refused).toBe(3);
    const recorded = (await first.get({ kind: 'customer', id: 'ada' }))?.state.messages.length;
    await crashed.close();
    await first.close();

    const second = backend.open();
    const delivered: IngestDecision[] = [];
    const restarted = createIngestHandler({ writeKeys: ['wk'], store: second, rules, outbox: { leaseMs: 200, redeliverEveryMs: 60_000 }, onDecision: (d) => void delivered.push(d) });
    await new Promise((resolve) => setTimeout(resolve, 250)); // the dead process's claim runs out
    await restarted.redeliver(); // (the pass at start may have delivered them already)
    expect(delivered.map((d) => d.id).sort()).toEqual(['ada/s-ada/welcome/welcome-1', 'bea/s-bea/welcome/welcome-1', 'cy/s-cy/welcome/welcome-1']);
    expect(delivered.every((d) => d.trigger.event === 'Signed Up')).toBe(true);
    expect((await second.get({ kind: 'customer', id: 'ada' }))?.state.messages.length).toBe(recorded);
    expect(await restarted.redeliver()).toBe(0); // acknowledged: never again
    await restarted.close();
    await second.close();
  });
});
