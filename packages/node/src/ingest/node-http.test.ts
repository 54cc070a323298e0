import { createServer, request as httpRequest, type Server } from 'node:http';
import { gzipSync } from 'node:zlib';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createIngestHandler, type IngestResult } from './ingest-handler.js';
import { createMemoryStore } from '../stores/memory-store.js';
import { toNodeListener } from './node-http.js';
import { basicAuthHeader } from './write-key.js';

let server: Server | undefined;
afterEach(async () => {
  await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined));
  server = undefined;
});

async function listen(listener: Parameters<typeof createServer>[1] & {}): Promise<string> {
  server = createServer(listener);
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('toNodeListener', () => {
  it('serves the ingest handler over real HTTP on 127.0.0.1', async () => {
    const store = createMemoryStore();
    const base = await listen(toNodeListener(createIngestHandler({ writeKeys: ['wk'], store })));
    const res = await fetch(`${base}/v1/batch`, {
      method: 'POST',
      headers: { authorization: basicAuthHeader('wk'), 'content-type': 'application/json', origin: 'http://shop.test' },
      body: JSON.stringify({ batch: [{ type: 'identify', traits: { plan: 'pro' }, messageId: 'i1', timestamp: '2026-11-22T10:00:00Z', userId: 'u9' }] }),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(((await res.json()) as IngestResult).accepted).toBe(1);
    expect((await store.get({ kind: 'customer', id: 'u9' }))?.state.identity.traits).toEqual({ plan: 'pro' });

    const unauthorized = await fetch(`${base}/v1/batch`, { method: 'POST', body: '{"batch":[]}' });
    expect(unauthorized.status).toBe(401);
  });

  it('refuses an oversized streamed body with 413 over HTTP', async () => {
    const base = await listen(toNodeListener(createIngestHandler({ writeKeys: ['wk'], maxBodyBytes: 1000 })));
    const res = await fetch(`${base}/v1/batch`, { method: 'POST', headers: { authorization: basicAuthHeader('wk') }, body: 'x'.repeat(5000) });
    expect(res.status).toBe(413);
  });

  it('streams response bodies (Server-Sent Events) and answers 500 when the handler throws', async () => {
    const errors: unknown[] = [];
    const base = await listen(
      toNodeListener(
        async (request) => {
          if (new URL(request.url).pathname === '/boom') throw new Error('bug');
          const body = new ReadableStream<Uint8Array>({
            start(controller) {
              controller.enqueue(new TextEncoder().encode('data: one\n\n'));
              setTimeout(() => {
                controller.enqueue(new TextEncoder().encode('data: two\n\n'));
                controller.close();
              }, 20);
            },
          });
          return new Response(body, { headers: { 'content-type': 'text/event-stream' } });
        },
        { onError: (e) => void errors.push(e) },
      ),
    );
    const res = await fetch(`${base}/events`);
    expect(res.headers.get('content-type')).toBe('text/event-stream');
    expect(await res.text()).toBe('data: one\n\ndata: two\n\n');
    const boom = await fetch(`${base}/boom`);
    expect(boom.status).toBe(500);
    expect(errors).toHaveLength(1);
  });
});

describe('toNodeListener and the ingest handler’s own answers', () => {
  it('sends them whole, with a Content-Length, and the same body', async () => {
    const base = await listen(toNodeListener(createIngestHandler({ writeKeys: ['wk'], store: createMemoryStore() })));
    const res = await fetch(`${base}/v1/batch`, {
      method: 'POST',
      headers: { authorization: basicAuthHeader('wk'), 'content-type': 'application/json' },
      body: JSON.stringify({ batch: [{ type: 'page', messageId: 'p1', timestamp: '2026-11-22T10:00:00Z', userId: 'u1' }] }),
    });
    const text = await res.text();
    expect(res.headers.get('content-length')).toBe(String(Buffer.byteLength(text)));
    expect(res.headers.get('transfer-encoding')).toBeNull();
    expect(JSON.parse(text)).toMatchObject({ ok: true, accepted: 1 });
  });

  const page = (id: string, userId = 'u1') => ({ type: 'page', messageId: id, timestamp: '2026-11-22T10:00:00Z', userId });

  it('answers a chunked body of no declared length that grows past the limit with 413, then closes the connection', async () => {
    const base = new URL(await listen(toNodeListener(createIngestHandler({ writeKeys: ['wk'], maxBodyBytes: 10_000 }))));
    const { status, connection, written } = await new Promise<{ status: number; connection: string | undefined; written: number }>((resolve, reject) => {
      let written = 0;
      const req = httpRequest({ host: base.hostname, port: base.port, path: '/v1/batch', method: 'POST', headers: { authorization: basicAuthHeader('wk'), 'transfer-encoding': 'chunked' } });
      const chunk = Buffer.alloc(4096, 'x');
      const pump = () => {
        while (!req.destroyed && written < 50_000_000 && req.write(chunk)) written += chunk.length;
      };
      req.on('drain', pump);
      req.on('response', (res) => {
        res.resume();
        resolve({ status: res.statusCode ?? 0, connection: res.headers.connection, written });
        req.destroy();
      });
      req.on('error', reject);
      pump();
    });
    expect(status).toBe(413);
    expect(connection).toBe('close');
    expect(written).toBeLessThan(50_000_000); // answered while the body was still coming, not after reading it all
  });

  it('keeps the connection after a refused small body, and reads gzip bodies (decompressed, with the limit)', async () => {
    const store = createMemoryStore();
    const base = await listen(toNodeListener(createIngestHandler({ writeKeys: ['wk'], store, maxBodyBytes: 2_000 })));
    const tooBig = await fetch(`${base}/v1/batch`, { method: 'POST', headers: { authorization: basicAuthHeader('wk') }, body: 'x'.repeat(5_000) });
    expect(tooBig.status).toBe(413);
    expect(tooBig.headers.get('connection')).not.toBe('close');
    const zipped = gzipSync(JSON.stringify({ batch: [page('g1')] }));
    const ok = await fetch(`${base}/v1/batch`, { method: 'POST', headers: { authorization: basicAuthHeader('wk'), 'content-encoding': 'gzip' }, body: zipped });
    expect(ok.status).toBe(200);
    expect((await store.get({ kind: 'customer', id: 'u1' }))?.state.eventCount).toBe(1);
    const bomb = gzipSync(JSON.stringify({ batch: [{ ...page('g2'), properties: { pad: 'y'.repeat(50_000) } }] }));
    expect(bomb.length).toBeLessThan(2_000);
    const refused = await fetch(`${base}/v1/batch`, { method: 'POST', headers: { authorization: basicAuthHeader('wk'), 'content-encoding': 'gzip' }, body: bomb });
    expect(refused.status).toBe(413);
  });

  it('hands onRejected a Request with the method and headers, and answers preflights and other methods as the Fetch handler does', async () => {
    const seen: Array<{ method: string; origin: string | null; count: number }> = [];
    const handler = createIngestHandler({ writeKeys: ['wk'], store: createMemoryStore(), cors: ['https://shop.test'], onRejected: (rejected, request) => void seen.push({ method: request.method, origin: request.headers.get('origin'), count: rejected.length }) });
    const base = await listen(toNodeListener(handler));
    const body = JSON.stringify({ batch: [page('ok'), { type: 'page', messageId: 'bad', timestamp: 'yesterday', userId: 'u1' }] });
    const init = { method: 'POST', headers: { authorization: basicAuthHeader('wk'), origin: 'https://shop.test' }, body };
    const overNode = await fetch(`${base}/v1/batch`, init);
    const overFetch = await handler(new Request('http://x/v1/batch', { ...init, body: JSON.stringify({ batch: [page('ok2'), { type: 'page', messageId: 'bad2', timestamp: 'yesterday', userId: 'u1' }] }) }));
    expect(overNode.status).toBe(207);
    expect(overFetch.status).toBe(207);
    expect(overNode.headers.get('access-control-allow-origin')).toBe('https://shop.test');
    expect(seen).toEqual([
      { method: 'POST', origin: 'https://shop.test', count: 1 },
      { method: 'POST', origin: 'https://shop.test', count: 1 },
    ]);
    const preflight = await fetch(`${base}/v1/batch`, { method: 'OPTIONS', headers: { origin: 'https://shop.test' } });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-methods')).toBe('POST, OPTIONS');
    expect((await fetch(`${base}/v1/batch`, { method: 'OPTIONS', headers: { origin: 'https://evil.test' } })).status).toBe(403);
    const get = await fetch(`${base}/v1/batch`);
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST, OPTIONS');
  });
});
