import { RetainError } from '@retain/core';

/**
 * Arguments of a churn or CLV model that cannot be used: parameters that are not positive,
 * a customer summary with `t_x > T`, options out of range. The message names the field.
 *
 * @example
 * ```ts
 * import { bgNbdProbabilityAlive, InvalidModelInputError } from '@retain/node';
 * try {
 *   bgNbdProbabilityAlive({ r: -1, alpha: 1, a: 1, b: 1 }, { x: 1, tx: 2, T: 3 });
 * } catch (error) {
 *   if (error instanceof InvalidModelInputError) console.error(error.message);
 * }
 * ```
 */
export class InvalidModelInputError extends RetainError {
  override name = 'InvalidModelInputError';
  /** Where the problem is, e.g. `params.r` or `customers[12].tx`. */
  readonly path: string;

  constructor(path: string, reason: string) {
    super(`Invalid model input at ${path}: ${reason}`);
    this.path = path;
  }
}
