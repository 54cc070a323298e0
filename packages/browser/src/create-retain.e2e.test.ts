/**
 * End to end, in real Chromium against a real collector on 127.0.0.1: every event tracked
 * reaches the collector, none is lost, none is duplicated after dedupe by messageId — whatever
 * the page (reload, close), the network (offline, 500, 429, 413) or the tabs do.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { bundleScript } from '../../../test/helpers/bundle.js';
import { launchChromium } from '../../../test/helpers/chromium.js';
import { startCollector, type Collector } from '../../../test/helpers/collector.js';

const BOOT = `<!doctype html><html><head><title>retain e2e</title></head><body>
<script src="/retain.js"></script>
<script>
  const options = JSON.parse(new URLSearchParams(location.search).get('o') || '{}');
  window.log = [];
  window.retain = Retain.createRetain({ endpoint: location.origin + '/v1/batch', ...options });
  for (const type of ['error', 'queueFull', 'storageFallback'])
    retain.on(type, (e) => log.push({ type, name: e.name, status: e.status, events: e.events ? e.events.length : undefined }));
</script></body></html>`;

let browser: Browser;
let collector: Collector;
let context: BrowserContext;
let script: string;

beforeAll(async () => {
  script = await bundleScript(`export * from '@retain/browser';`, { globalName: 'Retain' });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});
// a collector per test: late unload sends of one test never reach the next one's collector
beforeEach(async () => {
  collector = await startCollector();
  collector.serve('/retain.js', script);
  collector.serve('/', BOOT);
});
afterEach(async () => {
  await context?.close();
  await collector.close();
});

/** Opens the test page in the current context with client options. */
async function open(options: Record<string, unknown> = {}): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${collector.url}/?o=${encodeURIComponent(JSON.stringify(options))}`);
  return page;
}

/** Tracks `n` events named `prefix` in the page (one synchronous burst), returns their messageIds. */
async function track(page: Page, n: number, prefix = 'Clicked'): Promise<string[]> {
  return page.evaluate(
    async ({ n, prefix }) => {
      const ids: string[] = [];
      const r = (window as unknown as { retain: { track(e: string, p: object): void; state(): unknown } }).retain;
      const unsubscribe = (r as unknown as { subscribe(fn: (s: unknown, e: { messageId: string }) => void): () => void }).subscribe((_s, e) => ids.push(e.messageId));
      for (let i = 0; i < n; i++) r.track(prefix, { i, label: `${prefix} number ${i}` });
      await new Promise((resolve) => setTimeout(resolve, 0)); // subscribers hear a burst after it
      unsubscribe();
      return ids;
    },
    { n, prefix },
  );
}

const fast = { retry: { baseMs: 100, maxMs: 400 }, batch: { intervalMs: 50 } };

/** The collector holds exactly these events (after dedupe): every one delivered, no stranger. */
function expectDelivered(ids: string[]): void {
  const got = collector.uniqueIds();
  const missing = ids.filter((id) => !got.has(id));
  expect(missing, `${missing.length} events lost`).toEqual([]);
  expect(got.size).toBe(new Set(ids).size);
}

describe('createRetain, end to end in Chromium', () => {
  it('delivers a burst in Segment-compatible batches bounded by maxEvents', async () => {
    context = await browser.newContext();
    const page = await open({ ...fast, batch: { maxEvents: 40, intervalMs: 50 }, writeKey: 'wk_e2e' });
    const ids = await track(page, 250);
    await page.evaluate(() => (window as unknown as { retain: { flush(): Promise<void> } }).retain.flush());
    await collector.waitForEvents(250);
    expectDelivered(ids);
    expect(collector.duplicates()).toBe(0);
    for (const request of collector.requests) {
      expect(request.events.length).toBeLessThanOrEqual(40);
      const body = request.body as { sentAt: string; writeKey: string };
      expect(Number.isNaN(Date.parse(body.sentAt))).toBe(false);
      expect(body.writeKey).toBe('wk_e2e');
    }
    const first = collector.accepted()[0]!;
    expect(first).toMatchObject({ type: 'track', event: 'Clicked', properties: { i: 0 }, context: { library: { name: '@retain/browser' } } });
    expect(typeof first['anonymousId']).toBe('string');
    expect(new Date(String(first['timestamp'])).toISOString()).toBe(first['timestamp']);
  });

  it('retries after 500 ×3 with backoff, losing and duplicating nothing', async () => {
    context = await browser.newContext();
    collector.plan({ status: 500 }, { status: 503 }, { status: 500 });
    const page = await open(fast);
    const ids = await track(page, 60);
    await collector.waitForEvents(60);
    expectDelivered(ids);
    expect(collector.duplicates()).toBe(0);
    expect(collector.requests.filter((r) => r.status >= 500)).toHaveLength(3);
    const times = collector.requests.map((r) => r.at);
    // backoff: the gaps between attempts grow (100 ms base, doubling, equal jitter)
    expect(times[1]! - times[0]!).toBeGreaterThanOrEqual(45);
    // The collector has answered; wait for the page to process that answer before reading its counters.
    await page.waitForFunction(() => (window as unknown as { retain: { stats(): { delivered: number } } }).retain.stats().delivered >= 60);
    const stats = await page.evaluate(() => (window as unknown as { retain: { stats(): { retries: number; delivered: number } } }).retain.stats());
    expect(stats.retries).toBe(3);
    expect(stats.delivered).toBe(60);
  });

  it('honours 429 with Retry-After', async () => {
    context = await browser.newContext();
    collector.plan({ status: 429, retryAfter: 1 });
    const page = await open(fast);
    const ids = await track(page, 10);
    await collector.waitForEvents(10);
    expectDelivered(ids);
    const [throttled, retried] = collector.requests;
    expect(throttled!.status).toBe(429);
    expect(retried!.at - throttled!.at).toBeGreaterThanOrEqual(950);
  });

  it('splits a batch the collector refuses with 413', async () => {
    context = await browser.newContext();
    collector.limitBytes(6000);
    const page = await open({ ...fast, batch: { maxEvents: 100, intervalMs: 50 } });
    const ids = await track(page, 64);
    await collector.waitForEvents(64);
    expectDelivered(ids);
    expect(collector.duplicates()).toBe(0);
    expect(collector.requests.some((r) => r.status === 413)).toBe(true);
    for (const r of collector.requests.filter((r) => r.status === 200)) expect(r.bytes).toBeLessThanOrEqual(6000);
  });

  it('hands a batch refused with 400 to the error callback with its events', async () => {
    context = await browser.newContext();
    collector.plan({ status: 400 });
    const page = await open(fast);
    await track(page, 5);
    await collector.waitUntil(() => collector.requests.length >= 1, 10_000, 'one request');
    const log = await page.waitForFunction(() => (window as unknown as { log: unknown[] }).log.length > 0).then(() => page.evaluate(() => (window as unknown as { log: unknown[] }).log));
    expect(log).toEqual([{ type: 'error', name: 'HttpError', status: 400, events: 5 }]);
    const stats = await page.evaluate(() => (window as unknown as { retain: { stats(): { failed: number; queued: number } } }).retain.stats());
    expect(stats).toMatchObject({ failed: 5, queued: 0 });
  });

  it('waits while the network is down and delivers when it is back', async () => {
    context = await browser.newContext();
    const page = await open(fast);
    await context.setOffline(true);
    const ids = await track(page, 30);
    await page.waitForTimeout(600);
    expect(collector.requests).toHaveLength(0);
    await context.setOffline(false);
    await collector.waitForEvents(30);
    expectDelivered(ids);
    expect(collector.duplicates()).toBe(0);
  });

  it('survives a reload in the middle of a flush (the queue is in IndexedDB)', async () => {
    context = await browser.newContext();
    // the flush hangs, then the unload send fails: only IndexedDB still holds the events
    collector.plan({ status: 200, delayMs: 4000, record: false }, { status: 500 }, { status: 500 });
    const page = await open(fast);
    const ids = await track(page, 40);
    await collector.waitUntil(() => collector.requests.length >= 1, 10_000, 'the first batch');
    await page.reload();
    await collector.waitForEvents(40);
    expectDelivered(ids);
    // hung flush, failed unload send, failed first send of the reloaded page, then delivery from IndexedDB
    expect(collector.requests.length).toBeGreaterThanOrEqual(4);
    expect(collector.requests.slice(0, 3).map((r) => r.status)).toEqual([200, 500, 500]);
  });

  it('delivers what was tracked right before the page closed', async () => {
    context = await browser.newContext();
    const page = await open({ batch: { intervalMs: 5000 } });
    const ids = await track(page, 25);
    await page.close({ runBeforeUnload: true });
    await collector.waitForEvents(25);
    expectDelivered(ids);
  });

  it('two tabs tracking at once: one queue, nothing sent twice, nothing lost', async () => {
    context = await browser.newContext();
    const [a, b] = [await open(fast), await open(fast)];
    const [idsA, idsB] = await Promise.all([track(a, 150, 'A'), track(b, 150, 'B')]);
    const more = await Promise.all([track(a, 50, 'A'), track(b, 50, 'B')]);
    const ids = [...idsA, ...idsB, ...more.flat()];
    await collector.waitForEvents(400);
    expectDelivered(ids);
    expect(collector.duplicates()).toBe(0);
  });

  describe('tab coordination (BroadcastChannel only once another tab is open)', () => {
    /** Counts what the page posts on BroadcastChannel, by message type (`window.posts`). */
    const countPosts = () =>
      context.addInitScript(() => {
        const w = window as unknown as { posts: Record<string, number> };
        w.posts = {};
        const post = BroadcastChannel.prototype.postMessage;
        BroadcastChannel.prototype.postMessage = function (this: BroadcastChannel, m: { t: string }) {
          w.posts[m.t] = (w.posts[m.t] ?? 0) + 1;
          return post.call(this, m);
        };
      });
    const posts = (page: Page) => page.evaluate(() => (window as unknown as { posts: Record<string, number> }).posts);
    /** Events folded into the page's state, and how many of them are `Clicked` `prefix`. */
    const folded = (page: Page, prefix: string) =>
      page.evaluate((prefix) => {
        const s = (window as unknown as { retain: { state(): { eventCount: number; actions: Record<string, { count: number }> } } }).retain.state();
        return { events: s.eventCount, named: s.actions[prefix]?.count ?? 0 };
      }, prefix);

    it('a lone tab broadcasts no event; a tab opened later is coordinated: states converge, nothing lost or sent twice', async () => {
      context = await browser.newContext();
      await countPosts();
      const a = await open(fast);
      const ids = await track(a, 120, 'A');
      await collector.waitForEvents(120);
      expect((await posts(a))['events']).toBeUndefined(); // alone: its hello, its acks, no events
      const b = await open(fast);
      // b loads a's saved state (same browser, same customer) and they now know each other
      await expect.poll(() => folded(b, 'A'), { timeout: 5000 }).toEqual({ events: 120, named: 120 });
      ids.push(...(await track(b, 40, 'B')), ...(await track(a, 40, 'A')));
      await collector.waitForEvents(200);
      for (const page of [a, b]) await expect.poll(() => folded(page, 'A'), { timeout: 5000 }).toEqual({ events: 200, named: 160 });
      expect(await folded(b, 'B')).toEqual({ events: 200, named: 40 });
      expect((await posts(a))['events']).toBeGreaterThan(0);
      expectDelivered(ids);
      expect(collector.duplicates()).toBe(0);
    });

    it('a tab opened in the middle of a burst of the other still ends with the same state', async () => {
      context = await browser.newContext();
      const a = await open(fast);
      await track(a, 10, 'A');
      // b starts while a tracks (a's state may or may not be saved when b loads it: the hello/here exchange covers both)
      const [idsA, b] = await Promise.all([track(a, 300, 'A'), open(fast)]);
      const idsB = await track(b, 30, 'B');
      await collector.waitForEvents(340);
      for (const page of [a, b]) {
        await expect.poll(() => folded(page, 'A'), { timeout: 5000 }).toEqual({ events: 340, named: 310 });
        expect(await folded(page, 'B')).toEqual({ events: 340, named: 30 });
      }
      expect(collector.uniqueIds().size).toBe(340);
      expect(collector.duplicates()).toBe(0);
      expect(new Set([...idsA, ...idsB]).size).toBe(330);
    });

    it('with three tabs, a tab opened last hears from both others, and they from it', async () => {
      context = await browser.newContext();
      await countPosts();
      const [a, b] = [await open(fast), await open(fast)];
      await track(a, 5, 'A');
      await track(b, 5, 'B');
      const c = await open(fast);
      await track(c, 5, 'C');
      for (const page of [a, b, c]) await expect.poll(() => folded(page, 'C'), { timeout: 5000 }).toEqual({ events: 15, named: 5 });
      for (const page of [a, b, c]) expect(await folded(page, 'A')).toEqual({ events: 15, named: 5 });
      expect((await posts(c))['hello']).toBe(1);
      await collector.waitForEvents(15);
      expect(collector.duplicates()).toBe(0);
    });
  });

  it('a tab closed mid-send leaves its events to the other tab', async () => {
    context = await browser.newContext();
    const b = await open(fast);
    const a = await open(fast);
    // a's first send hangs and its unload send fails
    collector.plan({ status: 200, delayMs: 3000, record: false }, { status: 500 }, { status: 500 });
    const ids = await track(a, 30, 'A');
    await collector.waitUntil(() => collector.requests.length >= 1, 10_000, 'the first batch');
    await a.close({ runBeforeUnload: true });
    // b holds the sender lock next and finds a's events in the shared queue
    await b.evaluate(() => (window as unknown as { retain: { flush(): Promise<void> } }).retain.flush());
    await collector.waitForEvents(30, 15_000);
    expectDelivered(ids);
  });

  it('storage blocked (no IndexedDB, no localStorage): falls back to memory, reports it, delivers', async () => {
    context = await browser.newContext();
    await context.addInitScript(() => {
      const blocked = () => {
        throw new DOMException('The operation is insecure.', 'SecurityError');
      };
      Object.defineProperty(window, 'indexedDB', { get: blocked });
      Object.defineProperty(window, 'localStorage', { get: blocked });
    });
    const page = await open(fast);
    const ids = await track(page, 20);
    await collector.waitForEvents(20);
    expectDelivered(ids);
    const { log, stats } = await page.evaluate(() => {
      const w = window as unknown as { log: Array<{ type: string }>; retain: { stats(): { storage: string } } };
      return { log: w.log, stats: w.retain.stats() };
    });
    expect(log.filter((l) => l.type === 'storageFallback')).toHaveLength(1);
    expect(stats.storage).toBe('memory');
  });

  it('with requireConsent, stores and sends nothing before consent, then delivers', async () => {
    context = await browser.newContext();
    const page = await open({ ...fast, requireConsent: true });
    const ids = await track(page, 5);
    await page.waitForTimeout(400);
    const before = await page.evaluate(async () => ({ dbs: await indexedDB.databases(), keys: Object.keys(localStorage) }));
    expect(before).toEqual({ dbs: [], keys: [] });
    expect(collector.requests).toHaveLength(0);
    await page.evaluate(() => (window as unknown as { retain: { setConsent(g: boolean): void } }).retain.setConsent(true));
    await collector.waitForEvents(5);
    expectDelivered(ids);
  });
});
