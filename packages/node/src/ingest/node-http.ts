import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import type { FetchHandler } from './ingest-handler.js';
import { knownText } from './text-response.js';

/**
 * Options of {@link toNodeListener}.
 *
 * @example
 * ```ts
 * import type { NodeListenerOptions } from '@retain/node';
 * const options: NodeListenerOptions = { onError: (error) => console.error('ingest failed', error) };
 * ```
 */
export interface NodeListenerOptions {
  /**
   * Receives errors thrown by the handler (the client gets a 500).
   * @default console.error
   */
  onError?: (error: unknown) => void;
}

/**
 * Adapts a Fetch-API handler (such as the ingest handler) to a `node:http` request listener.
 * The request body is streamed (so body limits apply while reading), and the response body is
 * streamed too (Server-Sent Events work); a client that disconnects cancels the response stream.
 *
 * Other servers: Express mounts the same listener (`app.post('/v1/batch', listener)` — do not
 * put a body parser in front of it); Fastify calls it with `request.raw, reply.raw` after
 * `reply.hijack()` (with a content-type parser that leaves the body unread); Hono, Next.js
 * route handlers, Bun and Deno take the Fetch handler itself (`export const POST = ingest`).
 *
 * @example
 * ```ts
 * import { createServer } from 'node:http';
 * import { createIngestHandler, toNodeListener } from '@retain/node';
 * const ingest = createIngestHandler({ writeKeys: ['wk_demo'] });
 * const server = createServer(toNodeListener(ingest));
 * server.listen(0, '127.0.0.1');
 * ```
 */
export function toNodeListener(handler: FetchHandler, options: NodeListenerOptions = {}): (req: IncomingMessage, res: ServerResponse) => void {
  const onError = options.onError ?? ((error: unknown) => console.error(error));
  return (req, res) => {
    void (async () => {
      let response: Response;
      const controller = new AbortController();
      // Only a response cut short aborts the request's signal (an AbortError per answered request costs).
      res.on('close', () => {
        if (!res.writableFinished) controller.abort();
      });
      try {
        response = await handler(toRequest(req, controller.signal));
      } catch (error) {
        onError(error);
        if (!res.headersSent) {
          res.writeHead(500, { 'content-type': 'application/json; charset=utf-8' });
          res.end(JSON.stringify({ ok: false, error: { name: 'InternalError', message: 'internal error' } }));
        } else res.destroy();
        return;
      }
      await writeResponse(response, res);
    })();
  };
}

function toRequest(req: IncomingMessage, signal: AbortSignal): Request {
  const host = req.headers.host ?? '127.0.0.1';
  const url = new URL(req.url ?? '/', `http://${host}`);
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) for (const v of value) headers.append(name, v);
    else headers.set(name, value);
  }
  const method = req.method ?? 'GET';
  const hasBody = method !== 'GET' && method !== 'HEAD';
  const init: RequestInit & { duplex?: 'half' } = { method, headers, signal };
  if (hasBody) {
    init.body = Readable.toWeb(req) as ReadableStream<Uint8Array>;
    init.duplex = 'half';
  }
  return new Request(url, init);
}

async function writeResponse(response: Response, res: ServerResponse): Promise<void> {
  const headers: Record<string, string | string[]> = {};
  response.headers.forEach((value, name) => {
    if (name === 'set-cookie') return;
    headers[name] = value;
  });
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) headers['set-cookie'] = cookies;
  const text = knownText(response);
  if (text !== undefined) {
    headers['content-length'] = String(Buffer.byteLength(text));
    res.writeHead(response.status, headers);
    res.end(text);
    return;
  }
  res.writeHead(response.status, headers);
  if (response.body === null) {
    res.end();
    return;
  }
  const reader = response.body.getReader();
  res.on('close', () => void reader.cancel().catch(() => undefined));
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (!res.write(value)) await new Promise<void>((resolve) => res.once('drain', resolve).once('close', resolve));
      if (res.destroyed) break;
    }
    res.end();
  } catch {
    res.destroy();
  }
}
