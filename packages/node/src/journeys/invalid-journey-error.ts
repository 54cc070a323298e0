import { RetainError } from '@retain/core';

/**
 * A journey definition that cannot run: a step pointing nowhere, a cycle without a wait, an
 * unknown message, a wait on an event with no timeout, a malformed field. `path` names the place,
 * e.g. `journeys[0].steps[3].next`.
 *
 * @example
 * ```ts
 * import { InvalidJourneyError, parseJourney } from '@retain/node';
 * try {
 *   parseJourney({ id: 'j', entry: { event: 'Signed Up' }, steps: [{ id: 'a', type: 'send', message: 'welcome', channel: 'email', next: 'nowhere' }] });
 * } catch (error) {
 *   if (error instanceof InvalidJourneyError) console.error(error.path, error.message);
 * }
 * ```
 */
export class InvalidJourneyError extends RetainError {
  override name = 'InvalidJourneyError';
  /** Where the problem is. */
  readonly path: string;

  constructor(path: string, reason: string) {
    super(`Invalid journey at ${path}: ${reason}`);
    this.path = path;
  }
}
