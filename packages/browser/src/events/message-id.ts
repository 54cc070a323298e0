/** Random bytes drawn 256 ids at a time: one `getRandomValues` call instead of one per event. */
const POOL_BYTES = 4096;
let pool: Uint8Array | undefined;
let next = POOL_BYTES;

function refill(): Uint8Array {
  pool ??= new Uint8Array(POOL_BYTES);
  const c = globalThis.crypto;
  if (typeof c?.getRandomValues === 'function') c.getRandomValues(pool);
  else for (let i = 0; i < POOL_BYTES; i++) pool[i] = (Math.random() * 256) | 0; // old or insecure pages
  next = 0;
  return pool;
}

/**
 * A random UUID v4 for `messageId` (and `anonymousId`); collectors dedupe on it. The bytes come
 * from `crypto.getRandomValues` (`Math.random` only where there is no Web Crypto), drawn in
 * pools of 256 ids: `crypto.randomUUID` costs Chromium about 10 µs per call, a pooled id well
 * under one.
 */
export function newMessageId(): string {
  const b = next + 16 > POOL_BYTES ? refill() : (pool as Uint8Array);
  const i = next;
  next += 16;
  b[i + 6] = ((b[i + 6] as number) & 0x0f) | 0x40; // version 4
  b[i + 8] = ((b[i + 8] as number) & 0x3f) | 0x80; // the RFC 4122 variant
  let id = '';
  for (let k = 0; k < 16; k++) id += (k === 4 || k === 6 || k === 8 || k === 10 ? '-' : '') + ((b[i + k] as number) + 256).toString(16).slice(1);
  return id;
}
