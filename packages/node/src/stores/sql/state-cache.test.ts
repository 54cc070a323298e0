import { PGlite } from '@electric-sql/pglite';
import { afterAll, describe, expect, it } from 'vitest';
import { applyEventInPlace, createCustomerState, type RetainEvent } from '@retain/core';
import type { CustomerStore, StateRef } from '../customer-store.js';
import { stateKey } from '../customer-store.js';
import type { SqlClient } from './sql-client.js';
import { createPostgresStore } from './postgres-store.js';
import { createStateCache } from './state-cache.js';

// One embedded database; two stores on one schema stand for two processes (each has its own cache).
const db = await PGlite.create();
afterAll(() => db.close());
let counter = 0;

/** A client that records whether each ingest read sent states back (null: the cache's row version was current). */
function watched(): SqlClient & { fullReads: number; versionReads: number } {
  const client = {
    fullReads: 0,
    versionReads: 0,
    async query(text: string, values?: unknown[]) {
      const result = await db.query(text, values);
      if (/FOR UPDATE OF t/.test(text)) {
        for (const row of result.rows as Array<{ state: unknown }>) {
          if (row.state === null) client.versionReads++;
          else client.fullReads++;
        }
      }
      return result;
    },
  };
  return client;
}

const ada: StateRef = { kind: 'customer', id: 'ada' };
const page = (n: number): RetainEvent => ({ type: 'page', name: 'Home', messageId: `m-${n}`, timestamp: new Date(Date.UTC(2026, 10, 22, 10, n)).toISOString(), userId: 'ada' });

/** One ingest-like transaction: reads ada, folds one page view into the record in place, writes it. */
const foldOne = (store: CustomerStore, n: number, fail = false) =>
  store.transaction(async (tx) => {
    const current = (await tx.read([ada])).get(stateKey(ada));
    const state = current?.state ?? createCustomerState('ada');
    expect(tx.ownedReads).toBe(true);
    applyEventInPlace(state, page(n));
    tx.write(ada, current, { state, memory: { n }, dueAt: null });
    if (fail) throw new Error('the work fails after folding in place');
    return state.eventCount;
  });

function twoProcesses() {
  const schema = `cache_${++counter}`;
  const a = watched();
  const b = watched();
  return { a, b, first: createPostgresStore(a, { schema }), second: createPostgresStore(b, { schema }) };
}

describe('the SQL stores’ cache of the records they wrote', { timeout: 60_000 }, () => {
  it('reads only the version of a record it wrote last, and the state in full after a write elsewhere', async () => {
    const { a, first, second } = twoProcesses();
    expect(await foldOne(first, 1)).toBe(1);
    expect(await foldOne(first, 2)).toBe(2);
    expect(a.versionReads).toBe(1);
    expect(await foldOne(second, 3)).toBe(3); // the other process
    expect(await foldOne(first, 4)).toBe(4); // sees event 3: read in full
    expect(a.fullReads).toBe(1);
    expect((await first.get(ada))?.state.eventCount).toBe(4);
  });

  it('reads a record deleted and created again elsewhere in full, though its version is the one cached', async () => {
    const { first, second } = twoProcesses();
    await foldOne(first, 1);
    expect(await second.delete(ada)).toBe(true);
    await second.update(ada, () => ({ state: { ...createCustomerState('ada'), eventCount: 40 }, memory: {}, dueAt: null })); // version 1 again
    expect(await foldOne(first, 2)).toBe(41);
  });

  it('forgets what a failed transaction folded in place', async () => {
    const { first } = twoProcesses();
    await foldOne(first, 1);
    await expect(foldOne(first, 2, true)).rejects.toThrow('fails after folding');
    expect(await foldOne(first, 3)).toBe(2); // events 1 and 3: not the 2 of the failed transaction
    expect((await first.get(ada))?.memory).toEqual({ n: 3 });
  });

  it('keeps out what update() returns (the caller holds it)', async () => {
    const { a, first } = twoProcesses();
    const record = await first.update(ada, () => ({ state: createCustomerState('ada'), memory: {}, dueAt: null }));
    record.state.eventCount = 99; // the caller's object
    expect(await foldOne(first, 1)).toBe(1);
    expect(a.fullReads).toBe(1);
  });

  it('serialises transactions of one process on the same record (each takes the record out while it folds)', async () => {
    const { first } = twoProcesses();
    await foldOne(first, 0);
    expect((await Promise.all([1, 2, 3, 4, 5].map((n) => foldOne(first, n)))).sort()).toEqual([2, 3, 4, 5, 6]);
    expect((await first.get(ada))?.state.eventCount).toBe(6);
  });
});

describe('createStateCache', () => {
  it('hands a record out once, as the row version it was written as, and drops the least recently written', () => {
    const cache = createStateCache(2);
    const record = (version: number) => ({ version, xmin: '7', state: createCustomerState('ada'), memory: {}, dueAt: null });
    cache.put('a', record(1));
    expect(cache.checkOut('a', 1, '8')).toBeUndefined(); // another row version
    expect(cache.peek('a')).toBeUndefined(); // and gone
    cache.put('a', record(2));
    expect(cache.checkOut('a', 2, '7')?.version).toBe(2);
    expect(cache.checkOut('a', 2, '7')).toBeUndefined(); // taken
    cache.put('a', record(3));
    cache.put('b', record(1));
    cache.put('c', record(1));
    expect(cache.peek('a')).toBeUndefined();
    expect(cache.peek('c')?.version).toBe(1);
    const off = createStateCache(0);
    off.put('a', record(1));
    expect(off.peek('a')).toBeUndefined();
  });
});
