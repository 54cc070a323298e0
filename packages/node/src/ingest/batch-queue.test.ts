import { describe, expect, it } from 'vitest';
import type { RetainEvent } from '@retain/core';
import { createBatchQueue } from './batch-queue.js';
import type { IngestDecision } from './decision.js';
import type { BatchOutcome } from './ingest-batch.js';

const page = (id: string): RetainEvent => ({ type: 'page', messageId: id, timestamp: '2026-11-22T10:00:00Z', userId: 'u1' });
const decision = (trigger: string): IngestDecision =>
  ({ id: `d-${trigger}`, customerId: 'u1', accountId: null, trigger: { messageId: trigger, type: 'page', event: null, timestamp: '' }, allowed: true, reasons: [], score: null, goodwill: null, at: 0 }) as unknown as IngestDecision;

/** A store stand-in: each run waits until released, folds every id not in `seen` (saying which only when asked), decides on ids ending in 'x'. */
function fakeRun(seen: Set<string>) {
  const runs: string[][] = [];
  const gates: Array<() => void> = [];
  let running = 0;
  let most = 0;
  const run = async (events: readonly RetainEvent[], trackApplied: boolean): Promise<BatchOutcome> => {
    runs.push(events.map((e) => e.messageId));
    running++;
    most = Math.max(most, running);
    await new Promise<void>((resolve) => gates.push(resolve));
    running--;
    if (events.some((e) => e.messageId === 'boom')) throw new Error('store down');
    const applied = new Set(events.map((e) => e.messageId).filter((id) => !seen.has(id)));
    for (const id of applied) seen.add(id);
    return { applied: applied.size, ...(trackApplied ? { appliedIds: applied } : {}), duplicates: events.length - applied.size, decisions: [...applied].filter((id) => id.endsWith('x')).map(decision), errors: [] };
  };
  const release = async () => {
    while (gates.length === 0) await new Promise((resolve) => setTimeout(resolve, 1));
    gates.shift()!();
  };
  return { run, runs, release, most: () => most };
}

describe('createBatchQueue', () => {
  it('runs a batch alone when a lane is free, and folds the batches that wait into one transaction', async () => {
    const store = fakeRun(new Set());
    const submit = createBatchQueue(store.run, 1, 1000);
    const first = submit([page('a1'), page('a2x')]);
    const second = submit([page('b1'), page('b2')]);
    const third = submit([page('c1x')]);
    expect(store.runs).toEqual([['a1', 'a2x']]); // the others wait for the lane
    await store.release();
    await store.release();
    expect(store.runs).toEqual([['a1', 'a2x'], ['b1', 'b2', 'c1x']]);
    expect(await first).toEqual({ applied: 2, duplicates: 0, decisions: [decision('a2x')] });
    expect(await second).toEqual({ applied: 2, duplicates: 0, decisions: [] });
    expect(await third).toEqual({ applied: 1, duplicates: 0, decisions: [decision('c1x')] });
  });

  it("gives each batch its own repeats: ids stored before, and ids an earlier batch of the same transaction holds", async () => {
    const store = fakeRun(new Set(['old']));
    const submit = createBatchQueue(store.run, 1, 1000);
    const blocker = submit([page('z')]);
    const a = submit([page('a1x'), page('old')]);
    const b = submit([page('a1x'), page('b1')]); // a retry racing the original, in another request
    await store.release();
    await store.release();
    await blocker;
    expect(store.runs[1]).toEqual(['a1x', 'old', 'b1']);
    expect(await a).toEqual({ applied: 1, duplicates: 1, decisions: [decision('a1x')] });
    expect(await b).toEqual({ applied: 1, duplicates: 1, decisions: [] });
  });

  it('keeps to maxEvents a transaction (a larger batch runs alone) and to the number of lanes', async () => {
    const store = fakeRun(new Set());
    const submit = createBatchQueue(store.run, 2, 3);
    const all = [submit([page('a')]), submit([page('b')]), submit([page('c1'), page('c2')]), submit([page('d1'), page('d2')]), submit([page('e1'), page('e2'), page('e3'), page('e4')])];
    for (let i = 0; i < 5; i++) await store.release();
    await Promise.all(all);
    // c and d together would be 4 events, over 3; e is larger than 3 on its own and runs alone
    expect(store.runs).toEqual([['a'], ['b'], ['c1', 'c2'], ['d1', 'd2'], ['e1', 'e2', 'e3', 'e4']]);
    expect(store.most()).toBe(2);
  });

  it('fails every batch of a transaction that fails, and goes on with the next ones', async () => {
    const store = fakeRun(new Set());
    const submit = createBatchQueue(store.run, 1, 1000);
    const blocker = submit([page('z')]);
    const a = submit([page('boom')]);
    const b = submit([page('b1')]);
    await store.release();
    await store.release();
    await blocker;
    await expect(a).rejects.toThrow('store down');
    await expect(b).rejects.toThrow('store down');
    const c = submit([page('c1')]);
    await store.release();
    expect(await c).toEqual({ applied: 1, duplicates: 0, decisions: [] });
  });
});
