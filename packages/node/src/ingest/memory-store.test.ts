import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createCustomerState } from '@retain/core';
import { createIngestHandler, type IngestResult } from './ingest-handler.js';
import { createMemoryStore } from './memory-store.js';
import { basicAuthHeader } from './write-key.js';

const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('createMemoryStore', () => {
  it('serialises concurrent updates of one key, even when they await in between (no lost update)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.nat({ max: 3 }), { minLength: 1, maxLength: 30 }), async (delays) => {
        const store = createMemoryStore();
        const ref = { kind: 'customer', id: 'c' } as const;
        await Promise.all(
          delays.map((delay) =>
            store.update(ref, async (current) => {
              const state = current?.state ?? createCustomerState('c');
              await tick(delay);
              return { state: { ...state, eventCount: state.eventCount + 1 }, memory: {} };
            }),
          ),
        );
        const stored = await store.get(ref);
        expect(stored?.state.eventCount).toBe(delays.length);
        expect(stored?.version).toBe(delays.length);
      }),
      { numRuns: 25 },
    );
  });

  it('writes nothing when the update function throws, and keeps serving the key', async () => {
    const store = createMemoryStore();
    const ref = { kind: 'customer', id: 'c' } as const;
    await expect(store.update(ref, () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await store.get(ref)).toBeUndefined();
    const written = await store.update(ref, () => ({ state: createCustomerState('c'), memory: {} }));
    expect(written.version).toBe(1);
  });

  it('hands out copies: mutating a returned record does not change the store', async () => {
    const store = createMemoryStore();
    const ref = { kind: 'customer', id: 'c' } as const;
    await store.update(ref, () => ({ state: createCustomerState('c'), memory: {} }));
    const copy = await store.get(ref);
    if (copy !== undefined) copy.state.eventCount = 99;
    expect((await store.get(ref))?.state.eventCount).toBe(0);
  });

  it('deletes a customer after its pending updates, and lists records by kind', async () => {
    const store = createMemoryStore();
    const customer = { kind: 'customer', id: 'c' } as const;
    const account = { kind: 'account', id: 'a' } as const;
    void store.update(customer, async () => {
      await tick(5);
      return { state: createCustomerState('c'), memory: {} };
    });
    await store.update(account, () => ({ state: createCustomerState('a', 'account'), memory: {} }));
    expect(await store.delete(customer)).toBe(true);
    expect(await store.get(customer)).toBeUndefined();
    expect(await store.delete(customer)).toBe(false);
    const accounts = [];
    for await (const record of store.list('account')) accounts.push(record.state.id);
    expect(accounts).toEqual(['a']);
  });
});

describe('ingest with concurrent batches for one customer', () => {
  it('loses no event, whatever the split into batches and the interleaving', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.constantFrom('u1', 'u2'), fc.integer({ min: 0, max: 86_400_000 })), { minLength: 1, maxLength: 40 }),
        fc.integer({ min: 1, max: 6 }),
        async (specs, batchSize) => {
          const store = createMemoryStore();
          // A store that yields between read and write, to invite interleaving.
          const slow = { ...store, update: store.update.bind(store) as typeof store.update };
          slow.update = (ref, fn) => store.update(ref, async (current) => { await tick(0); return fn(current); });
          const handler = createIngestHandler({ writeKeys: ['k'], store: slow });
          const events = specs.map(([userId, offset], i) => ({
            type: 'track' as const,
            event: 'Item Viewed',
            messageId: `m${i}`,
            timestamp: new Date(Date.parse('2026-11-22T00:00:00Z') + offset).toISOString(),
            userId,
            context: { groupId: 'acct' },
          }));
          const batches: (typeof events)[] = [];
          for (let i = 0; i < events.length; i += batchSize) batches.push(events.slice(i, i + batchSize));
          const results = await Promise.all(
            batches.map(async (batch) => {
              const res = await handler(new Request('http://127.0.0.1/v1/batch', { method: 'POST', headers: { authorization: basicAuthHeader('k') }, body: JSON.stringify({ batch }) }));
              return (await res.json()) as IngestResult;
            }),
          );
          expect(results.reduce((n, r) => n + r.accepted, 0)).toBe(events.length);
          for (const id of ['u1', 'u2']) {
            const expected = specs.filter(([u]) => u === id).length;
            expect((await store.get({ kind: 'customer', id }))?.state.eventCount ?? 0).toBe(expected);
          }
          expect((await store.get({ kind: 'account', id: 'acct' }))?.state.eventCount).toBe(events.length);
        },
      ),
      { numRuns: 30 },
    );
  });
});
