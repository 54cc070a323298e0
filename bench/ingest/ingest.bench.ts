/**
 * `npm run bench:ingest`: the ingest endpoint over real HTTP on 127.0.0.1, each server in its own
 * process and the load from another (8 clients, keep-alive, batches of 100 Segment-style events
 * for 10,000 customers, the webhook example's rules and the default send policy on), side by side
 * in the same run with a bare node:http server that reads and JSON.parses the same batches.
 *
 *   npm run bench:ingest [-- --batches 1000] [-- --batch-size 100] [-- --only memory,postgres] [-- --cpu-prof DIR]
 *   npm run bench:ingest -- --instances 4 [--batches 1000] [--customers 2000] [--resend 0.1]
 *   npm run bench:ingest -- --backpressure
 *
 * With `--instances N`, it runs the multi-instance bench instead (`instances.bench.ts`): one
 * ingest process, then N, over one PostgreSQL, checked against the single-process reference.
 * With `--backpressure`, the frozen-database bench (`backpressure.bench.ts`).
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

const option = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] ?? fallback) : fallback;
};
const batches = option('batches', '1000');
/** `--batch-size N`: events per batch (100; browsers send a few at a time, which the per-request costs dominate). */
const batchSize = option('batch-size', '100');
const only = option('only', 'bare,memory,pglite,postgres').split(',');
/** `--cpu-prof DIR`: each server process writes a V8 CPU profile there (summarise with `profile-summary.ts`). */
const cpuProfDir = option('cpu-prof', '');
const pgUrl = process.env['RETAIN_TEST_DATABASE_URL'] ?? process.env['DATABASE_URL'] ?? 'postgresql://root@localhost/retain_test?host=/var/run/postgresql';

export { runLoad, startServer, type LoadResult } from './processes.js';
import { runLoad, startServer, stopServer as stop, type LoadResult } from './processes.js';

/**
 * CPU time (µs) of the PostgreSQL processes of this machine so far (Linux `/proc`; backends,
 * WAL writer, checkpointer…), or undefined elsewhere: the database shares the cores with the
 * servers and the load.
 */
function postgresCpuMicros(): number | undefined {
  if (!existsSync('/proc/self/stat')) return undefined;
  let ticks = 0;
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const close = stat.lastIndexOf(')');
      if (stat.slice(stat.indexOf('(') + 1, close) !== 'postgres') continue;
      const fields = stat.slice(close + 2).split(' '); // from field 3 (state) on
      ticks += Number(fields[11]) + Number(fields[12]); // utime, stime
    } catch {
      // the process ended meanwhile
    }
  }
  return (ticks * 1e6) / 100; // USER_HZ is 100 on Linux
}

/** The server process's CPU time so far (µs), from its `GET /stats`. */
async function serverCpuMicros(url: string): Promise<number> {
  const stats = (await (await fetch(url.replace('/v1/batch', '/stats'))).json()) as { cpuMicros: number };
  return stats.cpuMicros;
}

