/**
 * In real Chromium (vitest browser mode): the queue really sits in IndexedDB, Web Locks really
 * keep two clients (as two tabs would) from sending the same event, a full disk really falls back
 * to memory, and the unload path really falls back to sendBeacon.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createRetain, idbQueueStorage, type HttpClient, type Retain, type RetainOptions } from '@retain/browser';
import { sendOnUnload } from './transport/unload-transport.js';

/** An HttpClient that records every batch (the network is not under test here; the e2e tests cover it). */
function recordingClient(status = 200): HttpClient & { ids: string[]; batches: number } {
  const client = {
    ids: [] as string[],
    batches: 0,
    async post(_url: string, body: string) {
      await new Promise((r) => setTimeout(r, 5));
      client.batches++;
      if (status < 300) client.ids.push(...(JSON.parse(body) as { batch: Array<{ messageId: string }> }).batch.map((e) => e.messageId));
      return { status, header: () => null };
    },
  };
  return client;
}

/** Answers 200 to the keepalive fetches sent to `/v1/unload` (other requests pass); returns their bodies. */
function acknowledgeUnloadFetches(): string[] {
  const posted: string[] = [];
  const realFetch = window.fetch.bind(window);
  vi.spyOn(window, 'fetch').mockImplementation(async (input, init) => {
    if (String(input).endsWith('/v1/unload') && init?.keepalive === true) {
      posted.push(String(init.body));
      return new Response('{}', { status: 200 });
    }
    return realFetch(input, init);
  });
  return posted;
}

let clients: Retain[] = [];
let n = 0;
const ns = () => `browser-test-${Date.now()}-${++n}`;
function client(options: Partial<RetainOptions>): Retain {
  const c = createRetain({ endpoint: '/v1/batch', batch: { intervalMs: 10_000 }, retry: { baseMs: 20, maxMs: 50 }, ...options });
  clients.push(c);
  return c;
}
afterEach(() => {
  clients.forEach((c) => c.close());
  clients = [];
  vi.restoreAllMocks();
});

