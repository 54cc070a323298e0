import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cloneJson } from './clone-json.js';

describe('cloneJson', () => {
  it('makes what a JSON round trip makes, for any JSON value and objects with undefined fields', () => {
    const withUndefined = fc.dictionary(fc.string(), fc.oneof(fc.constant(undefined), fc.integer(), fc.string()));
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), withUndefined, fc.array(fc.oneof(fc.constant(undefined), fc.double(), fc.constant(-0)))), (value) => {
        expect(cloneJson(value)).toStrictEqual(JSON.parse(JSON.stringify(value)));
      }),
    );
  });

  it('shares nothing with the original, and keeps __proto__ as a plain key', () => {
    const original = JSON.parse('{"a":{"b":[1,{"c":2}]},"__proto__":{"polluted":true}}') as Record<string, unknown>;
    const copy = cloneJson(original);
    ((copy['a'] as { b: Array<Record<string, number>> }).b[1] as Record<string, number>)['c'] = 99;
    expect(original).toStrictEqual(JSON.parse('{"a":{"b":[1,{"c":2}]},"__proto__":{"polluted":true}}'));
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
    expect(Object.keys(copy)).toEqual(['a', '__proto__']);
  });
});
