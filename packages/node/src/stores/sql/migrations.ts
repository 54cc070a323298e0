/**
 * @internal The SQL stores' schema, as numbered migrations. Each runs once, in order, in one
 * transaction with the version it reaches recorded in `schema_version`; concurrent starters
 * wait on an advisory lock, so that exactly one of them migrates. A database at a newer
 * version than {@link SCHEMA_VERSION} is refused with `SchemaTooNewError` before any write.
 */
import { SchemaTooNewError } from '../schema-too-new-error.js';
import { quoteIdentifier, type Query } from './sql-client.js';

/** The statements of each version, in order; `$schema` is the quoted schema name, `$nameLiteral` the name as a string literal. */
export const MIGRATIONS: ReadonlyArray<readonly string[]> = [
  // 1: states, identity links, the message-id window and the outbox of decisions.
  [
    `CREATE TABLE $schema.states (
      kind text NOT NULL,
      id text NOT NULL,
      version integer NOT NULL,
      state jsonb NOT NULL,
      memory jsonb NOT NULL DEFAULT '{}',
      due_at bigint,
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (kind, id)
    )`,
    `CREATE INDEX states_due_at ON $schema.states (due_at) WHERE due_at IS NOT NULL`,
    `CREATE TABLE $schema.links (anonymous_id text PRIMARY KEY, user_id text NOT NULL, linked_at bigint NOT NULL)`,
    `CREATE INDEX links_user_id ON $schema.links (user_id)`,
    `CREATE TABLE $schema.seen (message_id text PRIMARY KEY, seen_at bigint NOT NULL)`,
    `CREATE INDEX seen_seen_at ON $schema.seen (seen_at)`,
    `CREATE TABLE $schema.outbox (
      id text PRIMARY KEY,
      customer_id text NOT NULL,
      payload jsonb NOT NULL,
      created_at bigint NOT NULL,
      attempts integer NOT NULL DEFAULT 1,
      claimed_until bigint NOT NULL
    )`,
    `CREATE INDEX outbox_claim ON $schema.outbox (claimed_until, created_at)`,
    `CREATE INDEX outbox_customer ON $schema.outbox (customer_id)`,
  ],
  // 2: states written at ingest speed. Each batch rewrites ~100 rows of ~1.5 KB: room left on every
  // page (fillfactor 50) lets an update stay on its page without a new index entry (a HOT update:
  // 23 % of them before, ~100 % after), and lz4 (where the server has it: PostgreSQL 14+ built
  // with lz4) compresses the states several times faster than the default pglz. Both apply to
  // rows written from now on; an existing table is not rewritten.
  [
    `ALTER TABLE $schema.states SET (fillfactor = 50)`,
    `DO $lz4$ BEGIN
       EXECUTE format('ALTER TABLE %I.states ALTER COLUMN state SET COMPRESSION lz4, ALTER COLUMN memory SET COMPRESSION lz4', $nameLiteral);
     EXCEPTION WHEN feature_not_supported OR syntax_error OR invalid_parameter_value THEN NULL; -- no lz4 (or before 14): pglz
     END $lz4$`,
  ],
];

/**
 * The newest schema version this code knows.
 *
 * @example
 * ```ts
 * import { SCHEMA_VERSION } from '@retain/node';
 * SCHEMA_VERSION; // 2
 * ```
 */
export const SCHEMA_VERSION = MIGRATIONS.length;

/** Creates or upgrades the schema (call inside a transaction). Resolves to the version found before. */
export async function migrate(query: Query, store: string, schema: string, migrations: ReadonlyArray<readonly string[]> = MIGRATIONS): Promise<number> {
  const s = quoteIdentifier(schema);
  const literal = `'${schema.replaceAll("'", "''")}'`;
  // One migrator at a time per schema, across processes; released at commit.
  await query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`retain-schema:${schema}`]);
  await query(`CREATE SCHEMA IF NOT EXISTS ${s}`);
  await query(`CREATE TABLE IF NOT EXISTS ${s}.schema_version (
    singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    version integer NOT NULL,
    migrated_at timestamptz NOT NULL DEFAULT now()
  )`);
  const rows = await query<{ version: number }>(`SELECT version FROM ${s}.schema_version`);
  const found = rows[0]?.version ?? 0;
  if (found > migrations.length) throw new SchemaTooNewError(store, schema, found, migrations.length);
  for (let version = found + 1; version <= migrations.length; version++) {
    for (const statement of migrations[version - 1] ?? []) await query(statement.replaceAll('$nameLiteral', literal).replaceAll('$schema', s));
  }
  if (found < migrations.length) {
    await query(
      `INSERT INTO ${s}.schema_version (singleton, version) VALUES (true, $1)
       ON CONFLICT (singleton) DO UPDATE SET version = excluded.version, migrated_at = now()`,
      [migrations.length],
    );
  }
  return found;
}
