import { mkdir } from 'node:fs/promises';
import type { CustomerStore } from '../customer-store.js';
import { StoreUnavailableError } from '../store-unavailable-error.js';
import { createPostgresStore, type PostgresStoreOptions } from './postgres-store.js';
import type { SqlClient } from './sql-client.js';

/**
 * Options of {@link createPGliteStore}.
 *
 * @example
 * ```ts
 * import type { PGliteStoreOptions } from '@retain/node';
 * const options: PGliteStoreOptions = { dataDir: './.retain-data' };
 * ```
 */
export interface PGliteStoreOptions extends Omit<PostgresStoreOptions, 'onClose'> {
  /**
   * The folder PGlite keeps its database in (created when missing). Without it the database
   * lives in memory and is lost on exit — use {@link createMemoryStore} for that.
   */
  dataDir?: string;
}

interface PGliteLike extends SqlClient {
  close(): Promise<void>;
  waitReady: Promise<void>;
}

/**
 * The embedded durable store: PostgreSQL compiled to WebAssembly (PGlite), in a data
 * directory, with no server to run. The same schema, SQL and guarantees as
 * {@link createPostgresStore}; transactions run one at a time (one process owns a data
 * directory). Needs the optional peer dependency `@electric-sql/pglite`.
 *
 * To share an open PGlite database with the rest of the app, pass it to
 * `createPostgresStore(db, { name: 'pglite' })` instead.
 *
 * @example
 * ```ts
 * import { createIngestHandler, createPGliteStore } from '@retain/node';
 * const store = createPGliteStore({ dataDir: './.retain-data' });
 * const ingest = createIngestHandler({ writeKeys: ['wk_shop'], store });
 * // … on shutdown:
 * await store.close();
 * ```
 */
export function createPGliteStore(options: PGliteStoreOptions = {}): CustomerStore {
  const name = options.name ?? 'pglite';
  let opened: Promise<PGliteLike> | undefined;
  const open = (): Promise<PGliteLike> => {
    opened ??= import('@electric-sql/pglite').then(
      async ({ PGlite }) => {
        // PGlite creates the data directory but not its parents (a fresh clone has no .retain-data/).
        if (options.dataDir !== undefined) await mkdir(options.dataDir, { recursive: true });
        const db = (options.dataDir === undefined ? new PGlite() : new PGlite(options.dataDir)) as unknown as PGliteLike;
        await db.waitReady;
        return db;
      },
      (error: unknown) => {
        opened = undefined;
        throw new StoreUnavailableError(name, 'could not load @electric-sql/pglite: install it (npm install @electric-sql/pglite)', { cause: error });
      },
    );
    return opened;
  };
  // A client that opens the database on first use, so that creating the store stays synchronous.
  const client: SqlClient = { query: async (text, values) => (await open()).query(text, values) };
  return createPostgresStore(client, {
    ...options,
    name,
    onClose: async () => {
      if (opened === undefined) return;
      const db = await opened.catch(() => undefined);
      opened = undefined;
      await db?.close();
    },
  });
}
