/**
 * @internal Turns a stored row back into a {@link StoredState}: a state of the current layout
 * passes a cheap shape check (the store wrote it), an older one is migrated forward with
 * `parseCustomerState`, and anything else raises `CorruptStateError` naming the key.
 */
import { isRetainError, parseCustomerState, STATE_VERSION, type CustomerState, type JsonObject } from '@retain/core';
import { CorruptStateError } from './corrupt-state-error.js';
import type { StateRef, StoredState } from './customer-store.js';

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The fields every state of the current layout has, checked without a full parse. */
function looksCurrent(value: Record<string, unknown>, ref: StateRef): boolean {
  return (
    value['version'] === STATE_VERSION &&
    value['kind'] === ref.kind &&
    value['id'] === ref.id &&
    isObject(value['identity']) &&
    isObject(value['visits']) &&
    isObject(value['transactions']) &&
    isObject(value['seen']) &&
    typeof value['eventCount'] === 'number'
  );
}

/**
 * Revives a row. `full` validates a current-layout state completely (used by `get` and `list`,
 * which read for people and batch jobs); without it, the ingest path trusts the shape check.
 */
export function reviveRecord(store: string, ref: StateRef, state: unknown, memory: unknown, version: number, dueAt: number | null, full: boolean): StoredState {
  const key = `${ref.kind}:${ref.id}`;
  if (!isObject(memory)) throw new CorruptStateError(store, key, 'the memory is not a JSON object');
  let parsed: CustomerState;
  if (isObject(state) && !full && looksCurrent(state, ref)) parsed = state as unknown as CustomerState;
  else {
    try {
      parsed = parseCustomerState(state);
    } catch (error) {
      throw new CorruptStateError(store, key, isRetainError(error) ? error.message : String(error), { cause: error });
    }
    if (parsed.kind !== ref.kind || parsed.id !== ref.id) throw new CorruptStateError(store, key, `the state is of ${parsed.kind}:${parsed.id}`);
  }
  return { state: parsed, memory: memory as JsonObject, version, dueAt };
}
