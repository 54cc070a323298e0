/**
 * Shared test helper: a real collector on 127.0.0.1 (node:http, loopback only) that records
 * every batch it receives and can be told to misbehave — answer 500 ×N, 429 with Retry-After,
 * 413 above a body size, go slow — and serves static pages (same origin as the collector, so
 * test pages need no CORS; cross-origin POSTs are allowed too).
 *
 * ```ts
 * const collector = await startCollector();
 * collector.serve('/', '<script src="/app.js"></script>');
 * collector.plan({ status: 500 }, { status: 429, retryAfter: 1 }); // the next two batches
 * // … drive a page that posts to collector.endpoint …
 * await collector.waitForEvents(100);
 * expect(collector.uniqueIds().size).toBe(100);
 * await collector.close();
 * ```
 *
 * Used by the browser package's e2e tests, the examples' tests and `bench/track.bench.ts`.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One planned answer to a batch request. */
export interface PlannedResponse {
  /** HTTP status. @default 200 */
  status?: number;
  /** `Retry-After` header, in seconds. */
  retryAfter?: number;
  /** Wait this long before answering (a slow collector). */
  delayMs?: number;
  /** Record the events as accepted even though the status is not 2xx (e.g. a timeout after processing). */
  record?: boolean;
}

/** A request the collector received on a POST route. */
export interface ReceivedBatch {
  path: string;
  /** Parsed JSON body (`undefined` when it did not parse). */
  body: unknown;
  /** Body length in bytes. */
  bytes: number;
  contentType: string | undefined;
  /** The status answered. */
  status: number;
  /** The events of the batch (`body.batch`, the body itself when it is an array, else `[body]`). */
  events: Array<Record<string, unknown>>;
  /** When the request arrived (ms since the collector started). */
  at: number;
}

/** A running collector. */
export interface Collector {
  /** Origin, e.g. `http://127.0.0.1:41234`. */
  readonly url: string;
  /** The batch endpoint: `${url}/v1/batch` (any POST path is accepted). */
  readonly endpoint: string;
  /** Every POST received, in order, whatever was answered. */
  readonly requests: ReceivedBatch[];
  /** Events of the batches answered 2xx (or planned with `record: true`), duplicates included. */
  accepted(): Array<Record<string, unknown>>;
  /** The distinct `messageId`s accepted (dedupe as a real collector would). */
  uniqueIds(): Set<string>;
  /** How many accepted events repeated an already accepted `messageId`. */
  duplicates(): number;
  /** Answers the next batch requests as planned, in order (then back to the default). */
  plan(...responses: PlannedResponse[]): void;
  /** The answer once the plan is used up. @default { status: 200 } */
  setDefault(response: PlannedResponse): void;
  /** Answer 413 to any body larger than this many bytes (`undefined`: no limit). */
  limitBytes(bytes: number | undefined): void;
  /** Serves `body` on GET `path`. */
  serve(path: string, body: string, contentType?: string): void;
  /** Resolves when at least `n` distinct messageIds were accepted; rejects after `timeoutMs`. */
  waitForEvents(n: number, timeoutMs?: number): Promise<void>;
  /** Resolves when `predicate()` holds (polled every 20 ms); rejects after `timeoutMs`. */
  waitUntil(predicate: () => boolean, timeoutMs?: number, what?: string): Promise<void>;
  /** Forgets the requests received and the plan. */
  clear(): void;
  /** Stops the server (open connections are destroyed). */
  close(): Promise<void>;
}

const MAX_BODY = 5_000_000;

/**
 * Starts a collector on 127.0.0.1 and a free port.
 *
 * @example
 * ```ts
 * const collector = await startCollector();
 * await fetch(collector.endpoint, { method: 'POST', body: JSON.stringify({ batch: [{ messageId: 'm1' }] }) });
 * collector.uniqueIds().has('m1'); // true
 * await collector.close();
 * ```
 */
