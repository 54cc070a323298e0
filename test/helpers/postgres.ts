/**
 * The PostgreSQL server of the tests: `RETAIN_TEST_DATABASE_URL`, else `DATABASE_URL`, else the
 * local Debian cluster over its unix socket (what `.ci/run` starts). When none answers, the
 * PostgreSQL tests are skipped with a visible message — except in CI (`CI=true`), where that is
 * a failure: CI must run them.
 */
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
