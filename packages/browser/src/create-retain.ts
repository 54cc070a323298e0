import { createCustomerState } from '@retain/core/empty-state';
import { InvalidEventError, RetainError } from '@retain/core/errors';
import type { CustomerState, JsonObject, RetainEvent, ValidationIssue } from '@retain/core';
import { HttpError } from './errors/http-error.js';
import { QueueFullError } from './errors/queue-full-error.js';
import { StorageError } from './errors/storage-error.js';
import { checkName, toJsonObject } from './events/check-input.js';
import { newMessageId } from './events/message-id.js';
import { eventContextWithJson, pageProperties } from './events/page-context.js';
import { backoffDelay, retryAfterMs } from './delivery/backoff.js';
import { watchPageLifecycle } from './lifecycle/page-lifecycle.js';
import type { MessageHost } from './messages/host.js';
import { inContextMessageMethod } from './messages/in-context-message-method.js';
import type { InContextMessageDefinition, InContextMessage } from './messages/index.js';
import type { RetainOptions } from './options.js';
import { resolveOptions } from './options.js';
import { batchBody, ENVELOPE_BYTES, eventsOf, takeBatch } from './queue/batches.js';
import { withMemoryFallback } from './queue/fallback-storage.js';
import { loadedReducer, loadReducer, type Reducer } from './state/load-reducer.js';
import { idbQueueStorage } from './queue/idb-queue-storage.js';
import type { QueuedEvent, QueueStorage } from './queue/queue-storage.js';
import { createSenderLock } from './tabs/sender-lock.js';
import { openTabChannel } from './tabs/tab-channel.js';
import type { TabMessage } from './tabs/tab-channel.js';
import { fetchHttpClient } from './transport/fetch-http-client.js';
import { sendOnUnload, UNLOAD_MAX_BYTES } from './transport/unload-transport.js';

/** Largest event accepted, in characters of JSON (Segment's limit is 32 KB). */
export const MAX_EVENT_BYTES = 32_000;

/** Events kept to send to a tab that opens, after they were saved: for this long (ms), and at most this many (fewer than the state's dedupe window). */
const SHARE_MS = 10_000;
const SHARE_MAX = 200;

/** Events read from the queue at once by the sending tab (at least two batches). */
const PEEK_EVENTS = 1000;

/** Consent to tracking: `'pending'` until `setConsent()` when `requireConsent` is set. */
export type ConsentStatus = 'granted' | 'denied' | 'pending';

/** What {@link Retain.on} can listen to, with the value each listener receives. */
export interface RetainEventMap {
  /** Every reported error: invalid input (with `onInvalid: 'report'`), refused batches, storage, queue full. */
  error: RetainError;
  /** The queue bound was reached and an event was refused. */
  queueFull: QueueFullError;
  /** Storage is blocked or full: Retain now keeps the queue in memory. */
  storageFallback: StorageError;
  /** The collector acknowledged these events. */
  delivered: readonly RetainEvent[];
}

/** Counters since `createRetain`, for dashboards and tests. */
export interface RetainStats {
  /** Events accepted by `identify`/`track`/`page`/`group`. */
  accepted: number;
  /** Calls refused for bad input. */
  rejected: number;
  /** Events the collector acknowledged. */
  delivered: number;
  /** Events refused by the collector for good (handed to `on('error')` as {@link HttpError}). */
  failed: number;
  /** Events refused because the queue was full. */
  dropped: number;
  /** Events discarded because consent was denied. */
  discarded: number;
  /** Retries scheduled after a failed or throttled send. */
  retries: number;
  /** Events accepted in this tab and not yet acknowledged. */
  queued: number;
  /** Where the queue lives now. */
  storage: 'persistent' | 'memory' | 'none';
}

/**
 * A Retain client: tracks what the customer does, keeps their state locally, and delivers every
 * event to the collector at least once.
 */
