/**
 * Where Retain keeps what it knows: customer and account states, identity links, the recent
 * message ids, and the outbox of decisions. An interface so that any database can back it:
 * {@link createMemoryStore} (tests), `createPGliteStore` (embedded, durable) and
 * `createPostgresStore` (production) implement it and pass the same contract suite.
 */
import type { CustomerState, JsonObject } from '@retain/core';

/**
 * Which state: a customer (keyed by `userId`, else `anonymousId`) or a B2B account (`groupId`).
 *
 * @example
 * ```ts
 * import type { StateRef } from '@retain/node';
 * const ref: StateRef = { kind: 'account', id: 'acct-7' };
 * ```
 */
export interface StateRef {
  kind: CustomerState['kind'];
  id: string;
}

/**
 * What a store keeps per customer or account. Plain JSON: store it as one document/row.
 *
 * @example
 * ```ts
 * import { createCustomerState } from '@retain/core';
 * import type { StoredState } from '@retain/node';
 * const record: StoredState = { state: createCustomerState('user-42'), memory: {}, version: 1 };
 * const row = JSON.stringify(record); // one row per customer
 * ```
 */
export interface StoredState {
  /** The folded customer (or account) state. */
  state: CustomerState;
  /** Data kept for the rules, journeys and send checks (rule firings, journey positions…). JSON only. */
  memory: JsonObject;
  /** Bumped by one on every write (1 for a new record); adapters use it for compare-and-set. */
  version: number;
  /**
   * When this customer next needs an evaluation without an event (a rule's `nextDueAt`, a
   * journey's wait), in epoch ms; `null` or absent when nothing is scheduled. Indexed by
   * the durable stores, so that a scheduler reads only the customers due ({@link CustomerStore.due}).
   */
  dueAt?: number | null;
}

/**
 * The next record of a key, as an update function returns it (the store sets `version`).
 *
 * @example
 * ```ts
 * import { createCustomerState } from '@retain/core';
 * import type { NextState } from '@retain/node';
 * const next: NextState = { state: createCustomerState('user-42'), memory: {}, dueAt: null };
 * ```
 */
export type NextState = Omit<StoredState, 'version'>;

/**
 * A decision waiting in the outbox: written in the same transaction as the state that records
 * it, delivered after commit, and delivered again (at least once) until acknowledged.
 *
 * @example
 * ```ts
 * import type { OutboxEntry } from '@retain/node';
 * const entry: OutboxEntry = { id: 'user-42/m-1/welcome/welcome-1', customerId: 'user-42', payload: { allowed: true }, createdAt: 0, attempts: 1 };
 * ```
 */
export interface OutboxEntry {
  /** Stable across redeliveries: a receiver dedupes on it. */
  id: string;
  customerId: string;
  /** The decision, as JSON. */
  payload: JsonObject;
  /** When it was written (epoch ms). */
  createdAt: number;
  /** How many times it was handed out for delivery (1 after the first claim). */
  attempts: number;
}

/**
 * What {@link CustomerStore.forget} removed.
 *
 * @example
 * ```ts
 * import type { ForgetReport } from '@retain/node';
 * const report: ForgetReport = { states: 2, links: 1, outbox: 0 };
 * ```
 */
export interface ForgetReport {
  /** Records removed: the customer's, and those of the anonymous visitors linked to them. */
  states: number;
  /** Identity links removed (`anonymousId → userId`). */
  links: number;
  /** Outbox entries removed (decisions not yet delivered). */
  outbox: number;
}

/**
 * Options of {@link CustomerStore.list}.
 *
 * @example
 * ```ts
 * import type { ListOptions } from '@retain/node';
 * const options: ListOptions = { pageSize: 500, onCorrupt: (error) => console.error(error.key, error.message) };
 * ```
 */
export interface ListOptions {
  /**
   * Records read per round trip (durable stores read in keyset pages of this size).
   * @default 500
   */
  pageSize?: number;
  /**
   * Called for a record whose state no longer parses; the listing continues with the next
   * record. Without it, such a record ends the listing with the error (never skipped in silence).
   */
  onCorrupt?: (error: import('./corrupt-state-error.js').CorruptStateError) => void;
}

/**
 * One unit of work of the ingest handler, inside one store transaction: everything it reads
 * and writes commits together or not at all. Reads lock what they read until the end of the
 * transaction; writes are buffered and written at commit in a few multi-row statements.
 *
 * The work function may run more than once (a durable store retries it after a write
 * conflict or a deadlock), so it must have no effect outside the transaction.
 *
 * @example
 * ```ts
 * import { applyEvent, createCustomerState, type RetainEvent } from '@retain/core';
 * import { createMemoryStore } from '@retain/node';
 * declare const event: RetainEvent;
 * const store = createMemoryStore();
 * await store.transaction(async (tx) => {
 *   if ((await tx.seen([event.messageId])).size > 0) return; // a retry
 *   const records = await tx.read([{ kind: 'customer', id: 'user-42' }]);
 *   const current = records.get('customer:user-42');
 *   const state = applyEvent(current?.state ?? createCustomerState('user-42'), event);
 *   tx.write({ kind: 'customer', id: 'user-42' }, current, { state, memory: current?.memory ?? {} });
 *   tx.remember([event.messageId], Date.now());
 * });
 * ```
 */
