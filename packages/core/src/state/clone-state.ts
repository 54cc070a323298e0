import { setOwn } from './records.js';
import type { CustomerState } from './customer-state.js';

/** @internal A deep copy of a JSON-shaped value; faster than `structuredClone` for state trees. */
export function cloneJson<T>(value: T): T {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) {
    const out = new Array(value.length);
    for (let i = 0; i < value.length; i++) out[i] = cloneJson(value[i]);
    return out as T;
  }
  const out: Record<string, unknown> = {};
  for (const key in value) if (Object.hasOwn(value, key)) setOwn(out, key, cloneJson((value as Record<string, unknown>)[key]));
  return out as T;
}

/** @internal A private, mutable copy of a state for the reducer to work on. */
export function cloneState(state: CustomerState): CustomerState {
  return cloneJson(state);
}
