import { clear, createStore, get, promisifyRequest, set } from 'idb-keyval';
import type { QueuedEvent, QueueStorage } from './queue-storage.js';

/**
 * @internal The IndexedDB queue behind {@link idbQueueStorage} (`./idb-queue-storage.ts`), in its own
 * module so that a page loads it, and idb-keyval, with a dynamic `import()` when the client first
 * touches storage (a microtask after `createRetain()`), not in its first download.
 *
 * Events are stored in chunks of up to 50, keyed by the chunk's first event key, so a burst of
 * 1,000 events costs 20 records in one transaction, not 1,000. A chunk is stored packed, as two
 * strings (its keys and its events' JSON, each joined by a character that JSON never holds
 * unescaped): IndexedDB clones two strings per chunk instead of 50 objects and 100 strings, on
 * every write and read. Chunks stored as arrays of events (by an earlier version) read as well. Removing every event of a chunk
 * this instance knows deletes it without reading it; removing some events of a chunk rewrites it
 * in the same transaction (several tabs may share the store).
 *
 * @param namespace - prefix of the database names.
 */
export function openIdbStore(namespace: string): QueueStorage {
  let queue: ReturnType<typeof createStore> | undefined;
  let values: ReturnType<typeof createStore> | undefined;
  const q = () => (queue ??= createStore(`${namespace}-queue`, 'events'));
  const v = () => (values ??= createStore(`${namespace}-state`, 'kv'));
  /** Which chunk holds an event (learnt from add and peek), so removal touches only those chunks. */
  const where = new Map<string, string>();
  /**
   * The events of each chunk, as last learnt, not yet removed through this instance. A stored
   * chunk only ever shrinks (rewritten with fewer events, or deleted), so when a removal covers
   * all of these the chunk holds nothing else: it is deleted without being read.
   */
  const members = new Map<string, Set<string>>();
  const learn = (chunkKey: string, chunk: readonly QueuedEvent[]) => {
    // known with as many events: the same ones (a chunk only shrinks; what this instance removed is gone)
    if (members.get(chunkKey)?.size === chunk.length) return;
    members.set(chunkKey, new Set(chunk.map((item) => item.key)));
    chunk.forEach((item) => where.set(item.key, chunkKey));
  };
  return {
    async add(items) {
      if (items.length === 0) return;
      await q()('readwrite', (store) => {
        for (let i = 0; i < items.length; i += CHUNK) {
          const chunk = items.slice(i, i + CHUNK);
          store.put(pack(chunk), chunk[0]!.key);
          learn(chunk[0]!.key, chunk);
        }
        return promisifyRequest(store.transaction);
      });
    },
    async peek(limit) {
      // read about enough chunks for `limit` events; chunks may be partly acknowledged, so if
      // they fall short, read `limit` chunks (each holds at least one event)
      const read = (count: number) =>
        (q()('readonly', (store) => Promise.all([promisifyRequest(store.getAllKeys(null, count)), promisifyRequest(store.getAll(null, count))])) as Promise<[string[], StoredChunk[]]>).then(
          ([keys, chunks]): [string[], QueuedEvent[][]] => [keys, chunks.map(unpack)],
        );
      const guess = Math.ceil(limit / CHUNK) + 1;
      let [keys, chunks] = await read(guess);
      if (chunks.length === guess && chunks.reduce((n, c) => n + c.length, 0) < limit) [keys, chunks] = await read(limit);
      chunks.forEach((chunk, i) => learn(keys[i]!, chunk));
      return chunks.flat().sort((a, b) => (a.key < b.key ? -1 : 1)).slice(0, limit);
    },
    async remove(keys) {
      const gone = new Set(keys);
      const known = new Set<string>();
      let unknown = false;
      for (const key of gone) {
        const chunkKey = where.get(key);
        if (chunkKey === undefined) unknown = true;
        else known.add(chunkKey);
      }
      // chunks none of whose remaining events stay: deleted blind (no read, no structured clone)
      const whole: string[] = [];
      const partial: string[] = [];
      for (const chunkKey of known) {
        const m = members.get(chunkKey);
        let all = m !== undefined;
        if (m) for (const k of m) if (!gone.has(k)) all = false;
        (all ? whole : partial).push(chunkKey);
      }
      await q()('readwrite', async (store) => {
        for (const k of whole) store.delete(k);
        const chunkKeys = unknown ? ((await promisifyRequest(store.getAllKeys())) as string[]).filter((k) => !whole.includes(k)) : partial;
        const chunks = (await Promise.all(chunkKeys.map((k) => promisifyRequest(store.get(k))))) as Array<StoredChunk | undefined>;
        chunks.forEach((stored, i) => {
          if (stored === undefined) return;
          const chunk = unpack(stored);
          const rest = chunk.filter((item) => !gone.has(item.key));
          if (rest.length === chunk.length) return;
          if (rest.length === 0) store.delete(chunkKeys[i]!);
          else store.put(pack(rest), chunkKeys[i]!);
        });
        return promisifyRequest(store.transaction);
      });
      for (const chunkKey of known) {
        const m = members.get(chunkKey);
        if (m) for (const k of gone) m.delete(k);
        if (!m?.size) members.delete(chunkKey);
      }
      for (const key of keys) where.delete(key);
    },
    async count() {
      const chunks = (await q()('readonly', (store) => promisifyRequest(store.getAll()))) as StoredChunk[];
      return chunks.reduce((n, chunk) => n + sizeOf(chunk), 0);
    },
    async clear() {
      where.clear();
      members.clear();
      await Promise.all([clear(q()), clear(v())]);
    },
    async load(name) {
      return get(name, v());
    },
    async save(name, value) {
      await set(name, value, v());
    },
  };
}

/** Events per stored chunk (a batch usually removes whole chunks, with no rewrite). */
const CHUNK = 50;

/** Joins the keys and the JSON texts of a packed chunk: a control character, never unescaped in JSON. */
const SEP = '\u0001';

/** A chunk as stored: packed (`k`: keys, `j`: JSON texts, each joined by {@link SEP}), or an array of events. */
type StoredChunk = { readonly k: string; readonly j: string } | readonly QueuedEvent[];

/** @internal Packs a chunk (of at least one event); one whose key or text holds the separator (not JSON) is stored as an array. */
export function pack(chunk: readonly QueuedEvent[]): StoredChunk {
  let k = '';
  let j = '';
  for (let i = 0; i < chunk.length; i++) {
    const { key, json } = chunk[i]!;
    if (key.includes(SEP) || json.includes(SEP)) return chunk;
    k += i === 0 ? key : SEP + key;
    j += i === 0 ? json : SEP + json;
  }
  return { k, j };
}

/** @internal The events of a stored chunk, oldest first. */
export function unpack(stored: StoredChunk): QueuedEvent[] {
  if (Array.isArray(stored)) return stored as QueuedEvent[];
  const { k, j } = stored as { k: string; j: string };
  const keys = k.split(SEP);
  const texts = j.split(SEP);
  const out = new Array<QueuedEvent>(keys.length);
  for (let i = 0; i < keys.length; i++) out[i] = { key: keys[i]!, json: texts[i]! };
  return out;
}

const sizeOf = (stored: StoredChunk): number => (Array.isArray(stored) ? stored.length : (stored as { k: string }).k.split(SEP).length);
