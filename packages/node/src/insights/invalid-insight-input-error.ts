import { RetainError } from '@retain/core';

/**
 * Input that an insight cannot be computed from: an NPS score outside 0–10, more conversions than
 * customers, an empty population where a rate needs one. The message names the field.
 *
 * @example
 * ```ts
 * import { netPromoterScore, InvalidInsightInputError } from '@retain/node';
 * try {
 *   netPromoterScore([11]);
 * } catch (error) {
 *   if (error instanceof InvalidInsightInputError) console.error(error.path, error.message);
 * }
 * ```
 */
export class InvalidInsightInputError extends RetainError {
  override name = 'InvalidInsightInputError';
  /** Where the problem is, e.g. `scores[3]`. */
  readonly path: string;

  constructor(path: string, reason: string) {
    super(`Invalid insight input at ${path}: ${reason}`);
    this.path = path;
  }
}
