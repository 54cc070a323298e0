/**
 * @internal The narrow database client the SQL stores need, and how transactions run on it:
 * on a pool, each transaction takes its own connection; on a single connection (a `pg`
 * `Client`, PGlite), the store runs its transactions and queries one at a time.
 */
import { StoreUnavailableError } from '../store-unavailable-error.js';

/**
 * What `createPostgresStore` needs of a database client: `query(text, values)` resolving to
 * `{ rows }`. `pg`'s `Pool` and `Client` and PGlite all have it. A client that also has
 * `connect()` resolving to a connection with `release()` (a `pg` `Pool`) runs transactions in
 * parallel, each on its own connection; any other client runs them one at a time.
 *
 * @example
 * ```ts
 * import type { SqlClient } from '@retain/node';
 * import pg from 'pg';
 * const pool: SqlClient = new pg.Pool({ connectionString: process.env['DATABASE_URL'] });
 * ```
 */
export interface SqlClient {
  query(text: string, values?: unknown[]): Promise<{ rows: unknown[] }>;
}

interface PooledConnection extends SqlClient {
  release(destroy?: boolean | Error): void;
  on?(event: 'error', listener: (error: Error) => void): unknown;
  off?(event: 'error', listener: (error: Error) => void): unknown;
}

/** `pg`'s query with a statement name. */
interface PgNamed {
  query(config: { name: string; text: string; values: unknown[] }): Promise<{ rows: unknown[] }>;
}

interface Pool extends SqlClient {
  connect(): Promise<PooledConnection>;
  totalCount: number;
}

const isPool = (client: SqlClient): client is Pool =>
  typeof (client as Partial<Pool>).connect === 'function' && typeof (client as Partial<Pool>).totalCount === 'number';

/**
 * Whether `client` is `pg`'s `Pool` (it has `Client`, the class of its connections) or `Client`
 * (`escapeIdentifier`, `connect`): those take a statement name (`{ name, text, values }`) and send
 * a `Buffer` parameter in the binary format.
 */
const isPg = (client: SqlClient): boolean => {
  const c = client as { Client?: unknown; connect?: unknown; escapeIdentifier?: unknown };
  return typeof c.connect === 'function' && (isPool(client) ? typeof c.Client === 'function' : typeof c.escapeIdentifier === 'function');
};

/**
 * A query function bound to one connection. `prepare`: the statement is prepared once per
 * connection under a name made from its text and run from there on without parsing and
 * planning it again (with the `pg` client, when the runner's `prepared` is on; else ignored).
 */
export type Query = <Row = Record<string, unknown>>(text: string, values?: unknown[], prepare?: boolean) => Promise<Row[]>;

/** A statement's name on the server: a hash of its text (one store's schema differs from another's). */
const statementNames = new Map<string, string>();
function statementName(text: string): string {
  let name = statementNames.get(text);
  if (name !== undefined) return name;
  // FNV-1a, 2 × 32 bits (two different texts under one name would fail on a connection that has both).
  let a = 0x811c9dc5;
  let b = 0x01000193;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x811c9dc5) + i;
  }
  name = `retain_${(a >>> 0).toString(36)}_${(b >>> 0).toString(36)}_${text.length}`;
  if (statementNames.size < 1_000) statementNames.set(text, name);
  return name;
}

/** A write conflict found at commit (another writer created the same record): the transaction is retried. */
export class WriteConflict extends Error {
  override name = 'WriteConflict';
}

/** An error the database raised (as opposed to one thrown by the caller's work). */
class DatabaseError extends Error {
  override name = 'DatabaseError';
  constructor(readonly original: unknown) {
    super(original instanceof Error ? original.message : String(original), { cause: original });
  }
  get code(): string | undefined {
    const code = (this.original as { code?: unknown }).code;
    return typeof code === 'string' ? code : undefined;
  }
}

/** Serialization failure and deadlock: retry the whole transaction. */
const RETRYABLE = new Set(['40001', '40P01']);

/** Options of {@link createRunner}. */
export interface RunnerOptions {
  /** The store's name, in errors. */
  name: string;
  /** How many times a conflicting transaction is run again before giving up. */
  maxRetries: number;
  /** On a pool, a transaction (or query) that takes longer fails with `StoreUnavailableError` and its connection is closed. */
  timeoutMs: number;
  /** Named prepared statements for the queries asked with `prepare` (only with the `pg` client). */
  prepared: boolean;
}

