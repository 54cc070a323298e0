import * as z from 'zod/mini';
import en from 'zod/v4/locales/en.js';
import { InvalidEventError, type ValidationIssue } from '../errors/invalid-event-error.js';
import { KnownEventPropertiesSchemas, RetainEventSchema, type RetainEvent } from './event-schema.js';

/**
 * The result of {@link safeParseEvent}: the event, or the error with every issue.
 *
 * @example
 * ```ts
 * import { safeParseEvent, type ParseEventResult } from '@retain/core';
 * const result: ParseEventResult = safeParseEvent(JSON.parse('{}'));
 * if (!result.success) console.warn(result.error.message);
 * ```
 */
export type ParseEventResult = { success: true; event: RetainEvent } | { success: false; error: InvalidEventError };

let englishErrors: z.core.$ZodErrorMap | undefined;
const parseParams = () => ({ error: (englishErrors ??= en().localeError) });

/** @internal Converts zod issues into Retain's {@link ValidationIssue}s, with a path prefix. */
export function toValidationIssues(issues: readonly z.core.$ZodIssue[], prefix: readonly PropertyKey[] = []): ValidationIssue[] {
  const out: ValidationIssue[] = [];
  for (const issue of issues) {
    const path = [...prefix, ...issue.path];
    const branch = issue.code === 'invalid_union' ? closestBranch(issue.errors) : undefined;
    if (branch !== undefined) out.push(...toValidationIssues(branch, path));
    else out.push({ path, message: issue.code === 'invalid_union' ? 'must be a JSON value (string, finite number, boolean, null, array or object)' : issue.message, code: issue.code });
  }
  return out;
}

/**
 * The union branch that came closest to matching (its issues lie deepest, or a check failed
 * after the type matched), so that `{ a: { b: Infinity } }` is reported at `a.b` as "must be a
 * finite number" rather than "invalid input" at `a`. `undefined` when no branch got past the type.
 */
function closestBranch(branches: readonly (readonly z.core.$ZodIssue[])[]): readonly z.core.$ZodIssue[] | undefined {
  let best: readonly z.core.$ZodIssue[] | undefined;
  let bestScore = 0;
  for (const branch of branches) {
    let score = 0;
    for (const issue of branch) score = Math.max(score, issue.path.length * 2 + (issue.code === 'invalid_type' ? 0 : 1));
    if (score > bestScore) {
      best = branch;
      bestScore = score;
    }
  }
  return best;
}

/**
 * Validates `input` against the wire format, including the property schema of a known track
 * event (e.g. `Feedback Given` needs a score). Never throws.
 *
 * @returns `{ success: true, event }`, or `{ success: false, error }` where `error` is an
 * {@link InvalidEventError} holding every issue and the input itself.
 * @example
 * ```ts
 * import { safeParseEvent } from '@retain/core';
 * const result = safeParseEvent({
 *   type: 'track', event: 'Order Completed', properties: { revenue: 80 },
 *   messageId: 'm-1', timestamp: '2026-11-22T10:00:00.000Z', userId: 'user-42',
 * });
 * if (!result.success) console.error(result.error.message);
 * ```
 */
export function safeParseEvent(input: unknown): ParseEventResult {
  const base = RetainEventSchema.safeParse(input, parseParams());
  if (!base.success) return { success: false, error: new InvalidEventError(toValidationIssues(base.error.issues), input) };
  const event = base.data as RetainEvent;
  if (event.type === 'track' && Object.hasOwn(KnownEventPropertiesSchemas, event.event)) {
    const schema = KnownEventPropertiesSchemas[event.event as keyof typeof KnownEventPropertiesSchemas];
    const props = schema.safeParse(event.properties ?? {}, parseParams());
    if (!props.success) {
      return { success: false, error: new InvalidEventError(toValidationIssues(props.error.issues, ['properties']), input) };
    }
  }
  return { success: true, event };
}

/**
 * Validates `input` against the wire format and returns the typed event.
 *
 * @throws {InvalidEventError} with every issue and its path when the input is not a valid event.
 * @example
 * ```ts
 * import { parseEvent } from '@retain/core';
 * const event = parseEvent({
 *   type: 'page', name: 'Pricing', messageId: 'm-2',
 *   timestamp: '2026-11-22T10:00:00.000Z', anonymousId: 'anon-1',
 * });
 * ```
 */
export function parseEvent(input: unknown): RetainEvent {
  const result = safeParseEvent(input);
  if (!result.success) throw result.error;
  return result.event;
}
