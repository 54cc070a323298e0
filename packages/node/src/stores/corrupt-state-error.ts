import { RetainError } from '@retain/core';

/**
 * A stored record whose state (or memory) no longer parses as a customer state, even after
 * migrating it forward: raised by `get`, or by `list` (unless `onCorrupt` takes it). Names the
 * record's key, so that it can be repaired or forgotten; never skipped in silence.
 *
 * @example
 * ```ts
 * import { CorruptStateError } from '@retain/node';
 * const error = new CorruptStateError('postgres', 'customer:user-42', 'at visits.count: expected a number');
 * error.message; // 'postgres store: the stored state of customer:user-42 does not parse: at visits.count: expected a number'
 * ```
 */
export class CorruptStateError extends RetainError {
  override name = 'CorruptStateError';

  constructor(
    /** The store's name. */
    readonly store: string,
    /** The record's key (`kind:id`). */
    readonly key: string,
    /** What was wrong, with the path. */
    readonly problem: string,
    options?: { cause?: unknown },
  ) {
    super(`${store} store: the stored state of ${key} does not parse: ${problem}`, options);
  }
}
