/**
 * The PostgreSQL server of the tests: `RETAIN_TEST_DATABASE_URL`, else `DATABASE_URL`, else the
 * local Debian cluster over its unix socket (what `.ci/run` starts). When none answers, the
 * PostgreSQL tests are skipped with a visible message — except in CI (`CI=true`), where that is
 * a failure: CI must run them.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

export const postgresUrl =
  process.env['RETAIN_TEST_DATABASE_URL'] ?? process.env['DATABASE_URL'] ?? 'postgresql://root@localhost/retain_test?host=/var/run/postgresql';

/** Whether the server answers; in CI a server that does not answer throws. */
export async function postgresAvailable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: postgresUrl, connectionTimeoutMillis: 3_000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch (error) {
    const message = `PostgreSQL at ${postgresUrl} does not answer (${error instanceof Error ? error.message : String(error)})`;
    if (process.env['CI'] === 'true') throw new Error(`${message}: CI must run the PostgreSQL tests (.ci/run starts the server).`);
    console.warn(`\n  ⚠ ${message}: the PostgreSQL tests are SKIPPED. Start a server or set RETAIN_TEST_DATABASE_URL to run them.\n`);
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** A pool whose queries are counted: the most rows one query returned. */
export function countingPool(max = 4): pg.Pool & { maxRows: number } {
  const pool = new pg.Pool({ connectionString: postgresUrl, max }) as pg.Pool & { maxRows: number };
  pool.maxRows = 0;
  const note = (result: pg.QueryResult) => {
    pool.maxRows = Math.max(pool.maxRows, result.rows?.length ?? 0);
    return result;
  };
  // Every connection the pool opens counts what its queries return (pool.query goes through one too).
  // Every connection the pool opens counts what its queries return (pool.query goes through one
  // too, with a callback).
  pool.on('connect', (client) => {
    const original = client.query.bind(client) as (...args: unknown[]) => unknown;
    (client as { query: unknown }).query = (...args: unknown[]) => {
      const last = args[args.length - 1];
      if (typeof last === 'function') {
        args[args.length - 1] = (error: unknown, result: pg.QueryResult) => (last as (e: unknown, r: unknown) => void)(error, result === undefined ? result : note(result));
        return original(...args);
      }
      return (original(...args) as Promise<pg.QueryResult>).then(note);
    };
  });
  return pool;
}

/** A fresh schema name for one test's tables. */
export const freshSchema = (prefix: string) => `${prefix}_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;

/** A PostgreSQL server of the test's own (initdb in a temporary folder), which it may stop and start. */
export interface PrivatePostgres {
  url: string;
  stop(mode?: 'fast' | 'immediate'): Promise<void>;
  start(): Promise<void>;
  /** Freezes the server and its backends (SIGSTOP): connections stay open, nothing answers — a stalled database. */
  pause(): Promise<void>;
  /** Thaws it (SIGCONT). */
  resume(): Promise<void>;
  destroy(): Promise<void>;
}

/** Where Debian's server binaries are (`RETAIN_PG_BIN` first), or undefined. */
export function postgresBin(): string | undefined {
  const candidates = [process.env['RETAIN_PG_BIN'], ...['17', '16', '15', '14', '13'].map((v) => `/usr/lib/postgresql/${v}/bin`)];
  return candidates.find((dir): dir is string => dir !== undefined && existsSync(join(dir, 'pg_ctl')) && existsSync(join(dir, 'postgres')));
}

/** Starts a private server on a free port (as the `postgres` user when run as root: initdb refuses root). */
export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const bin = postgresBin();
  if (bin === undefined) throw new Error('no PostgreSQL server binaries (apt-get install -y postgresql, or set RETAIN_PG_BIN)');
  const dir = await mkdtemp(join(tmpdir(), 'retain-pg-'));
  const data = join(dir, 'data');
  const root = process.getuid?.() === 0;
  if (root) await exec('chown', ['postgres:postgres', dir]);
  const run = (command: string, args: string[]) => (root ? exec('runuser', ['-u', 'postgres', '--', join(bin, command), ...args]) : exec(join(bin, command), args));
  await run('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync']);
  const port = await freePort();
  const options = `-p ${port} -c listen_addresses=127.0.0.1 -k ${dir} -c fsync=off -c max_connections=100`;
  const start = async () => void (await run('pg_ctl', ['-D', data, '-l', join(dir, 'log'), '-w', '-o', options, 'start']));
  await start();
  return {
    url: `postgresql://postgres@127.0.0.1:${port}/postgres`,
    stop: async (mode = 'fast') => void (await run('pg_ctl', ['-D', data, '-m', mode, '-w', 'stop'])),
    start,
    pause: () => signalServer(data, 'SIGSTOP'),
    resume: () => signalServer(data, 'SIGCONT'),
    destroy: async () => {
      await signalServer(data, 'SIGCONT').catch(() => undefined);
      await run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']).catch(() => undefined);
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Sends `signal` to the postmaster of `data` (its pid from postmaster.pid) and to its children, the postmaster first. */
async function signalServer(data: string, signal: NodeJS.Signals): Promise<void> {
  const postmaster = Number((await readFile(join(data, 'postmaster.pid'), 'utf8')).split('\n')[0]);
  const children = (await exec('ps', ['-o', 'pid=', '--ppid', String(postmaster)]).catch(() => '')).split('\n').map(Number).filter((pid) => pid > 0);
  const order = signal === 'SIGSTOP' ? [postmaster, ...children] : [...children, postmaster];
  for (const pid of order) {
    try {
      process.kill(pid, signal);
    } catch {
      // a backend that ended meanwhile
    }
  }
}

function exec(command: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) =>
    execFile(command, args, { timeout: 60_000 }, (error, stdout, stderr) => (error ? reject(new Error(`${command} ${args.join(' ')}: ${stderr || error.message}`)) : resolve(stdout))),
  );
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address !== null ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}
