/**
 * `@retain/browser` — `track()` that never loses an event: a persisted queue (IndexedDB),
 * batching, retries with backoff, unload delivery, one sender across tabs, consent, and the
 * customer's state folded locally with `@retain/core`.
 *
 * @packageDocumentation
 */

// --- tracking client (create-retain, queue/, transport/, errors/) ---
export { createRetain, MAX_EVENT_BYTES } from './create-retain.js';
export type { Retain, RetainEventMap, RetainStats, ConsentStatus } from './create-retain.js';
export type { RetainOptions } from './options.js';
export { HttpError } from './errors/http-error.js';
export { StorageError } from './errors/storage-error.js';
export { QueueFullError } from './errors/queue-full-error.js';
export { InvalidOptionsError } from './errors/invalid-options-error.js';
export { memoryQueueStorage } from './queue/queue-storage.js';
export type { QueueStorage, QueuedEvent } from './queue/queue-storage.js';
export { idbQueueStorage } from './queue/idb-queue-storage.js';
export { kyHttpClient } from './transport/http-client.js';
export { fetchHttpClient } from './transport/fetch-http-client.js';
export type { HttpClient, HttpResponse } from './transport/http-client.js';

// --- in-context messages (messages/) ---
export type { MessageHost } from './messages/host.js';
export type {
  InContextMessage,
  InContextMessageDefinition,
  Messenger,
  MessengerOptions,
  MessageAction,
  MessageContent,
  MessagePlacement,
  MessagePredicate,
  MessageScoreInput,
  FrequencyCaps,
  GlobalCaps,
  RichText,
} from './messages/index.js';
export { InvalidInContextMessageError, UnsafeUrlError, MessageConditionError } from './messages/errors.js';