describe('createRetain in Chromium', () => {
  it('writes accepted events to IndexedDB before any send, and removes them once acknowledged', async () => {
    const namespace = ns();
    const http = recordingClient();
    const retain = client({ namespace, httpClient: http });
    const ids: string[] = [];
    retain.subscribe((_s, e) => ids.push(e.messageId));
    for (let i = 0; i < 5; i++) retain.track('Saved', { i });
    const store = idbQueueStorage(namespace);
    await vi.waitFor(async () => expect(await store.count()).toBe(5), { timeout: 5000 });
    expect((await store.peek(10)).map((q) => (JSON.parse(q.json) as { messageId: string }).messageId)).toEqual(ids);
    expect(http.batches).toBe(0);
    await retain.flush();
    expect(http.ids).toEqual(ids);
    expect(await store.count()).toBe(0);
    const saved = (await store.load('state')) as { s: { eventCount: number } };
    expect(saved.s.eventCount).toBe(5);
  });

  it('two clients sharing a queue (as two tabs do) never send the same event twice (Web Locks)', async () => {
    expect(typeof navigator.locks?.request).toBe('function');
    const namespace = ns();
    const http = recordingClient();
    const a = client({ namespace, httpClient: http, batch: { maxEvents: 7, intervalMs: 5 } });
    const b = client({ namespace, httpClient: http, batch: { maxEvents: 7, intervalMs: 5 } });
    const ids: string[] = [];
    a.subscribe((_s, e) => ids.push(e.messageId));
    b.subscribe((_s, e) => ids.push(e.messageId));
    for (let i = 0; i < 60; i++) {
      a.track('A', { i });
      b.track('B', { i });
      if (i % 10 === 0) await new Promise((r) => setTimeout(r, 1));
    }
    await Promise.all([a.flush(), b.flush()]);
    await Promise.all([a.flush(), b.flush()]);
    // each client saw its own events and the other's (BroadcastChannel), so ids holds each at most twice
    const tracked = new Set(ids);
    expect(tracked.size).toBe(120);
    expect(new Set(http.ids)).toEqual(tracked);
    expect(http.ids).toHaveLength(120); // no duplicates
  });

  it('a full disk (QuotaExceededError) falls back to memory, reports once, and still delivers', async () => {
    const put = vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(() => {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    });
    const http = recordingClient();
    const retain = client({ namespace: ns(), httpClient: http });
    const fallbacks: Error[] = [];
    retain.on('storageFallback', (e) => fallbacks.push(e));
    retain.on('error', () => {});
    const ids: string[] = [];
    retain.subscribe((_s, e) => ids.push(e.messageId));
    for (let i = 0; i < 4; i++) retain.track('E', { i });
    await retain.flush();
    expect(put).toHaveBeenCalled();
    expect(fallbacks).toHaveLength(1);
    expect(fallbacks[0]!.message).toContain('QuotaExceededError');
    expect(retain.stats().storage).toBe('memory');
    expect(http.ids).toEqual(ids);
  });

  it('on unload, falls back to sendBeacon when fetch keepalive fails, and reports no acknowledgement', async () => {
    const beacon = vi.spyOn(navigator, 'sendBeacon');
    // port 9 (discard) refuses connections: the keepalive fetch rejects
    const acknowledged = await sendOnUnload('http://127.0.0.1:9/v1/batch', JSON.stringify({ batch: [] }));
    expect(acknowledged).toBe(false);
    expect(beacon).toHaveBeenCalledTimes(1);
    expect(beacon.mock.calls[0]![1]).toBeInstanceOf(Blob);
    expect((beacon.mock.calls[0]![1] as Blob).type).toBe('text/plain');
  });

  it('sends on visibilitychange to hidden with keepalive, and the acknowledgement empties the queue', async () => {
    const namespace = ns();
    const posted = acknowledgeUnloadFetches();
    const retain = client({ namespace, endpoint: '/v1/unload', httpClient: recordingClient(503) });
    const errs: unknown[] = [];
    retain.on('error', (e) => errs.push(String(e)));
    retain.track('Before Hide');
    await new Promise((r) => setTimeout(r, 20)); // started and persisted
    Object.defineProperty(document, 'visibilityState', { value: 'hidden', configurable: true });
    document.dispatchEvent(new Event('visibilitychange'));
    Object.defineProperty(document, 'visibilityState', { value: 'visible', configurable: true });
    await vi.waitFor(() => expect([retain.stats().queued, errs, posted.length]).toEqual([0, [], 1]), { timeout: 5000 });
    expect(posted).toHaveLength(1);
    expect((JSON.parse(posted[0]!) as { batch: Array<{ event: string }> }).batch.map((e) => e.event)).toEqual(['Before Hide']);
    await vi.waitFor(async () => expect(await idbQueueStorage(namespace).count()).toBe(0), { timeout: 5000 });
  });

  it('hidden right after track(), before the queue was written: the acknowledged event is neither kept nor sent again', async () => {
    const namespace = ns();
    const posted = acknowledgeUnloadFetches();
    const retain = client({ namespace, endpoint: '/v1/unload', httpClient: recordingClient(503) });
    retain.track('Hidden At Once');
    await Promise.resolve(); // the client has started (a microtask), the IndexedDB write is still pending
    Object.defineProperty(document, 'visibilityState', { value: 'hidden', configurable: true });
    document.dispatchEvent(new Event('visibilitychange'));
    Object.defineProperty(document, 'visibilityState', { value: 'visible', configurable: true });
    await vi.waitFor(() => expect([retain.stats().queued, posted.length]).toEqual([0, 1]), { timeout: 5000 });
    // the write that was under way lands, then the removal: nothing is left to send again
    // (before the fix, the write landed after the removal and the event stayed queued for good)
    await vi.waitFor(async () => expect(await idbQueueStorage(namespace).count()).toBe(0), { timeout: 5000 });
  });
});
