import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { createCustomerState } from '@retain/core';
import { countingPool, freshSchema, postgresAvailable, postgresUrl } from '../../../../../test/helpers/postgres.js';
import type { CustomerStore } from '../customer-store.js';
import { SchemaTooNewError } from '../schema-too-new-error.js';
import { MIGRATIONS, migrate, SCHEMA_VERSION } from './migrations.js';
import { describeStoreContract, type RawRow } from '../testing/store-contract.js';
import { createPostgresStore } from './postgres-store.js';

const available = await postgresAvailable();
const pools: pg.Pool[] = [];
const schemaOf = new Map<CustomerStore, { schema: string; pool: ReturnType<typeof countingPool> }>();

async function insertRaw(pool: pg.Pool, schema: string, raw: readonly RawRow[]) {
  for (const row of raw) {
    await pool.query(`INSERT INTO "${schema}".states (kind, id, version, state, memory) VALUES ($1, $2, 1, $3, $4)`, [row.ref.kind, row.ref.id, JSON.stringify(row.state), JSON.stringify(row.memory)]);
  }
}

afterAll(async () => {
  // (dropping the test schemas)
  if (!available) return;
  const admin = new pg.Pool({ connectionString: postgresUrl });
  for (const { schema } of schemaOf.values()) await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await admin.end();
  await Promise.all(pools.map((p) => p.end()));
}, 120_000);

