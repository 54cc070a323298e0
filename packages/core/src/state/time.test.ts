import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { epochDay, parseTimestamp, toMillis } from './time.js';

describe('time', () => {
  it('parseTimestamp reads canonical ISO forms exactly as Date.parse does', () => {
    const canonical = fc.date({ min: new Date('0001-01-01T00:00:00Z'), max: new Date('9999-12-31T23:59:59Z'), noInvalidDate: true }).map((d) => d.toISOString());
    fc.assert(fc.property(canonical, (s) => parseTimestamp(s) === Date.parse(s)));
    fc.assert(fc.property(canonical, (s) => parseTimestamp(s.slice(0, 19) + 'Z') === Date.parse(s.slice(0, 19) + 'Z')));
  });

  it('parseTimestamp agrees with Date.parse on near-canonical and malformed strings', () => {
    const digits = fc.array(fc.constantFrom('0', '1', '2', '3', '5', '9', '-', 'T', ':', '.', 'Z', 'x', '+'), { minLength: 18, maxLength: 26 }).map((a) => a.join(''));
    const mutated = fc
      .tuple(fc.date({ noInvalidDate: true, min: new Date('1900-01-01Z'), max: new Date('2100-01-01Z') }), fc.nat(23), fc.constantFrom('0', '9', 'a', ':', '-'))
      .map(([d, i, c]) => {
        const s = d.toISOString();
        return s.slice(0, i) + c + s.slice(i + 1);
      });
    fc.assert(fc.property(fc.oneof(digits, mutated), (s) => Object.is(parseTimestamp(s), Date.parse(s))));
    for (const s of ['2026-02-30T00:00:00Z', '2026-13-01T00:00:00Z', '2026-11-22T24:00:00Z', '2026-11-22T10:00:00+01:00', '2026-11-22T10:00:00.1Z', '']) {
      expect(Object.is(parseTimestamp(s), Date.parse(s))).toBe(true);
    }
  });

  it('epochDay and toMillis', () => {
    expect(epochDay(Date.parse('1970-01-02T12:00:00Z'))).toBe(1);
    expect(epochDay(-1)).toBe(-1);
    expect(toMillis('2026-11-22T00:00:00Z')).toBe(Date.parse('2026-11-22T00:00:00Z'));
    expect(toMillis(new Date(5))).toBe(5);
    expect(toMillis(7)).toBe(7);
  });
});