export interface Retain extends MessageHost {
  /** Says who the customer is (and their traits); later events carry the `userId`. */
  identify(userId: string, traits?: JsonObject): void;
  /** Records something the customer did. */
  track(event: string, properties?: JsonObject): void;
  /** Records a page view (Segment's page properties are filled in from the document). */
  page(name?: string, properties?: JsonObject): void;
  /** Says which account (B2B) the customer belongs to. */
  group(groupId: string, traits?: JsonObject): void;
  /** Sends what is queued now; resolves when the collector answered or a retry is scheduled. Never rejects. */
  flush(): Promise<void>;
  /**
   * The customer's state, folded locally with `@retain/core` (persisted across reloads). The
   * reducer is a chunk of its own, loaded right after `createRetain()`, and the stored state is
   * read then too: until both are in, this is the state without what they bring (`await
   * retain.flush()` waits for them; subscribers are only told once the reducer is in).
   */
  state(): CustomerState;
  /** Logout: a new anonymousId, no userId, an empty state. Queued events are still delivered. */
  reset(): void;
  /** Grants or withdraws consent to tracking. Withdrawing discards what is queued and stored. */
  setConsent(granted: boolean): void;
  /** The current consent status. */
  consent(): ConsentStatus;
  /** The anonymous id of this browser (persisted once consent allows). */
  anonymousId(): string;
  /** Listens to errors, a full queue, a storage fallback, deliveries. Returns an unsubscribe function. */
  on<K extends keyof RetainEventMap>(type: K, listener: (value: RetainEventMap[K]) => void): () => void;
  /** Counters since creation. */
  stats(): RetainStats;
  /** Stops timers and listeners (queued events stay stored for the next page). */
  close(): void;
  /**
   * Declares an in-context message (banner, modal, toast, anchored callout, inline): shown when
   * `when` holds, within frequency caps, with its events recorded. The renderer loads lazily on
   * the first call. Rejects with `InvalidInContextMessageError` / `UnsafeUrlError` on a bad definition.
   * See `docs/guides/in-context-messages.md`.
   */
  inContextMessage(definition: InContextMessageDefinition): Promise<InContextMessage>;
}

/**
 * Creates a Retain client for the browser. Safe to call during server-side rendering: without a
 * `window` every method is a no-op.
 *
 * @example
 * ```ts
 * import { createRetain } from '@retain/browser';
 * const retain = createRetain({ endpoint: 'https://collect.example.com/v1/batch', writeKey: 'wk_123' });
 * retain.identify('user-42', { plan: 'pro' });
 * retain.track('Order Completed', { revenue: 80 });
 * retain.page();
 * retain.group('acct-7', { seats: 12 });
 * await retain.flush();
 * retain.state().transactions.revenue; // 80
 * ```
 */
