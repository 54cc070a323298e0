/**
 * `npm run bench:track` — the cost of `track()` in real Chromium, side by side in the same run:
 * Retain, `@segment/analytics-next` (batching on) and `posthog-js`, all posting to the same stub
 * collector on 127.0.0.1 (peers configured for loopback only, no remote settings, flags,
 * surveys, recordings or autocapture).
 *
 * For each library, in a fresh browser context: a burst of 1,000 `track()` calls, then wait
 * until the collector holds all 1,000 events. Figures, from just before the burst until the
 * collector has all events, divided by 1,000 (idle time waiting for batch timers is not counted):
 * - main-thread µs per `track()` call (wall time of the synchronous burst, in the page);
 * - task µs per event: the renderer main thread's busy time (CDP `Performance.getMetrics`
 *   `TaskDuration`: the wall time of its tasks, so it grows when other processes take the core);
 * - thread CPU µs per event: the main thread's CPU time (`ThreadTime`), which other processes
 *   on the machine barely move;
 * - process CPU µs per event: the whole renderer process's CPU time (`ProcessTime`: every
 *   thread, in 10 ms steps, so ±10 µs per event).
 * Median of ROUNDS rounds, libraries interleaved. The last lines compare each figure with the
 * best peer: first the CPU time of the main thread (the criterion: "CPU per delivered event"),
 * then the renderer process's CPU time, then the task time (not CPU: Retain's tasks set off
 * IndexedDB and network work in other processes, which compete with its main thread for the
 * cores, so its task time runs about twice its CPU time on a 2-core machine, and a peer doing
 * everything on the main thread shows no such gap). The ratio of each round is printed too.
 *
 * Environment: BENCH_ROUNDS (default 3), BENCH_EVENTS (default 1000).
 */
import type { Browser, Page } from 'playwright-core';
import { bundleScript } from '../test/helpers/bundle.js';
import { launchChromium } from '../test/helpers/chromium.js';
import { startCollector, type Collector } from '../test/helpers/collector.js';

const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 3);
const EVENTS = Number(process.env['BENCH_EVENTS'] ?? 1000);

interface Lib {
  name: string;
  /** Path the library posts to (events are counted there). */
  path: RegExp;
  /** Page script: defines `window.bench = { ready: Promise<void>, track(name, props) }`. */
  source: (origin: string) => string;
  /** Events in one request body. */
  count: (body: unknown) => number;
}

const LIBS_ALL: Lib[] = [
  {
    name: 'retain',
    path: /^\/v1\/batch$/,
    source: () => `
      import { createRetain } from '@retain/browser';
      const retain = createRetain({ endpoint: location.origin + '/v1/batch', namespace: 'bench' });
      (window as any).bench = { ready: Promise.resolve(), track: (n: string, p: any) => retain.track(n, p) };`,
    count: (body) => ((body as { batch?: unknown[] })?.batch ?? []).length,
  },
  {
    name: 'segment',
    path: /^\/v1\/b$/,
    source: () => `
      import { AnalyticsBrowser } from '@segment/analytics-next';
      const host = location.host + '/v1';
      const analytics = AnalyticsBrowser.load(
        { writeKey: 'wk_bench', cdnSettings: { integrations: { 'Segment.io': { apiKey: 'wk_bench', apiHost: host, protocol: 'http' } } } as any },
        { integrations: { 'Segment.io': { apiHost: host, protocol: 'http', deliveryStrategy: { strategy: 'batching', config: { size: 100, timeout: 1000 } } } } as any, disableClientPersistence: false },
      );
      (window as any).bench = { ready: analytics.ready().then(() => undefined), track: (n: string, p: any) => { void analytics.track(n, p); } };`,
    count: (body) => ((body as { batch?: unknown[] })?.batch ?? []).length,
  },
  {
    name: 'posthog',
    path: /^\/(e|batch|i\/v0\/e)\/?$/,
    source: () => `
      import posthog from 'posthog-js';
      let resolve: () => void;
      const ready = new Promise<void>((r) => (resolve = r));
      posthog.init('phc_bench', {
        api_host: location.origin, autocapture: false, capture_pageview: false, capture_pageleave: false,
        disable_session_recording: true, disable_surveys: true, advanced_disable_flags: true, advanced_disable_decide: true,
        disable_external_dependency_loading: true, disable_compression: true, capture_performance: false,
        capture_dead_clicks: false, capture_heatmaps: false, disable_web_experiments: true, request_batching: true,
        persistence: 'localStorage', opt_out_useragent_filter: true, rate_limiting: { events_per_second: 1e6, events_burst_limit: 1e6 },
        loaded: () => resolve(),
      } as any);
      (window as any).bench = { ready, track: (n: string, p: any) => { posthog.capture(n, p); } };`,
    count: (body) => (Array.isArray(body) ? body.length : (body as { batch?: unknown[] })?.batch?.length ?? (body ? 1 : 0)),
  },
];

const LIBS = LIBS_ALL.filter((l) => !process.env['BENCH_ONLY'] || process.env['BENCH_ONLY'].split(',').includes(l.name));

