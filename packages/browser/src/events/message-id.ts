/** Ids made at once: one `getRandomValues` call, one loop and one string per 256 ids. */
const POOL_IDS = 256;
/** Characters of one id (32 hex digits and 4 dashes). */
const ID_CHARS = 36;

const HEX = new Uint8Array([48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 97, 98, 99, 100, 101, 102]); // '0'–'9', 'a'–'f'
let pool = '';
let next = POOL_IDS;

/** Fills the pool: 256 random UUID v4s written as ASCII into one buffer, decoded into one string. */
function refill(): void {
  const bytes = new Uint8Array(POOL_IDS * 16);
  const c = globalThis.crypto;
  if (typeof c?.getRandomValues === 'function') c.getRandomValues(bytes);
  else for (let i = 0; i < bytes.length; i++) bytes[i] = Math.random() * 256; // old or insecure pages
  const text = new Uint8Array(POOL_IDS * ID_CHARS);
  let o = 0;
  for (let b = 0; b < bytes.length; b += 16) {
    bytes[b + 6] = ((bytes[b + 6] as number) & 0x0f) | 0x40; // version 4
    bytes[b + 8] = ((bytes[b + 8] as number) & 0x3f) | 0x80; // the RFC 4122 variant
    for (let j = 0; j < 16; j++) {
      if (j === 4 || j === 6 || j === 8 || j === 10) text[o++] = 45; // '-'
      const x = bytes[b + j] as number;
      text[o++] = HEX[x >> 4] as number;
      text[o++] = HEX[x & 15] as number;
    }
  }
  pool = typeof TextDecoder === 'function' ? new TextDecoder().decode(text) : String.fromCharCode(...text);
  next = 0;
}

/**
 * A random UUID v4 for `messageId` (and `anonymousId`); collectors dedupe on it. The bits come
 * from `crypto.getRandomValues` (`Math.random` only where there is no Web Crypto). Ids are made
 * 256 at a time, in one loop over bytes, into one string: each call is then one `slice` of it.
 * (`crypto.randomUUID` costs Chromium about 10 µs per call; formatting each id from numbers
 * costs a page's first burst, which runs before the JIT, several conversions per event.)
 */
export function newMessageId(): string {
  if (next >= POOL_IDS) refill();
  const at = next++ * ID_CHARS;
  return pool.slice(at, at + ID_CHARS);
}
