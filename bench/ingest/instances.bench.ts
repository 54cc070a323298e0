/**
 * `npm run bench:ingest -- --instances 4`: many instances, one database. The same batches
 * (default 100,000 events for 2,000 customers, 8 clients, a tenth of the batches sent a second
 * time to another instance) go to one ingest process over PostgreSQL, then to N processes over
 * one PostgreSQL schema, side by side in the same run; each run's final states, records and
 * delivered decisions are checked against the single-process reference (the memory store in this
 * process, and foldByCustomer of the deduplicated events). Prints events/s per run and the check.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, readDecisions, startInstances } from './instances.js';
import { runLoad, stopServer, type LoadResult } from './processes.js';
import { compareWithReference, referenceRun, type Comparison } from './reference.js';
import { DEFAULT_WORKLOAD } from './workload.js';

/** CPU seconds (user + system) a process used so far, from /proc (Linux; 100 ticks a second), or NaN. */
function cpuSeconds(pid: number | undefined): number {
  const file = `/proc/${pid}/stat`;
  if (pid === undefined || !existsSync(file)) return Number.NaN;
  const fields = readFileSync(file, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** The figures of one run. */
interface Row {
  name: string;
  load: LoadResult;
  /** CPU seconds the ingest processes used during the load. */
  cpu: number;
  comparison: Comparison;
  outboxLeft: number;
}

/** Runs the multi-instance bench; `instances` ≥ 2. */
export async function instancesBench(options: { instances: number; batches: number; customers: number; resend: number; url: string }): Promise<void> {
  const workload = { ...DEFAULT_WORKLOAD, customers: options.customers };
  const events = options.batches * workload.batchSize;
  console.log(`many instances, one PostgreSQL: ${events.toLocaleString('en-US')} events for ${options.customers.toLocaleString('en-US')} customers, 8 clients, ${Math.round(options.resend * 100)} % of the batches resent to another instance`);
  let t0 = performance.now();
  const reference = await referenceRun(options.batches, workload);
  const referenceSeconds = (performance.now() - t0) / 1000;
  console.log(`  reference (one process, memory store, in this process): ${Math.round(events / referenceSeconds).toLocaleString('en-US')} events/s; ${reference.decisions.size} decisions; totals ${JSON.stringify(reference.totals)}`);

  const rows: Row[] = [];
  for (const n of [1, options.instances]) {
    const schema = `bench_instances_${n}_${Date.now()}`;
    const dir = mkdtempSync(join(tmpdir(), 'retain-bench-instances-'));
    const db = openDatabase(options.url, schema);
    try {
      t0 = performance.now();
      const servers = await startInstances({ url: options.url, schema, dir }, n);
      const startSeconds = (performance.now() - t0) / 1000;
      const cpuBefore = servers.reduce((sum, s) => sum + cpuSeconds(s.child.pid), 0);
      const load = await runLoad(['--urls', servers.map((s) => s.url).join(','), '--batches', String(options.batches), '--customers', String(options.customers), '--in-flight', '8', '--resend', String(options.resend)]);
      const cpu = servers.reduce((sum, s) => sum + cpuSeconds(s.child.pid), 0) - cpuBefore;
      await Promise.all(servers.map((s) => stopServer(s.child)));
      const comparison = await compareWithReference(db.store, reference, readDecisions(servers.map((s) => s.decisionsFile)));
      rows.push({ name: `${n} instance${n === 1 ? '' : 's'}`, load, cpu, comparison, outboxLeft: (await db.outbox()).pending });
      console.log(`  ${rows.at(-1)!.name} started in ${startSeconds.toFixed(1)} s`);
    } finally {
      await db.drop();
      rmSync(dir, { recursive: true, force: true });
    }
  }
  const base = rows[0]!.load.eventsPerSecond;
  console.log(`  (load average ${loadavg()[0]?.toFixed(1)})`);
  for (const { name, load, cpu, comparison, outboxLeft } of rows) {
    const c = comparison;
    const same = c.stateMismatches.length === 0 && c.recordMismatches.length === 0 && c.missingDecisions.count === 0 && c.wrongDecisions.count === 0 && outboxLeft === 0 && JSON.stringify(c.totals) === JSON.stringify(reference.totals);
    console.log(
      `  ${name.padEnd(12)} ${Math.round(load.eventsPerSecond).toLocaleString('en-US').padStart(7)} events/s (${((100 * load.eventsPerSecond) / base).toFixed(0)} % of 1 instance)  p50 ${load.p50.toFixed(0)} ms  p99 ${load.p99.toFixed(0)} ms  resent ${load.resent}  answers ${JSON.stringify(load.statuses)}`,
    );
    console.log(
      `  ${''.padEnd(12)} ingest CPU ${cpu.toFixed(1)} s for ${load.events.toLocaleString('en-US')} events: ${Math.round(load.events / cpu).toLocaleString('en-US')} events per CPU-second of ingest (${((1e6 * cpu) / load.events).toFixed(0)} µs an event; PostgreSQL's own CPU not counted)`,
    );
    console.log(
      `  ${''.padEnd(12)} ${same ? 'SAME as one process' : 'DIFFERS'}: states ≠ fold ${c.stateMismatches.length}, records ≠ single run ${c.recordMismatches.length}, decisions missing ${c.missingDecisions.count}, wrong ${c.wrongDecisions.count}, outbox left ${outboxLeft}; events ${c.totals.events} / ${reference.totals.events}, orders ${c.totals.orders} / ${reference.totals.orders}, revenue ${c.totals.revenue} / ${reference.totals.revenue}`,
    );
    if (!same) process.exitCode = 1;
  }
}