export async function startCollector(): Promise<Collector> {
  const started = Date.now();
  const requests: ReceivedBatch[] = [];
  const recorded: Array<Record<string, unknown>> = [];
  const pages = new Map<string, { body: string; type: string }>();
  let planned: PlannedResponse[] = [];
  let fallback: PlannedResponse = { status: 200 };
  let byteLimit: number | undefined;

  const cors = (res: ServerResponse) => {
    res.setHeader('access-control-allow-origin', '*');
    res.setHeader('access-control-allow-methods', 'POST, GET, OPTIONS');
    res.setHeader('access-control-allow-headers', '*');
    res.setHeader('access-control-expose-headers', 'Retry-After');
    res.setHeader('access-control-max-age', '600');
  };

  const onRequest = (req: IncomingMessage, res: ServerResponse) => {
    cors(res);
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    if (req.method === 'OPTIONS') return void res.writeHead(204).end();
    if (req.method === 'GET') {
      const page = pages.get(path);
      if (page === undefined) return void res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return void res.writeHead(200, { 'content-type': page.type, 'cache-control': 'no-store' }).end(page.body);
    }
    if (req.method !== 'POST') return void res.writeHead(405).end();
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY) chunks.push(chunk);
    });
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        body = undefined;
      }
      const events = eventsOf(body);
      const plan: PlannedResponse = byteLimit !== undefined && size > byteLimit ? { status: 413 } : (planned.shift() ?? fallback);
      const status = plan.status ?? 200;
      requests.push({ path, body, bytes: size, contentType: req.headers['content-type'], status, events, at: Date.now() - started });
      const answer = () => {
        if ((status >= 200 && status < 300) || plan.record === true) recorded.push(...events);
        const headers: Record<string, string> = { 'content-type': 'application/json' };
        if (plan.retryAfter !== undefined) headers['retry-after'] = String(plan.retryAfter);
        if (!res.destroyed) res.writeHead(status, headers).end(JSON.stringify({ ok: status < 300 }));
      };
      if (plan.delayMs !== undefined && plan.delayMs > 0) setTimeout(answer, plan.delayMs);
      else answer();
    });
  };

  const server = createServer(onRequest);
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;

  const uniqueIds = () => new Set(recorded.map((e) => String(e['messageId'])));
  const waitUntil = async (predicate: () => boolean, timeoutMs = 20_000, what = 'condition') => {
    const deadline = Date.now() + timeoutMs;
    while (!predicate()) {
      if (Date.now() > deadline) throw new Error(`collector: timed out after ${timeoutMs} ms waiting for ${what} (${requests.length} requests, ${uniqueIds().size} distinct events accepted)`);
      await new Promise((r) => setTimeout(r, 20));
    }
  };

  return {
    url,
    endpoint: `${url}/v1/batch`,
    requests,
    accepted: () => [...recorded],
    uniqueIds,
    duplicates: () => recorded.length - uniqueIds().size,
    plan: (...responses) => void planned.push(...responses),
    setDefault: (response) => void (fallback = response),
    limitBytes: (bytes) => void (byteLimit = bytes),
    serve: (path, body, contentType = path.endsWith('.js') ? 'text/javascript' : 'text/html; charset=utf-8') => void pages.set(path, { body, type: contentType }),
    waitForEvents: (n, timeoutMs) => waitUntil(() => uniqueIds().size >= n, timeoutMs, `${n} distinct events`),
    waitUntil,
    clear: () => {
      requests.length = 0;
      recorded.length = 0;
      planned = [];
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function eventsOf(body: unknown): Array<Record<string, unknown>> {
  if (typeof body !== 'object' || body === null) return [];
  if (Array.isArray(body)) return body.filter((e): e is Record<string, unknown> => typeof e === 'object' && e !== null);
  const batch = (body as { batch?: unknown }).batch;
  if (Array.isArray(batch)) return batch.filter((e): e is Record<string, unknown> => typeof e === 'object' && e !== null);
  return [body as Record<string, unknown>];
}