interface Result {
  callUs: number;
  taskUs: number;
  threadUs: number;
  processUs: number;
  requests: number;
  wallMs: number;
}

async function runOnce(browser: Browser, collector: Collector, lib: Lib): Promise<Result> {
  const context = await browser.newContext();
  try {
    const page: Page = await context.newPage();
    await page.goto(`${collector.url}/${lib.name}.html`);
    await page.evaluate(() => (window as unknown as { bench: { ready: Promise<void> } }).bench.ready);
    await page.waitForTimeout(300); // let start-up work settle
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    const metrics = async () => new Map((await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]));
    const before = collector.requests.length;
    const delivered = () => collector.requests.slice(before).filter((r) => lib.path.test(r.path) && r.status < 300).reduce((n, r) => n + lib.count(r.body), 0);
    const m0 = await metrics();
    const t0 = Date.now();
    const burstMs = await page.evaluate((n) => {
      const b = (window as unknown as { bench: { track(name: string, p: object): void } }).bench;
      const start = performance.now();
      for (let i = 0; i < n; i++) b.track('Bench Event', { i, plan: 'pro', revenue: i % 100, tags: ['a', 'b'] });
      return performance.now() - start;
    }, EVENTS);
    await collector.waitUntil(() => delivered() >= EVENTS, 120_000, `${EVENTS} ${lib.name} events`).catch((e: unknown) => {
      console.error(collector.requests.slice(before).map((r) => `${r.path} ${r.status} ${lib.count(r.body)}`).join("\n"));
      throw e;
    });
    const m1 = await metrics();
    const perEvent = (name: string) => (((m1.get(name) ?? 0) - (m0.get(name) ?? 0)) * 1e6) / EVENTS;
    const requests = collector.requests.slice(before).filter((r) => lib.path.test(r.path)).length;
    return { callUs: (burstMs * 1000) / EVENTS, taskUs: perEvent('TaskDuration'), threadUs: perEvent('ThreadTime'), processUs: perEvent('ProcessTime'), requests, wallMs: Date.now() - t0 };
  } finally {
    await context.close();
  }
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
};
const fmt = (x: number) => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2));

async function main(): Promise<void> {
  const collector = await startCollector();
  const browser = await launchChromium();
  try {
    for (const lib of LIBS) {
      const js = await bundleScript(lib.source(collector.url), { minify: true, define: { 'process.env.NODE_ENV': '"production"' } });
      collector.serve(`/${lib.name}.js`, js);
      collector.serve(`/${lib.name}.html`, `<!doctype html><html><head><title>bench</title></head><body><script src="/${lib.name}.js"></script></body></html>`);
    }
    const results = new Map<string, Result[]>(LIBS.map((l) => [l.name, []]));
    for (let round = 0; round < ROUNDS; round++) for (const lib of LIBS) results.get(lib.name)!.push(await runOnce(browser, collector, lib));
    console.log(`track: ${EVENTS} track() calls in one burst, headless Chromium, stub collector on 127.0.0.1, median of ${ROUNDS} rounds`);
    console.log(
      `  ${'library'.padEnd(9)} ${'us/call'.padStart(9)} ${'task us/event'.padStart(14)} ${'thread CPU us/event'.padStart(20)} ${'process CPU us/event'.padStart(21)} ${'requests'.padStart(9)} ${'wall ms'.padStart(8)}`,
    );
    const medians = new Map<string, Result>();
    for (const lib of LIBS) {
      const rs = results.get(lib.name)!;
      const m = (key: keyof Result) => median(rs.map((x) => x[key]));
      const r: Result = { callUs: m('callUs'), taskUs: m('taskUs'), threadUs: m('threadUs'), processUs: m('processUs'), requests: m('requests'), wallMs: m('wallMs') };
      medians.set(lib.name, r);
      console.log(
        `  ${lib.name.padEnd(9)} ${fmt(r.callUs).padStart(9)} ${fmt(r.taskUs).padStart(14)} ${fmt(r.threadUs).padStart(20)} ${fmt(r.processUs).padStart(21)} ${String(r.requests).padStart(9)} ${String(r.wallMs).padStart(8)}`,
      );
    }
    const peers = LIBS.filter((l) => l.name !== 'retain');
    if (!medians.has('retain') || peers.length === 0) return;
    const compare = (key: 'taskUs' | 'threadUs' | 'processUs') => {
      const retain = medians.get('retain')![key];
      const best = Math.min(...peers.map((l) => medians.get(l.name)![key]));
      const rounds = results.get('retain')!.map((r, i) => (Math.min(...peers.map((l) => results.get(l.name)![i]![key])) / r[key]).toFixed(1));
      return `retain ${fmt(retain)} us/event, best peer ${fmt(best)} us/event, ratio ${(best / retain).toFixed(1)}x (rounds: ${rounds.join('x, ')}x)`;
    };
    console.log(`track (main-thread CPU time): ${compare('threadUs')}`);
    console.log(`track (renderer process CPU time, all its threads): ${compare('processUs')}`);
    console.log(`track (main-thread task time, wall clock: not CPU): ${compare('taskUs')}`);
  } finally {
    await browser.close();
    await collector.close();
  }
}

await main();