export function createRetain(options: RetainOptions): Retain {
  const o = resolveOptions(options);
  const ns = o.namespace;
  const browser = typeof window !== 'undefined' && typeof document !== 'undefined';
  const http = o.httpClient ?? fetchHttpClient();
  const listeners: Partial<Record<keyof RetainEventMap, Set<(value: never) => void>>> = {};
  const subscribers = new Set<(state: CustomerState, event: RetainEvent) => void>();
  const counts = { accepted: 0, rejected: 0, delivered: 0, failed: 0, dropped: 0, discarded: 0, retries: 0 };
  const lock = createSenderLock(`${ns}:sender`);
  /** This tab's accepted events not yet acknowledged, by queue key. */
  const local = new Map<string, QueuedEvent>();
  /** Keys already sent on unload (not sent twice by `visibilitychange` then `pagehide`). */
  const unloaded = new Set<string>();
  let unsaved: QueuedEvent[] = [];
  let consent: ConsentStatus = o.requireConsent ? 'pending' : 'granted';
  let storage: (QueueStorage & { readonly failed: boolean }) | undefined;
  let loaded: Promise<void> = Promise.resolve();
  /** Events accepted before the stored state was loaded (replayed on top of it). */
  let preload: RetainEvent[] | undefined = [];
  let stored = 0;
  let seq = 0;
  /** The millisecond of the last accepted event, its ISO time and its queue-key prefix. */
  const clock = { ms: NaN, iso: '', key: '' };
  let attempt = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let retrying = false;
  let writes: Promise<void> = Promise.resolve();
  let writeQueued = false;
  let flushing: Promise<void> | undefined;
  let again = false;
  let fellBack = false;
  let stop: (() => void) | undefined;
  let channel: ReturnType<typeof openTabChannel> | undefined;
  let anonymousId: string | undefined;
  let userId: string | null = null;
  let current: CustomerState | undefined;
  /** The reducer, once its chunk has loaded (`undefined` before: events wait in `unfolded`). */
  let reducer: Reducer | undefined = loadedReducer();
  let loadingReducer: Promise<Reducer | undefined> | undefined;
  /** What was last written as the persisted state (skips rewriting an unchanged state). */
  let savedState: CustomerState | undefined;
  let savedAnon: string | undefined;
  let savedTo: QueueStorage | undefined;
  /** Accepted events not yet folded into `current`, and not yet told to subscribers. */
  let unfolded: RetainEvent[] = [];
  let unnotified: RetainEvent[] = [];
  let settling = false;
  /**
   * JSON of the events accepted here not yet saved, or saved less than {@link SHARE_MS} ago (at
   * most {@link SHARE_MAX} of those), with the time each was accepted: what a tab opening now may
   * not have loaded. The first `posted` went to the other tabs.
   */
  let recent: string[] = [];
  let recentAt: number[] = [];
  let posted = 0;
  /** The number of `recent[0]` among the events this tab accepted (numbered from 1). */
  let recentFirst = 1;
  /** Per tab id, the number of its last event folded here (this tab's own included): see {@link TabMessage}. */
  let marks: Record<string, number> = {};
  /** For each event of `preload` from another tab: that tab and the event's number (undefined: this tab's own). */
  let preloadFrom: ([string, number] | undefined)[] = [];
  /** The other open tabs (by id) that said hello or here: events are broadcast only when there are some. */
  const peers = new Set<string>();
  const tabId = newMessageId();

  const emit = <K extends keyof RetainEventMap>(type: K, value: RetainEventMap[K]): void => {
    const set = listeners[type] as Set<(value: RetainEventMap[K]) => void> | undefined;
    if (type === 'error' && !set?.size) console.warn('[retain]', value);
    set?.forEach((fn) => {
      try {
        fn(value);
      } catch {
        // a listener's bug must not break delivery
      }
    });
  };
  const reportError = (error: RetainError): void => emit('error', error);
  const fallback = (error: StorageError): void => {
    if (fellBack) return;
    fellBack = true;
    emit('storageFallback', error);
    reportError(error);
  };

  // --- identity (localStorage, read on first use, written only with consent) ---
  const key = (name: string) => `${ns}.${name}`;
  const readLocal = (name: string): string | null => {
    try {
      return localStorage.getItem(key(name));
    } catch (cause) {
      fallback(new StorageError('localStorage', cause));
      return null;
    }
  };
  const writeLocal = (name: string, value: string | null): void => {
    if (!browser || consent !== 'granted') return;
    try {
      if (value === null) localStorage.removeItem(key(name));
      else localStorage.setItem(key(name), value);
    } catch (cause) {
      fallback(new StorageError('localStorage', cause));
    }
  };
  const ids = (): string => {
    if (anonymousId === undefined) {
      const saved = browser ? readLocal('anonymousId') : null;
      anonymousId = saved ?? newMessageId();
      if (saved === null) writeLocal('anonymousId', anonymousId);
      userId = browser ? readLocal('userId') : null;
    }
    return anonymousId;
  };
  const customerId = (): string => {
    const anon = ids();
    return userId ?? anon;
  };
  /** Loads the reducer chunk (once; a failed load is reported, and tried again on the next need). */
  const useReducer = (): Promise<Reducer | undefined> =>
    (loadingReducer ??= loadReducer().then(
      (r) => (reducer = r),
      (cause: unknown) => {
        loadingReducer = undefined;
        reportError(new RetainError('The customer-state reducer (a chunk of @retain/browser) failed to load: state() lags until it loads', { cause }));
        return undefined;
      },
    ));
  /** Folds the events accepted since the last read (one copy of the state per burst, not per event), once the reducer is in. */
  const state = (): CustomerState => {
    current ??= createCustomerState(customerId());
    if (unfolded.length > 0 && reducer !== undefined) {
      current = reducer.foldEvents(unfolded, current);
      unfolded = [];
    }
    return current;
  };

  // --- lifecycle: start once consent allows, in a browser ---
  const active = (): boolean => browser && consent === 'granted';
  const start = (): void => {
    if (storage !== undefined || !active()) return;
    ids();
    writeLocal('anonymousId', anonymousId!);
    writeLocal('userId', userId);
    storage = withMemoryFallback(o.storage ?? idbQueueStorage(ns), () => [...local.values()], fallback);
    channel = openTabChannel(`${ns}:tabs`, onTabMessage);
    channel.post({ t: 'hello', i: tabId, q: recentFirst, j: pending() });
    stop = watchPageLifecycle(onHide, () => {
      attempt = 0;
      clearTimer();
      void flush();
    });
    unsaved = [...local.values()];
    const s = storage;
    loaded = (async () => {
      const [saved, r] = (await Promise.all([s.load('state'), useReducer()])) as [{ a: string; s: CustomerState; m?: Record<string, number> } | undefined, Reducer | undefined];
      // (without the reducer, its chunk failed to load: the stored state cannot be checked, and is left as it is)
      if (r !== undefined && saved !== undefined && saved.a === anonymousId && saved.s?.version === r.STATE_VERSION) {
        const held = saved.m ?? {};
        // events from other tabs that arrived before the state loaded, and that it already holds, are skipped
        const from = preloadFrom;
        current = r.foldEvents(
          (preload ?? []).filter((_, k) => {
            const f = from[k];
            return f === undefined || f[1] > (held[f[0]] ?? 0);
          }),
          saved.s,
        );
        unfolded = [];
        for (const t in held) if (Object.hasOwn(held, t) && (held[t] as number) > (marks[t] ?? 0)) marks[t] = held[t] as number;
      }
      preload = undefined;
      preloadFrom = [];
      stored = await s.count();
    })().catch(reportStorage);
    schedulePersist();
    scheduleFlush(unsaved.length > 0 ? o.intervalMs : 0);
  };
  const reportStorage = (error: unknown): void => {
    reportError(error instanceof StorageError ? error : new StorageError('persist', error));
  };

  const pending = (): string => `[${recent.join(',')}]`;
  /** Folds the events of tab `from` numbered from `first`, skipping those already folded here. */
  const receive = (from: string, first: number, json: string): void => {
    const events = JSON.parse(json) as RetainEvent[];
    const held = marks[from] ?? 0;
    for (let k = 0; k < events.length; k++) if (first + k > held) fold(events[k] as RetainEvent, [from, first + k]);
    marks[from] = Math.max(held, first + events.length - 1);
  };
  const onTabMessage = (m: TabMessage): void => {
    if (m.t === 'events' || m.t === 'hello' || m.t === 'here') receive(m.i, m.q, m.j);
    if (m.t === 'hello' || m.t === 'here') {
      const known = peers.has(m.i);
      peers.add(m.i);
      // a new tab hears what this one has not saved yet; a tab that answered hears the same from this one
      if (m.t === 'hello') channel?.post({ t: 'here', i: tabId, q: recentFirst, j: pending() });
      else if (!known) channel?.post({ t: 'events', i: tabId, q: recentFirst, j: pending() });
      posted = recent.length;
    } else if (m.t === 'acked') for (const k of m.k) local.delete(k);
    else if (m.t === 'reset') {
      anonymousId = undefined;
      current = undefined;
      unfolded = [];
    }
  };

  // --- accepting events ---
  // Events are folded into the state lazily (on `state()`, or in a microtask after the caller's
  // burst); subscribers then hear each event with the state that includes it.
  const fold = (event: RetainEvent, from?: [string, number]): void => {
    unfolded.push(event);
    unnotified.push(event);
    if (preload !== undefined) {
      preload.push(event);
      preloadFrom.push(from);
    }
    if (!settling) {
      settling = true;
      queueMicrotask(settle);
    }
  };
  const settle = (): void => {
    settling = false;
    const events = unnotified;
    if (peers.size > 0 && posted < recent.length && active()) channel?.post({ t: 'events', i: tabId, q: recentFirst + posted, j: `[${recent.slice(posted).join(',')}]` });
    posted = recent.length;
    if (subscribers.size === 0) {
      unnotified = [];
      return;
    }
    if (reducer === undefined) {
      // told once the reducer is in, each event with the state that includes it
      settling = true;
      void useReducer().then(() => {
        settling = false;
        if (reducer !== undefined) settle();
      });
      return;
    }
    unnotified = [];
    const now = state();
    for (const event of events)
      subscribers.forEach((fn) => {
        try {
          fn(now, event);
        } catch (cause) {
          reportError(new RetainError(`A state subscriber threw on ${event.type} (messageId ${event.messageId})`, { cause }));
        }
      });
  };

  const invalid = (issues: ValidationIssue[], input: unknown): void => {
    counts.rejected++;
    const error = new InvalidEventError(issues, input, 'call');
    if (o.onInvalid === 'throw') throw error;
    reportError(error);
  };

  const record = (fields: Record<string, unknown>, issues: ValidationIssue[]): void => {
    if (issues.length > 0) return invalid(issues, fields);
    if (!browser || consent === 'denied') return;
    const anon = ids();
    const now = Date.now();
    if (now !== clock.ms) {
      // a burst shares its millisecond's ISO time and key prefix (built once, not per event)
      clock.ms = now;
      clock.iso = new Date(now).toISOString();
      clock.key = now.toString(36).padStart(9, '0');
    }
    // `fields` is the caller's fresh literal: completed in place (no copies on the hot path)
    fields['messageId'] = newMessageId();
    fields['timestamp'] = clock.iso;
    fields['anonymousId'] = anon;
    if (userId !== null) fields['userId'] = userId;
    // the shared context's JSON is spliced in (serialised once per page); `context` stays the last
    // key, so the text is exactly JSON.stringify(event)
    const ctx = eventContextWithJson();
    const head = JSON.stringify(fields);
    fields['context'] = ctx.context;
    const event = fields as unknown as RetainEvent;
    const json = `${head.slice(0, -1)},"context":${ctx.json}}`;
    const bytes = json.length;
    if (bytes > MAX_EVENT_BYTES) return invalid([{ path: [], message: `is ${bytes} characters of JSON, over the ${MAX_EVENT_BYTES} limit`, code: 'too_big' }], event);
    if (Math.max(local.size, stored + unsaved.length) >= o.maxQueue) {
      counts.dropped++;
      const error = new QueueFullError(o.maxQueue, event);
      emit('queueFull', error);
      return reportError(error);
    }
    const item: QueuedEvent = { key: `${clock.key}${(seq++).toString(36).padStart(5, '0')}${event.messageId}`, json };
    local.set(item.key, item);
    counts.accepted++;
    fold(event);
    recent.push(json);
    recentAt.push(now);
    marks[tabId] = recentFirst + recent.length - 1;
    if (!active()) return;
    unsaved.push(item);
    schedulePersist();
    scheduleFlush(local.size >= o.maxEvents ? 0 : o.intervalMs);
  };

  // --- persisting ---
  const persistNow = async (): Promise<void> => {
    writeQueued = false;
    const s = storage;
    if (s === undefined) return;
    await loaded;
    const items = unsaved;
    unsaved = [];
    if (items.length > 0) {
      await s.add(items);
      stored += items.length;
    }
    // the state is immutable (a fold makes a new one): unchanged since the last save, not rewritten
    const a = ids();
    const folded = state();
    const n = recent.length;
    // without the reducer (its chunk failed to load) the state lacks events: the stored one is kept
    if (reducer !== undefined && (folded !== savedState || a !== savedAnon || s !== savedTo)) {
      // what the state holds of each open tab's events (a tab that loads it skips those): taken with the state
      const m: Record<string, number> = {};
      for (const t of [tabId, ...peers]) if (marks[t] !== undefined) m[t] = marks[t];
      await s.save('state', { a, s: folded, m });
      savedState = folded;
      savedAnon = a;
      savedTo = s;
    }
    // a tab opening from now on loads these events with the state; the last ones are still sent
    // to it (a save may land after it loaded the state, before it said hello): it dedupes them
    let drop = 0;
    const old = Date.now() - SHARE_MS;
    while (drop < n && ((recentAt[drop] as number) < old || recent.length - drop > SHARE_MAX)) drop++;
    recent = recent.slice(drop);
    recentAt = recentAt.slice(drop);
    recentFirst += drop;
    posted = Math.max(0, posted - drop);
  };
  const schedulePersist = (): void => {
    if (writeQueued) return;
    writeQueued = true;
    writes = writes.then(persistNow).catch(reportStorage);
  };

  // --- delivering ---
  const clearTimer = (): void => {
    clearTimeout(timer);
    timer = undefined;
    retrying = false;
  };
  const scheduleFlush = (delay: number): void => {
    if (retrying || !active()) return;
    if (delay === 0) {
      clearTimer();
      void flush();
    } else timer ??= setTimeout(() => {
      timer = undefined;
      void flush();
    }, delay);
  };
  const scheduleRetry = (hint: number | null): void => {
    clearTimer();
    counts.retries++;
    retrying = true;
    timer = setTimeout(() => {
      clearTimer();
      void flush();
    }, hint ?? backoffDelay(attempt++, o.baseMs, o.maxMs));
  };

  const ack = async (items: readonly QueuedEvent[], delivered: boolean): Promise<void> => {
    const keys = items.map((i) => i.key);
    // acknowledged before it was written (a page hidden right after track()): never write it,
    // and let a write already under way land before the removal, or it would be sent again
    if (unsaved.length > 0) {
      const acked = new Set(keys);
      unsaved = unsaved.filter((i) => !acked.has(i.key));
    }
    await writes;
    await storage?.remove(keys);
    stored = Math.max(0, stored - keys.length);
    // other tabs keep their own events until told: they are told only when some were theirs
    let theirs = false;
    for (const k of keys) if (!local.delete(k)) theirs = true;
    if (theirs) channel?.post({ t: 'acked', k: keys });
    if (delivered) {
      counts.delivered += items.length;
      if (listeners.delivered?.size) emit('delivered', eventsOf<RetainEvent>(items));
    }
  };

  /**
   * The queue's storage when it is known to hold only this tab's events (`local`): no other tab
   * has said hello, and the last read of the whole stored queue found nothing else (events left by
   * an earlier page are read, sent and removed first). The sender then takes the events from
   * memory instead of reading them back from IndexedDB (about an eighth of a burst's main-thread
   * CPU). Another tab's hello ends it for good.
   */
  let soloOn: QueueStorage | undefined;
  /** The first `limit` events of `local`, in the order accepted. */
  const takeLocal = (limit: number): QueuedEvent[] => {
    const out: QueuedEvent[] = [];
    for (const item of local.values()) {
      if (out.length >= limit) break;
      out.push(item);
    }
    return out;
  };

  /** Sends one batch; `undefined` when it is settled, else the retry delay asked for (`null`: backoff). */
  const deliver = async (batch: QueuedEvent[]): Promise<number | null | undefined> => {
    let status: number;
    let retryAfter: string | null = null;
    try {
      const res = await http.post(o.endpoint, batchBody(batch, o.writeKey), { timeoutMs: o.timeoutMs });
      status = res.status;
      retryAfter = res.header('retry-after');
    } catch {
      return null;
    }
    if (status >= 200 && status < 300) {
      await ack(batch, true);
      return undefined;
    }
    if (status === 413 && batch.length > 1) {
      const half = Math.ceil(batch.length / 2);
      return (await deliver(batch.slice(0, half))) ?? deliver(batch.slice(half));
    }
    if (status < 200 || status === 408 || status === 429 || status >= 500) return retryAfterMs(retryAfter) ?? null;
    counts.failed += batch.length;
    await ack(batch, false);
    reportError(new HttpError(status, o.endpoint, eventsOf<RetainEvent>(batch)));
    return undefined;
  };

  /**
   * Sends the queue, batch after batch, while this tab holds the sender lock (no other tab sends
   * or removes meanwhile). The queue is read a window of several batches at a time: one read, not
   * one per batch.
   */
  const sendAll = async (): Promise<void> => {
    const s = storage!;
    let items: QueuedEvent[] = [];
    for (;;) {
      // consent withdrawn (the queue cleared) or offline: stop, even mid-window
      if (navigator.onLine === false || storage !== s || !active()) return;
      if (items.length === 0) {
        const limit = Math.max(PEEK_EVENTS, 2 * o.maxEvents);
        if (soloOn === s && peers.size === 0) items = takeLocal(limit);
        else {
          items = await s.peek(limit);
          // the whole stored queue, and all of it this tab's own: from now on it is read from memory
          if (peers.size === 0 && items.length < limit && items.every((item) => local.has(item.key))) soloOn = s;
        }
        if (items.length === 0) {
          attempt = 0;
          return;
        }
      }
      const batch = takeBatch(items, o.maxEvents, o.maxBytes);
      items = items.slice(batch.length);
      const hint = await deliver(batch);
      if (hint !== undefined) return scheduleRetry(hint);
    }
  };

  const flush = (): Promise<void> => {
    if (!active()) return browser ? useReducer().then(() => undefined) : Promise.resolve();
    if (flushing) {
      again = true;
      return flushing;
    }
    flushing = (async () => {
      do {
        again = false;
        schedulePersist();
        await writes;
        await lock(sendAll);
      } while (again && !retrying);
    })()
      .catch(reportStorage)
      .finally(() => {
        flushing = undefined;
      });
    return flushing;
  };

  const onHide = (): void => {
    if (!active()) return;
    schedulePersist();
    const chunk: QueuedEvent[] = [];
    let bytes = ENVELOPE_BYTES;
    for (const item of local.values()) {
      if (unloaded.has(item.key)) continue;
      if (bytes + item.json.length + 1 > UNLOAD_MAX_BYTES) break;
      bytes += item.json.length + 1;
      chunk.push(item);
      unloaded.add(item.key);
    }
    if (chunk.length === 0) return;
    void sendOnUnload(o.endpoint, batchBody(chunk, o.writeKey)).then((ok) => (ok ? ack(chunk, true) : undefined)).catch(reportStorage);
  };

  // --- the public API ---
  const client: Retain = {
    inContextMessage: inContextMessageMethod(() => client, () => loaded, o.messageCaps),
    identify(id, traits) {
      const issues: ValidationIssue[] = [];
      checkName(id, 'userId', issues);
      const t = toJsonObject(traits, 'traits', issues);
      if (issues.length === 0 && browser && consent !== 'denied') {
        ids();
        userId = id;
        writeLocal('userId', id);
      }
      record({ type: 'identify', traits: t }, issues);
    },
    track(event, properties) {
      const issues: ValidationIssue[] = [];
      checkName(event, 'event', issues);
      record({ type: 'track', event, properties: toJsonObject(properties, 'properties', issues) }, issues);
    },
    page(name, properties) {
      const issues: ValidationIssue[] = [];
      if (name !== undefined) checkName(name, 'name', issues);
      const p = toJsonObject(properties, 'properties', issues);
      record({ type: 'page', ...(name === undefined ? {} : { name }), properties: browser && p ? { ...pageProperties(), ...p } : p }, issues);
    },
    group(groupId, traits) {
      const issues: ValidationIssue[] = [];
      checkName(groupId, 'groupId', issues);
      record({ type: 'group', groupId, traits: toJsonObject(traits, 'traits', issues) }, issues);
    },
    flush,
    state,
    customerId,
    anonymousId: ids,
    reset() {
      if (!browser) return;
      anonymousId = newMessageId();
      userId = null;
      writeLocal('anonymousId', anonymousId);
      writeLocal('userId', null);
      current = createCustomerState(anonymousId);
      unfolded = [];
      channel?.post({ t: 'reset' });
      if (active()) schedulePersist();
    },
    setConsent(granted) {
      if (!browser) return;
      if (granted) {
        consent = 'granted';
        return start();
      }
      consent = 'denied';
      counts.discarded += local.size;
      local.clear();
      unsaved = [];
      recentFirst += recent.length;
      posted = 0;
      recent = [];
      recentAt = [];
      const s = storage;
      client.close();
      storage = undefined;
      try {
        localStorage.removeItem(key('anonymousId'));
        localStorage.removeItem(key('userId'));
      } catch {
        // nothing stored there
      }
      if (s) writes = writes.then(() => s.clear()).catch(reportStorage);
    },
    consent: () => consent,
    subscribe(listener) {
      subscribers.add(listener);
      return () => void subscribers.delete(listener);
    },
    reportError,
    on(type, listener) {
      const set = (listeners[type] ??= new Set()) as Set<typeof listener>;
      set.add(listener);
      return () => void set.delete(listener);
    },
    stats: () => ({ ...counts, queued: local.size, storage: storage === undefined ? 'none' : storage.failed ? 'memory' : 'persistent' }),
    close() {
      clearTimer();
      stop?.();
      stop = undefined;
      channel?.close();
      channel = undefined;
    },
  };
  // started after the caller's synchronous code, so listeners attached right after createRetain() hear everything
  if (browser)
    queueMicrotask(() => {
      void useReducer();
      start();
    });
  return client;
}
