import { RetainError } from '@retain/core/errors';

/**
 * A message's `when` predicate threw. The message is treated as not qualifying for that state
 * change; the error is reported through the tracking client's error callback, never thrown
 * into the app.
 *
 * @example
 * ```ts
 * import { MessageConditionError } from '@retain/browser';
 * const error = new MessageConditionError('cart-nudge', new TypeError('x is undefined'));
 * error.messageId; // 'cart-nudge'
 * ```
 */
export class MessageConditionError extends RetainError {
  override name = 'MessageConditionError';
  /** The message whose condition failed. */
  readonly messageId: string;

  constructor(messageId: string, cause: unknown) {
    super(`The "when" condition of in-context message "${messageId}" threw: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.messageId = messageId;
  }
}