async function dropSchema(schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: pgUrl });
  try {
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function postgresReachable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: pgUrl, connectionTimeoutMillis: 2_000 });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url) && process.argv.includes('--backpressure')) {
  const { backpressureBench } = await import('./backpressure.bench.js');
  await backpressureBench();
} else if (process.argv[1] === fileURLToPath(import.meta.url) && process.argv.includes('--instances')) {
  const { instancesBench } = await import('./instances.bench.js');
  await instancesBench({
    instances: Number(option('instances', '4')),
    batches: Number(option('batches', '1000')),
    customers: Number(option('customers', '2000')),
    resend: Number(option('resend', '0.1')),
    url: pgUrl,
  });
} else if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const rows: Array<{ name: string; result: LoadResult | string; cpuMicrosPerEvent?: number; dbMicrosPerEvent?: number }> = [];
  for (const name of only) {
    const args = ['--store', name];
    let cleanup: () => void = () => {};
    if (name === 'pglite') {
      const dir = mkdtempSync(join(tmpdir(), 'retain-bench-'));
      args.push('--data-dir', dir);
      cleanup = () => rmSync(dir, { recursive: true, force: true });
    }
    if (name === 'postgres') {
      if (!(await postgresReachable())) {
        rows.push({ name, result: `skipped: no PostgreSQL at ${pgUrl}` });
        continue;
      }
      const schema = `bench_${Date.now()}`;
      args.push('--schema', schema);
      // The run's schema goes when it is done (each holds ~150 MB after 1,000 batches).
      cleanup = () => void dropSchema(schema).catch(() => undefined);
    }
    // One profile per thread (tsx's loader runs in a worker): the main thread's is the largest.
    const profile = cpuProfDir === '' ? [] : ['--cpu-prof', `--cpu-prof-dir=${join(cpuProfDir, name)}`];
    const server = await startServer(args, { RETAIN_TEST_DATABASE_URL: pgUrl }, profile);
    try {
      const cpuBefore = await serverCpuMicros(server.url);
      const dbBefore = name === 'postgres' ? postgresCpuMicros() : undefined;
      const result = await runLoad(['--urls', server.url, '--batches', batches, '--batch-size', batchSize]);
      const dbAfter = dbBefore === undefined ? undefined : postgresCpuMicros();
      rows.push({
        name,
        result,
        cpuMicrosPerEvent: ((await serverCpuMicros(server.url)) - cpuBefore) / result.events,
        ...(dbBefore === undefined || dbAfter === undefined ? {} : { dbMicrosPerEvent: (dbAfter - dbBefore) / result.events }),
      });
    } finally {
      await stop(server.child);
      cleanup();
    }
  }
  const bare = rows.find((r) => r.name === 'bare')?.result;
  const base = typeof bare === 'object' ? bare.eventsPerSecond : undefined;
  console.log(`ingest over HTTP: ${batches} batches of ${batchSize} events, 10,000 customers, 8 clients (load average ${(await import('node:os')).loadavg()[0]?.toFixed(1)})`);
  const bareCpu = rows.find((r) => r.name === 'bare')?.cpuMicrosPerEvent;
  for (const { name, result, cpuMicrosPerEvent, dbMicrosPerEvent } of rows) {
    if (typeof result === 'string') {
      console.log(`  ${name.padEnd(9)} ${result}`);
      continue;
    }
    const ratio = base === undefined ? '' : `  ${((100 * result.eventsPerSecond) / base).toFixed(1)} % of bare`;
    const cpu =
      cpuMicrosPerEvent === undefined ? '' : `  server CPU ${cpuMicrosPerEvent.toFixed(1)} µs/event${bareCpu === undefined || name === 'bare' ? '' : ` (${(cpuMicrosPerEvent / bareCpu).toFixed(1)}× bare)`}${
            dbMicrosPerEvent === undefined ? '' : `, PostgreSQL processes ${dbMicrosPerEvent.toFixed(1)} µs/event`
          }`;
    const other = Object.keys(result.statuses).filter((s) => s !== '200').map((s) => `${s}×${result.statuses[s]}`).join(' ');
    console.log(`  ${name.padEnd(9)} ${Math.round(result.eventsPerSecond).toLocaleString('en-US').padStart(8)} events/s  p50 ${result.p50.toFixed(1)} ms  p99 ${result.p99.toFixed(1)} ms${ratio}${cpu}${other === '' ? '' : `  (${other})`}`);
  }
  // The issue's aims, checked against this run (what limits them, from profiles: the storage guide).
  const rate = (name: string) => {
    const r = rows.find((row) => row.name === name)?.result;
    return typeof r === 'object' ? r.eventsPerSecond : undefined;
  };
  const memory = rate('memory');
  const postgres = rate('postgres');
  if (memory !== undefined && base !== undefined) {
    const share = (100 * memory) / base;
    console.log(`aim: memory store >= 50 % of bare: ${share.toFixed(1)} %, ${share >= 50 ? 'met' : 'not met (what limits it, from CPU profiles: docs/guides/storage.md, "Ingest throughput, and what limits it")'}`);
  }
  if (postgres !== undefined) {
    console.log(`aim: PostgreSQL >= 20,000 events/s from one process: ${Math.round(postgres).toLocaleString('en-US')}, ${postgres >= 20_000 ? 'met' : 'not met (what limits it, from CPU profiles: docs/guides/storage.md, "Ingest throughput, and what limits it")'}`);
  }
}
