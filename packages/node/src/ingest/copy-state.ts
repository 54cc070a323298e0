/**
 * @internal A private copy of a customer state to fold into in place — a batch's copy of a stored
 * record, a simulation's copy of its population: the JSON-shaped parts (plain objects, arrays,
 * primitives) copied by hand, `__proto__` kept as a plain key, and anything else (a `Date`, a
 * `Map`…) through `structuredClone`. About 20 % faster than `cloneJson` on 1.8 KB customer
 * states, and several times faster than `structuredClone`, which a 100,000-customer simulation
 * paid seconds for.
 */

/** @internal A copy of `value` that shares nothing mutable with it. */
export function copyState<T>(value: T): T {
  return copy(value) as T;
}

function copy(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) {
    const n = value.length;
    const out = new Array<unknown>(n);
    for (let i = 0; i < n; i++) out[i] = copy(value[i]);
    return out;
  }
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return structuredClone(value);
  const out: Record<string, unknown> = {};
  // for…in over a plain object allocates nothing (Object.keys would, an array per object).
  for (const key in value) {
    if (!Object.hasOwn(value, key)) continue;
    const v = copy((value as Record<string, unknown>)[key]);
    // An own `__proto__` key is data, not the prototype.
    if (key === '__proto__') Object.defineProperty(out, key, { value: v, enumerable: true, writable: true, configurable: true });
    else out[key] = v;
  }
  return out;
}
