import { describeIssues } from './describe-issues.js';
import { RetainError, registerRetainErrorName } from './retain-error.js';

/**
 * One problem found in an input, with the path of the offending field.
 *
 * @example
 * ```ts
 * import { safeParseEvent, type ValidationIssue } from '@retain/core';
 * const result = safeParseEvent({ type: 'page' });
 * const issues: readonly ValidationIssue[] = result.success ? [] : result.error.issues;
 * ```
 */
export interface ValidationIssue {
  /** Path from the root of the input, e.g. `['properties', 'revenue']`. */
  readonly path: readonly PropertyKey[];
  /** What was wrong, in words a person can act on. */
  readonly message: string;
  /** Machine-readable code (zod's issue code where zod found it). */
  readonly code: string;
}

/**
 * Formats a path as `properties.items[2].price` (or `(root)`).
 *
 * @example
 * ```ts
 * import { formatPath } from '@retain/core';
 * formatPath(['properties', 'items', 2, 'price']); // 'properties.items[2].price'
 * ```
 */
export function formatPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(root)';
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out;
}

/**
 * An event that does not match Retain's wire format. Carries every issue with its path,
 * and the event itself so the caller can report or repair it — it is never silently dropped.
 *
 * @example
 * ```ts
 * import { parseEvent, InvalidEventError } from '@retain/core';
 * try {
 *   parseEvent({ type: 'track', event: '' });
 * } catch (error) {
 *   if (error instanceof InvalidEventError) console.log(error.issues.map((i) => i.path.join('.')));
 * }
 * ```
 */
export class InvalidEventError extends RetainError {
  override name = 'InvalidEventError';
  /** Every problem found, each with its path. */
  readonly issues: readonly ValidationIssue[];
  /** The path of the first problem (the one the message leads with). */
  readonly path: readonly PropertyKey[];
  /** The rejected input, unchanged. */
  readonly event: unknown;

  constructor(issues: readonly ValidationIssue[], event: unknown, what = 'event') {
    const first = issues[0];
    super(describeIssues(describe(event, what), issues));
    this.issues = issues;
    this.path = first?.path ?? [];
    this.event = event;
  }
}
registerRetainErrorName('InvalidEventError');

function describe(event: unknown, what: string): string {
  if (typeof event !== 'object' || event === null) return what;
  const e = event as Record<string, unknown>;
  const bits: string[] = [];
  if (typeof e['type'] === 'string') bits.push(e['type']);
  if (typeof e['event'] === 'string') bits.push(`"${e['event']}"`);
  if (typeof e['messageId'] === 'string') bits.push(`(messageId ${e['messageId']})`);
  return bits.length > 0 ? `${what} ${bits.join(' ')}` : what;
}
