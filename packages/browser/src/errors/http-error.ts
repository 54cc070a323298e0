import { RetainError } from '@retain/core/errors';
import type { RetainEvent } from '@retain/core';

/**
 * The collector refused a batch with a status that retrying cannot fix (a 4xx other than 408 and
 * 429, or a 413 for a single event). The events are handed over here, never silently dropped.
 *
 * @example
 * ```ts
 * import { createRetain, HttpError } from '@retain/browser';
 * const retain = createRetain({ endpoint: 'https://collect.example.com/v1/batch' });
 * retain.on('error', (error) => {
 *   if (error instanceof HttpError) console.log(error.status, error.events.length);
 * });
 * ```
 */
export class HttpError extends RetainError {
  override name = 'HttpError';
  /** HTTP status of the response. */
  readonly status: number;
  /** The collector's endpoint. */
  readonly endpoint: string;
  /** The events of the refused batch (removed from the queue: keep or re-send them yourself). */
  readonly events: readonly RetainEvent[];

  constructor(status: number, endpoint: string, events: readonly RetainEvent[]) {
    super(`Collector ${endpoint} refused a batch of ${events.length} event${events.length === 1 ? '' : 's'} with HTTP ${status}; retrying cannot fix it, so the events are handed to this error`);
    this.status = status;
    this.endpoint = endpoint;
    this.events = events;
  }
}
