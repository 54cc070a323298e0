import { describe, expect, it, vi } from 'vitest';
import { RetainError } from '@retain/core';
import { createRetain, memoryQueueStorage, type HttpClient } from '@retain/browser';

// The reducer chunk cannot load (a blocked URL, offline before it was ever cached).
vi.mock('./reducer-chunk.js', () => {
  throw new Error('chunk blocked');
});

/** A collector that accepts everything and keeps the events it got. */
function collector(): HttpClient & { events: Array<{ event?: string }> } {
  const events: Array<{ event?: string }> = [];
  return {
    events,
    async post(_url, body) {
      events.push(...(JSON.parse(body) as { batch: Array<{ event?: string }> }).batch);
      return { status: 200, header: () => null };
    },
  };
}

describe('createRetain when the reducer chunk fails to load', () => {
  it('still delivers every event, reports the failure, keeps the stored state, and tells subscribers nothing stale', async () => {
    const storage = memoryQueueStorage();
    const http = collector();
    const stored = { a: 'kept', s: { version: 0, eventCount: 41 } };
    await storage.save('state', stored);
    const retain = createRetain({ endpoint: 'https://collect.test/v1/batch', namespace: 'blocked', storage, httpClient: http, batch: { intervalMs: 5 } });
    const errors: RetainError[] = [];
    retain.on('error', (e) => errors.push(e));
    const told: number[] = [];
    retain.subscribe((state) => told.push(state.eventCount));
    retain.track('One');
    retain.track('Two', { n: 2 });
    await retain.flush();
    expect(http.events.map((e) => e.event)).toEqual(['One', 'Two']);
    expect(retain.stats()).toMatchObject({ accepted: 2, delivered: 2, queued: 0 });
    expect(errors.length).toBeGreaterThan(0);
    expect(errors[0]).toBeInstanceOf(RetainError);
    expect(errors[0]!.message).toMatch(/reducer .*failed to load/);
    expect(retain.state().eventCount).toBe(0); // lags: nothing folded without the reducer
    expect(told).toEqual([]);
    expect(await storage.load('state')).toEqual(stored); // not overwritten by a state that lacks events
    retain.close();
  });
});
