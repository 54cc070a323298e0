import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { ANSWER, type Answer, type Answering, type Incoming } from './incoming.js';
import type { FetchHandler } from './ingest-options.js';
import { MalformedBatchError } from './malformed-batch-error.js';
import { PayloadTooLargeError } from './payload-too-large-error.js';
import { readBodyWithLimit } from './read-body.js';
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
 * The ingest handler made by `createIngestHandler` is served without building a Fetch `Request`
 * or `Response` (the same answers and limits; about 300 µs less CPU a request, a third of the
 * cost of a 5-event batch).
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
  const fail = (res: ServerResponse): void => {
    if (!res.headersSent) {
      res.writeHead(500, { 'content-type': 'application/json; charset=utf-8' });
      res.end(JSON.stringify({ ok: false, error: { name: 'InternalError', message: 'internal error' } }));
    } else res.destroy();
  };
  // The ingest handler answers node:http's objects directly: no Fetch Request, Headers, body
  // stream or Response per request (same answers, same limits).
  const answer = (handler as FetchHandler & Partial<Answering>)[ANSWER];
  if (answer !== undefined) {
    return (req, res) => {
      answer(fromNodeRequest(req, res)).then(
        (a) => writeAnswer(a, res),
        (error: unknown) => {
          onError(error);
          fail(res);
        },
      );
    };
  }
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
        fail(res);
        return;
      }
      await writeResponse(response, res);
    })();
  };
}

/**
 * The {@link Incoming} of a node:http request. An identity body is read from the request's own
 * events, with the limit applied as it arrives; a compressed one goes through the Fetch path
 * (`readBodyWithLimit`, which decompresses as it streams). A body left unread is drained when its
 * declared length is within reach (the connection stays open for the next request); otherwise
 * the answer closes the connection ({@link leave}).
 */
function fromNodeRequest(req: IncomingMessage, res: ServerResponse): Incoming {
  let request: Request | undefined;
  const header = (name: string): string | null => {
    const value = req.headers[name];
    return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value;
  };
  const asRequest = (): Request => {
    if (request === undefined) {
      const controller = new AbortController();
      res.on('close', () => {
        if (!res.writableFinished) controller.abort();
      });
      request = toRequest(req, controller.signal, !req.readableEnded && !req.readableDidRead);
    }
    return request;
  };
  return {
    method: req.method ?? 'GET',
    header,
    request: asRequest,
    async discard() {
      if (request !== undefined) await request.body?.cancel().catch(() => undefined);
      else leave(req, res);
    },
    text(limit) {
      const encoding = (header('content-encoding') ?? 'identity').trim().toLowerCase();
      if (encoding !== 'identity') return readBodyWithLimit(asRequest(), limit);
      return readNodeBody(req, res, limit);
    },
  };
}

/** Unread bodies declared up to this size are drained (keeping the connection), others cut. */
const DRAIN_MAX_BYTES = 1024 * 1024;

/**
 * Leaves the rest of a body unread: drained when its declared length is small enough (the
 * connection stays open), else the answer closes the connection and the request is then
 * destroyed (destroying it first would cut the answer off too).
 */
function leave(req: IncomingMessage, res: ServerResponse): void {
  if (req.complete) return;
  const declared = Number(req.headers['content-length'] ?? NaN);
  if (Number.isFinite(declared) && declared <= DRAIN_MAX_BYTES) {
    req.resume();
    return;
  }
  req.pause();
  res.shouldKeepAlive = false; // `Connection: close` on the answer
  res.once('finish', () => req.destroy());
  res.once('close', () => req.destroy());
}

/** An identity body as UTF-8 text, refused beyond `limit` bytes (declared, or while reading). */
function readNodeBody(req: IncomingMessage, res: ServerResponse, limit: number): Promise<string> {
  const declared = Number(req.headers['content-length'] ?? NaN);
  if (Number.isFinite(declared) && declared > limit) {
    leave(req, res);
    return Promise.reject(new PayloadTooLargeError(limit));
  }
  return new Promise<string>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = (error?: Error) => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onFail);
      req.off('close', onClose);
      if (error !== undefined) reject(error);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        done(new PayloadTooLargeError(limit));
        leave(req, res);
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      done();
      resolve((chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, size)).toString('utf8'));
    };
    const onFail = (error: Error) => done(new MalformedBatchError(`the body could not be read (${error.message})`, []));
    const onClose = () => {
      if (!req.complete) done(new MalformedBatchError('the client closed the connection before the whole body arrived', []));
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onFail);
    req.on('close', onClose);
  });
}

/** Writes an {@link Answer}: one `end` with a `Content-Length`. */
function writeAnswer(answer: Answer, res: ServerResponse): void {
  if (answer.text === null) {
    res.writeHead(answer.status, answer.headers);
    res.end();
    return;
  }
  res.writeHead(answer.status, { ...answer.headers, 'content-length': String(Buffer.byteLength(answer.text)) });
  res.end(answer.text);
}

function toRequest(req: IncomingMessage, signal: AbortSignal, withBody = true): Request {
  const host = req.headers.host ?? '127.0.0.1';
  const url = new URL(req.url ?? '/', `http://${host}`);
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) for (const v of value) headers.append(name, v);
    else headers.set(name, value);
  }
  const method = req.method ?? 'GET';
  const hasBody = withBody && method !== 'GET' && method !== 'HEAD';
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
