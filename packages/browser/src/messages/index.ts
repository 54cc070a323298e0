/**
 * In-context messages: the renderer and its engine, loaded lazily by `retain.inContextMessage()`
 * (a page that only tracks never downloads this chunk).
 *
 * @packageDocumentation
 */
export { createMessenger } from './messenger.js';
export type { InContextMessage, Messenger, MessengerOptions } from './messenger.js';
export type { MessageHost } from './host.js';
export type {
  FrequencyCaps,
  GlobalCaps,
  InContextMessageDefinition,
  MessageAction,
  MessageContent,
  MessagePlacement,
  MessagePredicate,
  MessageScoreInput,
  RichText,
} from './message-definition.js';
export { InvalidInContextMessageError } from './invalid-in-context-message-error.js';
export { UnsafeUrlError } from './unsafe-url-error.js';
export { MessageConditionError } from './message-condition-error.js';
