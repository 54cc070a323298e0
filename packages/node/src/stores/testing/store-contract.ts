/**
 * The contract every {@link CustomerStore} passes: memory, PGlite and PostgreSQL run these same
 * tests, and an adapter for another database is done when it passes them too
 * (see docs/guides/storage.md). Import it from a vitest file and hand it a harness.
 */
import { createCustomerState, isRetainError, type CustomerState } from '@retain/core';
import { describe, expect, it } from 'vitest';
import { CorruptStateError } from '../corrupt-state-error.js';
import type { CustomerStore, StateRef } from '../customer-store.js';

/** How the contract suite opens and pokes at one kind of store. */
export interface StoreHarness {
  /** A fresh store, empty but for `raw` rows written as they are, bypassing the store's checks (corrupt or old rows). */
  open(raw?: readonly RawRow[]): Promise<CustomerStore>;
  /**
   * Another store over the same data, as a second process would open it (its own
   * connections); the same store when the backend has a single connection.
   */
  another(store: CustomerStore): Promise<CustomerStore>;
  /** The most rows one database read returned since `open` (undefined where not measurable). */
  maxRowsPerRead?(store: CustomerStore): number | undefined;
  /** Rows written by the bulk test (smaller for slow backends). @default 50000 */
  bulkRows?: number;
}

/** A row as a database would hold it: any JSON as the state. */
export interface RawRow {
  ref: StateRef;
  state: unknown;
  memory: unknown;
}

const customer = (id: string): StateRef => ({ kind: 'customer', id });
const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const bump = (state: CustomerState): CustomerState => ({ ...state, eventCount: state.eventCount + 1 });

/**
 * Declares the contract tests for one store.
 *
 * @example
 * ```ts
 * import { createMemoryStore, type StoredState } from '@retain/node';
 * import { describeStoreContract } from '../packages/node/src/stores/testing/store-contract.js'; // from a file in test/
 * describeStoreContract('memory', {
 *   open: async (raw = []) => createMemoryStore({ initial: raw.map((r) => ({ state: r.state, memory: r.memory, version: 1 }) as StoredState) }),
 *   another: async (store) => store,
 * });
 * ```
 */
