/**
 * Sends a body while the page is being hidden or closed: `fetch` with `keepalive` (its response,
 * if the page lives to see it, acknowledges the events), else `navigator.sendBeacon` (no
 * acknowledgement: the events stay queued and are sent again later; collectors dedupe by
 * `messageId`). The body is `text/plain` so that no CORS preflight is needed.
 *
 * @returns a promise of whether the collector acknowledged (2xx) the body; `false` when unknown.
 */
export function sendOnUnload(url: string, body: string): Promise<boolean> {
  try {
    if (typeof fetch === 'function') {
      return fetch(url, { method: 'POST', body, keepalive: true, credentials: 'omit', headers: { 'content-type': 'text/plain' } }).then(
        (res) => res.ok,
        () => beacon(url, body) && false,
      );
    }
  } catch {
    // fall through to the beacon
  }
  beacon(url, body);
  return Promise.resolve(false);
}

function beacon(url: string, body: string): boolean {
  try {
    return typeof navigator.sendBeacon === 'function' && navigator.sendBeacon(url, new Blob([body], { type: 'text/plain' }));
  } catch {
    return false;
  }
}

/** Largest body sent on unload (browsers cap in-flight keepalive bodies at 64 KiB per page). */
export const UNLOAD_MAX_BYTES = 60_000;
