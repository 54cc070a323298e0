import type { CustomerState, JsonObject } from '@retain/core';
import { cloneJson } from '../ingest/clone-json.js';
import { copyState } from '../ingest/copy-state.js';
import { copyInto } from './copy-into.js';
import type { CustomerStore, ForgetReport, NextState, OutboxEntry, StateRef, StoredState, StoreTransaction } from './customer-store.js';
import { stateKey } from './customer-store.js';
import { reviveRecord } from './revive-state.js';

/**
 * Options of {@link createMemoryStore}.
 *
 * @example
 * ```ts
 * import { createMemoryStore, type MemoryStoreOptions, type StoredState } from '@retain/node';
 * declare const snapshot: StoredState[];
 * const options: MemoryStoreOptions = { initial: snapshot, maxSeen: 50_000 };
 * const store = createMemoryStore(options);
 * ```
 */
export interface MemoryStoreOptions {
  /**
   * Records to start with (e.g. a snapshot read from a file). Records of an older state
   * layout are migrated forward when read.
   * @default []
   */
  initial?: Iterable<StoredState>;
  /**
   * How many received message ids are remembered (the oldest are forgotten first), on top of
   * pruning by age.
   * @default 100000
   */
  maxSeen?: number;
}

interface Row {
  kind: StateRef['kind'];
  record: StoredState;
  /** Whether the record was written by this store (else it came from `initial`, unchecked). */
  checked: boolean;
  /**
   * Whether the record's state (memory) is a copy this store made for a transaction, which wrote
   * that same object back: nobody else holds it, so once the record is replaced it becomes the
   * spare.
   */
  ownState: boolean;
  ownMemory: boolean;
  /** Copies of an older version of the record that only this store holds: a transaction's copy is written into them ({@link copyInto}). */
  spareState: CustomerState | undefined;
  spareMemory: JsonObject | undefined;
}

/** A row whose record the store did not copy itself (an initial record). */
const NOT_OWN = { ownState: false, ownMemory: false, spareState: undefined, spareMemory: undefined } as const;

/**
 * The in-memory {@link CustomerStore}, for tests and throwaway scripts: everything is lost when
 * the process exits (use `createPGliteStore` or `createPostgresStore` to keep it). It keeps the
 * same contract as the durable stores — transactions run one at a time, `get` and `list` hand
 * out copies, records of an older layout are migrated forward — so that tests against it mean
 * something.
 *
 * @example
 * ```ts
 * import { createCustomerState } from '@retain/core';
 * import { createMemoryStore } from '@retain/node';
 * const store = createMemoryStore();
 * const ref = { kind: 'customer', id: 'user-42' } as const;
 * await store.update(ref, (current) => current ?? { state: createCustomerState('user-42'), memory: {} });
 * (await store.get(ref))?.version; // 1
 * ```
 */
