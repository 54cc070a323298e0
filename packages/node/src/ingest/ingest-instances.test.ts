/**
 * Many instances, one database: four ingest processes (each its own HTTP server) over one
 * PostgreSQL schema; eight clients post the batches to random instances, and send a tenth of
 * them a second time to another instance. Every final state must equal the pure fold of the
 * deduplicated events, every record (state, rule memory, wake-up) the single-process run's, and
 * the decisions delivered must be the single-process run's. The full size (100,000 events for
 * 2,000 customers) runs in `npm run bench:ingest -- --instances 4`.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freshSchema, postgresAvailable, postgresUrl } from '../../../../test/helpers/postgres.js';
import { openDatabase, readDecisions, startInstances, type Instance } from '../../../../bench/ingest/instances.js';
import { killServer, runLoad, stopServer } from '../../../../bench/ingest/processes.js';
import { compareWithReference, referenceRun } from '../../../../bench/ingest/reference.js';
import { DEFAULT_WORKLOAD } from '../../../../bench/ingest/workload.js';

const available = await postgresAvailable();
const instances: Instance[] = [];
afterAll(async () => {
  await Promise.all(instances.map((i) => killServer(i.child)));
});

// 8,000 events, 20 per customer: consents come before later feedback, so some sends are allowed.
const workload = { ...DEFAULT_WORKLOAD, customers: 400, batchSize: 50 };
const BATCHES = 160;

describe.skipIf(!available)('ingest on four instances over one PostgreSQL', () => {
  it('ends with the states of the fold and the decisions of one process; nothing lost, nothing twice', { timeout: 120_000 }, async () => {
    const schema = freshSchema('instances');
    const dir = await mkdtemp(join(tmpdir(), 'retain-instances-'));
    const db = openDatabase(postgresUrl, schema);
    try {
      const reference = referenceRun(BATCHES, workload);
      instances.push(...(await startInstances({ url: postgresUrl, schema, dir }, 4)));
      const load = await runLoad(['--urls', instances.map((i) => i.url).join(','), '--batches', String(BATCHES), '--customers', String(workload.customers), '--batch-size', String(workload.batchSize), '--in-flight', '8', '--resend', '0.1']);
      await Promise.all(instances.map((i) => stopServer(i.child)));

      expect(load.statuses).toEqual({ '200': BATCHES + load.resent }); // every batch and every resend acknowledged
      expect(load.resent).toBeGreaterThan(0);
      const ref = await reference;
      const delivered = readDecisions(instances.map((i) => i.decisionsFile));
      const comparison = await compareWithReference(db.store, ref, delivered);
      expect(comparison.totals).toEqual(ref.totals); // events, orders, revenue: none lost, none counted twice
      const decisions = [...ref.decisions.values()];
      // the events posted, once each, and one Message Sent per allowed decision
      expect(ref.totals.events).toBe(BATCHES * workload.batchSize + decisions.filter((d) => d.allowed).length);
      expect(comparison.stateMismatches).toEqual([]);
      expect(comparison.recordMismatches).toEqual([]);
      expect(comparison.missingDecisions).toEqual({ count: 0, first: [] });
      expect(comparison.wrongDecisions).toEqual({ count: 0, first: [] });
      expect(decisions.filter((d) => d.allowed).length).toBeGreaterThan(20); // sends, folded into the states as Message Sent
      expect(decisions.filter((d) => !d.allowed).length).toBeGreaterThan(20); // refusals by the send policy
      expect((await db.outbox()).pending).toBe(0);
    } finally {
      await db.drop();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
