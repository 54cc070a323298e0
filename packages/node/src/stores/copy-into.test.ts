import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyEventInPlace, createCustomerState } from '@retain/core';
import { copyState } from '../ingest/copy-state.js';
import { copyInto } from './copy-into.js';

/** Every object and array inside `value`. */
function objectsOf(value: unknown, into = new Set<object>()): Set<object> {
  if (typeof value !== 'object' || value === null) return into;
  into.add(value);
  for (const v of Object.values(value)) objectsOf(v, into);
  return into;
}

describe('copyInto', () => {
  it('gives a deep copy of the source, sharing nothing with it, whatever the target held', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), fc.jsonValue({ maxDepth: 4 }), (target, source) => {
        const before = JSON.stringify(source);
        const out = copyInto(copyState(target), source);
        expect(out).toStrictEqual(source);
        expect(JSON.stringify(source)).toBe(before); // the source untouched
        // Into a copy of an older version of the same value (the memory store's case): the same keys in the same order.
        expect(JSON.stringify(copyInto(copyState(source), source))).toBe(before);
        const shared = objectsOf(source);
        for (const o of objectsOf(out)) expect(shared.has(o)).toBe(false);
      }),
    );
  });

  it('writes into the target where the shapes match (the next state of a customer reuses every object)', () => {
    const older = createCustomerState('c');
    applyEventInPlace(older, { type: 'page', messageId: 'm1', timestamp: '2026-11-22T10:00:00.000Z', userId: 'c' });
    const newer = copyState(older);
    applyEventInPlace(newer, { type: 'track', event: 'Order Completed', properties: { revenue: 5 }, messageId: 'm2', timestamp: '2026-11-22T10:01:00.000Z', userId: 'c' });
    const reused = objectsOf(older);
    const out = copyInto(older, newer);
    expect(out).toBe(older);
    expect(out).toStrictEqual(newer);
    expect(JSON.stringify(out)).toBe(JSON.stringify(newer)); // keys in the same order
    expect([...objectsOf(out)].filter((o) => !reused.has(o)).length).toBeLessThan(8);
  });

  it('drops keys the source no longer has, keeps -0, undefined values and __proto__ as data', () => {
    const source = JSON.parse('{"a":{"x":1},"__proto__":{"p":1},"n":0}') as Record<string, unknown>;
    source['n'] = -0;
    source['u'] = undefined;
    const out = copyInto({ a: { x: 2, gone: true }, gone: [1], n: 0 }, source);
    expect(Object.keys(out).sort()).toEqual(['__proto__', 'a', 'n', 'u']);
    expect(Object.is(out['n'], -0)).toBe(true);
    expect(out['a']).toEqual({ x: 1 });
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(out, '__proto__')?.value).toEqual({ p: 1 });
  });

  it('copies what is not a plain object or array (a Date) through structuredClone', () => {
    const at = new Date(5);
    const out = copyInto({ at: { old: true } }, { at });
    expect(out.at).toBeInstanceOf(Date);
    expect(out.at).not.toBe(at);
    expect(out.at.getTime()).toBe(5);
  });
});
