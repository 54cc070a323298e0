import { describe, expect, it } from 'vitest';
import { createRetain, InvalidOptionsError, type RetainOptions } from './index.js';
import { resolveOptions } from './options.js';

describe('createRetain options', () => {
  it('fills in the defaults', () => {
    expect(resolveOptions({ endpoint: '/v1/batch' })).toMatchObject({ maxEvents: 500, maxBytes: 400_000, intervalMs: 1000, maxQueue: 10_000, namespace: 'retain' });
  });

  it('refuses unusable options at once, naming each one, with a typed error', () => {
    const bad = { endpoint: '', batch: { maxEvents: 0, intervalMs: -1 }, retry: { baseMs: Number.NaN }, timeoutMs: Infinity, maxQueue: '10' } as unknown as RetainOptions;
    let error: unknown;
    try {
      createRetain(bad);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InvalidOptionsError);
    const issues = (error as InvalidOptionsError).issues;
    expect(issues.map((i) => i.path.join('.'))).toEqual(['endpoint', 'batch.maxEvents', 'batch.intervalMs', 'retry.baseMs', 'timeoutMs', 'maxQueue']);
    expect((error as Error).message).toContain('Invalid createRetain options: 6 problems');
    expect((error as Error).message).toContain('at batch.maxEvents: must be a number ≥ 1');
  });

  it('accepts an interval of 0 (send at once) and any positive sizes', () => {
    expect(() => resolveOptions({ endpoint: 'https://collect.example.com/v1/batch', batch: { maxEvents: 1, maxBytes: 1, intervalMs: 0 } })).not.toThrow();
  });
});
