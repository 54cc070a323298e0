import { describe, expect, it } from 'vitest';
import { StorageError } from '../errors/storage-error.js';
import { withMemoryFallback } from './fallback-storage.js';
import { memoryQueueStorage, type QueuedEvent, type QueueStorage } from './queue-storage.js';

const item = (i: number): QueuedEvent => ({ key: `k${i}`, json: JSON.stringify({ type: 'track', event: 'E', messageId: `m${i}` }) });

const failing = (failOn: keyof QueueStorage): QueueStorage => {
  const inner = memoryQueueStorage();
  return new Proxy(inner, {
    get(target, prop: keyof QueueStorage) {
      if (prop === failOn) return () => Promise.reject(new DOMException('quota', 'QuotaExceededError'));
      return target[prop];
    },
  });
};

describe('withMemoryFallback', () => {
  it('passes through while the primary works', async () => {
    const errors: StorageError[] = [];
    const s = withMemoryFallback(memoryQueueStorage(), () => [], (e) => errors.push(e));
    await s.add([item(2), item(1)]);
    expect((await s.peek(10)).map((i) => i.key)).toEqual(['k1', 'k2']);
    expect(s.failed).toBe(false);
    expect(errors).toEqual([]);
  });

  it('on the first failure: switches to memory, seeds it with what this tab holds, reports once, completes the operation', async () => {
    const errors: StorageError[] = [];
    const held = [item(1), item(2)];
    const s = withMemoryFallback(failing('add'), () => held, (e) => errors.push(e));
    await s.add([item(3)]);
    await s.add([item(4)]);
    expect((await s.peek(10)).map((i) => i.key)).toEqual(['k1', 'k2', 'k3', 'k4']);
    expect(s.failed).toBe(true);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toBeInstanceOf(StorageError);
    expect(errors[0]!.operation).toBe('add');
    expect(errors[0]!.message).toContain('QuotaExceededError');
  });
});
