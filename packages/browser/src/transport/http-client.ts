import ky from 'ky';

/** What the delivery loop needs from a response. */
export interface HttpResponse {
  status: number;
  /** A response header (case-insensitive), or `null`. */
  header(name: string): string | null;
}

/**
 * How batches are POSTed. The default is {@link kyHttpClient}; swap it in tests or to add
 * headers. A network failure rejects; an HTTP status (even 500) resolves.
 *
 * @example
 * ```ts
 * import { createRetain, type HttpClient } from '@retain/browser';
 * const httpClient: HttpClient = {
 *   async post(url, body) {
 *     const res = await fetch(url, { method: 'POST', body, headers: { 'content-type': 'application/json' } });
 *     return { status: res.status, header: (name) => res.headers.get(name) };
 *   },
 * };
 * const retain = createRetain({ endpoint: 'https://collect.example.com/v1/batch', httpClient });
 * retain.track('Signed Up');
 * ```
 */
export interface HttpClient {
  post(url: string, body: string, options: { timeoutMs: number }): Promise<HttpResponse>;
}

/**
 * The default {@link HttpClient}: ky, with ky's own retries off (Retain retries from its
 * persisted queue, with backoff shared by every tab) and HTTP errors returned, not thrown.
 *
 * @example
 * ```ts
 * import { kyHttpClient } from '@retain/browser';
 * const client = kyHttpClient();
 * void client; // pass as `httpClient` to createRetain
 * ```
 */
export function kyHttpClient(): HttpClient {
  return {
    async post(url, body, { timeoutMs }) {
      const res = await ky.post(url, { body, headers: { 'content-type': 'application/json' }, retry: 0, timeout: timeoutMs, throwHttpErrors: false });
      return { status: res.status, header: (name) => res.headers.get(name) };
    },
  };
}
