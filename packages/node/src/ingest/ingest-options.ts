/**
 * The ingest endpoint's public types: its options, its answers and the handler itself
 * ({@link createIngestHandler} in `ingest-handler.ts` builds it).
 */
import type { CustomerStore } from '../stores/customer-store.js';
import type { IngestDecision, RulesContext, RulesOutcome, SendContext, SendVerdict } from './decision.js';
import type { CorsOrigins } from './cors.js';
import type { RejectedEvent } from './parse-batch.js';
import type { MessageCatalogue } from './engine-adapters.js';
import type { RuleInput, RuleSet } from '../rules/compile-rule.js';
import type { JourneyInput } from '../journeys/compile-journey.js';
import type { SendPolicyInput } from '../sending/send-policy.js';

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
   * Most store transactions the endpoint runs at once. Batches that arrive while they all run
   * wait, and the next transaction folds the waiting ones together (up to
   * `maxEventsPerTransaction` events), as one larger batch would be: each answer still reports its
   * own events and decisions. A transaction's fixed costs (round trips, the commit) are then paid
   * once for several batches — most of what a small browser batch costs with PostgreSQL. Set it
   * to about the number of connections the store should use at once.
   * @default 4
   */
  maxTransactions?: number;
  /**
   * Most events folded together into one transaction (a single batch larger than this still
   * runs, alone).
   * @default 1000
   */
  maxEventsPerTransaction?: number;
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
