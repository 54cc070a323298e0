import { RetainError } from '@retain/core/errors';
import type { RetainEvent } from '@retain/core';

/**
 * The queue holds `maxQueue` unsent events: the new event was not accepted. Reported through
 * `on('queueFull')` and `on('error')`, and counted in `stats().dropped`.
 *
 * @example
 * ```ts
 * import { createRetain } from '@retain/browser';
 * const retain = createRetain({ endpoint: 'https://collect.example.com/v1/batch', maxQueue: 500 });
 * retain.on('queueFull', (error) => console.warn(error.limit, error.event.messageId));
 * ```
 */
export class QueueFullError extends RetainError {
  override name = 'QueueFullError';
  /** The configured bound. */
  readonly limit: number;
  /** The event that did not fit. */
  readonly event: RetainEvent;

  constructor(limit: number, event: RetainEvent) {
    super(`Queue full: ${limit} events are waiting to be sent, so ${event.type} ${'event' in event ? `"${event.event}" ` : ''}(messageId ${event.messageId}) was not accepted`);
    this.limit = limit;
    this.event = event;
  }
}
