/**
 * @internal PostgreSQL arrays in the binary wire format, for the `pg` client (which sends a
 * `Buffer` parameter as binary). A batch's states go to the server as one `jsonb[]` whose
 * elements PostgreSQL parses one by one: with one JSON document of all the rows
 * (`jsonb_to_recordset`), the server parsed the whole text and then took every field out of it
 * again (a third of the backend's CPU for a batch of 100 states went to parsing before).
 */

/** The type OID of `jsonb`, written into the array header. */
const JSONB_OID = 3802;
/** The first byte of a binary `jsonb` value: its format version. */
const JSONB_VERSION = 1;

/**
 * A one-dimensional `jsonb[]` of these JSON texts (no nulls), as the binary format's bytes:
 * `ndim`, flags, element type, the dimension's size and lower bound, then each element as its
 * length and `0x01` + the UTF-8 text. `jsonbArray(['{"a":1}', '[]'])` is 39 bytes (the
 * 20-byte header, then 4 + 1 + 7 and 4 + 1 + 2), for e.g. `SELECT * FROM unnest($1::jsonb[])`.
 */
export function jsonbArray(texts: readonly string[]): Buffer {
  const lengths = new Array<number>(texts.length);
  let size = 20;
  for (let i = 0; i < texts.length; i++) {
    const length = Buffer.byteLength(texts[i]!);
    lengths[i] = length;
    size += 5 + length;
  }
  const bytes = Buffer.allocUnsafe(size);
  bytes.writeInt32BE(1, 0); // dimensions
  bytes.writeInt32BE(0, 4); // no nulls
  bytes.writeInt32BE(JSONB_OID, 8);
  bytes.writeInt32BE(texts.length, 12);
  bytes.writeInt32BE(1, 16); // lower bound
  let at = 20;
  for (let i = 0; i < texts.length; i++) {
    const length = lengths[i]!;
    bytes.writeInt32BE(length + 1, at);
    bytes[at + 4] = JSONB_VERSION;
    at += 5;
    at += bytes.write(texts[i]!, at);
  }
  return bytes;
}
