import { RetainError } from '@retain/core';

/**
 * A transaction row (or record) that cannot be used: a bad date, a negative amount, a missing
 * customer id. Carries the 1-based line number (or record index) and the offending text.
 *
 * @example
 * ```ts
 * import { parseCdnowTransactions, InvalidTransactionError } from '@retain/node';
 * try {
 *   parseCdnowTransactions('00001 1997013X 1 11.77', { format: 'master' });
 * } catch (error) {
 *   if (error instanceof InvalidTransactionError) console.error(error.line, error.message);
 * }
 * ```
 */
export class InvalidTransactionError extends RetainError {
  override name = 'InvalidTransactionError';
  /** 1-based line number in the source text, or 1-based record index for in-memory logs. */
  readonly line: number;
  /** The offending row, as given. */
  readonly row: string;

  constructor(line: number, row: string, reason: string) {
    super(`Invalid transaction at line ${line}: ${reason} (row: ${JSON.stringify(row.length > 120 ? `${row.slice(0, 117)}...` : row)})`);
    this.line = line;
    this.row = row;
  }
}
