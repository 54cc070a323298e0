import { DAY_MS, isRetainError } from '@retain/core';
import type { RetainEvent } from '@retain/core';
import { corsHeaders, preflightResponse, type CorsOrigins } from './cors.js';
import type { CustomerStore } from '../stores/customer-store.js';
import type { IngestDecision, RulesContext, RulesOutcome, SendContext, SendVerdict } from './decision.js';
import { ingestBatch, wakeBatch, type BatchHooks, type BatchOutcome } from './ingest-batch.js';
import { MalformedBatchError } from './malformed-batch-error.js';
import { createMemoryStore } from '../stores/memory-store.js';
import { createOutboxDelivery } from './outbox-delivery.js';
import { parseBatch, type RejectedEvent } from './parse-batch.js';
import { PayloadTooLargeError } from './payload-too-large-error.js';
import { readBodyWithLimit } from './read-body.js';
import { textResponse } from './text-response.js';
import { UnauthorizedError } from './unauthorized-error.js';
import { writeKeyFromHeader } from './write-key.js';
import { engineRules, enginePolicy, type MessageCatalogue, type WakeHooks } from './engine-adapters.js';
import type { RuleInput, RuleSet } from '../rules/compile-rule.js';
import type { JourneyInput } from '../journeys/compile-journey.js';
import { combineRules, journeyRules } from '../journeys/journey-hooks.js';
import { defaultPolicy, type SendPolicyInput } from '../sending/send-policy.js';

/**
 * A Fetch-API request handler: mounts in node:http (see `toNodeListener`), Express, Fastify, Hono, Next…
 *
 * @example
 * ```ts
 * import type { FetchHandler } from '@retain/node';
 * const health: FetchHandler = async () => new Response('ok');
 * ```
 */
export type FetchHandler = (request: Request) => Promise<Response>;

/**
 * The ingest endpoint: a {@link FetchHandler}, plus the delivery of decisions left in the
 * outbox and a `close()` that stops its timer (the store is the host's to close).
 *
 * @example
 * ```ts
 * import { createIngestHandler, createMemoryStore } from '@retain/node';
 * const ingest = createIngestHandler({ writeKeys: ['wk_shop'], store: createMemoryStore(), onDecision: (d) => console.log(d.id) });
 * await ingest.redeliver(); // decisions whose delivery failed earlier, if any
 * await ingest.close();
 * ```
 */
export type IngestHandler = FetchHandler & {
  /** Delivers the decisions left in the outbox (their claim ran out); resolves to how many were delivered. */
  redeliver(): Promise<number>;
  /**
   * Evaluates the customers whose wake-up (`dueAt`: a time-based rule's `nextDueAt`, a
   * journey's wait) has come, without an event, reading only them from the store's due index
   * (never all customers). Call it from a timer or a cron job, on any instance; each customer is
   * woken in a transaction, so two instances never send twice. Decisions go to `onDecision`.
   */
  wake(limit?: number): Promise<{ woken: number; decisions: number }>;
  /** Stops the redelivery timer. */
  close(): Promise<void>;
};

/**
 * A custom rules hook: one evaluation per new event (use it to plug another rules engine).
 *
 * @example
 * ```ts
 * import type { IngestRules } from '@retain/node';
 * const rules: IngestRules = ({ event }) => ({
 *   messages: event.type === 'track' && event.event === 'Signed Up' ? [{ rule: 'welcome', id: 'welcome-1', channel: 'email' }] : [],
 * });
 * ```
 */
export type IngestRules = (context: RulesContext) => RulesOutcome | Promise<RulesOutcome>;
/**
 * A custom send-check hook: one verdict per proposed message.
 *
 * @example
 * ```ts
 * import type { IngestPolicy } from '@retain/node';
 * const inContextOnly: IngestPolicy = ({ message }) =>
 *   message.channel === 'in_context' ? { allowed: true, reasons: [] } : { allowed: false, reasons: ['only on-site messages for now'] };
 * ```
 */
export type IngestPolicy = (context: SendContext) => SendVerdict | Promise<SendVerdict>;

