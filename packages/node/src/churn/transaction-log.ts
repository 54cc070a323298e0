/**
 * Transaction logs: the input of the repeat-purchase models. One record per order; the
 * summaries merge orders of the same UTC day into one purchase.
 */
import { z } from 'zod';
import { InvalidTransactionError } from './invalid-transaction-error.js';

/** One order in a transaction log. */
export interface Transaction {
  /** Customer key. */
  customerId: string;
  /** When the order was placed, epoch milliseconds (UTC). */
  at: number;
  /** Amount spent (any currency, ≥ 0). */
  amount: number;
  /** Items in the order, when known (CDNOW: number of CDs). */
  quantity?: number;
}

/** The zod schema of one {@link Transaction} record. */
export const TransactionSchema = z.object({
  customerId: z.string().min(1, 'customerId must be a non-empty string'),
  at: z.number().refine(Number.isFinite, 'at must be a finite epoch-millisecond time'),
  amount: z.number().min(0, 'amount must be ≥ 0').refine(Number.isFinite, 'amount must be finite'),
  quantity: z.number().int().min(0).optional(),
});

/** The two layouts of the CDNOW files (see `shared/data/cdnow/README.md`). */
export type CdnowFormat = 'master' | 'sample';

/** Options of {@link parseCdnowTransactions}. */
export interface ParseCdnowOptions {
  /**
   * `'master'`: `customer_id YYYYMMDD number_of_cds dollar_value` (header optional);
   * `'sample'`: `master_id sample_id YYYYMMDD number_of_cds dollars` (customer = `sample_id`).
   */
  format: CdnowFormat;
}

const DIGITS = /^\d+$/;
const DATE = /^\d{8}$/;
const DECIMAL = /^\d+(\.\d+)?$/;
const CdnowRowSchema = z.object({
  id: z.string().regex(/^\d+$/, 'customer id must be digits'),
  date: z.string().regex(/^\d{8}$/, 'date must be YYYYMMDD'),
  quantity: z.string().regex(/^\d+$/, 'number of CDs must be a non-negative integer'),
  amount: z.string().regex(/^\d+(\.\d+)?$/, 'dollar value must be a non-negative decimal number'),
});

/**
 * Parses a CDNOW-format transaction file (whitespace-separated) into {@link Transaction}s.
 * Customer ids lose their leading zeros (`00004` → `4`), so sample ids match the `ID` column of
 * the published summaries. Blank lines and a header line are skipped.
 *
 * @param text - the file's content.
 * @param options - which layout the file has.
 * @returns the transactions in file order.
 * @throws {@link InvalidTransactionError} with the 1-based line number of the first bad row.
 * @example
 * ```ts
 * import { parseCdnowTransactions } from '@retain/node';
 * const log = parseCdnowTransactions(' 00001 19970101  1   11.77\n 00002 19970112  5   77.00\n', { format: 'master' });
 * log[1]?.amount; // 77
 * ```
 */
export function parseCdnowTransactions(text: string, options: ParseCdnowOptions): Transaction[] {
  const format = z.enum(['master', 'sample']).parse(options.format);
  const columns = format === 'master' ? 4 : 5;
  const out: Transaction[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const row = (lines[i] as string).replace(/\r$/, '');
    const trimmed = row.trim();
    if (trimmed === '') continue;
    if (out.length === 0 && /^[A-Za-z_]/.test(trimmed)) continue; // header
    const parts = trimmed.split(/\s+/);
    if (parts.length !== columns) throw new InvalidTransactionError(i + 1, row, `expected ${columns} columns for the CDNOW ${format} format, found ${parts.length}`);
    const offset = format === 'sample' ? 1 : 0;
    const fields = { id: parts[offset] as string, date: parts[offset + 1] as string, quantity: parts[offset + 2] as string, amount: parts[offset + 3] as string };
    // Fast path: one regex per field; the zod schema (same rules) explains a failure.
    if (!(DIGITS.test(fields.id) && DATE.test(fields.date) && DIGITS.test(fields.quantity) && DECIMAL.test(fields.amount))) {
      const parsed = CdnowRowSchema.safeParse(fields);
      throw new InvalidTransactionError(i + 1, row, parsed.success ? 'invalid row' : parsed.error.issues.map((issue) => issue.message).join('; '));
    }
    const { id, date, quantity, amount } = fields;
    const at = parseYyyymmdd(date);
    if (at === null) throw new InvalidTransactionError(i + 1, row, `${date} is not a calendar date`);
    out.push({ customerId: String(Number(id)), at, amount: Number(amount), quantity: Number(quantity) });
  }
  return out;
}

/** Epoch ms at 00:00 UTC of a `YYYYMMDD` date, or `null` if it is not a calendar date. */
export function parseYyyymmdd(date: string): number | null {
  const y = Number(date.slice(0, 4));
  const m = Number(date.slice(4, 6));
  const d = Number(date.slice(6, 8));
  const at = Date.UTC(y, m - 1, d);
  const check = new Date(at);
  return check.getUTCFullYear() === y && check.getUTCMonth() === m - 1 && check.getUTCDate() === d ? at : null;
}
