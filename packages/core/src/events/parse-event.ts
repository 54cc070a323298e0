import * as z from 'zod/mini';
import en from 'zod/v4/locales/en.js';
import { InvalidEventError, type ValidationIssue } from '../errors/invalid-event-error.js';
import { KnownEventPropertiesSchemas, RetainEventSchema, type RetainEvent } from './event-schema.js';

/** The result of {@link safeParseEvent}: the event, or the error with every issue. */
export type ParseEventResult = { success: true; event: RetainEvent } | { success: false; error: InvalidEventError };

let englishErrors: z.core.$ZodErrorMap | undefined;
const parseParams = () => ({ error: (englishErrors ??= en().localeError) });

/** @internal Converts zod issues into Retain's {@link ValidationIssue}s, with a path prefix. */
export function toValidationIssues(issues: readonly z.core.$ZodIssue[], prefix: readonly PropertyKey[] = []): ValidationIssue[] {
  return issues.map((issue) => ({ path: [...prefix, ...issue.path], message: issue.message, code: issue.code }));
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