/**
 * Options of {@link createIngestHandler}. Only `writeKeys` is required.
 *
 * @example
 * ```ts
 * import { createMemoryStore, defaultPolicy, templates, type IngestOptions } from '@retain/node';
 * const options: IngestOptions = {
 *   writeKeys: ['wk_shop'],
 *   store: createMemoryStore(),
 *   rules: [templates.feedbackResponse(), templates.cartAbandon()],
 *   policy: defaultPolicy,
 *   maxBodyBytes: 256 * 1024,
 *   cors: ['https://shop.example.com'],
 * };
 * ```
 */
export interface IngestOptions {
  /** The accepted write keys (or a predicate). A request without one of them gets 401. */
  writeKeys: readonly string[] | ((writeKey: string) => boolean);
  /**
   * Where customer and account states live.
   * @default createMemoryStore()
   */
  store?: CustomerStore;
  /**
   * The trigger rules (`RuleJson`s, builders, or a `compileRules` set), evaluated with `evaluate`
   * after each new event is folded, with the customer's rule memory kept in the store; or a
   * custom hook. No rules → no decisions.
   */
  rules?: RuleSet | readonly RuleInput[] | IngestRules;
  /**
   * Journeys (multi-step workflows): advanced on every event and when a wait is due
   * (`ingest.wake()`), positions stored with the customer (`memory.journeys`) in the batch's
   * transaction, each send through the same `policy` as the rules.
   */
  journeys?: readonly JourneyInput[];
  /**
   * The send policy every proposed message is checked against with `checkSend` (consent, quiet
   * hours, caps, minimum score and goodwill); or a custom hook.
   * @default defaultPolicy
   */
  policy?: SendPolicyInput | IngestPolicy;
  /**
   * The messages the rules may send, by key (`action.message`, else the campaign), with the
   * scorecard fields (value, effort, relevance…) the send checks score. A key not listed is
   * scored as a medium-value, medium-relevance message.
   */
  messages?: MessageCatalogue;
  /**
   * Receives every decision (allowed or refused), after the states are stored, in batch order.
   * It is awaited before the batch is answered: hand slow work (an email API) to a queue.
   * At least once: a decision whose delivery failed (the hook threw, the process died) is
   * delivered again from the store's outbox; `decision.id` is stable, so dedupe on it.
   */
  onDecision?: (decision: IngestDecision) => void | Promise<void>;
  /**
   * Receives the events of a batch that were rejected (also listed in the answer to the
   * client), e.g. to log them or keep them for repair.
   */
  onRejected?: (rejected: readonly RejectedEvent[], request: Request) => void;
  /**
   * Receives errors thrown by the rules, the send checks or `onDecision`. They never fail the
   * batch: the events are stored whatever the rules do (no decision is made for that event).
   * @default console.error
   */
  onError?: (error: unknown) => void;
  /**
   * Largest accepted body in bytes; larger bodies get 413, detected while reading.
   * @default 524288 (512 KiB, like Segment's batch limit)
   */
  maxBodyBytes?: number;
  /**
   * Browser origins allowed to post (CORS); `false` answers no CORS at all (server-to-server).
   * @default '*'
   */
  cors?: CorsOrigins | false;
  /**
   * How long received `messageId`s are remembered in the store to drop retried deliveries,
   * in ms (pruned by age). Each customer state also remembers its own 256 latest ids, so an
   * older retry is still caught for that customer.
   * @default 604800000 (7 days)
   */
  dedupeWindowMs?: number;
  /**
   * The outbox of decisions: each decision is written with the state that records it, handed
   * to `onDecision` after commit, and removed once `onDecision` resolves. One that was not
   * delivered (it threw, or the process died) is delivered again after `leaseMs`, by the
   * handler's redelivery pass every `redeliverEveryMs` (also run at start), on any instance.
   * @default { leaseMs: 30000, redeliverEveryMs: 10000 }
   */
  outbox?: { leaseMs?: number; redeliverEveryMs?: number };
  /**
   * Batches received or stored at the same time, at most (a place is taken before the body is
   * read); further requests get 503 with `Retry-After` at once (backpressure: a slow database
   * never builds an unbounded queue).
   * @default 64
   */
  maxInFlight?: number;
  /**
   * Longest a batch waits for the store (a slow or stalled database, a full pool) before the
   * answer is 503 with `Retry-After`, so clients retry instead of waiting for their own
   * timeout. The store may still finish the batch afterwards: its events are then remembered (a
   * retry is a duplicate) and its decisions delivered; its place counts in `maxInFlight` until
   * the store settles it, so memory stays bounded however slow the database. Until the store has
   * stored one batch (it opens lazily: PGlite loads, migrations run), batches wait without this
   * limit, so a cold start is not answered 503.
   * @default 5000
   */
  maxWaitMs?: number;
  /**
   * The clock, in epoch ms (rules and send checks run at this time).
   * @default Date.now
   */
  now?: () => number;
}