/** Runs queries and transactions on `client`, mapping database failures to `StoreUnavailableError`. */
export function createRunner(client: SqlClient, options: RunnerOptions) {
  const pool = isPool(client);
  const pg = isPg(client);
  const prepared = pg && options.prepared;
  let chain: Promise<unknown> = Promise.resolve();
  const serial = <T>(work: () => Promise<T>): Promise<T> => {
    const run = chain.then(work);
    chain = run.catch(() => undefined);
    return run;
  };
  const bind =
    (connection: SqlClient): Query =>
    async <Row>(text: string, values?: unknown[], prepare = false) => {
      try {
        if (prepare && prepared) return (await (connection as unknown as PgNamed).query({ name: statementName(text), text, values: values ?? [] })).rows as Row[];
        return (await connection.query(text, values)).rows as Row[];
      } catch (error) {
        throw new DatabaseError(error);
      }
    };
  const unavailable = (error: unknown): never => {
    const cause = error instanceof DatabaseError ? error.original : error;
    throw new StoreUnavailableError(options.name, error instanceof Error ? error.message : String(error), { cause });
  };
  const withTimeout = <T>(promise: Promise<T>, onTimeout: () => void): Promise<T> => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        onTimeout();
        reject(new DatabaseError(new Error(`no answer within ${options.timeoutMs} ms`)));
      }, options.timeoutMs);
    });
    return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
  };

  /** One attempt: BEGIN, work, COMMIT on one connection; ROLLBACK on any failure. */
  const attempt = async <T>(work: (query: Query) => Promise<T>): Promise<T> => {
    const connection = pool ? await (client as Pool).connect().catch((error: unknown) => Promise.reject(new DatabaseError(error))) : client;
    const query = bind(connection);
    let broken = false;
    // A checked-out pg connection reports a dead server as an 'error' event: without a listener
    // that would crash the process. The query under way fails too, which is what we act on.
    const onConnectionError = () => {
      broken = true;
    };
    if (pool) (connection as PooledConnection).on?.('error', onConnectionError);
    try {
      const run = (async () => {
        // BEGIN goes out with the transaction's first statement (the client queues them in
        // order on the connection), which saves one round trip per transaction.
        const begin = query('BEGIN');
        begin.catch(() => undefined);
        let begun = false;
        const inTransaction: Query = async <Row>(text: string, values?: unknown[], prepare?: boolean) => {
          if (begun) return query<Row>(text, values, prepare);
          begun = true;
          const [, rows] = await Promise.all([begin, query<Row>(text, values, prepare)]);
          return rows;
        };
        try {
          const result = await work(inTransaction);
          if (!begun) await begin;
          await query('COMMIT');
          return result;
        } catch (error) {
          await query('ROLLBACK').catch(() => {
            broken = true;
          });
          throw error;
        }
      })();
      // On a single connection a timed-out transaction would go on under the next one: no timeout there.
      return pool
        ? await withTimeout(run, () => {
            broken = true;
          })
        : await run;
    } finally {
      if (pool) {
        (connection as PooledConnection).off?.('error', onConnectionError);
        (connection as PooledConnection).release(broken);
      }
    }
  };

  return {
    /** Whether the client is `pg` (it sends `Buffer` parameters in the binary format). */
    pg,
    /** Runs `work` in a transaction, again after a conflict or deadlock (bounded, with jitter). */
    async transaction<T>(work: (query: Query) => Promise<T>): Promise<T> {
      for (let tries = 0; ; tries++) {
        try {
          return await (pool ? attempt(work) : serial(() => attempt(work)));
        } catch (error) {
          const retry = error instanceof WriteConflict || (error instanceof DatabaseError && RETRYABLE.has(error.code ?? ''));
          if (retry && tries < options.maxRetries) {
            await new Promise((resolve) => setTimeout(resolve, Math.random() * 5 * 2 ** Math.min(tries, 6)));
            continue;
          }
          if (error instanceof DatabaseError || error instanceof WriteConflict) unavailable(error);
          throw error;
        }
      }
    },
    /** One statement outside a transaction. */
    async query<Row = Record<string, unknown>>(text: string, values?: unknown[], prepare?: boolean): Promise<Row[]> {
      const run = () => (pool ? withTimeout(bind(client)<Row>(text, values, prepare), () => undefined) : bind(client)<Row>(text, values, prepare));
      try {
        return await (pool ? run() : serial(run));
      } catch (error) {
        return unavailable(error);
      }
    },
  };
}

/** Quotes an SQL identifier (a schema name from the options). */
export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
