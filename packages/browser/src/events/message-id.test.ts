import { afterEach, describe, expect, it, vi } from 'vitest';
import { newMessageId } from './message-id.js';

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

afterEach(() => vi.unstubAllGlobals());

describe('newMessageId', () => {
  it('makes distinct UUID v4s, across pool refills', () => {
    const ids = Array.from({ length: 2000 }, () => newMessageId());
    for (const id of ids) expect(id).toMatch(UUID_V4);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('draws its bytes from crypto.getRandomValues, 256 ids per call', () => {
    const spy = vi.spyOn(globalThis.crypto, 'getRandomValues');
    for (let i = 0; i < 1024; i++) newMessageId();
    expect(spy.mock.calls.length).toBeGreaterThanOrEqual(4);
    expect(spy.mock.calls.length).toBeLessThanOrEqual(5);
    spy.mockRestore();
  });

  it('still makes UUID v4s without Web Crypto (old or insecure pages)', () => {
    vi.stubGlobal('crypto', undefined);
    const ids = Array.from({ length: 600 }, () => newMessageId());
    for (const id of ids) expect(id).toMatch(UUID_V4);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
