import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { ValidationIssue } from '@retain/core';
import { checkName, MAX_DEPTH, toJsonObject } from './check-input.js';

const check = (value: unknown) => {
  const issues: ValidationIssue[] = [];
  const out = toJsonObject(value, 'properties', issues);
  return { out, issues };
};

describe('checkName', () => {
  it.each([
    ['', 'must not be empty'],
    ['   ', 'must not be empty'],
    [42, 'must be a string, got 42'],
    [undefined, 'must be a string, got undefined'],
    ['x'.repeat(201), 'must be at most 200 characters'],
  ])('refuses %j', (value, message) => {
    const issues: ValidationIssue[] = [];
    expect(checkName(value, 'event', issues)).toBe(false);
    expect(issues).toEqual([{ path: ['event'], message, code: 'invalid_name' }]);
  });

  it('accepts a name', () => {
    const issues: ValidationIssue[] = [];
    expect(checkName('Order Completed', 'event', issues)).toBe(true);
    expect(issues).toEqual([]);
  });
});

describe('toJsonObject', () => {
  it('round-trips any JSON object unchanged, as a detached copy', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 4 })), (value) => {
        const json = JSON.parse(JSON.stringify(value)) as Record<string, unknown>;
        const { out, issues } = check(json);
        expect(issues).toEqual([]);
        expect(out).toEqual(json);
        if (Object.keys(json).length > 0) expect(out).not.toBe(json);
      }),
    );
  });

  it('names the path of each value that is not JSON', () => {
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic['self'] = cyclic;
    const { out, issues } = check({ items: [{ price: Number.NaN }], fn: () => 1, big: 1n, map: new Map(), nested: cyclic });
    expect(out).toBeUndefined();
    expect(issues.map((i) => [i.path.join('.'), i.message])).toEqual([
      ['properties.items.0.price', 'NaN is not JSON'],
      ['properties.fn', 'function is not JSON'],
      ['properties.big', 'bigint is not JSON'],
      ['properties.map', 'a Map is not JSON'],
      ['properties.nested.self', 'is a circular reference'],
    ]);
  });

  it('drops undefined members, turns dates into ISO strings, keeps shared (non-circular) references', () => {
    const shared = { x: 1 };
    const { out, issues } = check({ a: undefined, at: new Date('2026-11-22T10:00:00Z'), p: shared, q: shared, list: [undefined] });
    expect(issues).toEqual([]);
    expect(out).toEqual({ at: '2026-11-22T10:00:00.000Z', p: { x: 1 }, q: { x: 1 }, list: [null] });
  });

  it('refuses non-objects at the root and too deep nesting', () => {
    expect(check([1]).issues[0]?.message).toBe('must be a plain object, got an array');
    expect(check('x').issues[0]?.message).toBe('must be a plain object, got string');
    let deep: Record<string, unknown> = {};
    for (let i = 0; i < MAX_DEPTH + 2; i++) deep = { d: deep };
    expect(check(deep).issues[0]?.message).toBe(`is nested deeper than ${MAX_DEPTH} levels`);
  });

  it('treats a missing object as empty, and keeps __proto__ as a plain key', () => {
    expect(check(undefined)).toEqual({ out: {}, issues: [] });
    const { out } = check(JSON.parse('{"__proto__": {"polluted": true}}'));
    expect(Object.keys(out!)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });
});
