/**
 * Several ingest instances over one PostgreSQL database, for the multi-instance bench and tests:
 * start N server processes on one schema (each writing the decisions it delivers to a file of
 * its own), read those decisions back, and open the database to check what it holds.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { createPostgresStore, type CustomerStore, type IngestDecision } from '@retain/node';
import { startServer, type ServerProcess } from './processes.js';

/** One instance: its process and the file of the decisions it delivered. */
export interface Instance extends ServerProcess {
  decisionsFile: string;
}

/** What every instance of a run shares. */
export interface InstancesSetup {
  /** The PostgreSQL URL (given to the processes as `RETAIN_TEST_DATABASE_URL`). */
  url: string;
  schema: string;
  /** A folder for the decision files. */
  dir: string;
  /** More `ingest-server.ts` arguments (lease, pool…). */
  args?: string[];
}

/** Starts instance `i` (on `port` when given: a restart on the same address). */
export function startInstance(setup: InstancesSetup, i: number, port = 0, extra: string[] = []): Promise<Instance> {
  const decisionsFile = join(setup.dir, `decisions-${i}.jsonl`);
  const args = ['--store', 'postgres', '--schema', setup.schema, '--decisions', decisionsFile, '--port', String(port), ...(setup.args ?? []), ...extra];
  return startServer(args, { RETAIN_TEST_DATABASE_URL: setup.url }).then((server) => ({ ...server, decisionsFile }));
}

/** Starts `n` instances at once (the first to open the schema migrates it; the others wait on its advisory lock). */
export function startInstances(setup: InstancesSetup, n: number): Promise<Instance[]> {
  return Promise.all(Array.from({ length: n }, (_, i) => startInstance(setup, i)));
}

/** The decisions written to `files` (repeats kept: delivery is at least once). */
export function readDecisions(files: Iterable<string>): IngestDecision[] {
  const decisions: IngestDecision[] = [];
  for (const file of new Set(files)) {
    if (!existsSync(file)) continue;
    for (const line of readFileSync(file, 'utf8').split('\n')) if (line !== '') decisions.push(JSON.parse(line) as IngestDecision);
  }
  return decisions;
}

/** The run's database, opened to check it: its store, the outbox left over, and removal. */
export interface Database {
  store: CustomerStore;
  /** Outbox entries not yet acknowledged, and those claimed until later than `at`. */
  outbox(at?: number): Promise<{ pending: number; claimed: number; ids: string[] }>;
  /** Drops the schema and closes the pool. */
  drop(): Promise<void>;
  close(): Promise<void>;
}

/** Opens the schema of a run. */
export function openDatabase(url: string, schema: string): Database {
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  pool.on('error', () => undefined);
  const store = createPostgresStore(pool, { schema });
  const quoted = `"${schema.replaceAll('"', '""')}"`;
  return {
    store,
    async outbox(at = Date.now()) {
      const { rows } = await pool.query<{ id: string; claimed_until: string | null }>(`SELECT id, claimed_until FROM ${quoted}.outbox ORDER BY id`);
      return { pending: rows.length, claimed: rows.filter((r) => r.claimed_until !== null && Number(r.claimed_until) > at).length, ids: rows.map((r) => r.id) };
    },
    async drop() {
      await pool.query(`DROP SCHEMA IF EXISTS ${quoted} CASCADE`);
      await pool.end();
    },
    close: () => pool.end(),
  };
}
