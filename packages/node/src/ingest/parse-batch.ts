import { formatPath, safeParseEvent, type RetainEvent } from '@retain/core';
import { fastParseEvent } from './fast-parse-event.js';
import { MalformedBatchError } from './malformed-batch-error.js';

/**
 * One problem with one rejected event, with the path inside that event.
 *
 * @example
 * ```ts
 * import type { RejectedIssue } from '@retain/node';
 * const issue: RejectedIssue = { path: ['properties', 'nps'], at: 'properties.nps', message: 'NPS is 0–10', code: 'too_big' };
 * ```
 */
export interface RejectedIssue {
  /** Path inside the event, e.g. `['properties', 'nps']`. */
  path: Array<string | number>;
  /** The same path as text, e.g. `properties.nps`. */
  at: string;
  message: string;
  code: string;
}

/**
 * An event of a batch that was refused, and why. Nothing is dropped silently.
 *
 * @example
 * ```ts
 * import type { RejectedEvent } from '@retain/node';
 * const describe = (r: RejectedEvent) => `event ${r.index} (${r.messageId ?? 'no messageId'}): ${r.message}`;
 * ```
 */
export interface RejectedEvent {
  /** Position in `batch`. */
  index: number;
  /** The event's `messageId`, when it had a string one. */
  messageId: string | null;
  /** Every problem found. */
  issues: RejectedIssue[];
  /** One line per issue, for people. */
  message: string;
}

/** @internal A parsed body: the body's write key (if any), valid events with their index, and the rejected ones. */
export interface ParsedBatch {
  writeKey: string | undefined;
  events: Array<{ index: number; event: RetainEvent }>;
  rejected: RejectedEvent[];
}

/**
 * @internal Parses a batch body `{ batch: [...], sentAt?, writeKey? }` (or a single event object,
 * as Segment's per-call endpoints accept) and validates every event with the core schemas (the
 * common shapes through `fastParseEvent`, which returns what zod would; the rest, and every
 * error, through zod's `safeParseEvent`).
 *
 * @throws {MalformedBatchError} when the body is not JSON or has no `batch` array.
 */
export function parseBatch(text: string): ParsedBatch {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (error) {
    throw new MalformedBatchError(`body is not JSON (${error instanceof Error ? error.message : String(error)})`, []);
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new MalformedBatchError('body must be a JSON object', []);
  const record = body as Record<string, unknown>;
  const writeKey = typeof record['writeKey'] === 'string' && record['writeKey'] !== '' ? record['writeKey'] : undefined;
  let items: unknown[];
  if ('batch' in record) {
    const batch = record['batch'];
    if (!Array.isArray(batch)) throw new MalformedBatchError('"batch" must be an array of events', ['batch']);
    items = batch;
  } else if (typeof record['type'] === 'string') {
    items = [record];
  } else {
    throw new MalformedBatchError('no "batch" array', ['batch']);
  }

  const events: ParsedBatch['events'] = [];
  const rejected: RejectedEvent[] = [];
  items.forEach((item, index) => {
    const fast = fastParseEvent(item);
    if (fast !== undefined) {
      events.push({ index, event: fast });
      return;
    }
    const result = safeParseEvent(item);
    if (result.success) {
      events.push({ index, event: result.event });
      return;
    }
    const issues = result.error.issues.map((issue) => ({
      path: issue.path.map((p) => (typeof p === 'number' ? p : String(p))),
      at: formatPath(issue.path),
      message: issue.message,
      code: issue.code,
    }));
    const id = typeof item === 'object' && item !== null ? (item as Record<string, unknown>)['messageId'] : undefined;
    rejected.push({
      index,
      messageId: typeof id === 'string' ? id : null,
      issues,
      message: issues.map((i) => `batch[${index}].${i.at}: ${i.message}`).join('\n'),
    });
  });
  return { writeKey, events, rejected };
}
