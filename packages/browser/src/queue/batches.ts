import type { QueuedEvent } from './queue-storage.js';

/** Bytes of the `{"batch":[…],"sentAt":"…","writeKey":"…"}` envelope, beyond the events. */
export const ENVELOPE_BYTES = 200;

/**
 * The longest prefix of `items` that fits `maxEvents` and `maxBytes` (always at least one item,
 * so an event larger than `maxBytes` still goes out alone and gets its own answer).
 */
export function takeBatch(items: readonly QueuedEvent[], maxEvents: number, maxBytes: number): QueuedEvent[] {
  let bytes = ENVELOPE_BYTES;
  let n = 0;
  while (n < items.length && n < maxEvents) {
    bytes += items[n]!.json.length + 1;
    if (n > 0 && bytes > maxBytes) break;
    n++;
  }
  return items.slice(0, n);
}

/** The Segment-compatible batch body `{"batch":[…],"sentAt":"…","writeKey":"…"}`, from the events' JSON. */
export function batchBody(items: readonly QueuedEvent[], writeKey: string | undefined): string {
  const key = writeKey === undefined ? '' : `,"writeKey":${JSON.stringify(writeKey)}`;
  return `{"batch":[${items.map((i) => i.json).join(',')}],"sentAt":"${new Date().toISOString()}"${key}}`;
}

/** The events of queued items, parsed back (for error reports and `delivered` listeners). */
export const eventsOf = <T>(items: readonly QueuedEvent[]): T[] => items.map((i) => JSON.parse(i.json) as T);
