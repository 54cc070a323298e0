/**
 * The script-tag build (`dist/bundle/retain.min.js`, a classic script, global `Retain`): the
 * tracking client, plus the loader snippet's replay. Built by `rollup.config.ts`; the in-context
 * message renderer, the core bridge and the IndexedDB queue are sibling ES modules
 * (`retain-messages.js`, `retain-core-bridge.js`, `retain-idb.js`) that it imports from its own
 * URL when first needed.
 *
 * On load, if `window.retain` is the snippet's stub, the client is created with the snippet's
 * options and the calls queued so far are replayed in order (see `docs/guides/frontend.md`).
 *
 * @packageDocumentation
 */
import { createRetain } from '../create-retain.js';
import { isSnippetStub, replaySnippet } from './replay-snippet.js';

export { createRetain, MAX_EVENT_BYTES } from '../create-retain.js';
export { isRetainError, RetainError, InvalidEventError } from '@retain/core/errors';
export { HttpError } from '../errors/http-error.js';
export { StorageError } from '../errors/storage-error.js';
export { QueueFullError } from '../errors/queue-full-error.js';
export { InvalidOptionsError } from '../errors/invalid-options-error.js';
export { memoryQueueStorage } from '../queue/queue-storage.js';
export { idbQueueStorage } from '../queue/idb-queue-storage.js';
export { fetchHttpClient } from '../transport/fetch-http-client.js';

const w = typeof window === 'undefined' ? undefined : (window as unknown as { retain?: unknown });
if (w !== undefined && isSnippetStub(w.retain)) w.retain = replaySnippet(w.retain, createRetain);
