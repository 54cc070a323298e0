/**
 * Crash: three ingest processes over one PostgreSQL schema; in the middle of the load one of them
 * is killed with SIGKILL while it holds committed decisions it has not delivered (its
 * `onDecision` is stuck, like an email API that hangs). The clients retry every unacknowledged
 * batch on the other instances. Afterwards: no acknowledged event lost, none counted twice (the
 * states equal the fold of the events), and the dead instance's decisions are delivered — by
 * itself after a restart or by another instance once their lease ran out — so the decisions
 * delivered are exactly the single-process run's.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freshSchema, postgresAvailable, postgresUrl } from '../../../../test/helpers/postgres.js';
import { openDatabase, readDecisions, startInstance, type Instance, type InstancesSetup } from '../../../../bench/ingest/instances.js';
import { killServer, runLoad, stopServer } from '../../../../bench/ingest/processes.js';
import { compareWithReference, referenceRun } from '../../../../bench/ingest/reference.js';
import { DEFAULT_WORKLOAD } from '../../../../bench/ingest/workload.js';

const available = await postgresAvailable();
const started: Instance[] = [];
let loadChild: ChildProcess | undefined;
afterAll(async () => {
  await Promise.all([...started.map((i) => i.child), ...(loadChild === undefined ? [] : [loadChild])].map(killServer));
});

const workload = { ...DEFAULT_WORKLOAD, customers: 400, batchSize: 50 };
const BATCHES = 120; // 6,000 events, 15 per customer
const LEASE_MS = 5_000; // longer than the two reads of the outbox below take, even on a loaded machine
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.skipIf(!available)('an ingest instance killed (SIGKILL) in the middle of the load', () => {
  it('loses no acknowledged event, counts none twice, and its undelivered decisions are delivered', { timeout: 120_000 }, async () => {
    const schema = freshSchema('crash');
    const dir = await mkdtemp(join(tmpdir(), 'retain-crash-'));
    const setup: InstancesSetup = { url: postgresUrl, schema, dir, args: ['--lease-ms', String(LEASE_MS), '--redeliver-ms', '500'] };
    const db = openDatabase(postgresUrl, schema);
    try {
      const reference = referenceRun(BATCHES, workload);
      const victim = await startInstance(setup, 0, 0, ['--stall-decisions-after', '3']);
      started.push(victim);
      started.push(...(await Promise.all([1, 2].map((i) => startInstance(setup, i)))));
      const urls = started.map((i) => i.url);
      const loading = runLoad(['--urls', urls.join(','), '--batches', String(BATCHES), '--customers', String(workload.customers), '--batch-size', String(workload.batchSize), '--in-flight', '8']);
      loadChild = loading.child;

      await victim.waitFor(/stalled/, 60_000); // it holds committed decisions it cannot deliver
      await sleep(400);
      await killServer(victim.child); // kill -9: nothing cleaned up, connections cut
      // What stays in the outbox while the others go on: the dead instance's claimed decisions.
      const soon = new Set((await db.outbox()).ids);
      await sleep(1_000);
      const orphans = (await db.outbox()).ids.filter((id) => soon.has(id));
      expect(orphans.length).toBeGreaterThan(0);

      const restarted = await startInstance(setup, 0, victim.port); // the same address: clients reach it again
      started.push(restarted);
      const load = await loading;
      for (let waited = 0; (await db.outbox()).pending > 0 && waited < 20_000; waited += 250) await sleep(250);
      await Promise.all(started.map((i) => stopServer(i.child)));

      expect(load.statuses['0']).toBeGreaterThan(0); // requests cut by the kill (or refused while it was down), retried elsewhere
      expect(load.statuses['200']).toBe(BATCHES); // each batch acknowledged once, in the end
      const ref = await reference;
      const delivered = readDecisions(started.map((i) => i.decisionsFile));
      const ids = new Set(delivered.map((d) => d.id));
      expect(orphans.filter((id) => !ids.has(id))).toEqual([]); // the dead instance's decisions, delivered
      const comparison = await compareWithReference(db.store, ref, delivered);
      expect(comparison.totals).toEqual(ref.totals); // events, orders, revenue: none lost, none twice
      expect(comparison.stateMismatches).toEqual([]);
      expect(comparison.recordMismatches).toEqual([]);
      expect(comparison.missingDecisions).toEqual({ count: 0, first: [] });
      expect(comparison.wrongDecisions).toEqual({ count: 0, first: [] });
      expect((await db.outbox()).pending).toBe(0);
    } finally {
      await db.drop();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
