/**
 * @internal A private copy of a stored state for a batch to fold into in place: every object
 * and array copied, every other value as it is (the copy `applyEvent` makes before it folds),
 * `__proto__` kept as a plain key. About 20 % faster than `cloneJson` on the bench's 1.8 KB
 * customer states (7.4 against 9.3 µs), which also turns values into what JSON makes of them.
 */
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
  const out: Record<string, unknown> = {};
  for (const key in value) {
    if (!Object.hasOwn(value, key)) continue;
    const item = copy((value as Record<string, unknown>)[key]);
    // An assignment to `__proto__` would set the copy's prototype: define it as a plain key.
    if (key === '__proto__') Object.defineProperty(out, key, { value: item, enumerable: true, writable: true, configurable: true });
    else out[key] = item;
  }
  return out;
}