describe.skipIf(!available)('createPostgresStore on a real PostgreSQL server', { timeout: 60_000 }, () => {
  describeStoreContract('postgres', {
    async open(raw = []) {
      const pool = countingPool();
      pools.push(pool);
      const schema = freshSchema('contract');
      const store = createPostgresStore(pool, { schema });
      await store.get({ kind: 'customer', id: '-' }); // creates the schema
      await insertRaw(pool, schema, raw);
      pool.maxRows = 0;
      schemaOf.set(store, { schema, pool });
      return store;
    },
    async another(store) {
      const pool = countingPool();
      pools.push(pool);
      const other = createPostgresStore(pool, { schema: schemaOf.get(store)!.schema });
      schemaOf.set(other, { schema: schemaOf.get(store)!.schema, pool });
      return other;
    },
    maxRowsPerRead: (store) => schemaOf.get(store)?.pool.maxRows,
  });

  it('creates its schema once when several processes start together, and records the version', async () => {
    const schema = freshSchema('migrate');
    const stores = Array.from({ length: 4 }, () => {
      const pool = new pg.Pool({ connectionString: postgresUrl, max: 2 });
      pools.push(pool);
      return createPostgresStore(pool, { schema });
    });
    await Promise.all(stores.map((s) => s.get({ kind: 'customer', id: 'x' })));
    schemaOf.set(stores[0]!, { schema, pool: countingPool(1) });
    const { rows } = await pools[pools.length - 1]!.query(`SELECT version FROM "${schema}".schema_version`);
    expect(rows).toEqual([{ version: SCHEMA_VERSION }]);
  });

  it('refuses a database migrated by a newer release, writing nothing', async () => {
    const pool = new pg.Pool({ connectionString: postgresUrl, max: 2 });
    pools.push(pool);
    const schema = freshSchema('newer');
    const store = createPostgresStore(pool, { schema });
    schemaOf.set(store, { schema, pool: countingPool(1) });
    await store.update({ kind: 'customer', id: 'c' }, () => ({ state: createCustomerState('c'), memory: {} }));
    await pool.query(`UPDATE "${schema}".schema_version SET version = 99`);
    const fresh = createPostgresStore(pool, { schema });
    const error = await fresh.update({ kind: 'customer', id: 'd' }, () => ({ state: createCustomerState('d'), memory: {} })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SchemaTooNewError);
    expect((error as Error).message).toMatch(/version 99, newer than this @retain\/node \(version 2\)/);
    const { rows } = await pool.query(`SELECT id FROM "${schema}".states ORDER BY id`);
    expect(rows).toEqual([{ id: 'c' }]);
  });

  it('upgrades a schema of version 1: fillfactor 50 and lz4 on the states from then on, the rows kept', async () => {
    const pool = new pg.Pool({ connectionString: postgresUrl, max: 2 });
    pools.push(pool);
    const schema = `${freshSchema('up')}'quote`;
    const client = await pool.connect();
    const query = async <Row,>(text: string, values?: unknown[]) => (await client.query(text, values)).rows as Row[];
    try {
      await client.query('BEGIN');
      expect(await migrate(query, 'postgres', schema, MIGRATIONS.slice(0, 1))).toBe(0);
      await client.query(`INSERT INTO "${schema}".states (kind, id, version, state) VALUES ('customer', 'old', 1, $1)`, [JSON.stringify(createCustomerState('old'))]);
      await client.query('COMMIT');
    } finally {
      client.release();
    }
    const store = createPostgresStore(pool, { schema });
    schemaOf.set(store, { schema, pool: countingPool(1) });
    expect((await store.get({ kind: 'customer', id: 'old' }))?.version).toBe(1);
    const { rows } = await pool.query(`SELECT version FROM "${schema}".schema_version`);
    expect(rows).toEqual([{ version: 2 }]);
    const table = await pool.query(`SELECT reloptions FROM pg_class WHERE oid = format('%I.states', $1::text)::regclass`, [schema]);
    expect(table.rows[0].reloptions).toEqual(['fillfactor=50']);
    const lz4 = await pool.query(`SELECT current_setting('server_version_num')::int >= 140000 AS v14`);
    if (lz4.rows[0].v14 === true) {
      const columns = await pool.query(`SELECT attname, attcompression FROM pg_attribute WHERE attrelid = format('%I.states', $1::text)::regclass AND attname IN ('state', 'memory') ORDER BY attname`, [schema]);
      // 'l' where the server was built with lz4 (Debian's and the official images are), '' (pglz) where not.
      expect(columns.rows.map((r: { attcompression: string }) => r.attcompression)).toSatisfy((c: string[]) => c.every((x) => x === 'l') || c.every((x) => x === ''));
    }
  });

  it('prepares its statements per schema: two stores of different schemas on one pool', async () => {
    const pool = new pg.Pool({ connectionString: postgresUrl, max: 1 });
    pools.push(pool);
    const stores = ['a', 'b'].map((suffix) => {
      const schema = freshSchema(`prep_${suffix}`);
      const store = createPostgresStore(pool, { schema });
      schemaOf.set(store, { schema, pool: countingPool(1) });
      return store;
    });
    for (let round = 1; round <= 3; round++) {
      for (const store of stores) {
        await store.transaction(async (tx) => {
          const ref = { kind: 'customer', id: 'c' } as const;
          const current = (await tx.read([ref])).get('customer:c');
          tx.write(ref, current, { state: { ...createCustomerState('c'), eventCount: round }, memory: { n: round } });
          tx.remember([`m${round}`], round);
        });
      }
    }
    for (const store of stores) expect(await store.get({ kind: 'customer', id: 'c' })).toMatchObject({ version: 3, state: { eventCount: 3 }, memory: { n: 3 } });
  });

  it('works through a single pg Client too (transactions one at a time)', async () => {
    const client = new pg.Client({ connectionString: postgresUrl });
    await client.connect();
    const schema = freshSchema('client');
    const store = createPostgresStore(client, { schema });
    schemaOf.set(store, { schema, pool: countingPool(1) });
    const ref = { kind: 'customer', id: 'c' } as const;
    await Promise.all(Array.from({ length: 10 }, () => store.update(ref, (cur) => ({ state: { ...(cur?.state ?? createCustomerState('c')), eventCount: (cur?.state.eventCount ?? 0) + 1 }, memory: {} }))));
    expect((await store.get(ref))?.state.eventCount).toBe(10);
    await client.end();
  });
});
