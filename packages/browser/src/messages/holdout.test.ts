import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { holdoutBucket, isHeldOut } from './holdout.js';

const ids = Array.from({ length: 10_000 }, (_, i) => `user-${i}`);

describe('deterministic holdout', () => {
  it.each([0.05, 0.1, 0.25, 0.5])('holds out close to %s of 10,000 customers', (share) => {
    const held = ids.filter((id) => isHeldOut(id, 'cart-nudge', share)).length / ids.length;
    // 4 standard deviations of a binomial share over 10,000 draws.
    const tolerance = 4 * Math.sqrt((share * (1 - share)) / ids.length);
    expect(Math.abs(held - share)).toBeLessThan(tolerance);
  });

  it('also splits uuid-like and email ids evenly', () => {
    const emails = ids.map((_, i) => `customer${i * 7919}@example.com`);
    const held = emails.filter((id) => isHeldOut(id, 'welcome', 0.2)).length / emails.length;
    expect(Math.abs(held - 0.2)).toBeLessThan(0.016);
  });

  it('is stable: the same customer and message always land in the same group', () => {
    const first = ids.map((id) => isHeldOut(id, 'cart-nudge', 0.1));
    const again = ids.map((id) => isHeldOut(id, 'cart-nudge', 0.1));
    expect(again).toEqual(first);
    // Pinned: changing the hash would move customers between groups mid-experiment.
    expect(holdoutBucket('user-42', 'cart-nudge')).toBe(0.30998738552443683);
    expect(holdoutBucket('anon-7f3a', 'welcome')).toBe(0.2932190392166376);
  });

  it('assigns groups independently per message', () => {
    const a = ids.map((id) => isHeldOut(id, 'message-a', 0.5));
    const b = ids.map((id) => isHeldOut(id, 'message-b', 0.5));
    const both = a.filter((x, i) => x && b[i]).length / ids.length;
    expect(Math.abs(both - 0.25)).toBeLessThan(0.025);
  });

  it('nests: a customer held out at a share stays held out at any larger share', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), (customer, message, s1, s2) => {
        const [lo, hi] = s1 < s2 ? [s1, s2] : [s2, s1];
        const bucket = holdoutBucket(customer, message);
        expect(bucket).toBeGreaterThanOrEqual(0);
        expect(bucket).toBeLessThan(1);
        if (isHeldOut(customer, message, lo)) expect(isHeldOut(customer, message, hi)).toBe(true);
      }),
    );
  });

  it('holds out nobody at 0 and everybody at 1', () => {
    expect(ids.some((id) => isHeldOut(id, 'm', 0))).toBe(false);
    expect(ids.every((id) => isHeldOut(id, 'm', 1))).toBe(true);
  });
});
