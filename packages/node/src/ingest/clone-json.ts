/** @internal A deep copy of a JSON value (states and memory are plain JSON). */
export function cloneJson<T>(value: T): T {
  return structuredClone(value);
}
