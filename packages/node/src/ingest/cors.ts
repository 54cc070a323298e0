import type { Answer } from './incoming.js';

/**
 * Which browser origins may post events (CORS): any (`'*'`), a list, or a predicate.
 *
 * @example
 * ```ts
 * import type { CorsOrigins } from '@retain/node';
 * const origins: CorsOrigins = (origin) => origin.endsWith('.example.com');
 * ```
 */
export type CorsOrigins = '*' | readonly string[] | ((origin: string) => boolean);

/** @internal The CORS headers for a request from `origin`, or `undefined` when it is not allowed. */
export function corsHeaders(origins: CorsOrigins, origin: string | null): Record<string, string> | undefined {
  if (origin === null) return undefined;
  const allowed = origins === '*' ? true : typeof origins === 'function' ? origins(origin) : origins.includes(origin);
  if (!allowed) return undefined;
  return {
    'access-control-allow-origin': origins === '*' ? '*' : origin,
    'access-control-allow-credentials': origins === '*' ? 'false' : 'true',
    vary: 'Origin',
  };
}

/** @internal Answers a CORS preflight (`OPTIONS`) from `origin`: 204 with the allowed method and headers, or 403. */
export function preflightAnswer(origins: CorsOrigins, origin: string | null): Answer {
  const headers = corsHeaders(origins, origin);
  if (headers === undefined) return { status: 403, headers: { vary: 'Origin' }, text: null };
  return {
    status: 204,
    headers: {
      ...headers,
      'access-control-allow-methods': 'POST, OPTIONS',
      'access-control-allow-headers': 'authorization, content-type',
      'access-control-max-age': '86400',
    },
    text: null,
  };
}
