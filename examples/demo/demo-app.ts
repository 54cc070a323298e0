/**
 * The demo backend, as a Fetch-API handler: the `@retain/node` ingest endpoint with the shop's
 * rules and send checks, a live feed of decisions (Server-Sent Events), the customers known to
 * the backend, the CDNOW analysis, and the pages.
 */
import { createIngestHandler, createMemoryStore, type CustomerStore, type FetchHandler } from '@retain/node';
import { createDecisionHub, type DecisionHub } from './decision-hub.js';
import { createShopBackend, SHOP_JOURNEYS, SHOP_MESSAGES, SHOP_POLICY, SHOP_RULES, type CustomerSummary } from './shop-backend.js';
import { createStaticAssets, SECURITY_HEADERS } from './static-assets.js';
import type { CdnowAnalysis } from './cdnow-analysis.js';

/** The write key the demo shop uses (public by nature: it ships in the page). */
export const DEMO_WRITE_KEY = 'wk_demo_shop';

/** Options of {@link createDemoApp}. */
export interface DemoAppOptions {
  /** @default createMemoryStore() */
  store?: CustomerStore;
  /** Folder of the CDNOW data set; the analysis is shown when it is present. @default ../shared/data/cdnow */
  cdnowDir?: string;
  /** @default Date.now */
  now?: () => number;
}

/** The demo backend. */
export interface DemoApp {
  handler: FetchHandler;
  store: CustomerStore;
  hub: DecisionHub;
  /** Ends open streams. */
  close(): void;
}

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...SECURITY_HEADERS } });

/**
 * Creates the demo backend.
 *
 * @example
 * ```ts
 * import { createServer } from 'node:http';
 * import { toNodeListener } from '@retain/node';
 * import { createDemoApp } from './demo-app.js';
 * const app = createDemoApp();
 * createServer(toNodeListener(app.handler)).listen(0, '127.0.0.1');
 * ```
 */
export function createDemoApp(options: DemoAppOptions = {}): DemoApp {
  const store = options.store ?? createMemoryStore();
  const now = options.now ?? Date.now;
  const hub = createDecisionHub();
  const backend = createShopBackend({ now });
  const assets = createStaticAssets();
  let cdnow: Promise<CdnowAnalysis> | undefined;

  const ingest = createIngestHandler({
    writeKeys: [DEMO_WRITE_KEY],
    store,
    rules: SHOP_RULES,
    journeys: SHOP_JOURNEYS,
    policy: SHOP_POLICY,
    messages: SHOP_MESSAGES,
    cors: false,
    now,
    onDecision: (decision) => void hub.publish(decision),
  });

  const handler: FetchHandler = async (request) => {
    const url = new URL(request.url);
    const path = url.pathname;
    if (path === '/v1/batch') return ingest(request);
    if (path === '/favicon.ico') return new Response(null, { status: 204 });
    if (request.method === 'GET' && path === '/api/decisions') return hub.stream(request.signal, url.searchParams.get('customer') ?? undefined);
    if (request.method === 'GET' && path === '/api/customers') {
      const customers: CustomerSummary[] = [];
      for await (const record of store.list('customer')) customers.push(backend.summarize(record));
      customers.sort((a, b) => (b.lastSeen ?? 0) - (a.lastSeen ?? 0));
      return json({ customers, now: now() });
    }
    const forget = /^\/api\/customers\/([^/]+)$/.exec(path);
    if (request.method === 'DELETE' && forget?.[1] !== undefined) {
      const id = decodeURIComponent(forget[1]);
      // Erasure: the state, linked anonymous states, identity links and pending decisions.
      const deleted = (await store.forget(id)).states > 0;
      return json({ deleted }, deleted ? 200 : 404);
    }
    if (request.method === 'GET' && path === '/api/cdnow') {
      // Loaded on first request: the model fit is the heaviest thing the demo does.
      cdnow ??= import('./cdnow-analysis.js').then(
        async (m) => {
          const analysis = await m.loadCdnowAnalysis(options.cdnowDir);
          if (analysis.available) backend.useModel(m.aliveModel(analysis));
          return analysis;
        },
        (error: unknown) => ({ available: false as const, reason: `The churn module failed to load: ${String(error)}` }),
      );
      return json(await cdnow);
    }
    if (request.method === 'GET' || request.method === 'HEAD') {
      const asset = await assets(path);
      if (asset !== undefined) return asset;
    }
    return json({ error: `nothing at ${request.method} ${path}` }, 404);
  };

  return {
    handler,
    store,
    hub,
    close: () => {
      hub.close();
      void ingest.close();
    },
  };
}
