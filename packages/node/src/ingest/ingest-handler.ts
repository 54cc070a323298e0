import { accountIdOf, applyEvent, createCustomerState, isDuplicateEvent, isRetainError, KnownEvent } from '@retain/core';
import type { JsonObject, RetainEvent } from '@retain/core';
import { cloneJson } from './clone-json.js';
import { corsHeaders, preflightResponse, type CorsOrigins } from './cors.js';
import type { CustomerStore, StateRef, StoredState } from './customer-store.js';
import type { IngestDecision, ProposedMessage, RulesContext, RulesOutcome, SendContext, SendVerdict } from './decision.js';
import { MalformedBatchError } from './malformed-batch-error.js';
import { createMemoryStore } from './memory-store.js';
import { IdentityLinks } from './identity-links.js';
import { MessageIdWindow } from './message-id-window.js';
import { parseBatch, type RejectedEvent } from './parse-batch.js';
import { PayloadTooLargeError } from './payload-too-large-error.js';
import { readBodyWithLimit } from './read-body.js';
import { UnauthorizedError } from './unauthorized-error.js';
import { writeKeyFromHeader } from './write-key.js';
import { engineRules, enginePolicy, type MessageCatalogue } from './engine-adapters.js';
import type { RuleInput, RuleSet } from '../rules/compile-rule.js';
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
   * How many recent `messageId`s are remembered to drop retried deliveries (0 disables).
   * Each customer state also remembers its own 256 latest ids, so a retry older than this
   * window is still caught for that customer.
   * @default 10000
   */
  dedupeWindow?: number;
  /**
   * How many `anonymousId → userId` links are remembered (learnt from events that carry both,
   * e.g. `identify`), so that an anonymous visitor's events sent with or after the link go to
   * their user's state (0 disables). Per process.
   *
   * Independently of this memory, when a user's first stored event links an anonymous visitor
   * (a sign-up: browse, then `identify`), the user's state continues from the anonymous state,
   * which is then removed. A user who already has a state (a known customer on a new device)
   * keeps it, and the anonymous state stays apart.
   * @default 10000
   */
  identityLinks?: number;
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
 * 405 (method), 413 (too large), 503 (the store failed: nothing acknowledged, retry).
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
export function createIngestHandler(options: IngestOptions): FetchHandler {
  const store = options.store ?? createMemoryStore();
  const limit = options.maxBodyBytes ?? MAX_BODY_BYTES;
  const origins = options.cors ?? '*';
  const now = options.now ?? Date.now;
  const onError = options.onError ?? ((error: unknown) => console.error(error));
  const seen = new MessageIdWindow(options.dedupeWindow ?? 10_000);
  const links = new IdentityLinks(options.identityLinks ?? 10_000);
  const keys = options.writeKeys;
  const isValidKey = typeof keys === 'function' ? keys : (key: string) => keys.includes(key);
  const hooks: Hooks = {
    rules: options.rules === undefined ? undefined : typeof options.rules === 'function' ? options.rules : engineRules(options.rules),
    policy: typeof options.policy === 'function' ? options.policy : enginePolicy(options.policy ?? defaultPolicy, options.messages),
  };

  return async (request) => {
    const cors = origins === false ? undefined : corsHeaders(origins, request.headers.get('origin'));
    const json = (status: number, body: IngestResult | IngestErrorBody, extra: Record<string, string> = {}) =>
      new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json; charset=utf-8', ...cors, ...extra } });
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

    let parsed: ReturnType<typeof parseBatch>;
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

    // Duplicates: remembered ids, and repeats inside this batch.
    const fresh: RetainEvent[] = [];
    const inBatch = new Set<string>();
    let duplicates = 0;
    for (const { event } of parsed.events) {
      if (seen.has(event.messageId) || inBatch.has(event.messageId)) duplicates++;
      else {
        inBatch.add(event.messageId);
        fresh.push(event);
      }
    }

    // Identity: link anonymous visitors to their user first, so the whole batch is routed alike.
    for (const event of fresh) if (event.userId !== undefined && event.anonymousId !== undefined) links.link(event.anonymousId, event.userId);
    const customerOf = (event: RetainEvent) => event.userId ?? (event.anonymousId === undefined ? '' : (links.userOf(event.anonymousId) ?? event.anonymousId));

    const at = now();
    const decisions: IngestDecision[] = [];
    let folded: FoldCount;
    try {
      folded = await store_(store, fresh, customerOf, at, hooks, decisions, seen);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      return json(503, { ok: false, error: { name: isRetainError(error) ? error.name : 'StoreError', message: `could not store the batch, retry later: ${message}` } }, { 'retry-after': '1' });
    }

    for (const error of folded.errors) onError(error);
    for (const decision of decisions) {
      try {
        await options.onDecision?.(decision);
      } catch (error) {
        onError(error);
      }
    }

    const rejected = parsed.rejected;
    if (rejected.length > 0) {
      try {
        options.onRejected?.(rejected, request);
      } catch (error) {
        onError(error);
      }
    }
    const accepted = folded.applied;
    const result: IngestResult = {
      ok: rejected.length === 0,
      accepted,
      duplicates: duplicates + folded.duplicates,
      rejected,
      decisions: { allowed: decisions.filter((d) => d.allowed).length, refused: decisions.filter((d) => !d.allowed).length },
    };
    const status = rejected.length === 0 ? 200 : parsed.events.length === 0 ? 400 : 207;
    return json(status, result);
  };
}