export interface StoreTransaction {
  /**
   * The records of `refs`, locked until the end of the transaction, by key (`kind:id`, see
   * {@link stateKey}). Absent keys have no record. Do not mutate the records unless
   * {@link StoreTransaction.ownedReads} says they are the transaction's own (fold into a copy,
   * or immutably with `applyEvent`).
   */
  read(refs: readonly StateRef[]): Promise<Map<string, StoredState>>;
  /**
   * Optional: true when the records {@link StoreTransaction.read} returns are new objects that
   * only this transaction holds (the SQL stores parse them from the rows), so the caller may
   * fold into them in place; absent or false, they may be the store's own (the memory store
   * keeps its records as objects) and the ingest handler copies one before folding into it.
   */
  readonly ownedReads?: boolean;
  /** Writes `next` for `ref`; `current` is the record read (or `undefined` for a new one). */
  write(ref: StateRef, current: StoredState | undefined, next: NextState): void;
  /** Removes the record of `ref` (read in this transaction). */
  remove(ref: StateRef): void;
  /** Which of these message ids were already received (within the store's dedupe window). */
  seen(messageIds: readonly string[]): Promise<Set<string>>;
  /** Records these message ids as received at `at` (epoch ms). */
  remember(messageIds: readonly string[], at: number): void;
  /** The users these anonymous ids are linked to (`anonymousId → userId`); unlinked ids are absent. */
  links(anonymousIds: readonly string[]): Promise<Map<string, string>>;
  /**
   * Optional: {@link StoreTransaction.seen} and {@link StoreTransaction.links} in one round
   * trip, for stores where each costs one (the SQL stores). The ingest handler uses it when
   * present; `anonymousIds` may name ids of events that turn out to be repeats.
   */
  seenAndLinks?(messageIds: readonly string[], anonymousIds: readonly string[]): Promise<{ seen: Set<string>; links: Map<string, string> }>;
  /** Links anonymous visitors to users; an anonymous id already linked keeps its first user. */
  link(pairs: ReadonlyArray<readonly [anonymousId: string, userId: string]>, at: number): void;
  /** Adds decisions to the outbox, claimed by this process until `claimedUntil` (epoch ms). */
  enqueue(entries: readonly Omit<OutboxEntry, 'attempts'>[], claimedUntil: number): void;
}

/**
 * Storage for customer and account states, and for everything the ingest handler must not
 * keep only in memory.
 *
 * **Contract** (checked by the contract suite that every store passes):
 * - `update(ref, fn)` and `transaction(work)` are atomic: no two writers of the same key
 *   interleave, across connections and processes; `fn`/`work` may run again after a
 *   conflict, so they must be free of outside effects. When they throw, nothing is written.
 * - `get` returns the last committed record, migrated forward when an older version of
 *   Retain wrote it; a record that no longer parses raises `CorruptStateError` with its key.
 * - `delete` waits for a pending update of the key and then removes the record;
 *   `forget` erases a customer everywhere (GDPR).
 * - `list` yields every record of a kind in pages, never holding the whole table.
 * - Failures of the database itself raise `StoreUnavailableError`, naming the store.
 *
 * @example
 * ```ts
 * import { createMemoryStore, type CustomerStore } from '@retain/node';
 * const store: CustomerStore = createMemoryStore();
 * await store.forget('user-42'); // state, links, rule memory and pending decisions
 * ```
 */
export interface CustomerStore {
  /** The store's name in errors and logs (`memory`, `pglite`, `postgres`…). */
  readonly name: string;
  /** The record of `ref`, or `undefined` when unknown. */
  get(ref: StateRef): Promise<StoredState | undefined>;
  /**
   * Atomically replaces the record of `ref` by `fn(current)`. Resolves to the record written
   * (its `version` one above the previous one, 1 for a new record).
   */
  update(ref: StateRef, fn: (current: StoredState | undefined) => NextState | Promise<NextState>): Promise<StoredState>;
  /** Removes the record of `ref`. Resolves to whether there was one. */
  delete(ref: StateRef): Promise<boolean>;
  /** Every record of one kind, in key order, read page by page. */
  list(kind: StateRef['kind'], options?: ListOptions): AsyncIterable<StoredState>;
  /** Runs `work` in one transaction (see {@link StoreTransaction}); resolves to its result after commit. */
  transaction<T>(work: (tx: StoreTransaction) => Promise<T>): Promise<T>;
  /**
   * Erases a customer: their record, the records of anonymous visitors linked to them, the
   * links, and the decisions not yet delivered. Rule memory and journey positions live in
   * the record, so they go with it.
   */
  forget(customerId: string): Promise<ForgetReport>;
  /**
   * Claims up to `limit` outbox entries that nobody holds (never claimed, or whose claim ran
   * out), for `leaseMs`; each claim adds one to `attempts`. Oldest first.
   */
  claimOutbox(limit: number, leaseMs: number): Promise<OutboxEntry[]>;
  /** Removes delivered entries from the outbox. */
  ackOutbox(ids: readonly string[]): Promise<void>;
  /** References of up to `limit` records whose `dueAt` is at or before `before`, earliest first. */
  due(before: number, limit: number): Promise<Array<StateRef & { dueAt: number }>>;
  /** Removes message ids received before `before` (epoch ms); resolves to how many. */
  pruneSeen(before: number): Promise<number>;
  /** Releases what the store opened itself (not a client the host passed in). */
  close(): Promise<void>;
}

/**
 * The key of a record in {@link StoreTransaction.read}'s map: `kind:id`.
 *
 * @example
 * ```ts
 * import { stateKey } from '@retain/node';
 * stateKey({ kind: 'customer', id: 'user-42' }); // 'customer:user-42'
 * ```
 */
export function stateKey(ref: StateRef): string {
  return `${ref.kind}:${ref.id}`;
}
