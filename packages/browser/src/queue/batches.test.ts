import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { batchBody, ENVELOPE_BYTES, takeBatch } from './batches.js';
import type { QueuedEvent } from './queue-storage.js';

const item = (i: number, bytes: number): QueuedEvent => {
  const json = JSON.stringify({ type: 'track', event: 'E', messageId: `m${i}`, timestamp: '2026-11-22T10:00:00.000Z', anonymousId: 'a' });
  return { key: String(i).padStart(6, '0'), json: bytes > json.length ? json.slice(0, -1) + ' '.repeat(bytes - json.length) + '}' : json };
};

describe('takeBatch', () => {
  it('takes the longest prefix within maxEvents and maxBytes, and never nothing', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 100, max: 5000 }), { minLength: 1, maxLength: 200 }), fc.integer({ min: 1, max: 150 }), fc.integer({ min: 1, max: 40_000 }), (sizes, maxEvents, maxBytes) => {
        const items = sizes.map((b, i) => item(i, b));
        const batch = takeBatch(items, maxEvents, maxBytes);
        expect(batch.length).toBeGreaterThanOrEqual(1);
        expect(batch.length).toBeLessThanOrEqual(maxEvents);
        expect(batch).toEqual(items.slice(0, batch.length));
        const bytes = (b: QueuedEvent[]) => ENVELOPE_BYTES + b.reduce((s, i) => s + i.json.length + 1, 0);
        if (batch.length > 1) expect(bytes(batch)).toBeLessThanOrEqual(maxBytes);
        // maximal: one more would break a limit
        if (batch.length < Math.min(maxEvents, items.length)) expect(bytes(items.slice(0, batch.length + 1))).toBeGreaterThan(maxBytes);
      }),
    );
  });
});

describe('batchBody', () => {
  it('is a Segment batch with sentAt and the writeKey', () => {
    const body = JSON.parse(batchBody([item(1, 10), item(2, 10)], 'wk')) as { batch: Array<{ messageId: string }>; sentAt: string; writeKey: string };
    expect(body.batch.map((e) => e.messageId)).toEqual(['m1', 'm2']);
    expect(body.writeKey).toBe('wk');
    expect(Number.isNaN(Date.parse(body.sentAt))).toBe(false);
    expect('writeKey' in (JSON.parse(batchBody([item(1, 10)], undefined)) as object)).toBe(false);
  });
});
