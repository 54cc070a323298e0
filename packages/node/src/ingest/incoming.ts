/**
 * @internal What the ingest handler reads of a request and what it answers, whatever carried
 * them: a Fetch `Request` and `Response` ({@link fromRequest}, {@link toResponse}), or node:http's
 * request and response objects, which `toNodeListener` serves without building either (a Fetch
 * `Request`, its headers and its body stream, and a `Response` cost about 300 µs a request: more
 * than parsing and answering a small batch).
 */
import { readBodyWithLimit } from './read-body.js';
import { textResponse } from './text-response.js';

/** @internal A request as the ingest handler reads it. */
export interface Incoming {
  readonly method: string;
  /** A header's value (`name` in lower case), or null. */
  header(name: string): string | null;
  /**
   * The body as UTF-8 text, decompressed (gzip, deflate), at most `limit` bytes.
   * @throws {PayloadTooLargeError} beyond `limit`.
   * @throws {MalformedBatchError} for another content encoding, or a corrupt compressed body.
   */
  text(limit: number): Promise<string>;
  /** Lets go of a body that will not be read. */
  discard(): Promise<void>;
  /** The request as a Fetch `Request` (made on the first call where there was none), for hooks that take one. */
  request(): Request;
}

/** @internal An answer: a status, its headers and a body (JSON text, or none). */
export interface Answer {
  status: number;
  headers: Record<string, string>;
  text: string | null;
}

/** @internal The {@link Incoming} of a Fetch `Request`. */
export function fromRequest(request: Request): Incoming {
  return {
    method: request.method,
    header: (name) => request.headers.get(name),
    text: (limit) => readBodyWithLimit(request, limit),
    discard: async () => {
      await request.body?.cancel().catch(() => undefined);
    },
    request: () => request,
  };
}

/** @internal The Fetch `Response` of an {@link Answer}. */
export function toResponse(answer: Answer): Response {
  const init = { status: answer.status, headers: answer.headers };
  return answer.text === null ? new Response(null, init) : textResponse(answer.text, init);
}

/**
 * @internal Where a handler made by `createIngestHandler` keeps its answering function, which
 * takes an {@link Incoming}: `toNodeListener` calls it directly.
 */
export const ANSWER: unique symbol = Symbol('retain.answer');

/** @internal A handler that answers an {@link Incoming} without a Fetch `Request`. */
export interface Answering {
  [ANSWER]: (incoming: Incoming) => Promise<Answer>;
}
