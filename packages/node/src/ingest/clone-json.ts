/**
 * @internal A deep copy of a JSON value (states and memory are plain JSON). A JSON round trip:
 * several times faster than `structuredClone` on Node for these objects.
 */
export function cloneJson<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
