/**
 * @internal A copy of a JSON-shaped value written into an older copy of it: the objects and arrays
 * of `target` are reused where `source` has an object or array in the same place, so that copying
 * a record the memory store copied before allocates almost nothing (the copies of whole states
 * were the memory store's largest cost after the copy itself: each one lived on in the store and
 * turned the previous one into old-generation garbage).
 *
 * `target` must be the caller's own: nothing else may hold it or any object inside it. Keys that
 * both have keep the target's order and new keys come after them, so a copy written into a copy
 * of an older version of the same record (where keys are only ever added) has the source's order;
 * values into unrelated targets deep-equal the source, perhaps with their keys in another order.
 */
import { copyState } from '../ingest/copy-state.js';

/** `source`, copied into `target` where their shapes allow: the result deep-equals `source` and shares nothing mutable with it. */
export function copyInto<T>(target: unknown, source: T): T {
  return into(target, source) as T;
}

function isPlain(value: object): boolean {
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function into(target: unknown, source: unknown): unknown {
  if (typeof source !== 'object' || source === null) return source;
  if (typeof target !== 'object' || target === null || target === source) return copyState(source);
  if (Array.isArray(source)) {
    if (!Array.isArray(target)) return copyState(source);
    const n = source.length;
    const out = target as unknown[];
    if (out.length > n) out.length = n;
    for (let i = 0; i < n; i++) {
      const v: unknown = source[i];
      const t = out[i];
      if (typeof v === 'object' && v !== null) {
        const copied = into(t, v);
        if (copied !== t) out[i] = copied;
      } else if (t !== v || (v === 0 && !Object.is(t, v)) || i >= out.length) {
        out[i] = v;
      }
    }
    return out;
  }
  if (Array.isArray(target) || !isPlain(source) || !isPlain(target)) return copyState(source);
  const out = target as Record<string, unknown>;
  const from = source as Record<string, unknown>;
  let kept = 0;
  // for…in over a plain object allocates nothing (Object.keys would, an array per object).
  for (const key in from) {
    if (!Object.hasOwn(from, key)) continue;
    kept++;
    const v = from[key];
    if (key === '__proto__') {
      // An own `__proto__` key is data, not the prototype.
      Object.defineProperty(out, key, { value: copyState(v), enumerable: true, writable: true, configurable: true });
      continue;
    }
    const t = out[key];
    if (typeof v === 'object' && v !== null) {
      const copied = into(t, v);
      if (copied !== t) out[key] = copied;
    } else if (t !== v || (v === 0 && !Object.is(t, v)) || (v === undefined && !Object.hasOwn(out, key))) {
      out[key] = v; // (unchanged numbers and strings are not written again)
    }
  }
  // Keys that `source` no longer has (days of activity past its retention…) go.
  let count = 0;
  for (const _ in out) count++; // (own keys: the target is a copy, whose prototype is Object.prototype)
  if (count !== kept) for (const key in out) if (Object.hasOwn(out, key) && !Object.hasOwn(from, key)) delete out[key];
  return out;
}