interface Hooks {
  rules: IngestRules | undefined;
  policy: IngestPolicy;
}

interface FoldCount {
  applied: number;
  duplicates: number;
  /** Errors thrown by the rules or the send checks (the events were stored). */
  errors: unknown[];
}

interface Outcome extends FoldCount {
  decisions: IngestDecision[];
}

/** Folds the fresh events into the account states, then the customer states (running rules), per key in parallel. */
async function store_(
  store: CustomerStore,
  events: readonly RetainEvent[],
  customerOf: (event: RetainEvent) => string,
  at: number,
  hooks: Hooks,
  decisions: IngestDecision[],
  seen: MessageIdWindow,
): Promise<FoldCount> {
  const byAccount = groupBy(events, accountIdOf);
  const byCustomer = groupBy(events, customerOf);
  const count: FoldCount = { applied: 0, duplicates: 0, errors: [] };
  const perCustomer: IngestDecision[][] = [];

  await Promise.all(
    [...byAccount].map(([id, list]) =>
      store.update({ kind: 'account', id }, (current) => {
        let state = current?.state ?? createCustomerState(id, 'account');
        for (const event of list) state = applyEvent(state, event);
        return { state, memory: current?.memory ?? {} };
      }),
    ),
  );

  await Promise.all(
    [...byCustomer].map(async ([id, list], index) => {
      const ref: StateRef = { kind: 'customer', id };
      let outcome: Outcome = { applied: 0, duplicates: 0, decisions: [], errors: [] };
      let adopted: string | undefined;
      await store.update(ref, async (current) => {
        // May run more than once with a compare-and-set store: keep no effects outside `outcome`.
        outcome = { applied: 0, duplicates: 0, decisions: [], errors: [] };
        adopted = undefined;
        let start = current;
        if (start === undefined) {
          // A new user identifying: continue from what was stored for them as an anonymous visitor.
          for (const anonymousId of anonymousIdsOf(id, list)) {
            const anonymous = await store.get({ kind: 'customer', id: anonymousId });
            if (anonymous === undefined) continue;
            adopted = anonymousId;
            start = { ...anonymous, state: { ...anonymous.state, id } };
            break;
          }
        }
        return foldCustomer(store, start, id, list, at, hooks, outcome);
      });
      if (adopted !== undefined) await store.delete({ kind: 'customer', id: adopted });
      count.applied += outcome.applied;
      count.duplicates += outcome.duplicates;
      count.errors.push(...outcome.errors);
      perCustomer[index] = outcome.decisions;
      for (const event of list) seen.add(event.messageId);
    }),
  );
  // Decisions in the order the customers appear in the batch, whatever finished first.
  for (const list of perCustomer) if (list !== undefined) decisions.push(...list);
  return count;
}

