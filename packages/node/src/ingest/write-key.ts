/**
 * @internal The write key of a request, Segment style, from its `Authorization` header: the
 * username of HTTP Basic auth (`Basic base64("<writeKey>:")`). `undefined` when there is none.
 */
export function writeKeyFromHeader(header: string | null): string | undefined {
  if (header === null) return undefined;
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header);
  if (match?.[1] === undefined) return undefined;
  let decoded: string;
  try {
    decoded = atob(match[1]);
  } catch {
    return undefined;
  }
  const colon = decoded.indexOf(':');
  const user = colon === -1 ? decoded : decoded.slice(0, colon);
  return user === '' ? undefined : user;
}

/**
 * The `Authorization` header value that carries `writeKey` (HTTP Basic, the key as username,
 * an empty password), as Segment's libraries send it.
 *
 * @example
 * ```ts
 * import { basicAuthHeader } from '@retain/node';
 * await fetch('http://127.0.0.1:8787/v1/batch', {
 *   method: 'POST',
 *   headers: { authorization: basicAuthHeader('wk_demo'), 'content-type': 'application/json' },
 *   body: JSON.stringify({ batch: [], sentAt: new Date().toISOString() }),
 * }).catch(() => undefined);
 * ```
 */
export function basicAuthHeader(writeKey: string): string {
  const bytes = new TextEncoder().encode(`${writeKey}:`);
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return `Basic ${btoa(binary)}`;
}
