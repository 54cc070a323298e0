import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createMemoryStore } from '../stores/memory-store.js';
import type { CustomerStore } from '../stores/customer-store.js';
import { createIngestHandler, type IngestResult } from './ingest-handler.js';
import { basicAuthHeader } from './write-key.js';

const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('ingest with concurrent batches for one customer', () => {
  it('loses no event, whatever the split into batches and the interleaving', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.constantFrom('u1', 'u2'), fc.integer({ min: 0, max: 86_400_000 })), { minLength: 1, maxLength: 40 }),
        fc.integer({ min: 1, max: 6 }),
        async (specs, batchSize) => {
          const store = createMemoryStore();
          // A store that yields inside each transaction, to invite interleaving.
          const slow: CustomerStore = { ...store, transaction: (work) => store.transaction(async (tx) => { await tick(0); return work(tx); }) };
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