/**
 * The JSON body of the ingest handler's answer to a batch (200, 207, or 400 when every event was rejected).
 *
 * @example
 * ```ts
 * import type { IngestResult } from '@retain/node';
 * declare const response: Response;
 * const result = (await response.json()) as IngestResult;
 * for (const r of result.rejected) console.warn(r.message);
 * ```
 */
export interface IngestResult {
  /** True when every event was accepted (or was a duplicate). */
  ok: boolean;
  /** Events folded into the store. */
  accepted: number;
  /** Events already received (same `messageId`): acknowledged, not folded twice. */
  duplicates: number;
  /** Events refused, with the reasons (the others were stored). */
  rejected: RejectedEvent[];
  /** Decisions made by the rules and send checks for this batch. */
  decisions: { allowed: number; refused: number };
}

/**
 * The JSON body of an error answer (400, 401, 405, 413, 503).
 *
 * @example
 * ```ts
 * import type { IngestErrorBody } from '@retain/node';
 * const body: IngestErrorBody = { ok: false, error: { name: 'UnauthorizedError', message: 'unknown write key' } };
 * ```
 */
export interface IngestErrorBody {
  ok: false;
  error: { name: string; message: string };
}

const MAX_BODY_BYTES = 512 * 1024;

/**
 * Creates the ingest endpoint: a Fetch-API handler `(Request) => Promise<Response>` that
 * receives Segment-compatible batches (`POST { batch: [...], sentAt }`), authenticates the write
 * key (HTTP Basic username, or a `writeKey` body field for `sendBeacon`), validates each event
 * with the core schemas, drops duplicates, folds the events into customer and account states,
 * runs the rules and send checks, and hands the decisions to `onDecision`.
 *
 * Answers: 200 (all accepted), 207 (some rejected: the others are stored, the body says which
 * were rejected and why), 400 (malformed body, or every event rejected), 401 (write key),
 * 405 (method), 413 (too large), 503 with `Retry-After` (the store failed or is saturated:
 * nothing acknowledged, retry).
 *
 * The handler has three methods besides: `redeliver()` delivers decisions left in the outbox
 * (it also runs every `outbox.redeliverEveryMs`), `wake()` evaluates the customers whose
 * time-based rules are due, and `close()` stops the redelivery timer.
 *
 * @example
 * ```ts
 * import { createServer } from 'node:http';
 * import { cond } from '@retain/core';
 * import { createIngestHandler, createMemoryStore, defaultPolicy, rule, toNodeListener } from '@retain/node';
 *
 * const store = createMemoryStore();
 * const ingest = createIngestHandler({
 *   writeKeys: ['wk_demo'],
 *   store,
 *   rules: [rule('feedback-reply').on('Feedback Given').when(cond.consent('email')).send({ campaign: 'feedback', channel: 'email' })],
 *   policy: defaultPolicy,
 *   messages: { feedback: { value: 'high', effort: 'low', relevance: 'high' } },
 *   onDecision: (d) => console.log(d.customerId, d.message.id, d.allowed, d.reasons),
 * });
 * createServer(toNodeListener(ingest)).listen(8787, '127.0.0.1');
 * ```
 */
