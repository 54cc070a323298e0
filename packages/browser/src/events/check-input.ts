/**
 * Cheap hand checks of public input (a few hundred bytes instead of a schema library): names are
 * non-empty strings, properties and traits are JSON. Returns a detached copy, so the app may
 * mutate its object after `track()` without changing what is sent.
 */
import type { JsonObject, JsonValue, ValidationIssue } from '@retain/core';

/** Longest event name, userId or groupId accepted (as `@retain/core`'s schema). */
export const MAX_NAME = 200;
/** Deepest nesting accepted in properties or traits. */
export const MAX_DEPTH = 32;

/** Checks a name (event name, userId, groupId); pushes an issue when it is not acceptable. */
export function checkName(value: unknown, path: string, issues: ValidationIssue[]): value is string {
  // the common case (a short string starting with a letter or digit) decides without trimming
  if (typeof value === 'string' && value.length <= MAX_NAME && value.length > 0 && isWordStart(value.charCodeAt(0))) return true;
  const problem =
    typeof value !== 'string' ? `must be a string, got ${kind(value)}` : value.trim() === '' ? 'must not be empty' : value.length > MAX_NAME ? `must be at most ${MAX_NAME} characters` : '';
  if (problem !== '') issues.push({ path: [path], message: problem, code: 'invalid_name' });
  return problem === '';
}

/**
 * A JSON copy of `value` (properties or traits), or `undefined` with issues when it is not a JSON
 * object. `undefined` members are left out (as `JSON.stringify` would); dates become ISO strings.
 */
export function toJsonObject(value: unknown, path: string, issues: ValidationIssue[]): JsonObject | undefined {
  if (value === undefined) return {};
  const before = issues.length;
  const out = copy(value, [path], issues, 0, []);
  if (issues.length > before) return undefined;
  if (typeof out !== 'object' || out === null || Array.isArray(out)) {
    issues.push({ path: [path], message: `must be a plain object, got ${kind(value)}`, code: 'invalid_type' });
    return undefined;
  }
  return out as JsonObject;
}

/** An ASCII letter or digit (a name starting with one is not blank). */
const isWordStart = (c: number): boolean => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);

/**
 * Whether a member is JSON as it is (a string, a boolean, a finite number: `x - x` is 0 only for
 * those numbers), checked inline in the loops below: the first burst of a page runs before the
 * JIT, where each call to `copy` per member counts.
 */
const plain = (v: unknown, t: string): boolean => t === 'string' || t === 'boolean' || (t === 'number' && (v as number) - (v as number) === 0);

function copy(value: unknown, path: PropertyKey[], issues: ValidationIssue[], depth: number, stack: object[]): JsonValue | undefined {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      if (Number.isFinite(value)) return value;
      break;
    case 'object': {
      if (value === null) return null;
      if (value instanceof Date) {
        if (!Number.isNaN(value.getTime())) return value.toISOString();
        break;
      }
      if (stack.includes(value)) return fail(issues, path, 'is a circular reference', 'circular');
      // `path` is one array pushed and popped along the walk (copied only when an issue is recorded)
      if (depth >= MAX_DEPTH) return fail(issues, path, `is nested deeper than ${MAX_DEPTH} levels`, 'too_deep');
      stack.push(value);
      let out: JsonValue[] | JsonObject | undefined;
      let proto: unknown;
      if (Array.isArray(value)) {
        const list: JsonValue[] = new Array<JsonValue>(value.length);
        for (let i = 0; i < value.length; i++) {
          const v: unknown = value[i];
          if (plain(v, typeof v)) {
            list[i] = v as JsonValue;
            continue;
          }
          path.push(i);
          list[i] = copy(v, path, issues, depth + 1, stack) ?? null;
          path.pop();
        }
        out = list;
      } else if ((proto = Object.getPrototypeOf(value)) === Object.prototype || proto === null) {
        const obj: JsonObject = {};
        for (const key in value) {
          if (!Object.hasOwn(value, key)) continue;
          const member = (value as Record<string, unknown>)[key];
          let v: JsonValue | undefined;
          if (plain(member, typeof member)) v = member as JsonValue;
          else {
            path.push(key);
            v = copy(member, path, issues, depth + 1, stack);
            path.pop();
          }
          if (v === undefined) continue;
          if (key === '__proto__') Object.defineProperty(obj, key, { value: v, enumerable: true, writable: true, configurable: true });
          else obj[key] = v;
        }
        out = obj;
      }
      stack.pop();
      if (out !== undefined) return out;
      break;
    }
    case 'undefined':
      return undefined;
  }
  return fail(issues, path, `${kind(value)} is not JSON`, 'not_json');
}

function fail(issues: ValidationIssue[], path: PropertyKey[], message: string, code: string): undefined {
  issues.push({ path: [...path], message, code });
  return undefined;
}

function kind(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'number') return String(value);
  if (typeof value !== 'object') return typeof value;
  return Array.isArray(value) ? 'an array' : `a ${(value as object).constructor?.name ?? 'object'}`;
}
