import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { afterAll, describe, expect, it } from 'vitest';
import { createCustomerState } from '@retain/core';
import type { CustomerStore } from '../customer-store.js';
import { describeStoreContract } from '../testing/store-contract.js';
import { createPGliteStore } from './pglite-store.js';
import { createPostgresStore } from './postgres-store.js';

// One embedded database for the contract suite (opening PGlite takes seconds); a schema per test.
const db = await PGlite.create();
let counter = 0;
const schemaOf = new Map<CustomerStore, string>();
afterAll(() => db.close());

describeStoreContract('pglite', {
  async open(raw = []) {
    const schema = `contract_${++counter}`;
    const store = createPostgresStore(db, { schema, name: 'pglite' });
    await store.get({ kind: 'customer', id: '-' });
    for (const row of raw) {
      await db.query(`INSERT INTO ${schema}.states (kind, id, version, state, memory) VALUES ($1, $2, 1, $3, $4)`, [row.ref.kind, row.ref.id, JSON.stringify(row.state), JSON.stringify(row.memory)]);
    }
    schemaOf.set(store, schema);
    return store;
  },
  // PGlite is one connection, owned by one process: the "other connection" is the same store.
  another: async (store) => store,
  bulkRows: 50_000,
});

describe('createPGliteStore', { timeout: 60_000 }, () => {
  it('keeps every record in its data directory across a restart', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'retain-pglite-'));
    try {
      const first = createPGliteStore({ dataDir });
      await first.transaction(async (tx) => {
        await tx.read([{ kind: 'customer', id: 'ada' }]);
        tx.write({ kind: 'customer', id: 'ada' }, undefined, { state: { ...createCustomerState('ada'), eventCount: 3 }, memory: { rules: { lastFired: { r: 1 }, fired: {} } } });
        tx.remember(['m-1'], 1);
        tx.link([['anon-1', 'ada']], 1);
        tx.enqueue([{ id: 'd-1', customerId: 'ada', payload: { allowed: true }, createdAt: 1 }], 0);
      });
      await first.close();

      const second = createPGliteStore({ dataDir });
      expect(await second.get({ kind: 'customer', id: 'ada' })).toMatchObject({ version: 1, state: { eventCount: 3 }, memory: { rules: { lastFired: { r: 1 } } } });
      await second.transaction(async (tx) => {
        expect([...(await tx.seen(['m-1']))]).toEqual(['m-1']);
        expect(Object.fromEntries(await tx.links(['anon-1']))).toEqual({ 'anon-1': 'ada' });
      });
      expect((await second.claimOutbox(10, 1_000)).map((e) => e.id)).toEqual(['d-1']);
      await second.close();
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
