/**
 * The ingest benches' workload: Segment-style batches (page / track / identify) for a
 * population of customers, deterministic from the batch number, so that every process (load
 * generators, the single-process reference fold) builds the same events.
 */
export interface Workload {
  customers: number;
  batchSize: number;
  /** The clock of the servers, and the time the events lead up to. */
  now: number;
}

export const DEFAULT_WORKLOAD: Workload = { customers: 10_000, batchSize: 100, now: Date.parse('2026-11-22T12:00:00Z') };

/** Event `n` of the stream (customer `n % customers`), some hours before `now`. */
export function eventAt(n: number, w: Workload): Record<string, unknown> {
  const c = n % w.customers;
  const round = Math.floor(n / w.customers);
  const userId = `u${c}`;
  const timestamp = new Date(w.now - 72 * 3_600_000 + round * 90_000 + (c % 60) * 1_000).toISOString();
  const base = { messageId: `e${n}`, timestamp, userId, anonymousId: `a${c}` };
  const kind = (n * 7 + round) % 20;
  if (round === 0 && kind < 2) return { ...base, type: 'identify', traits: { plan: c % 3 === 0 ? 'pro' : 'free', email: `u${c}@example.com` } };
  if (kind === 0) return { ...base, type: 'track', event: 'Feedback Given', properties: { nps: (n * 13) % 11 } };
  if (kind === 1) return { ...base, type: 'track', event: 'Signed Up' };
  if (kind === 2) return { ...base, type: 'track', event: 'Order Completed', properties: { order_id: `o${n}`, revenue: 20 + (n % 50), currency: 'USD' } };
  if (kind === 3) return { ...base, type: 'track', event: 'Consent Changed', properties: { purpose: 'email', granted: c % 4 !== 0 } };
  if (kind < 9) return { ...base, type: 'track', event: 'Product Added', properties: { product_id: `p${n % 40}`, price: 20 } };
  return { ...base, type: 'page', name: 'Catalog', properties: { path: `/c/${n % 12}` } };
}

/** The events of batch `b`. */
export function batchAt(b: number, w: Workload): Array<Record<string, unknown>> {
  return Array.from({ length: w.batchSize }, (_, i) => eventAt(b * w.batchSize + i, w));
}
