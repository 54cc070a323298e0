import { UnsafeUrlError } from './errors.js';

/** A scheme (`javascript:`, `https:`…) at the start of a URL, after the characters browsers ignore. */
const SCHEME = /^([a-z][a-z0-9+.-]*):/i;
/** Browsers strip these (C0 controls, space) from URLs and tabs/newlines from anywhere in them. */
const IGNORED = /[\u0000-\u0020]/g;

/**
 * Checks a link from message content: `http:`, `https:` or relative (`/cart`, `?a=1`, `#top`,
 * `//host/path` is treated as relative to the page's scheme).
 *
 * @param url The link as written.
 * @param path Where it sits in the message definition, for the error.
 * @returns The URL, unchanged.
 * @throws {UnsafeUrlError} for any other scheme (`javascript:`, `data:`, `vbscript:`…), however
 * it is disguised (case, leading spaces, embedded tabs or newlines).
 * @internal
 */
export function checkSafeUrl(url: string, path: readonly PropertyKey[]): string {
  const scheme = SCHEME.exec(url.replace(IGNORED, ''))?.[1]?.toLowerCase();
  if (scheme !== undefined && scheme !== 'http' && scheme !== 'https') throw new UnsafeUrlError(url, path);
  // A colon before any slash, ? or # would be read as a scheme by some parsers: refuse it too.
  const head = url.replace(IGNORED, '').split(/[/?#]/, 1)[0] ?? '';
  if (scheme === undefined && head.includes(':')) throw new UnsafeUrlError(url, path);
  return url;
}
