import { createServer, type Server } from 'node:http';
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
});