/** The anonymous ids this user's events link to them (first seen first). */
function anonymousIdsOf(userId: string, events: readonly RetainEvent[]): string[] {
  const ids: string[] = [];
  for (const e of events) if (e.userId === userId && e.anonymousId !== undefined && e.anonymousId !== userId && !ids.includes(e.anonymousId)) ids.push(e.anonymousId);
  return ids;
}

async function foldCustomer(
  store: CustomerStore,
  current: StoredState | undefined,
  id: string,
  events: readonly RetainEvent[],
  at: number,
  hooks: Hooks,
  outcome: Outcome,
): Promise<Omit<StoredState, 'version'>> {
  let state = current?.state ?? createCustomerState(id);
  let memory: JsonObject = current === undefined ? {} : cloneJson(current.memory);
  for (const event of events) {
    if (isDuplicateEvent(state, event)) {
      outcome.duplicates++;
      continue;
    }
    state = applyEvent(state, event);
    outcome.applied++;
    if (hooks.rules === undefined) continue;
    const accountId = state.identity.accountId;
    const account = accountId === null ? undefined : (await store.get({ kind: 'account', id: accountId }))?.state;
    let proposed: RulesOutcome;
    try {
      proposed = await hooks.rules({ state, account, event, now: at, memory });
    } catch (error) {
      outcome.errors.push(error);
      continue;
    }
    if (proposed.memory !== undefined) memory = proposed.memory;
    for (const message of proposed.messages) {
      let verdict: SendVerdict;
      try {
        verdict = await hooks.policy({ state, message, now: at, memory });
      } catch (error) {
        outcome.errors.push(error);
        continue;
      }
      if (verdict.memory !== undefined) memory = verdict.memory;
      outcome.decisions.push({
        customerId: id,
        accountId,
        trigger: { messageId: event.messageId, type: event.type, event: event.type === 'track' ? event.event : null, timestamp: event.timestamp },
        message,
        allowed: verdict.allowed,
        reasons: [...verdict.reasons],
        score: verdict.score ?? message.score ?? null,
        goodwill: verdict.goodwill ?? null,
        at,
      });
      if (verdict.allowed) state = applyEvent(state, sentEvent(event, verdict.score === undefined ? message : { ...message, score: verdict.score }, at));
    }
  }
  return { state, memory };
}

/** The `Message Sent` event recorded for an allowed message, so goodwill and frequency see it. */
function sentEvent(trigger: RetainEvent, message: ProposedMessage, at: number): RetainEvent {
  const properties: JsonObject = { message_id: message.id, channel: message.channel, rule: message.rule };
  if (message.campaign !== undefined) properties['campaign'] = message.campaign;
  if (message.score !== undefined) properties['score'] = message.score;
  return {
    type: 'track',
    event: KnownEvent.MessageSent,
    properties,
    messageId: `sent:${trigger.messageId}:${message.rule}:${message.id}`,
    timestamp: new Date(at).toISOString(),
    ...(trigger.userId === undefined ? {} : { userId: trigger.userId }),
    ...(trigger.anonymousId === undefined ? {} : { anonymousId: trigger.anonymousId }),
  };
}

function groupBy(events: readonly RetainEvent[], keyOf: (event: RetainEvent) => string | undefined): Map<string, RetainEvent[]> {
  const groups = new Map<string, RetainEvent[]>();
  for (const event of events) {
    const key = keyOf(event);
    if (key === undefined || key === '') continue;
    const list = groups.get(key);
    if (list === undefined) groups.set(key, [event]);
    else list.push(event);
  }
  return groups;
}
