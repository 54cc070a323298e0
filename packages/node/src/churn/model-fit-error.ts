import { RetainError } from '@retain/core';

/**
 * A maximum-likelihood fit that did not converge to a finite optimum (too few customers, data
 * with no repeat purchases, a likelihood that is flat or infinite at the start).
 *
 * @example
 * ```ts
 * import { fitBgNbd, ModelFitError } from '@retain/node';
 * try {
 *   fitBgNbd([]);
 * } catch (error) {
 *   if (error instanceof ModelFitError) console.error(error.model, error.message);
 * }
 * ```
 */
export class ModelFitError extends RetainError {
  override name = 'ModelFitError';
  /** The model being fitted, e.g. `'bg-nbd'`. */
  readonly model: string;

  constructor(model: string, reason: string) {
    super(`Could not fit ${model}: ${reason}`);
    this.model = model;
  }
}
