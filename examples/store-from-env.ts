/**
 * The examples' store: PostgreSQL when `DATABASE_URL` is set (`postgres://…`), else the embedded
 * durable default, PGlite, in `RETAIN_DATA_DIR` (default `.retain-data/<example>`, git-ignored),
 * so that stopping and starting an example keeps every customer.
 */
import { resolve } from 'node:path';
import pg from 'pg';
import { createPGliteStore, createPostgresStore, type CustomerStore } from '@retain/node';

/** A store and the words that say where it keeps its data. */
export interface ExampleStore {
  store: CustomerStore;
  /** e.g. `PGlite in /path/.retain-data/demo` or `PostgreSQL at postgres://…@host/db`. */
  where: string;
}

/**
 * Opens the store the environment asks for.
 *
 * @example
 * ```ts
 * import { storeFromEnv } from '../store-from-env.js';
 * const { store, where } = storeFromEnv(process.env, 'demo');
 * console.log(`customers are kept in ${where}`);
 * await store.close();
 * ```
 */
export function storeFromEnv(env: NodeJS.ProcessEnv, example: string): ExampleStore {
  const url = env['DATABASE_URL'];
  if (url !== undefined && url !== '') {
    const pool = new pg.Pool({ connectionString: url, max: 8 });
    pool.on('error', (error) => console.error(`PostgreSQL: ${error.message}`)); // an idle connection died; the pool opens another
    const shown = url.replace(/\/\/([^:@/]+):[^@]*@/, '//$1:***@');
    return { store: createPostgresStore(pool, { onClose: () => pool.end() }), where: `PostgreSQL at ${shown}` };
  }
  const dataDir = resolve(env['RETAIN_DATA_DIR'] ?? `.retain-data/${example}`);
  return { store: createPGliteStore({ dataDir }), where: `PGlite in ${dataDir}` };
}
