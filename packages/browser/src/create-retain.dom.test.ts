/**
 * Unit tests of the client in happy-dom, with msw standing in for the collector and
 * fake-indexeddb for IndexedDB. (Real-browser behaviour is in the `*.browser` and `*.e2e` tests.)
 */
import 'fake-indexeddb/auto';
import { InvalidEventError, KnownEvent } from '@retain/core';
import type { RetainEvent } from '@retain/core';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createRetain, HttpError, kyHttpClient, memoryQueueStorage, QueueFullError } from '@retain/browser';
import type { QueuedEvent, QueueStorage, Retain, RetainOptions } from '@retain/browser';

const endpoint = 'https://collect.test/v1/batch';
/** Batches received by the mock collector. */
let received: Array<{ batch: RetainEvent[]; sentAt: string; writeKey?: string }> = [];
let answer: (batch: RetainEvent[]) => Response | undefined = () => undefined;

const server = setupServer(
  http.post(endpoint, async ({ request }) => {
    const body = (await request.json()) as { batch: RetainEvent[]; sentAt: string };
    const custom = answer(body.batch);
    if (custom !== undefined) return custom;
    received.push(body);
    return HttpResponse.json({ ok: true });
  }),
);

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => {
  received = [];
  answer = () => undefined;
  clients.forEach((c) => c.close());
  clients = [];
});
afterAll(() => server.close());

let clients: Retain[] = [];
let n = 0;
/** A client on a fresh namespace (fresh IndexedDB), fast timers. */
function client(options: Partial<RetainOptions> = {}): Retain {
  const c = createRetain({ endpoint, namespace: `t${++n}`, batch: { intervalMs: 10 }, retry: { baseMs: 10, maxMs: 40 }, ...options });
  clients.push(c);
  return c;
}
const sent = () => received.flatMap((b) => b.batch);

