/**
 * A number in `[0, 1)` from `customerId` and `messageId`: FNV-1a over both, then the murmur3
 * finaliser so that similar ids spread evenly. The same pair always gives the same number, on
 * every device and across reloads.
 *
 * @internal
 */
export function holdoutBucket(customerId: string, messageId: string): number {
  const key = `${messageId}\u0000${customerId}`;
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return (h >>> 0) / 0x1_0000_0000;
}

/**
 * Whether the customer is in the control group of a message held out for `share` of customers
 * (deterministic: see {@link holdoutBucket}).
 *
 * @param share Share of customers held out, 0–1.
 * @internal
 */
export function isHeldOut(customerId: string, messageId: string, share: number): boolean {
  return share > 0 && holdoutBucket(customerId, messageId) < share;
}
