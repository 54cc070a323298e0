/**
 * `npm run bench:ingest -- --backpressure`: one ingest process over a private PostgreSQL server
 * that is frozen (SIGSTOP) for 5 s in the middle of a load of 256 clients, with the handler's
 * limits (maxInFlight 16, maxWaitMs 1 s) and, side by side in the same run, without them
 * (maxInFlight 100,000, no maxWaitMs: every request waits for the database). Prints, for each,
 * the most batches held at once, the heap held (after a garbage collection) before and at the
 * end of the freeze, the 503s and the client timeouts (10 s, as @retain/browser).
 */
import { loadavg } from 'node:os';
import { startPrivatePostgres } from '../../test/helpers/postgres.js';
import { committed, killServer, runLoad, startServer, type ServerProcess } from './processes.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const stats = async (server: ServerProcess, gc = false) =>
  (await (await fetch(server.url.replace('/v1/batch', gc ? '/stats?gc' : '/stats'))).json()) as { heapUsed: number; maxHeapUsed: number; maxTransactions: number; maxRequests: number };

/** Runs the backpressure bench. */
export async function backpressureBench(): Promise<void> {
  const pgServer = await startPrivatePostgres();
  const MB = 1024 * 1024;
  const rows: string[] = [];
  try {
    for (const [name, limits] of [
      ['with limits', ['--max-in-flight', '16', '--max-wait-ms', '1000', '--max-transactions', '16']],
      ['no limits', ['--max-in-flight', '100000', '--max-wait-ms', 'Infinity', '--max-transactions', '100000']],
    ] as const) {
      const server = await startServer(['--store', 'postgres', '--schema', `bp_${name.replace(' ', '_')}`, '--pool', '4', '--timeout-ms', '30000', ...limits], { RETAIN_TEST_DATABASE_URL: pgServer.url });
      try {
        const before = await stats(server, true);
        const loading = runLoad(['--urls', server.url, '--batches', '512', '--customers', '5120', '--batch-size', '20', '--in-flight', '256', '--timeout-ms', '10000', '--honor-retry-after']);
        await committed(server, 32); // the load is under way
        await pgServer.pause();
        await sleep(4_500);
        const held = await stats(server, true); // what the process holds at the end of the freeze
        await sleep(500);
        await pgServer.resume();
        const load = await loading;
        const after = await stats(server);
        rows.push(
          `  ${name.padEnd(12)} most batches at once ${String(after.maxTransactions).padStart(4)} (requests ${after.maxRequests}); heap held ${(before.heapUsed / MB).toFixed(0)} MB before, ${(held.heapUsed / MB).toFixed(0)} MB at the end of the freeze (peak with garbage ${(after.maxHeapUsed / MB).toFixed(0)} MB); ` +
            `503 ×${load.statuses['503'] ?? 0} (p99 wait ${load.p99of503.toFixed(0)} ms, slowest answer ${load.slowest.toFixed(0)} ms); client timeouts ${load.timeouts}; ${Math.round(load.eventsPerSecond)} events/s`,
        );
      } finally {
        await killServer(server.child);
      }
    }
  } finally {
    await pgServer.destroy();
  }
  console.log(`backpressure: PostgreSQL frozen 5 s under 256 clients (batches of 20, pool of 4; load average ${loadavg()[0]?.toFixed(1)})`);
  for (const row of rows) console.log(row);
}
