/** A realm-independent brand (`Symbol.for` is shared by every realm and every copy of this module). */
const RETAIN_ERROR_BRAND: unique symbol = Symbol.for('@retain/error') as never;

/**
 * Base class of every error Retain throws or reports.
 *
 * @example
 * ```ts
 * import { RetainError, isRetainError } from '@retain/core';
 * try {
 *   throw new RetainError('something went wrong');
 * } catch (error) {
 *   if (isRetainError(error)) console.error(error.name, error.message);
 * }
 * ```
 */
export class RetainError extends Error {
  override name = 'RetainError';
  /** @internal Brand read by {@link isRetainError}; set on every instance of every subclass. */
  readonly [RETAIN_ERROR_BRAND] = true;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

const RETAIN_ERROR_NAMES = new Set<string>();

/** @internal Registers a subclass name so that {@link isRetainError} recognises it across realms. */
export function registerRetainErrorName(name: string): void {
  RETAIN_ERROR_NAMES.add(name);
}
registerRetainErrorName('RetainError');

/**
 * Whether `value` is a {@link RetainError} (or any subclass, in any package). Reads a
 * `Symbol.for` brand (and, for errors rebuilt from plain objects, a registered `name`), so it
 * works across realms (iframes, duplicated bundles) where `instanceof` does not.
 *
 * @example
 * ```ts
 * import { isRetainError } from '@retain/core';
 * isRetainError(new Error('x')); // false
 * ```
 */
export function isRetainError(value: unknown): value is RetainError {
  if (value instanceof RetainError) return true;
  if (typeof value !== 'object' || value === null) return false;
  if ((value as { [RETAIN_ERROR_BRAND]?: unknown })[RETAIN_ERROR_BRAND] === true) return true;
  const name = (value as { name?: unknown }).name;
  return typeof name === 'string' && RETAIN_ERROR_NAMES.has(name) && typeof (value as { message?: unknown }).message === 'string';
}
