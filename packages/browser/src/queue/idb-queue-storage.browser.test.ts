import { createStore, get, set } from 'idb-keyval';
import { describe, expect, it } from 'vitest';
import { idbQueueStorage } from './idb-queue-storage.js';
import type { QueuedEvent } from './queue-storage.js';

const items = (from: number, n: number): QueuedEvent[] =>
  Array.from({ length: n }, (_, i) => ({ key: `k${String(from + i).padStart(5, '0')}`, json: `{"i":${from + i}}` }));
let n = 0;
const ns = () => `idb-test-${Date.now()}-${++n}`;

describe('idbQueueStorage (real IndexedDB)', () => {
  it('adds in chunks and peeks oldest first', async () => {
    const s = idbQueueStorage(ns());
    await s.add(items(0, 120));
    await s.add(items(120, 5));
    expect(await s.count()).toBe(125);
    expect((await s.peek(3)).map((i) => i.key)).toEqual(['k00000', 'k00001', 'k00002']);
    expect(await s.peek(200)).toHaveLength(125);
  });

  it('removes whole and partial chunks, known or not to this instance (another tab)', async () => {
    const name = ns();
    const s = idbQueueStorage(name);
    await s.add(items(0, 120));
    await s.remove(items(0, 50).map((i) => i.key)); // a whole chunk
    await s.remove(items(60, 10).map((i) => i.key)); // part of a chunk
    expect(await s.count()).toBe(60);
    const other = idbQueueStorage(name); // knows nothing about the chunks
    await other.remove(items(100, 20).map((i) => i.key));
    expect((await s.peek(100)).map((i) => i.key)).toEqual([...items(50, 10), ...items(70, 30)].map((i) => i.key));
  });

  it('deletes a chunk unread only when none of its events stay, even after another tab shrank it', async () => {
    const name = ns();
    const s = idbQueueStorage(name);
    await s.add(items(0, 50)); // one chunk, known to s
    await idbQueueStorage(name).remove(['k00000']); // another tab rewrites it without k00000
    expect(await s.peek(100)).toHaveLength(49); // s learns the chunk again
    await s.remove(['k00000', 'k00001']); // k00000 is already gone: the chunk must be rewritten, not deleted
    expect((await s.peek(100)).map((i) => i.key)).toEqual(items(2, 48).map((i) => i.key));
    await s.remove(items(2, 48).map((i) => i.key)); // every remaining event: deleted whole
    expect(await s.count()).toBe(0);
    await s.add(items(100, 60)); // two chunks (50 + 10)
    await s.remove(items(100, 55).map((i) => i.key)); // the first whole, the second in part
    expect((await s.peek(100)).map((i) => i.key)).toEqual(items(155, 5).map((i) => i.key));
  });

  it('stores a chunk packed (two strings), reads chunks an earlier version stored as arrays, and keeps odd texts intact', async () => {
    const name = ns();
    const events = createStore(`${name}-queue`, 'events');
    await set('k00000', items(0, 3), events); // the array format of an earlier version
    const s = idbQueueStorage(name);
    const odd: QueuedEvent[] = [{ key: 'k00010', json: '{"s":"a\u0001b"}' }, { key: 'k00011', json: '{\n"pretty": true\n}' }];
    await s.add(items(5, 2));
    await s.add(odd);
    expect(await get('k00005', events)).toEqual({ k: 'k00005\u0001k00006', j: '{"i":5}\u0001{"i":6}' });
    expect(await get('k00010', events)).toEqual(odd); // a text holding the separator: stored as an array
    expect(await s.count()).toBe(7);
    expect(await s.peek(100)).toEqual([...items(0, 3), ...items(5, 2), ...odd]);
    await s.remove(['k00001', 'k00006']); // a partial rewrite of each format
    expect((await s.peek(100)).map((i) => i.key)).toEqual(['k00000', 'k00002', 'k00005', 'k00010', 'k00011']);
    expect((await s.peek(100)).find((i) => i.key === 'k00010')?.json).toBe(odd[0]!.json);
  });

  it('persists values and clears everything', async () => {
    const s = idbQueueStorage(ns());
    await s.save('state', { a: 1 });
    await s.add(items(0, 3));
    expect(await s.load('state')).toEqual({ a: 1 });
    await s.clear();
    expect(await s.count()).toBe(0);
    expect(await s.load('state')).toBeUndefined();
  });
});
