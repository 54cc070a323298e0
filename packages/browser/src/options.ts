import type { ValidationIssue } from '@retain/core';
import { InvalidOptionsError } from './errors/invalid-options-error.js';
import type { HttpClient } from './transport/http-client.js';
import type { QueueStorage } from './queue/queue-storage.js';
import type { GlobalCaps } from './messages/message-definition.js';

/**
 * Options of {@link createRetain}. Only `endpoint` is required.
 *
 * @example
 * ```ts
 * import { createRetain } from '@retain/browser';
 * const retain = createRetain({
 *   endpoint: 'https://collect.example.com/v1/batch',
 *   writeKey: 'wk_123',
 *   batch: { maxEvents: 50, intervalMs: 2000 },
 *   requireConsent: true,
 * });
 * retain.setConsent(true);
 * ```
 */
export interface RetainOptions {
  /** URL the batches are POSTed to (`{ batch, sentAt, writeKey }`, Segment-compatible). */
  endpoint: string;
  /** Sent in each batch body as `writeKey`. */
  writeKey?: string;
  /** When a batch goes out: at `maxEvents` events, at `maxBytes` of JSON, or `intervalMs` after the first queued event. */
  batch?: {
    /**
     * Large by default: each request costs the page a few milliseconds of CPU whatever its size,
     * so a burst goes out in a few large requests (still within `maxBytes`).
     * @default 500
     */
    maxEvents?: number;
    /** @default 400_000 */
    maxBytes?: number;
    /** @default 1000 */
    intervalMs?: number;
  };
  /** Exponential backoff with jitter between retries (a `Retry-After` header wins). */
  retry?: {
    /** @default 1000 */
    baseMs?: number;
    /** @default 60_000 */
    maxMs?: number;
  };
  /** Request timeout. @default 10_000 */
  timeoutMs?: number;
  /** The most unsent events kept; beyond it `track()` is refused and reported (`queueFull`). @default 10_000 */
  maxQueue?: number;
  /** Wait for `setConsent(true)`: nothing is stored or sent before. @default false */
  requireConsent?: boolean;
  /** Bad input (event name, properties): `'throw'` a typed error, or `'report'` it to `on('error')`. @default 'throw' */
  onInvalid?: 'throw' | 'report';
  /** Prefix of storage keys, database names, the sender lock and the tab channel. @default 'retain' */
  namespace?: string;
  /** How batches are POSTed. @default fetchHttpClient() (or pass kyHttpClient()) */
  httpClient?: HttpClient;
  /** Where the queue and the state persist. @default idbQueueStorage(namespace) */
  storage?: QueueStorage;
  /** In-context messages (`retain.inContextMessage()`). */
  messages?: {
    /**
     * Caps across all in-context messages, on top of each message's own (checked when the
     * renderer loads, on the first `inContextMessage()` call). @default { perSession: 3 }
     */
    caps?: GlobalCaps;
  };
}

/** Options with every default filled in. */
export interface ResolvedOptions {
  endpoint: string;
  writeKey: string | undefined;
  maxEvents: number;
  maxBytes: number;
  intervalMs: number;
  baseMs: number;
  maxMs: number;
  timeoutMs: number;
  maxQueue: number;
  requireConsent: boolean;
  onInvalid: 'throw' | 'report';
  namespace: string;
  httpClient: HttpClient | undefined;
  storage: QueueStorage | undefined;
  messageCaps: GlobalCaps | undefined;
}

/**
 * Fills in the defaults of {@link RetainOptions}.
 *
 * @throws {InvalidOptionsError} naming each bad option (checked by hand: no schema library in the tracking bundle).
 */
export function resolveOptions(o: RetainOptions): ResolvedOptions {
  const r: ResolvedOptions = {
    endpoint: o.endpoint,
    writeKey: o.writeKey,
    maxEvents: o.batch?.maxEvents ?? 500,
    maxBytes: o.batch?.maxBytes ?? 400_000,
    intervalMs: o.batch?.intervalMs ?? 1000,
    baseMs: o.retry?.baseMs ?? 1000,
    maxMs: o.retry?.maxMs ?? 60_000,
    timeoutMs: o.timeoutMs ?? 10_000,
    maxQueue: o.maxQueue ?? 10_000,
    requireConsent: o.requireConsent ?? false,
    onInvalid: o.onInvalid ?? 'throw',
    namespace: o.namespace ?? 'retain',
    httpClient: o.httpClient,
    storage: o.storage,
    messageCaps: o.messages?.caps,
  };
  // checked by hand (no schema library in the tracking bundle), on the values with defaults in
  const issues: ValidationIssue[] = [];
  const bad = (path: string, message: string) => issues.push({ path: path.split('.'), message, code: 'invalid_value' });
  if (typeof r.endpoint !== 'string' || !r.endpoint) bad('endpoint', 'must be a URL');
  const positive = (path: string, v: number, min = 1) => {
    if (!(Number.isFinite(v) && v >= min)) bad(path, `must be a number ≥ ${min}`);
  };
  positive('batch.maxEvents', r.maxEvents);
  positive('batch.maxBytes', r.maxBytes);
  positive('batch.intervalMs', r.intervalMs, 0);
  positive('retry.baseMs', r.baseMs);
  positive('retry.maxMs', r.maxMs);
  positive('timeoutMs', r.timeoutMs);
  positive('maxQueue', r.maxQueue);
  if (issues.length > 0) throw new InvalidOptionsError(issues);
  return r;
}
