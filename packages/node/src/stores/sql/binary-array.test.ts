import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { postgresAvailable, postgresUrl } from '../../../../../test/helpers/postgres.js';
import { jsonbArray } from './binary-array.js';

const available = await postgresAvailable();
const pool = new pg.Pool({ connectionString: postgresUrl, max: 1 });
afterAll(() => pool.end());

describe('jsonbArray', () => {
  it('writes the header, then each element as its length, the jsonb version byte and the text', () => {
    const bytes = jsonbArray(['{"a":1}', 'é']);
    expect([...bytes.subarray(0, 20)]).toEqual([0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0x0e, 0xda, 0, 0, 0, 2, 0, 0, 0, 1]);
    expect(bytes.readInt32BE(20)).toBe(8);
    expect(bytes[24]).toBe(1);
    expect(bytes.subarray(25, 32).toString()).toBe('{"a":1}');
    expect(bytes.readInt32BE(32)).toBe(3); // 'é' is two bytes of UTF-8
    expect(bytes.length).toBe(39);
  });

  it.skipIf(!available)('is read by PostgreSQL as the same JSON values, in order', async () => {
    const values = [{ a: 1, s: 'quote " backslash \\ newline \n tab \t', emoji: '😀', accents: 'čeština' }, [], { nested: { deep: [1, 2.5, -3e21, null, true] } }, 'text', 0];
    const { rows } = await pool.query(`SELECT v, n FROM unnest($1::jsonb[]) WITH ORDINALITY AS t(v, n) ORDER BY n`, [jsonbArray(values.map((v) => JSON.stringify(v)))]);
    expect(rows.map((r: { v: unknown }) => r.v)).toEqual(values);
  });

  it.skipIf(!available)('holds an empty array', async () => {
    const { rows } = await pool.query(`SELECT cardinality($1::jsonb[]) AS n`, [jsonbArray([])]);
    expect(rows[0].n).toBe(0);
  });
});
