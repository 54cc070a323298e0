import { describe, expect, it } from 'vitest';
import { InvalidEventError, formatPath } from './invalid-event-error.js';
import { InvalidStateError } from './invalid-state-error.js';
import { RetainError, isRetainError } from './retain-error.js';
import { createCustomerState } from '../state/create-customer-state.js';
import { parseCustomerState } from '../state/customer-state-schema.js';

describe('errors', () => {
  it('formats paths as a person reads them', () => {
    expect(formatPath([])).toBe('(root)');
    expect(formatPath(['properties', 'items', 2, 'price'])).toBe('properties.items[2].price');
  });

  it('every error is a RetainError with its own name, recognised across realms by name', () => {
    const e = new InvalidEventError([{ path: ['timestamp'], message: 'bad', code: 'custom' }], {});
    expect(e).toBeInstanceOf(RetainError);
    expect(e).toBeInstanceOf(Error);
    expect(e.name).toBe('InvalidEventError');
    expect(e.path).toEqual(['timestamp']);
    expect(isRetainError(e)).toBe(true);
    expect(isRetainError({ name: 'InvalidStateError', message: 'from another realm' })).toBe(true);
    expect(isRetainError({ name: 'TypeError', message: 'x' })).toBe(false);
    expect(isRetainError(new Error('x'))).toBe(false);
    expect(isRetainError(null)).toBe(false);
    expect(new RetainError('x', { cause: 1 }).cause).toBe(1);
  });

  it('parseCustomerState rejects a corrupted state with every path', () => {
    const state = { ...createCustomerState('u1'), version: 99, eventCount: -1 };
    try {
      parseCustomerState(state);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidStateError);
      const e = error as InvalidStateError;
      expect(e.issues.map((i) => formatPath(i.path)).sort()).toEqual(['eventCount', 'version']);
      expect(e.message).toContain('at version: unknown state version');
      expect(e.value).toBe(state);
    }
  });
});

describe('parseCustomerState and __proto__ keys', () => {
  it('keeps an action, metric or milestone named __proto__ through a JSON round-trip, and validates it', async () => {
    const { foldEvents } = await import('../state/fold-events.js');
    const s = foldEvents([
      { type: 'track', event: '__proto__', messageId: 'a', timestamp: '2026-11-22T10:00:00Z', userId: 'u' },
      { type: 'track', event: 'Metric Set', properties: { metric: '__proto__', value: 2 }, messageId: 'b', timestamp: '2026-11-22T10:00:00Z', userId: 'u' },
      { type: 'track', event: 'Milestone Reached', properties: { milestone: '__proto__' }, messageId: 'c', timestamp: '2026-11-22T10:00:00Z', userId: 'u' },
    ]);
    const restored = parseCustomerState(JSON.parse(JSON.stringify(s)));
    expect(restored).toEqual(s);
    expect(Object.keys(restored.actions)).toContain('__proto__');
    expect(Object.getPrototypeOf(restored.actions)).toBe(Object.prototype);
    const corrupted = JSON.parse(JSON.stringify(s).replace('"__proto__":{"count":1', '"__proto__":{"count":-1'));
    expect(() => parseCustomerState(corrupted)).toThrow(/at actions\.__proto__\.count/);
  });
});