export function createIngestHandler(options: IngestOptions): IngestHandler {
  const store = options.store ?? createMemoryStore();
  const limit = options.maxBodyBytes ?? MAX_BODY_BYTES;
  const origins = options.cors ?? '*';
  const now = options.now ?? Date.now;
  const onError = options.onError ?? ((error: unknown) => console.error(error));
  const dedupeWindowMs = options.dedupeWindowMs ?? 7 * DAY_MS;
  const leaseMs = options.outbox?.leaseMs ?? 30_000;
  const maxInFlight = options.maxInFlight ?? 64;
  const maxWaitMs = options.maxWaitMs ?? 5_000;
  const keys = options.writeKeys;
  const isValidKey = typeof keys === 'function' ? keys : (key: string) => keys.includes(key);
  const ruleHook = options.rules === undefined || typeof options.rules === 'function' ? options.rules : engineRules(options.rules);
  const journeyHook = options.journeys === undefined || options.journeys.length === 0 ? undefined : journeyRules(options.journeys, {
          // A custom policy hook may be async: the journeys then propose every send and it decides.
          ...(typeof options.policy === 'function' ? { checks: false } : { policy: options.policy ?? defaultPolicy }),
          ...(options.messages === undefined ? {} : { messages: options.messages }),
        });
  const rules = journeyHook === undefined ? ruleHook : ruleHook === undefined ? journeyHook : combineRules([ruleHook, journeyHook]);
  // A custom rules hook may carry `dueAt` and `wake` too (see WakeHooks), as the engine's does.
  const wakeHooks = rules as Partial<WakeHooks> | undefined;
  const hooks: BatchHooks = {
    rules,
    policy: typeof options.policy === 'function' ? options.policy : enginePolicy(options.policy ?? defaultPolicy, options.messages),
    dueAt: typeof wakeHooks?.dueAt === 'function' ? wakeHooks.dueAt : undefined,
    wake: typeof wakeHooks?.wake === 'function' ? wakeHooks.wake : undefined,
  };
  const outbox = options.onDecision === undefined ? undefined : createOutboxDelivery({ store, onDecision: options.onDecision, onError, leaseMs });
  const redeliver = async () => (outbox === undefined ? 0 : outbox.redeliver());
  let timer: ReturnType<typeof setInterval> | undefined;
  if (outbox !== undefined) {
    // Decisions a previous run (or another instance) left undelivered: now, then every so often.
    void redeliver().catch(onError);
    timer = setInterval(() => void redeliver().catch(onError), options.outbox?.redeliverEveryMs ?? 10_000);
    timer.unref?.();
  }
  let inFlight = 0;
  /** True once the store has stored a batch: before that, the wait includes opening it. */
  let opened = false;
  let lastPrune = 0;
  // Leases run on the wall clock, as the stores' claims do: `now` may be a replay's or a test's clock.
  const claimUntil = () => (outbox === undefined ? null : Date.now() + leaseMs);

  const handler = async (request: Request): Promise<Response> => {
    const cors = origins === false ? undefined : corsHeaders(origins, request.headers.get('origin'));
    const json = (status: number, body: IngestResult | IngestErrorBody, extra: Record<string, string> = {}) =>
      textResponse(JSON.stringify(body), { status, headers: { 'content-type': 'application/json; charset=utf-8', ...cors, ...extra } });
    const fail = (error: Error & { status: number }, extra: Record<string, string> = {}) =>
      json(error.status, { ok: false, error: { name: error.name, message: error.message } }, extra);

    if (request.method === 'OPTIONS' && origins !== false) return preflightResponse(origins, request);
    if (request.method !== 'POST') {
      return json(405, { ok: false, error: { name: 'MethodNotAllowed', message: `${request.method} is not accepted: POST a batch` } }, { allow: 'POST, OPTIONS' });
    }

    const headerKey = writeKeyFromHeader(request);
    if (headerKey !== undefined && !isValidKey(headerKey)) {
      await request.body?.cancel().catch(() => undefined);
      return fail(new UnauthorizedError('unknown write key (Authorization header)'), { 'www-authenticate': 'Basic realm="retain"' });
    }
    if (inFlight >= maxInFlight) {
      await request.body?.cancel().catch(() => undefined);
      const message = `${store.name} store: ${inFlight} batches are being stored, the most this endpoint takes at once: retry later`;
      return json(503, { ok: false, error: { name: 'StoreBusyError', message } }, { 'retry-after': '1' });
    }
    // The place is taken before the body is read (requests arriving together cannot all pass the
    // check), and given back when the store has settled the batch, even after a 503 for waiting.
    inFlight++;
    let stored: Promise<BatchOutcome> | undefined;
    let parsed: ReturnType<typeof parseBatch>;
    let fresh: RetainEvent[];
    let at: number;
    try {
      try {
        parsed = parseBatch(await readBodyWithLimit(request, limit));
      } catch (error) {
        if (error instanceof PayloadTooLargeError || error instanceof MalformedBatchError) return fail(error);
        throw error;
      }
      if (headerKey === undefined && (parsed.writeKey === undefined || !isValidKey(parsed.writeKey))) {
        const problem = parsed.writeKey === undefined ? 'no write key: send it as the Basic-auth username or a "writeKey" body field' : 'unknown write key ("writeKey" body field)';
        return fail(new UnauthorizedError(problem), { 'www-authenticate': 'Basic realm="retain"' });
      }

      // Repeats inside this batch; repeats of earlier batches are dropped in the transaction.
      fresh = [];
      const inBatch = new Set<string>();
      for (const { event } of parsed.events) {
        if (inBatch.has(event.messageId)) continue;
        inBatch.add(event.messageId);
        fresh.push(event);
      }
      at = now();
      const batchAt = at;
      const events = fresh;
      stored = store.transaction((tx) => ingestBatch(tx, events, { at: batchAt, hooks, claimUntil: claimUntil() }));
    } finally {
      if (stored === undefined) inFlight--;
      else
        stored.then(
          () => inFlight--,
          () => inFlight--,
        );
    }

    let outcome: BatchOutcome;
    try {
      const settled = opened ? await withinMs(stored, maxWaitMs) : await stored;
      opened = true;
      if (settled === undefined) {
        // Answered 503 now; when the store finishes after all, its decisions are delivered.
        stored
          .then(
            (late) => {
              for (const error of late.errors) onError(error);
              return outbox?.deliver(late.decisions);
            },
            () => undefined, // a store error: nothing was stored, the client retries
          )
          .catch(onError);
        const message = `${store.name} store: the batch was not stored within ${maxWaitMs} ms: retry later (a retry of events stored meanwhile is dropped as a duplicate)`;
        return json(503, { ok: false, error: { name: 'StoreBusyError', message } }, { 'retry-after': '1' });
      }
      outcome = settled;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const name = isRetainError(error) ? error.name : 'StoreError';
      return json(503, { ok: false, error: { name, message: `could not store the batch, retry later: ${message}` } }, { 'retry-after': '1' });
    }
    if (at - lastPrune > 60_000) {
      lastPrune = at;
      store.pruneSeen(at - dedupeWindowMs).catch(onError);
    }

    for (const error of outcome.errors) onError(error);
    await outbox?.deliver(outcome.decisions);

    const rejected = parsed.rejected;
    if (rejected.length > 0) {
      try {
        options.onRejected?.(rejected, request);
      } catch (error) {
        onError(error);
      }
    }
    const decisions = outcome.decisions;
    const result: IngestResult = {
      ok: rejected.length === 0,
      accepted: outcome.applied,
      duplicates: parsed.events.length - fresh.length + outcome.duplicates,
      rejected,
      decisions: { allowed: decisions.filter((d) => d.allowed).length, refused: decisions.filter((d) => !d.allowed).length },
    };
    const status = rejected.length === 0 ? 200 : parsed.events.length === 0 ? 400 : 207;
    return json(status, result);
  };

  const wake = async (limit = 500): Promise<{ woken: number; decisions: number }> => {
    const at = now();
    const due = (await store.due(at, limit)).filter((ref) => ref.kind === 'customer');
    let woken = 0;
    let decisions = 0;
    for (let i = 0; i < due.length; i += 100) {
      const refs = due.slice(i, i + 100);
      const outcome = await store.transaction((tx) => wakeBatch(tx, refs, { at, hooks, claimUntil: claimUntil() }));
      for (const error of outcome.errors) onError(error);
      await outbox?.deliver(outcome.decisions);
      woken += outcome.woken;
      decisions += outcome.decisions.length;
    }
    return { woken, decisions };
  };

  return Object.assign(handler, {
    redeliver,
    wake,
    async close() {
      if (timer !== undefined) clearInterval(timer);
      timer = undefined;
    },
  });
}

/** `promise`'s value, or undefined when it has not settled within `ms` (its rejection is thrown). */
async function withinMs<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  if (!(ms < 2 ** 31)) return promise; // Infinity (or beyond setTimeout's range): no deadline
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), ms);
  });
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}
