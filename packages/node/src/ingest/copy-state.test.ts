import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { copyState } from './copy-state.js';

describe('copyState', () => {
  it('copies any JSON-like tree value for value (undefined, -0 and NaN included), sharing no object', () => {
    const tree = fc.letrec((tie) => ({
      value: fc.oneof({ depthSize: 'small' }, fc.constant(undefined), fc.double(), fc.constant(-0), fc.string(), fc.boolean(), fc.constant(null), tie('array'), tie('object')),
      array: fc.array(tie('value'), { maxLength: 4 }),
      object: fc.dictionary(fc.string(), tie('value'), { maxKeys: 4, noNullPrototype: true }),
    })).value;
    fc.assert(
      fc.property(tree, (value) => {
        const copy = copyState(value);
        expect(copy).toStrictEqual(value);
        if (typeof value === 'object' && value !== null) expect(copy).not.toBe(value);
      }),
    );
  });

  it('shares nothing with the original, and keeps __proto__ as a plain key', () => {
    const original = JSON.parse('{"a":{"b":[1,{"c":2}]},"__proto__":{"polluted":true}}') as Record<string, unknown>;
    const copy = copyState(original);
    ((copy['a'] as { b: Array<Record<string, number>> }).b[1] as Record<string, number>)['c'] = 99;
    expect(original).toStrictEqual(JSON.parse('{"a":{"b":[1,{"c":2}]},"__proto__":{"polluted":true}}'));
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
    expect(Object.keys(copy)).toEqual(['a', '__proto__']);
  });
});