export function describeStoreContract(name: string, harness: StoreHarness): void {
  describe(`${name} store: the CustomerStore contract`, { timeout: 120_000 }, () => {
    it('gets, updates (version + 1), deletes and lists by kind', async () => {
      const store = await harness.open();
      expect(await store.get(customer('c1'))).toBeUndefined();
      const first = await store.update(customer('c1'), (current) => ({ state: current?.state ?? createCustomerState('c1'), memory: { n: 1 } }));
      expect(first.version).toBe(1);
      const second = await store.update(customer('c1'), (current) => ({ state: bump(current!.state), memory: { n: 2 }, dueAt: 1_000 }));
      expect(second).toMatchObject({ version: 2, memory: { n: 2 }, dueAt: 1_000 });
      expect(await store.get(customer('c1'))).toMatchObject({ version: 2, memory: { n: 2 }, state: { id: 'c1', eventCount: 1 } });
      await store.update({ kind: 'account', id: 'a1' }, () => ({ state: createCustomerState('a1', 'account'), memory: {} }));
      const ids: string[] = [];
      for await (const record of store.list('customer')) ids.push(record.state.id);
      expect(ids).toEqual(['c1']);
      expect(await store.delete(customer('c1'))).toBe(true);
      expect(await store.delete(customer('c1'))).toBe(false);
      expect(await store.get(customer('c1'))).toBeUndefined();
      expect((await store.get({ kind: 'account', id: 'a1' }))?.state.kind).toBe('account');
    });

    it('writes nothing when the update function or the transaction work throws', async () => {
      const store = await harness.open();
      await expect(store.update(customer('c'), () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
      expect(await store.get(customer('c'))).toBeUndefined();
      await expect(
        store.transaction(async (tx) => {
          await tx.read([customer('c')]);
          tx.write(customer('c'), undefined, { state: createCustomerState('c'), memory: {} });
          tx.remember(['m-1'], 1);
          tx.link([['anon-1', 'c']], 1);
          tx.enqueue([{ id: 'd-1', customerId: 'c', payload: {}, createdAt: 1 }], 0);
          throw new Error('after the writes');
        }),
      ).rejects.toThrow('after the writes');
      expect(await store.get(customer('c'))).toBeUndefined();
      await store.transaction(async (tx) => {
        expect([...(await tx.seen(['m-1']))]).toEqual([]);
        expect([...(await tx.links(['anon-1']))]).toEqual([]);
      });
      expect(await store.claimOutbox(10, 1_000)).toEqual([]);
    });

    it('folding in place into the records read (ownedReads), then throwing, leaves them as committed', async () => {
      const store = await harness.open();
      const refs = [customer('c1'), customer('c2')];
      const expected = new Map<string, { eventCount: number; traits: Record<string, unknown>; memory: Record<string, unknown> }>();
      // Committed rounds (where the memory store's copies are written into its spare copies), a failed one, more committed ones.
      for (let round = 1; round <= 6; round++) {
        const fails = round === 4;
        const work = store.transaction(async (tx) => {
          const found = await tx.read(refs);
          for (const ref of refs) {
            const current = found.get(`customer:${ref.id}`);
            const state = current === undefined ? createCustomerState(ref.id) : tx.ownedReads === true ? current.state : structuredClone(current.state);
            const memory = current === undefined ? {} : tx.ownedReads === true ? current.memory : structuredClone(current.memory);
            state.eventCount += 1;
            state.identity.traits[`t${round}`] = { value: round, at: round } as never;
            memory['round'] = round;
            memory[`m${round}`] = [round];
            tx.write(ref, current, { state, memory });
          }
          if (fails) throw new Error('after folding in place');
        });
        if (fails) {
          await expect(work).rejects.toThrow('after folding in place');
        } else {
          await work;
          for (const ref of refs) {
            const last = expected.get(ref.id);
            expected.set(ref.id, {
              eventCount: (last?.eventCount ?? 0) + 1,
              traits: { ...last?.traits, [`t${round}`]: { value: round, at: round } },
              memory: { ...last?.memory, round, [`m${round}`]: [round] },
            });
          }
        }
        for (const ref of refs) {
          const record = await store.get(ref);
          const want = expected.get(ref.id)!;
          expect(record?.state.eventCount).toBe(want.eventCount);
          expect(record?.state.identity.traits).toEqual(want.traits);
          expect(record?.memory).toEqual(want.memory);
        }
      }
    });

    it('hands out copies: mutating a returned record does not change the store', async () => {
      const store = await harness.open();
      await store.update(customer('c'), () => ({ state: createCustomerState('c'), memory: { k: 1 } }));
      const copy = await store.get(customer('c'));
      copy!.state.eventCount = 99;
      copy!.memory['k'] = 2;
      expect(await store.get(customer('c'))).toMatchObject({ state: { eventCount: 0 }, memory: { k: 1 } });
    });

    it('loses none of 50 concurrent updates of one key, from several connections', async () => {
      const store = await harness.open();
      const others = [store, await harness.another(store), await harness.another(store)];
      await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          others[i % others.length]!.update(customer('hot'), async (current) => {
            const state = current?.state ?? createCustomerState('hot');
            await tick(i % 3);
            return { state: bump(state), memory: {} };
          }),
        ),
      );
      const stored = await store.get(customer('hot'));
      expect(stored?.state.eventCount).toBe(50);
      expect(stored?.version).toBe(50);
    });

    it('a delete racing a pending update waits for it, then removes the record', async () => {
      const store = await harness.open();
      const other = await harness.another(store);
      await store.update(customer('r'), () => ({ state: createCustomerState('r'), memory: {} }));
      let inside!: () => void;
      const entered = new Promise<void>((resolve) => (inside = resolve));
      const updating = store.update(customer('r'), async (current) => {
        inside();
        await tick(30);
        return { state: bump(current!.state), memory: {} };
      });
      await entered;
      const deleting = other.delete(customer('r'));
      await updating;
      expect(await deleting).toBe(true);
      expect(await store.get(customer('r'))).toBeUndefined();
    });

    it('lists many rows in key order, page by page', async () => {
      const store = await harness.open();
      const total = harness.bulkRows ?? 50_000;
      const template = createCustomerState('x');
      for (let from = 0; from < total; from += 5_000) {
        await store.transaction(async (tx) => {
          for (let i = from; i < Math.min(total, from + 5_000); i++) {
            const id = `bulk-${String(i).padStart(6, '0')}`;
            tx.write(customer(id), undefined, { state: { ...template, id }, memory: {} });
          }
        });
      }
      let count = 0;
      let previous = '';
      let ordered = true;
      for await (const record of store.list('customer', { pageSize: 1_000 })) {
        if (record.state.id <= previous) ordered = false;
        previous = record.state.id;
        count++;
        if (count === 1) {
          // Lazy: pulling the first record read one page, not the table.
          const rows = harness.maxRowsPerRead?.(store);
          if (rows !== undefined) expect(rows).toBeLessThanOrEqual(5_000);
        }
      }
      expect(count).toBe(total);
      expect(ordered).toBe(true);
      const rows = harness.maxRowsPerRead?.(store);
      if (rows !== undefined) expect(rows).toBeLessThanOrEqual(5_000);
    });

    it('reports a row whose state no longer parses with its key, never skipping it in silence', async () => {
      const store = await harness.open([{ ref: customer('b-bad'), state: { ...createCustomerState('b-bad'), visits: 'lots' }, memory: {} }]);
      await store.update(customer('a-good'), () => ({ state: createCustomerState('a-good'), memory: {} }));
      await store.update(customer('c-good'), () => ({ state: createCustomerState('c-good'), memory: {} }));
      const error = await store.get(customer('b-bad')).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(CorruptStateError);
      expect((error as CorruptStateError).key).toBe('customer:b-bad');
      expect((error as CorruptStateError).message).toMatch(/customer:b-bad[^]*visits/);
      const listing = async (options = {}) => {
        const ids: string[] = [];
        for await (const record of store.list('customer', options)) ids.push(record.state.id);
        return ids;
      };
      await expect(listing()).rejects.toSatisfy((e: unknown) => isRetainError(e) && (e as CorruptStateError).key === 'customer:b-bad');
      const reported: string[] = [];
      expect(await listing({ onCorrupt: (e: CorruptStateError) => reported.push(e.key) })).toEqual(['a-good', 'c-good']);
      expect(reported).toEqual(['customer:b-bad']);
    });

    it('migrates a state written by an older layout forward on read', async () => {
      const current = createCustomerState('old');
      const v1 = { ...current, version: 1, seen: [[Date.parse('2026-11-01T00:00:00Z'), 'm-old']] };
      const store = await harness.open([{ ref: customer('old'), state: v1, memory: { rules: { lastFired: {}, fired: {} } } }]);
      const read = await store.get(customer('old'));
      expect(read?.state.version).toBe(current.version);
      expect(read?.state.seen.ids).toEqual(['m-old']);
      // and the next write stores the current layout
      await store.update(customer('old'), (record) => ({ state: bump(record!.state), memory: record!.memory }));
      expect((await store.get(customer('old')))?.state).toMatchObject({ version: current.version, eventCount: 1 });
    });

    it('remembers message ids and identity links (the first link wins), in the transaction', async () => {
      const store = await harness.open();
      const other = await harness.another(store);
      await store.transaction(async (tx) => {
        tx.remember(['m-1', 'm-2'], 1_000);
        tx.link([['anon-1', 'ada'], ['anon-2', 'bea']], 1_000);
      });
      await other.transaction(async (tx) => {
        expect([...(await tx.seen(['m-1', 'm-3']))]).toEqual(['m-1']);
        tx.link([['anon-1', 'someone-else']], 2_000);
      });
      await store.transaction(async (tx) => {
        expect(Object.fromEntries(await tx.links(['anon-1', 'anon-2', 'anon-3']))).toEqual({ 'anon-1': 'ada', 'anon-2': 'bea' });
      });
      expect(await store.pruneSeen(1_001)).toBe(2);
      await store.transaction(async (tx) => expect((await tx.seen(['m-1'])).size).toBe(0));
    });

    it('keeps decisions in the outbox until acknowledged: claims are exclusive, leases run out', async () => {
      const store = await harness.open();
      const other = await harness.another(store);
      await store.transaction(async (tx) => {
        tx.enqueue(
          [
            { id: 'd-1', customerId: 'ada', payload: { n: 1 }, createdAt: 1 },
            { id: 'd-2', customerId: 'bea', payload: { n: 2 }, createdAt: 2 },
          ],
          Date.now() + 60_000, // claimed by the writer
        );
      });
      expect(await other.claimOutbox(10, 50)).toEqual([]);
      await store.transaction(async (tx) => tx.enqueue([{ id: 'd-3', customerId: 'ada', payload: { n: 3 }, createdAt: 3 }], 0));
      const claimed = await other.claimOutbox(10, 50);
      expect(claimed).toEqual([{ id: 'd-3', customerId: 'ada', payload: { n: 3 }, createdAt: 3, attempts: 2 }]);
      expect(await store.claimOutbox(10, 50)).toEqual([]); // held by the other
      await tick(80);
      expect((await store.claimOutbox(10, 50)).map((e) => [e.id, e.attempts])).toEqual([['d-3', 3]]); // the lease ran out
      await store.ackOutbox(['d-3']);
      await tick(80);
      expect(await store.claimOutbox(10, 50)).toEqual([]);
    });

    it('forgets a customer: state, linked anonymous states, links and pending decisions', async () => {
      const store = await harness.open();
      await store.transaction(async (tx) => {
        await tx.read([customer('ada'), customer('anon-1'), customer('bea')]);
        for (const id of ['ada', 'anon-1', 'bea']) tx.write(customer(id), undefined, { state: createCustomerState(id), memory: { rules: { lastFired: { r: 1 }, fired: {} } } });
        tx.link([['anon-1', 'ada'], ['anon-2', 'bea']], 1);
        tx.enqueue([{ id: 'd-ada', customerId: 'ada', payload: {}, createdAt: 1 }, { id: 'd-bea', customerId: 'bea', payload: {}, createdAt: 1 }], 0);
      });
      expect(await store.forget('ada')).toEqual({ states: 2, links: 1, outbox: 1 });
      expect(await store.get(customer('ada'))).toBeUndefined();
      expect(await store.get(customer('anon-1'))).toBeUndefined();
      expect(await store.get(customer('bea'))).toBeDefined();
      await store.transaction(async (tx) => expect(Object.fromEntries(await tx.links(['anon-1', 'anon-2']))).toEqual({ 'anon-2': 'bea' }));
      expect((await store.claimOutbox(10, 1_000)).map((e) => e.id)).toEqual(['d-bea']);
      expect(await store.forget('nobody')).toEqual({ states: 0, links: 0, outbox: 0 });
    });

    it('finds the records due, earliest first', async () => {
      const store = await harness.open();
      for (const [id, dueAt] of [['c1', 300], ['c2', 100], ['c3', null], ['c4', 200]] as const) {
        await store.update(customer(id), () => ({ state: createCustomerState(id), memory: {}, dueAt }));
      }
      expect(await store.due(250, 10)).toEqual([
        { kind: 'customer', id: 'c2', dueAt: 100 },
        { kind: 'customer', id: 'c4', dueAt: 200 },
      ]);
      expect(await store.due(1_000, 1)).toEqual([{ kind: 'customer', id: 'c2', dueAt: 100 }]);
    });

    it('creates a new record once when two connections race to create it', async () => {
      const store = await harness.open();
      const stores = [store, await harness.another(store)];
      await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          stores[i % 2]!.transaction(async (tx) => {
            const ref = customer(`new-${i % 3}`);
            const current = (await tx.read([ref])).get(`customer:${ref.id}`);
            await tick(1);
            tx.write(ref, current, { state: bump(current?.state ?? createCustomerState(ref.id)), memory: {} });
          }),
        ),
      );
      const counts = await Promise.all([0, 1, 2].map(async (i) => (await store.get(customer(`new-${i}`)))?.state.eventCount));
      expect(counts).toEqual([4, 3, 3]);
    });
  });
}
