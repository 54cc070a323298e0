import type { Retain } from '../create-retain.js';
import type { RetainOptions } from '../options.js';

/** The methods the loader snippet stubs: calls made before the script arrives are queued, then replayed in order. */
export const SNIPPET_METHODS = ['identify', 'track', 'page', 'group', 'flush', 'reset', 'setConsent', 'inContextMessage', 'on', 'subscribe'] as const;

/** One call the snippet queued: the method, its arguments, and the settlers of the promise the stub returned. */
export type QueuedCall = [method: string, args: unknown[], resolve: (value: unknown) => void, reject: (reason: unknown) => void];

/** What the snippet leaves in `window.retain` before the script arrives. */
export interface SnippetStub {
  /** The calls made so far, oldest first. */
  q: QueuedCall[];
  /** The options the snippet was given for `createRetain`. */
  o: RetainOptions;
  [method: string]: unknown;
}

/** Whether `value` is the snippet's stub (and not a client already, or something else of the page's). */
export function isSnippetStub(value: unknown): value is SnippetStub {
  return typeof value === 'object' && value !== null && Array.isArray((value as SnippetStub).q) && typeof (value as SnippetStub).o === 'object';
}

/**
 * Creates the client the snippet asked for and replays the queued calls on it, in the order they
 * were made; each stub call's promise settles with what the real method returned (or threw). The
 * stub then forwards later calls to the client (for code that kept a reference to it), and
 * `window.retain` becomes the client itself.
 *
 * @param stub The snippet's `window.retain`.
 * @param create `createRetain`.
 * @returns The client.
 * @example
 * ```ts
 * // What retain.min.js does when it loads (packages/browser/src/script-tag/index.ts), with
 * // isSnippetStub and replaySnippet from this module:
 * //   if (isSnippetStub(window.retain)) window.retain = replaySnippet(window.retain, createRetain);
 * ```
 */
export function replaySnippet(stub: SnippetStub, create: (options: RetainOptions) => Retain): Retain {
  const retain = create(stub.o);
  const client = retain as unknown as Record<string, (...args: unknown[]) => unknown>;
  const queued = stub.q;
  stub.q = [];
  for (const [method, args, resolve, reject] of queued) {
    try {
      const fn = client[method];
      if (typeof fn !== 'function') throw new TypeError(`retain.${method} is not a method of the client`);
      resolve(fn.apply(retain, args));
    } catch (error) {
      reject(error);
    }
  }
  for (const method of SNIPPET_METHODS) stub[method] = (...args: unknown[]) => client[method]!.apply(retain, args);
  return retain;
}
