import { DAY_MS, isRetainError, type ValidationIssue } from '@retain/core';
import { InvalidIngestOptionsError } from './invalid-ingest-options-error.js';
import type { RetainEvent } from '@retain/core';
import { corsHeaders, preflightAnswer } from './cors.js';
import { ANSWER, fromRequest, toResponse, type Answer, type Incoming } from './incoming.js';
import type { IngestErrorBody, IngestHandler, IngestOptions, IngestResult } from './ingest-options.js';
import { createBatchQueue, type BatchShare } from './batch-queue.js';
import { ingestBatch, wakeBatch, type BatchHooks } from './ingest-batch.js';
import { MalformedBatchError } from './malformed-batch-error.js';
import { createMemoryStore } from '../stores/memory-store.js';
import { createOutboxDelivery } from './outbox-delivery.js';
import { parseBatch } from './parse-batch.js';
import { PayloadTooLargeError } from './payload-too-large-error.js';
import { UnauthorizedError } from './unauthorized-error.js';
import { writeKeyFromHeader } from './write-key.js';
import { engineRules, enginePolicy, type WakeHooks } from './engine-adapters.js';
import { combineRules, journeyRules } from '../journeys/journey-hooks.js';
import { defaultPolicy } from '../sending/send-policy.js';

export type { FetchHandler, IngestErrorBody, IngestHandler, IngestOptions, IngestPolicy, IngestResult, IngestRules } from './ingest-options.js';

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
 * @throws {InvalidIngestOptionsError} when a limit (`maxBodyBytes`, `maxInFlight`,
 * `maxTransactions`, `maxEventsPerTransaction`) is not a whole number ≥ 1, or `maxWaitMs` is negative.
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
  const maxTransactions = options.maxTransactions ?? 4;
  const maxEventsPerTransaction = options.maxEventsPerTransaction ?? 1000;
  checkLimits({ maxBodyBytes: limit, maxInFlight, maxTransactions, maxEventsPerTransaction }, maxWaitMs);
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
  // One transaction per batch when the store keeps up; batches that wait are folded together.
  const submit = createBatchQueue(
    async (events, trackApplied) => {
      const outcome = await store.transaction((tx) => ingestBatch(tx, events, { at: now(), hooks, claimUntil: claimUntil(), trackApplied }));
      for (const error of outcome.errors) onError(error);
      return outcome;
    },
    maxTransactions,
    maxEventsPerTransaction,
  );

  /** The answer to one request (the Fetch handler below, and toNodeListener without a Fetch `Request`). */
  const answer = async (incoming: Incoming): Promise<Answer> => {
    const cors = origins === false ? undefined : corsHeaders(origins, incoming.header('origin'));
    const json = (status: number, body: IngestResult | IngestErrorBody, extra: Record<string, string> = {}): Answer => ({
      status,
      headers: { 'content-type': 'application/json; charset=utf-8', ...cors, ...extra },
      text: JSON.stringify(body),
    });
    const fail = (error: Error & { status: number }, extra: Record<string, string> = {}) =>
      json(error.status, { ok: false, error: { name: error.name, message: error.message } }, extra);

    if (incoming.method === 'OPTIONS' && origins !== false) return preflightAnswer(origins, incoming.header('origin'));
    if (incoming.method !== 'POST') {
      return json(405, { ok: false, error: { name: 'MethodNotAllowed', message: `${incoming.method} is not accepted: POST a batch` } }, { allow: 'POST, OPTIONS' });
    }

    const headerKey = writeKeyFromHeader(incoming.header('authorization'));
    if (headerKey !== undefined && !isValidKey(headerKey)) {
      await incoming.discard();
      return fail(new UnauthorizedError('unknown write key (Authorization header)'), { 'www-authenticate': 'Basic realm="retain"' });
    }
    if (inFlight >= maxInFlight) {
      await incoming.discard();
      const message = `${store.name} store: ${inFlight} batches are being stored, the most this endpoint takes at once: retry later`;
      return json(503, { ok: false, error: { name: 'StoreBusyError', message } }, { 'retry-after': '1' });
    }
    // The place is taken before the body is read (requests arriving together cannot all pass the
    // check), and given back when the store has settled the batch, even after a 503 for waiting.
    inFlight++;
    let stored: Promise<BatchShare> | undefined;
    let parsed: ReturnType<typeof parseBatch>;
    let fresh: RetainEvent[];
    let at: number;
    try {
      try {
        parsed = parseBatch(await incoming.text(limit));
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
      stored = submit(fresh);
    } finally {
      if (stored === undefined) inFlight--;
      else
        stored.then(
          () => inFlight--,
          () => inFlight--,
        );
    }

    let outcome: BatchShare;
    try {
      const settled = opened ? await withinMs(stored, maxWaitMs) : await stored;
      opened = true;
      if (settled === undefined) {
        // Answered 503 now; when the store finishes after all, its decisions are delivered.
        stored
          .then(
            (late) => outbox?.deliver(late.decisions),
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

    await outbox?.deliver(outcome.decisions);

    const rejected = parsed.rejected;
    if (rejected.length > 0) {
      try {
        options.onRejected?.(rejected, incoming.request());
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

  const handler = async (request: Request): Promise<Response> => toResponse(await answer(fromRequest(request)));
  return Object.assign(handler, {
    [ANSWER]: answer,
    redeliver,
    wake,
    async close() {
      if (timer !== undefined) clearInterval(timer);
      timer = undefined;
    },
  });
}

/**
 * @throws {InvalidIngestOptionsError} when a limit is not a positive whole number, or the wait is
 * not a number of milliseconds ≥ 0 (`Infinity`: no deadline).
 */
function checkLimits(limits: Record<string, number>, maxWaitMs: number): void {
  const issues: ValidationIssue[] = [];
  for (const [name, value] of Object.entries(limits)) {
    if (!(Number.isSafeInteger(value) && value >= 1)) issues.push({ path: [name], message: `must be a whole number ≥ 1 (got ${String(value)})`, code: 'invalid_value' });
  }
  if (typeof maxWaitMs !== 'number' || !(maxWaitMs >= 0)) issues.push({ path: ['maxWaitMs'], message: `must be a number of milliseconds ≥ 0, or Infinity (got ${String(maxWaitMs)})`, code: 'invalid_value' });
  if (issues.length > 0) throw new InvalidIngestOptionsError(issues);
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