export function createMemoryStore(options: MemoryStoreOptions = {}): CustomerStore {
  const name = 'memory';
  const rows = new Map<string, Row>();
  const seen = new Map<string, number>();
  const links = new Map<string, string>();
  const outbox = new Map<string, OutboxEntry & { claimedUntil: number }>();
  const maxSeen = Math.max(0, Math.floor(options.maxSeen ?? 100_000));
  // One writer at a time: a promise chain that every transaction (and update, delete) joins.
  let tail: Promise<unknown> = Promise.resolve();
  const exclusive = <T>(work: () => Promise<T>): Promise<T> => {
    const run = tail.then(work);
    tail = run.catch(() => undefined);
    return run;
  };
  const recordOf = (ref: StateRef, row: Row): StoredState => {
    if (row.checked) return row.record;
    const { state, memory, version, dueAt } = row.record;
    row.record = reviveRecord(name, ref, state, memory, version, dueAt ?? null, true);
    row.checked = true;
    return row.record;
  };
  for (const record of options.initial ?? []) {
    rows.set(stateKey(record.state), { kind: record.state.kind, record: cloneJson(record), checked: false, ...NOT_OWN });
  }

  const transaction = <T>(work: (tx: StoreTransaction) => Promise<T>): Promise<T> =>
    exclusive(async () => {
      const writes = new Map<string, { ref: StateRef; next: NextState | null; version: number }>();
      /** The transaction's copies of the records it read, by key. */
      const drafts = new Map<string, StoredState>();
      const remembered: Array<[string, number]> = [];
      const linked: Array<readonly [string, string]> = [];
      const enqueued: Array<OutboxEntry & { claimedUntil: number }> = [];
      const tx: StoreTransaction = {
        // The records handed out are the transaction's own copies (written into the row's spare
        // copies when it has them): the caller folds into them in place, and a transaction that
        // throws leaves the stored records as they were.
        ownedReads: true,
        async read(refs) {
          const found = new Map<string, StoredState>();
          for (const ref of refs) {
            const key = stateKey(ref);
            const row = rows.get(key);
            if (row === undefined || row.kind !== ref.kind) continue;
            let draft = drafts.get(key);
            if (draft === undefined) {
              const record = recordOf(ref, row);
              const state = row.spareState === undefined ? copyState(record.state) : copyInto(row.spareState, record.state);
              const memory = row.spareMemory === undefined ? copyState(record.memory) : copyInto(row.spareMemory, record.memory);
              // Taken out: a transaction that fails leaves them half folded.
              row.spareState = undefined;
              row.spareMemory = undefined;
              draft = { state, memory, version: record.version, dueAt: record.dueAt ?? null };
              drafts.set(key, draft);
            }
            found.set(key, draft);
          }
          return found;
        },
        write(ref, current, next) {
          writes.set(stateKey(ref), { ref, next, version: (current?.version ?? 0) + 1 });
        },
        remove(ref) {
          writes.set(stateKey(ref), { ref, next: null, version: 0 });
        },
        async seen(ids) {
          return new Set(ids.filter((id) => seen.has(id)));
        },
        remember(ids, at) {
          for (const id of ids) remembered.push([id, at]);
        },
        async links(anonymousIds) {
          const found = new Map<string, string>();
          for (const id of anonymousIds) {
            const user = links.get(id);
            if (user !== undefined) found.set(id, user);
          }
          return found;
        },
        link(pairs) {
          linked.push(...pairs);
        },
        enqueue(entries, claimedUntil) {
          for (const entry of entries) enqueued.push({ ...entry, attempts: 1, claimedUntil });
        },
      };
      const result = await work(tx);
      // Commit: nothing above touched the maps, so a throw leaves the store as it was.
      for (const [key, { ref, next, version }] of writes) {
        if (next === null) {
          rows.delete(key);
          continue;
        }
        // The transaction's own copy written back as it is: nobody else holds it (a state built
        // from parts of it, or a new object from the caller, may be held elsewhere: not reused).
        const draft = drafts.get(key);
        const old = rows.get(key);
        rows.set(key, {
          kind: ref.kind,
          record: { state: next.state, memory: next.memory, version, dueAt: next.dueAt ?? null },
          checked: true,
          ownState: draft !== undefined && next.state === draft.state,
          ownMemory: draft !== undefined && next.memory === draft.memory,
          spareState: old?.ownState === true ? old.record.state : undefined,
          spareMemory: old?.ownMemory === true ? old.record.memory : undefined,
        });
      }
      for (const [id, at] of remembered) {
        seen.delete(id);
        seen.set(id, at);
      }
      // One iterator for the whole eviction: a new one per id would walk again past the entries
      // deleted before it (a Map keeps them until it rehashes), tens of thousands per batch.
      if (seen.size > maxSeen) {
        const oldest = seen.keys();
        while (seen.size > maxSeen) {
          const next = oldest.next();
          if (next.done === true) break;
          seen.delete(next.value);
        }
      }
      for (const [anonymousId, userId] of linked) if (!links.has(anonymousId)) links.set(anonymousId, userId);
      for (const entry of enqueued) if (!outbox.has(entry.id)) outbox.set(entry.id, entry);
      return result;
    });

  return {
    name,
    async get(ref) {
      const row = rows.get(stateKey(ref));
      return row === undefined || row.kind !== ref.kind ? undefined : cloneJson(recordOf(ref, row));
    },
    update(ref, fn) {
      return transaction(async (tx) => {
        const current = (await tx.read([ref])).get(stateKey(ref));
        // A copy of the transaction's own: what `update` returns stays the caller's (never reused as a spare).
        const next = await fn(current === undefined ? undefined : cloneJson(current));
        tx.write(ref, current, next);
        return { state: next.state, memory: next.memory, version: (current?.version ?? 0) + 1, dueAt: next.dueAt ?? null };
      });
    },
    delete(ref) {
      return exclusive(async () => rows.delete(stateKey(ref)));
    },
    async *list(kind, listOptions = {}) {
      // Map iteration is live: records written while listing are seen once, deleted ones skipped.
      for (const [key, row] of rows) {
        if (row.kind !== kind) continue;
        let record: StoredState;
        try {
          record = cloneJson(recordOf({ kind, id: key.slice(kind.length + 1) }, row));
        } catch (error) {
          if (listOptions.onCorrupt === undefined) throw error;
          listOptions.onCorrupt(error as Parameters<typeof listOptions.onCorrupt>[0]);
          continue;
        }
        yield record;
      }
    },
    transaction,
    forget(customerId) {
      return exclusive(async (): Promise<ForgetReport> => {
        const report: ForgetReport = { states: 0, links: 0, outbox: 0 };
        const ids = new Set([customerId]);
        for (const [anonymousId, userId] of [...links]) {
          if (userId !== customerId && anonymousId !== customerId) continue;
          ids.add(anonymousId);
          links.delete(anonymousId);
          report.links++;
        }
        for (const id of ids) if (rows.delete(stateKey({ kind: 'customer', id }))) report.states++;
        for (const [id, entry] of [...outbox]) {
          if (!ids.has(entry.customerId)) continue;
          outbox.delete(id);
          report.outbox++;
        }
        return report;
      });
    },
    async claimOutbox(limit, leaseMs) {
      const now = Date.now();
      const claimed: OutboxEntry[] = [];
      for (const entry of outbox.values()) {
        if (claimed.length >= limit) break;
        if (entry.claimedUntil > now) continue;
        entry.claimedUntil = now + leaseMs;
        entry.attempts++;
        claimed.push(cloneJson({ id: entry.id, customerId: entry.customerId, payload: entry.payload, createdAt: entry.createdAt, attempts: entry.attempts }));
      }
      return claimed;
    },
    async ackOutbox(ids) {
      for (const id of ids) outbox.delete(id);
    },
    async due(before, limit) {
      const found: Array<StateRef & { dueAt: number }> = [];
      for (const row of rows.values()) {
        const dueAt = row.record.dueAt;
        if (dueAt !== undefined && dueAt !== null && dueAt <= before) found.push({ kind: row.kind, id: row.record.state.id, dueAt });
      }
      return found.sort((a, b) => a.dueAt - b.dueAt || (a.id < b.id ? -1 : 1)).slice(0, limit);
    },
    async pruneSeen(before) {
      let removed = 0;
      for (const [id, at] of [...seen]) {
        if (at >= before) continue;
        seen.delete(id);
        removed++;
      }
      return removed;
    },
    async close() {},
  };
}
