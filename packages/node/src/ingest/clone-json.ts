/**
 * @internal A deep copy of a JSON value (states, memory and decisions are plain JSON), as a JSON
 * round trip would make it — properties whose value is `undefined` are left out — without
 * printing and parsing text: about 4× faster than `JSON.parse(JSON.stringify(value))` for a
 * 2.5 KB customer state (14–18 µs against 58–94 µs here), and it allocates only the copy.
 */
export function cloneJson<T>(value: T): T {
  return copy(value) as T;
}

function copy(value: unknown): unknown {
  if (typeof value === 'number') return Number.isFinite(value) ? value + 0 : null; // -0 → 0, NaN/±Infinity → null, as JSON
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) {
    const out = new Array<unknown>(value.length);
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      out[i] = item === undefined || typeof item === 'function' ? null : copy(item);
    }
    return out;
  }
  const out: Record<string, unknown> = {};
  for (const key in value) {
    if (!Object.hasOwn(value, key)) continue;
    const item = (value as Record<string, unknown>)[key];
    if (item === undefined || typeof item === 'function') continue;
    // `__proto__` as a plain own key, as JSON.parse makes it (an assignment would set the prototype).
    if (key === '__proto__') Object.defineProperty(out, key, { value: copy(item), enumerable: true, writable: true, configurable: true });
    else out[key] = copy(item);
  }
  return out;
}
