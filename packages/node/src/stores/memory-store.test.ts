import { describe, expect, it } from 'vitest';
import { createCustomerState } from '@retain/core';
import { createMemoryStore } from './memory-store.js';
import { describeStoreContract } from './testing/store-contract.js';
import type { StoredState } from './customer-store.js';

describeStoreContract('memory', {
  // Raw rows come in through `initial`, which is checked (and migrated) only when read.
  open: async (raw = []) => createMemoryStore({ initial: raw.map((r) => ({ state: r.state, memory: r.memory, version: 1 }) as StoredState) }),
  // One process, one store: the "other connection" is the same store.
  another: async (store) => store,
});

describe('createMemoryStore', () => {
  it('migrates and checks initial records when read, reporting a bad one with its key', async () => {
    const good = createCustomerState('good');
    const v1 = { ...good, id: 'old', version: 1, seen: [[1, 'm-1']] };
    const bad = { ...good, id: 'bad', visits: 'lots' };
    const rows = [good, v1, bad].map((state) => ({ state, memory: {}, version: 3 }) as unknown as StoredState);
    const store = createMemoryStore({ initial: rows });
    expect((await store.get({ kind: 'customer', id: 'old' }))?.state.seen.ids).toEqual(['m-1']);
    await expect(store.get({ kind: 'customer', id: 'bad' })).rejects.toThrow(/customer:bad/);
    const reported: string[] = [];
    const ids: string[] = [];
    for await (const r of store.list('customer', { onCorrupt: (e) => reported.push(e.key) })) ids.push(r.state.id);
    expect(ids).toEqual(['good', 'old']);
    expect(reported).toEqual(['customer:bad']);
  });

  it('forgets the oldest message ids beyond maxSeen', async () => {
    const store = createMemoryStore({ maxSeen: 2 });
    await store.transaction(async (tx) => tx.remember(['a', 'b', 'c'], 1));
    await store.transaction(async (tx) => expect([...(await tx.seen(['a', 'b', 'c']))]).toEqual(['b', 'c']));
  });
});