describe('createRetain (happy-dom + msw)', () => {
  it('builds Segment events: messageId, ISO timestamp, anonymousId, userId after identify, context', async () => {
    const retain = client({ writeKey: 'wk' });
    retain.track('Viewed', { a: 1 });
    retain.identify('user-42', { plan: 'pro' });
    retain.track(KnownEvent.OrderCompleted, { revenue: 80 });
    retain.page('Pricing', { variant: 'b' });
    retain.group('acct-7', { seats: 12 });
    await retain.flush();
    const events = sent();
    expect(events.map((e) => e.type)).toEqual(['track', 'identify', 'track', 'page', 'group']);
    expect(new Set(events.map((e) => e.messageId)).size).toBe(5);
    for (const e of events) {
      expect(e.anonymousId).toBe(retain.anonymousId());
      expect(new Date(e.timestamp).toISOString()).toBe(e.timestamp);
      expect(e.context).toMatchObject({ library: { name: '@retain/browser' }, page: { url: location.href } });
    }
    expect(events[0]!.userId).toBeUndefined();
    expect(events.slice(1).every((e) => e.userId === 'user-42')).toBe(true);
    expect(events[3]).toMatchObject({ name: 'Pricing', properties: { variant: 'b', url: location.href } });
    expect(events[4]).toMatchObject({ groupId: 'acct-7', traits: { seats: 12 } });
    expect(received[0]!.writeKey).toBe('wk');
    expect(retain.stats()).toMatchObject({ accepted: 5, delivered: 5, queued: 0, storage: 'persistent' });
  });

  it('folds accepted events into the state, tells subscribers, and persists the state across instances', async () => {
    const first = client({ namespace: 'persist' });
    const seen: string[] = [];
    const unsubscribe = first.subscribe((state, event) => seen.push(`${event.type}:${state.eventCount}`));
    first.identify('user-42');
    first.track(KnownEvent.OrderCompleted, { revenue: 80 });
    expect(seen).toEqual([]); // told after the caller's burst (once the reducer chunk is in), each event with the state that includes it
    await vi.waitFor(() => expect(seen).toHaveLength(2));
    unsubscribe();
    first.track('After');
    await first.flush();
    expect(seen).toEqual(['identify:2', 'track:2']);
    expect(first.state().transactions.revenue).toBe(80);
    expect(first.state().identity.userId).toBe('user-42');
    expect(first.customerId()).toBe('user-42');
    await first.flush();
    first.close();
    const second = client({ namespace: 'persist' });
    await second.flush(); // waits for the stored state to load
    expect(second.anonymousId()).toBe(first.anonymousId());
    expect(second.state().transactions.revenue).toBe(80);
    expect(second.state().eventCount).toBe(3);
  });

  it('refuses bad input with an InvalidEventError naming the path, and queues nothing', () => {
    const retain = client();
    const bad = { items: [{ price: Number.POSITIVE_INFINITY }] };
    expect(() => retain.track('Order Completed', bad)).toThrow(InvalidEventError);
    try {
      retain.track('', { f: (() => 1) as never });
    } catch (error) {
      expect((error as InvalidEventError).issues.map((i) => i.path.join('.'))).toEqual(['event', 'properties.f']);
      expect((error as Error).message).toContain('at properties.f: function is not JSON');
    }
    expect(() => retain.identify(42 as never)).toThrow(/at userId: must be a string, got 42/);
    expect(() => retain.track('Big', { blob: 'x'.repeat(40_000) })).toThrow(/over the 32000 limit/);
    expect(retain.stats()).toMatchObject({ accepted: 0, rejected: 4, queued: 0 });
  });

  it("with onInvalid: 'report', bad input goes to on('error') instead of throwing", () => {
    const retain = client({ onInvalid: 'report' });
    const errors: unknown[] = [];
    retain.on('error', (e) => errors.push(e));
    expect(() => retain.track('Clicked', { when: Symbol('x') as never })).not.toThrow();
    expect(errors).toHaveLength(1);
    expect(errors[0]).toBeInstanceOf(InvalidEventError);
  });

  it('snapshots properties: mutating the object after track() changes nothing sent', async () => {
    const retain = client();
    const props = { cart: { items: 1 } };
    retain.track('Cart Updated', props);
    props.cart.items = 99;
    await retain.flush();
    expect(sent()[0]!).toMatchObject({ properties: { cart: { items: 1 } } });
  });

  it('splits on 413 until batches fit, then delivers everything once', async () => {
    answer = (batch) => (batch.length > 3 ? new HttpResponse(null, { status: 413 }) : undefined);
    const retain = client({ batch: { maxEvents: 20, intervalMs: 10 } });
    for (let i = 0; i < 20; i++) retain.track('E', { i });
    await retain.flush();
    expect(received.every((b) => b.batch.length <= 3)).toBe(true);
    expect(sent().map((e) => (e as unknown as { properties: { i: number } }).properties.i)).toEqual([...Array(20).keys()]);
  });

  it('hands events refused with 422 to on("error") as an HttpError, and removes them from the queue', async () => {
    answer = () => new HttpResponse(null, { status: 422 });
    const retain = client();
    const errors: unknown[] = [];
    retain.on('error', (e) => errors.push(e));
    retain.track('A');
    retain.track('B');
    await retain.flush();
    expect(errors).toHaveLength(1);
    const error = errors[0] as HttpError;
    expect(error).toBeInstanceOf(HttpError);
    expect(error.status).toBe(422);
    expect(error.events.map((e) => (e as { event: string }).event)).toEqual(['A', 'B']);
    expect(retain.stats()).toMatchObject({ failed: 2, queued: 0, delivered: 0 });
  });

  it('keeps events through 500s and a network error, then delivers them once', async () => {
    let calls = 0;
    answer = () => (++calls === 1 ? new HttpResponse(null, { status: 500 }) : calls === 2 ? HttpResponse.error() : undefined);
    const retain = client();
    const delivered: number[] = [];
    retain.on('delivered', (events) => delivered.push(events.length));
    retain.track('A');
    await retain.flush();
    expect(retain.stats()).toMatchObject({ queued: 1, retries: 1 });
    await vi.waitFor(() => expect(delivered.length).toBeGreaterThan(0));
    expect(sent().map((e) => e.messageId)).toHaveLength(1);
    expect(retain.stats()).toMatchObject({ queued: 0, retries: 2, delivered: 1 });
  });

  it('bounds the queue: beyond maxQueue, track() is refused and reported, not silently dropped', async () => {
    answer = () => new HttpResponse(null, { status: 503 });
    const retain = client({ maxQueue: 3 });
    const full: QueueFullError[] = [];
    retain.on('queueFull', (e) => full.push(e));
    retain.on('error', () => {});
    for (let i = 0; i < 5; i++) retain.track('E', { i });
    expect(full).toHaveLength(2);
    expect(full[0]).toBeInstanceOf(QueueFullError);
    expect(full[0]!.limit).toBe(3);
    expect(retain.stats()).toMatchObject({ accepted: 3, dropped: 2, queued: 3 });
  });

  it('reset(): new anonymousId, no userId, empty state; queued events are still delivered', async () => {
    const retain = client();
    retain.identify('user-42');
    retain.track('Before');
    const before = retain.anonymousId();
    retain.reset();
    expect(retain.anonymousId()).not.toBe(before);
    expect(retain.state().eventCount).toBe(0);
    expect(retain.customerId()).toBe(retain.anonymousId());
    retain.track('After');
    await retain.flush();
    const [identify, b, after] = sent();
    expect(identify!.userId).toBe('user-42');
    expect(b!.anonymousId).toBe(before);
    expect(after!.userId).toBeUndefined();
    expect(after!.anonymousId).toBe(retain.anonymousId());
  });

  it('requireConsent: holds events in memory; denying discards them and sends nothing', async () => {
    const retain = client({ requireConsent: true });
    retain.track('A');
    await retain.flush();
    expect(received).toHaveLength(0);
    expect(retain.consent()).toBe('pending');
    retain.setConsent(false);
    retain.track('B');
    await retain.flush();
    expect(received).toHaveLength(0);
    expect(retain.stats()).toMatchObject({ discarded: 1, accepted: 1, queued: 0 });
  });

  it('kyHttpClient posts the batch and returns the status without throwing on 5xx', async () => {
    answer = () => new HttpResponse(null, { status: 503, headers: { 'retry-after': '7' } });
    const res = await kyHttpClient().post(endpoint, JSON.stringify({ batch: [] }), { timeoutMs: 1000 });
    expect(res.status).toBe(503);
    expect(res.header('Retry-After')).toBe('7');
    answer = () => undefined;
    const ok = await kyHttpClient().post(endpoint, JSON.stringify({ batch: [], sentAt: 'x' }), { timeoutMs: 1000 });
    expect(ok.status).toBe(200);
  });
});

