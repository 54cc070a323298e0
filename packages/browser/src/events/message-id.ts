/** Random words drawn 256 ids at a time: one `getRandomValues` call instead of one per event. */
const POOL_WORDS = 1024;
let pool: Uint32Array | undefined;
let next = POOL_WORDS;

function refill(): Uint32Array {
  pool ??= new Uint32Array(POOL_WORDS);
  const c = globalThis.crypto;
  if (typeof c?.getRandomValues === 'function') c.getRandomValues(pool);
  else for (let i = 0; i < POOL_WORDS; i++) pool[i] = Math.random() * 2 ** 32; // old or insecure pages
  next = 0;
  return pool;
}

/** Eight hex digits of a 32-bit word. */
const hex = (word: number): string => (word >>> 0).toString(16).padStart(8, '0');

/**
 * A random UUID v4 for `messageId` (and `anonymousId`); collectors dedupe on it. The bits come
 * from `crypto.getRandomValues` (`Math.random` only where there is no Web Crypto), drawn in
 * pools of 256 ids: `crypto.randomUUID` costs Chromium about 10 µs per call, a pooled id well
 * under one. Four words make the 32 digits in a dozen operations (the first burst of a page runs
 * in the interpreter, where every operation counts).
 */
export function newMessageId(): string {
  const w = next + 4 > POOL_WORDS ? refill() : (pool as Uint32Array);
  const i = next;
  next += 4;
  const b = hex(((w[i + 1] as number) & 0xffff0fff) | 0x4000); // version 4
  const c = hex(((w[i + 2] as number) & 0x3fffffff) | 0x80000000); // the RFC 4122 variant
  return `${hex(w[i] as number)}-${b.slice(0, 4)}-${b.slice(4)}-${c.slice(0, 4)}-${c.slice(4)}${hex(w[i + 3] as number)}`;
}
