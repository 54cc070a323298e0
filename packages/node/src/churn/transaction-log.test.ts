import { describe, expect, it } from 'vitest';
import { InvalidTransactionError } from './invalid-transaction-error.js';
import { parseCdnowTransactions, parseYyyymmdd } from './transaction-log.js';

describe('parseCdnowTransactions', () => {
  it('reads the master layout, skipping the header and blank lines, and strips leading zeros from ids', () => {
    const text = ' customer_id  date number_of_cds  dollar_value\n 00001 19970101  1   11.77\n\n 00002 19970112  5   77.00\r\n';
    expect(parseCdnowTransactions(text, { format: 'master' })).toEqual([
      { customerId: '1', at: Date.UTC(1997, 0, 1), amount: 11.77, quantity: 1 },
      { customerId: '2', at: Date.UTC(1997, 0, 12), amount: 77, quantity: 5 },
    ]);
  });

  it('reads the sample layout with the sample id as the customer', () => {
    const [t] = parseCdnowTransactions(' 00004 0001 19970118  2   29.73\n', { format: 'sample' });
    expect(t).toEqual({ customerId: '1', at: Date.UTC(1997, 0, 18), amount: 29.73, quantity: 2 });
  });

  it('names the line and the problem of a bad row', () => {
    const text = ' 00001 19970101  1   11.77\n 00002 19970231  1   5.00\n';
    expect(() => parseCdnowTransactions(text, { format: 'master' })).toThrow(/line 2: 19970231 is not a calendar date/);
    const bad = () => parseCdnowTransactions(' 00001 19970101 1 11.77\n 00002 19970101 1 -5\n', { format: 'master' });
    expect(bad).toThrow(InvalidTransactionError);
    try {
      bad();
    } catch (error) {
      expect((error as InvalidTransactionError).line).toBe(2);
      expect((error as Error).message).toMatch(/dollar value must be a non-negative decimal/);
    }
    expect(() => parseCdnowTransactions(' 00001 19970101 1\n', { format: 'master' })).toThrow(/line 1: expected 4 columns .* found 3/);
    expect(() => parseCdnowTransactions(' 00001 19970101 1 2.00\n', { format: 'sample' })).toThrow(/expected 5 columns/);
  });

  it('validates YYYYMMDD dates', () => {
    expect(parseYyyymmdd('19970930')).toBe(Date.UTC(1997, 8, 30));
    expect(parseYyyymmdd('19971301')).toBeNull();
  });
});