describe('createRetain: a lone tab sends its queue from memory', () => {
  /** A storage that counts how often the stored queue is read back. */
  function counted(): QueueStorage & { peeks: number } {
    const inner = memoryQueueStorage();
    const out = { ...inner, peeks: 0, peek: (limit: number) => (out.peeks++, inner.peek(limit)) };
    return out;
  }
  const leftover = (key: string, event: string): QueuedEvent => ({ key, json: JSON.stringify({ type: 'track', event, messageId: `m-${key}`, timestamp: '2026-12-01T10:00:00.000Z', anonymousId: 'x' }) });

  it('reads the stored queue until it holds only its own events (an earlier page\'s first), then no more', async () => {
    const storage = counted();
    await storage.add([leftover('000000000left1', 'Left Behind')]);
    const retain = client({ storage });
    retain.track('A');
    await retain.flush();
    expect(sent().map((e) => (e as { event?: string }).event)).toEqual(['Left Behind', 'A']);
    const reads = storage.peeks;
    expect(reads).toBeGreaterThan(0);
    retain.track('B');
    retain.track('C');
    await retain.flush();
    retain.track('D');
    await retain.flush();
    expect(sent().map((e) => (e as { event?: string }).event)).toEqual(['Left Behind', 'A', 'B', 'C', 'D']);
    expect(storage.peeks).toBe(reads);
    expect(await storage.count()).toBe(0);
  });

  it("reads it again for good once another tab says hello: that tab's stored events are sent too", async () => {
    const storage = counted();
    const retain = client({ storage, namespace: 'solo-peer' });
    retain.track('A');
    await retain.flush();
    const other = new BroadcastChannel('solo-peer:tabs');
    other.postMessage({ t: 'hello', i: 'other-tab', q: 1, j: '[]' });
    await vi.waitFor(() => expect(retain.state().eventCount).toBeGreaterThan(0));
    await new Promise((resolve) => setTimeout(resolve, 20)); // the hello is delivered
    await storage.add([leftover('000000001other', 'From Other Tab')]);
    const reads = storage.peeks;
    retain.track('B');
    await retain.flush();
    other.close();
    expect(storage.peeks).toBeGreaterThan(reads);
    expect(sent().map((e) => (e as { event?: string }).event)).toEqual(['A', 'From Other Tab', 'B']);
  });
});
