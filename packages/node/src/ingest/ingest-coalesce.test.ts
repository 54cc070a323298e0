/**
 * Batches that wait for the store are folded together into one transaction (`maxTransactions`):
 * fewer transactions, the same states and decisions, and each answer about its own events.
 */
import { cond, foldEvents, type RetainEvent } from '@retain/core';
import { describe, expect, it } from 'vitest';
import { rule } from '../rules/builder.js';
import type { CustomerStore } from '../stores/customer-store.js';
import { createMemoryStore } from '../stores/memory-store.js';
import type { IngestDecision } from './decision.js';
import { createIngestHandler, type IngestResult } from './ingest-handler.js';
import { basicAuthHeader } from './write-key.js';

const T0 = Date.parse('2026-11-22T10:00:00Z');
const order = (id: string, userId: string, minute: number): RetainEvent =>
  ({ type: 'track', event: 'Order Completed', properties: { order_id: id, revenue: 10 }, messageId: id, timestamp: new Date(T0 + minute * 60_000).toISOString(), userId }) as RetainEvent;

describe('ingest: batches that wait are folded together', () => {
  it('runs fewer transactions, answers each batch about its own events, and ends with the states of one fold', async () => {
    const store = createMemoryStore();
    let transactions = 0;
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    // The first transaction waits at the gate, so the next batches queue up behind it.
    const gated: CustomerStore = {
      ...store,
      transaction: (work) => {
        const first = transactions++ === 0;
        return store.transaction(async (tx) => {
          if (first) await gate;
          return work(tx);
        });
      },
    };
    const decisions: IngestDecision[] = [];
    const handler = createIngestHandler({
      writeKeys: ['k'],
      store: gated,
      maxTransactions: 1,
      now: () => T0 + 86_400_000,
      rules: [rule('thanks').on('Order Completed').when(cond.all()).send({ campaign: 'thanks', message: 'thanks-1', channel: 'in_context' })],
      onDecision: (d) => void decisions.push(d),
    });
    const post = (batch: RetainEvent[]) =>
      handler(new Request('http://x/v1/batch', { method: 'POST', headers: { authorization: basicAuthHeader('k') }, body: JSON.stringify({ batch }) })).then(async (r) => ({ status: r.status, body: (await r.json()) as IngestResult }));

    const batches = [
      [order('a1', 'u1', 0), order('a2', 'u2', 1)],
      [order('b1', 'u1', 2), order('b2', 'u3', 3)],
      [order('c1', 'u2', 4), order('b1', 'u1', 2)], // b1 again: a retry racing the first send, in another request
      [order('d1', 'u3', 5)],
    ];
    const answers = batches.map(post);
    await new Promise((resolve) => setTimeout(resolve, 20)); // all four arrived: one runs, three wait
    release();
    const results = await Promise.all(answers);

    expect(transactions).toBe(2); // the first alone, the three that waited together
    expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200]);
    expect(results.map((r) => [r.body.accepted, r.body.duplicates, r.body.decisions.allowed + r.body.decisions.refused])).toEqual([
      [2, 0, 2],
      [2, 0, 2],
      [1, 1, 1],
      [1, 0, 1],
    ]);
    expect(decisions.map((d) => d.trigger.messageId).sort()).toEqual(['a1', 'a2', 'b1', 'b2', 'c1', 'd1']);
    const all = batches.flat();
    for (const id of ['u1', 'u2', 'u3']) {
      const expected = foldEvents(all.filter((e) => e.userId === id));
      const stored = await store.get({ kind: 'customer', id });
      expect(stored?.state.eventCount).toBe(expected.eventCount);
      expect(stored?.state.transactions).toEqual(expected.transactions);
    }
  });
});
